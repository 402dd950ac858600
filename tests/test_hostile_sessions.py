"""A sessions folder is untrusted: it travels on USB sticks. Each test plays an attack on it
(issue 13) and checks the safe outcome: links are never written through, a failed write
leaves the transcript as it was, a session has one writer whatever name reaches it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.errors import SessionLocked, TranscriptError
from interact_cli.play.engine import Response, Turn
from interact_cli.play.responders import RandomResponder
from interact_cli.record import transcript as transcript_module
from interact_cli.record.locking import SessionLock, lock_path
from interact_cli.record.transcript import load_transcript
from tests.helpers import VICTIM_TEXT, hold_in_another_process, play_into, tiny

DATA = Path(__file__).parent / "data"


def unfinished_dry_run(runner: CliRunner, out: Path, torn: bool) -> Path:
    """A dry-run stopped halfway, as a crash leaves it: no [end], maybe half an event."""
    result = runner.invoke(
        app, ["dry-run", str(DATA / "tiny.toml"), "--random", "--seed", "4", "--sessions", str(out)]
    )
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.toml")
    text = path.read_text(encoding="utf-8")
    starts = [i for i in range(len(text)) if text.startswith("\n[[events]]", i)]
    cut = starts[len(starts) // 2]
    path.write_text(text[: cut + (40 if torn else 0)], encoding="utf-8")
    return path


def resume(runner: CliRunner, path: Path) -> object:
    return runner.invoke(app, ["resume", str(path), "--dir", str(DATA)])


# 1. A lock file that is a symlink is never followed --------------------------------------


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_untouched(
    runner: CliRunner, tmp_path: Path, victim: Path
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=False)
    before = path.read_bytes()
    lock_path(path).symlink_to(victim)
    result = resume(runner, path)
    assert result.exit_code == 2
    assert "is a symbolic link, not a lock file" in result.stderr
    assert victim.read_bytes() == VICTIM_TEXT
    assert path.read_bytes() == before
    assert lock_path(path).is_symlink(), "the suspicious link is left for a person to see"


# 2. No temporary file is written through a link ------------------------------------------


def test_a_planted_temporary_link_is_never_written_through(
    runner: CliRunner, tmp_path: Path, victim: Path
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=True)
    planted = path.with_name(f".{path.name}.tmp")
    planted.symlink_to(victim)
    result = resume(runner, path)
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == VICTIM_TEXT
    assert not path.is_symlink() and stat.S_ISREG(path.lstat().st_mode)
    assert load_transcript(path).transcript.end is not None


# 3. A short write never reaches the transcript --------------------------------------------


def test_a_failed_short_write_while_resuming_leaves_every_whole_event(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=True)
    original = path.read_bytes()
    kept = load_transcript(path)
    real_write = os.write
    calls = {"events": 0}

    def short_then_full(fd: int, data: bytes) -> int:
        if bytes(data).startswith(b"\n[[events]]"):
            calls["events"] += 1
            if calls["events"] == 1:
                return real_write(fd, data[:7])
        if calls["events"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript_module.os, "write", short_then_full)
    result = resume(runner, path)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert "cannot save (No space left on device)" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == original[: kept.whole_bytes], "only the torn tail is gone"
    again = load_transcript(path)
    assert again.warnings == ()
    assert again.transcript.events == kept.transcript.events
    assert not list(path.parent.glob(".*tmp")), "no temporary file is left behind"


def test_an_append_that_fails_halfway_is_cut_back_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    played = play_into(tiny(), RandomResponder(1), tmp_path)
    path = played.path
    before = path.read_bytes()
    writer = transcript_module.TranscriptWriter.reopen(path, len(before))
    real_write = os.write
    calls = {"count": 0}

    def short_then_fail(fd: int, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] == 1:
            return real_write(fd, data[:5])
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(transcript_module.os, "write", short_then_fail)
    with pytest.raises(TranscriptError, match="cannot save"):
        writer.write(played.transcript.events[0])
    monkeypatch.undo()
    writer.close()
    assert path.read_bytes() == before


# 10. The lock belongs to the file, not to the name that reached it --------------------------


def test_a_hard_link_to_an_open_session_is_refused_by_the_lock(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=False)
    alias = tmp_path / "elsewhere" / "alias.toml"
    alias.parent.mkdir()
    os.link(path, alias)
    before = path.read_bytes()
    holder = hold_in_another_process(path)
    try:
        result = resume(runner, alias)
        with pytest.raises(SessionLocked):
            SessionLock(alias).acquire()
    finally:
        holder.communicate("")
    assert result.exit_code == 2
    assert "is already open in" in result.stderr
    assert path.read_bytes() == before


def test_a_symbolic_link_to_a_session_is_never_written_through(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=False)
    alias = tmp_path / "alias.toml"
    alias.symlink_to(path)
    before = path.read_bytes()
    result = resume(runner, alias)
    assert result.exit_code == 2
    assert "is a symbolic link; interact writes only into the transcript" in result.stderr
    assert path.read_bytes() == before
    with pytest.raises(TranscriptError, match="symbolic link"):
        SessionLock(alias).acquire()


def test_two_locks_on_one_file_by_two_names_exclude_each_other(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("x = 1\n", encoding="utf-8")
    os.link(path, tmp_path / "t.toml")
    with SessionLock(path), pytest.raises(SessionLocked):
        SessionLock(tmp_path / "t.toml").acquire()


# 11. Smaller faults -----------------------------------------------------------------------


class DeletesTheTranscript:
    """Answers like a random team, but removes (or replaces) the transcript on turn 3."""

    def __init__(self, path_of: list[Path], replace: bool) -> None:
        self.inner = RandomResponder(2)
        self.turns = 0
        self.path_of = path_of
        self.replace = replace

    def respond(self, turn: Turn) -> Response:
        self.turns += 1
        if self.turns == 3:
            (path,) = self.path_of[0].glob("*.toml")
            if self.replace:
                stand_in = path.with_name("stand-in")
                stand_in.write_bytes(path.read_bytes())
                os.replace(stand_in, path)
            else:
                path.unlink()
        return self.inner.respond(turn)


@pytest.mark.parametrize("replace", [False, True], ids=["deleted", "replaced"])
def test_a_transcript_deleted_or_replaced_mid_session_stops_the_session(
    tmp_path: Path, replace: bool
) -> None:
    with pytest.raises(TranscriptError, match="deleted, moved or replaced during the session"):
        play_into(tiny(), DeletesTheTranscript([tmp_path], replace), tmp_path)
    assert not list(tmp_path.glob("*.lock"))


def test_a_full_disk_while_noting_the_lock_holder_is_one_line_and_leaves_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=False)
    before = path.read_bytes()
    real_write = os.write

    def full_for_the_pid(fd: int, data: bytes) -> int:
        if bytes(data) == f"{os.getpid()}\n".encode():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript_module.os, "write", full_for_the_pid)
    result = resume(runner, path)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "cannot write (No space left on device)" in result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert path.read_bytes() == before
    with SessionLock(path):  # the failed attempt let go of the lock
        pass


@pytest.mark.parametrize("source", ["random:²", "random:" + "7" * 5000, "random:", "random:1.5"])
def test_a_hostile_dry_run_source_is_refused_on_resume(
    runner: CliRunner, tmp_path: Path, source: str
) -> None:
    path = unfinished_dry_run(runner, tmp_path / "sessions", torn=False)
    text = path.read_text(encoding="utf-8").replace('source = "random:4"', f'source = "{source}"')
    path.write_text(text, encoding="utf-8")
    result = resume(runner, path)
    assert result.exit_code == 2, result.output
    assert "source: cannot replay a dry-run of source" in result.stderr
    assert "Traceback" not in result.output


def test_a_session_id_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    from interact_cli.play.runner import transcript_path

    with pytest.raises(TranscriptError, match="is not a safe session id"):
        transcript_path(tmp_path, "2026-11-28-tiny-abc123\n")
    played = play_into(tiny(), RandomResponder(1), tmp_path)
    text = played.path.read_text(encoding="utf-8")
    session = played.transcript.header.session
    played.path.write_text(text.replace(f'"{session}"', f'"{session}\\n"'), encoding="utf-8")
    with pytest.raises(TranscriptError, match="is not a safe session id"):
        load_transcript(played.path)


def test_a_new_sessions_folder_is_private_to_its_owner(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "new" / "sessions"
    result = runner.invoke(
        app, ["dry-run", str(DATA / "tiny.toml"), "--idle", "--sessions", str(out)]
    )
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
