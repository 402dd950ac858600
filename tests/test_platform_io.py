"""The one module that knows the operating system: each guarantee, and each fallback tested
by simulating the platform that has it (Windows is simulated: no machine here runs it)."""

from __future__ import annotations

import errno
import os
import stat
import sys
import types
from pathlib import Path

import pytest

from interact_cli import platform_io
from interact_cli.errors import SessionLocked, TranscriptError, UsageError
from interact_cli.record.locking import SessionLock
from tests.helpers import VICTIM_TEXT


class FakeMsvcrt(types.ModuleType):
    """msvcrt.locking as Windows has it: byte ranges per file, held by one handle at a time."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int, int], int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        if mode == self.LK_UNLCK:
            self.held.pop(key, None)
        elif key in self.held and self.held[key] != fd:
            raise OSError(errno.EACCES, "Permission denied")
        else:
            self.held[key] = fd


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    """This process behaves as interact does on Windows: no O_NOFOLLOW, msvcrt locks."""
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(platform_io, "CURRENT", platform_io.windows())
    return fake


def test_this_machine_is_probed_for_what_it_offers() -> None:
    here = platform_io.probe()
    assert here.nofollow == getattr(os, "O_NOFOLLOW", 0)
    assert here.flock == (os.name != "nt")
    assert here.folder_fsync == (os.name != "nt")


# Writing every byte -----------------------------------------------------------------------


def test_short_writes_are_continued_until_every_byte_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    platform_io.replace_file(tmp_path / "report.md", "every byte of this text\n")
    monkeypatch.undo()
    assert (tmp_path / "report.md").read_text() == "every byte of this text\n"


def test_a_write_that_makes_no_progress_fails_instead_of_spinning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT)
    monkeypatch.setattr(os, "write", lambda fd, data: 0)
    with pytest.raises(OSError) as failed:
        platform_io.write_all(fd, b"data")
    os.close(fd)
    assert failed.value.errno == errno.ENOSPC


def test_a_short_write_then_a_failure_leaves_the_old_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "after-action.md"
    report.write_text("last week's report\n")
    real_write = os.write
    calls = {"count": 0}

    def short_then_full(fd: int, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] == 1:
            return real_write(fd, bytes(data[:4]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", short_then_full)
    with pytest.raises(OSError):
        platform_io.replace_file(report, "this week's report, much longer\n" * 100)
    monkeypatch.undo()
    assert report.read_text() == "last week's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after-action.md"]


def test_a_failure_while_writing_a_stream_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    report = tmp_path / "rows.csv"
    report.write_text("old\n")
    with pytest.raises(RuntimeError), platform_io.replacing(report) as stream:
        stream.write("half of the new rows\n" * 100_000)  # past the buffer: on disk already
        raise RuntimeError("the batch broke")
    assert report.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]


def test_a_replaced_file_is_private_and_a_link_in_its_place_is_replaced_not_followed(
    tmp_path: Path, victim: Path
) -> None:
    report = tmp_path / "report.md"
    report.symlink_to(victim)
    platform_io.replace_file(report, "report\n")
    assert victim.read_bytes() == VICTIM_TEXT
    assert not report.is_symlink() and report.read_text() == "report\n"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_a_new_file_never_replaces_anything_not_even_a_link(tmp_path: Path, victim: Path) -> None:
    planted = tmp_path / "new.toml"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError):
        platform_io.write_new_file(planted, "x")
    assert victim.read_bytes() == VICTIM_TEXT


# Never through a link ----------------------------------------------------------------------


def test_an_existing_file_is_never_opened_through_a_link(tmp_path: Path, victim: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(victim)
    with pytest.raises(OSError):
        platform_io.open_existing(link, os.O_WRONLY | os.O_APPEND)
    assert victim.read_bytes() == VICTIM_TEXT


def test_without_o_nofollow_a_link_is_still_refused(
    tmp_path: Path, victim: Path, on_windows: FakeMsvcrt
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(victim)
    with pytest.raises(OSError) as refused:
        platform_io.open_existing(link, os.O_WRONLY | os.O_APPEND)
    assert refused.value.errno == errno.ELOOP
    assert victim.read_bytes() == VICTIM_TEXT
    fd = platform_io.open_existing(victim, os.O_RDONLY)  # a plain file still opens
    os.close(fd)


def test_devices_and_pipes_are_not_read_as_files(tmp_path: Path) -> None:
    pipe = tmp_path / "case.toml"
    os.mkfifo(pipe)
    for path in (Path("/dev/zero"), pipe):  # one never ends, the other would wait for a writer
        with pytest.raises(platform_io.NotRegularFile):
            platform_io.read_regular_file(path, 1000)


# Locks --------------------------------------------------------------------------------------


def test_on_windows_a_second_writer_is_refused_and_the_lock_is_given_back(
    tmp_path: Path, on_windows: FakeMsvcrt
) -> None:
    transcript = tmp_path / "s.toml"
    transcript.write_text("x = 1\n")
    with SessionLock(transcript):
        ((_, _, offset),) = on_windows.held
        assert offset == platform_io.LOCK_OFFSET, "the locked byte is past any text"
        with pytest.raises(SessionLocked, match=f"process {os.getpid()}"):
            SessionLock(transcript).acquire()
    assert on_windows.held == {}
    with SessionLock(transcript):
        pass


def test_on_windows_a_link_to_a_session_is_refused_too(
    tmp_path: Path, on_windows: FakeMsvcrt
) -> None:
    transcript = tmp_path / "s.toml"
    transcript.write_text("x = 1\n")
    (tmp_path / "alias.toml").symlink_to(transcript)
    with pytest.raises(TranscriptError, match="symbolic link"):
        SessionLock(tmp_path / "alias.toml").acquire()


def test_on_windows_folders_are_not_fsynced(
    tmp_path: Path, on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(os, "open", lambda *args: opened.append(args))
    platform_io.fsync_folder(tmp_path)
    assert opened == []


def test_on_posix_folders_are_fsynced_after_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    platform_io.replace_file(tmp_path / "r.md", "x")
    assert len(synced) == 2, "the file, then its folder"


def test_sessions_folders_are_created_for_their_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "sessions"
    platform_io.make_private_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# Terminals ----------------------------------------------------------------------------------


def test_pipes_files_and_closed_streams_are_not_terminals(tmp_path: Path) -> None:
    read, write = os.pipe()
    with os.fdopen(read) as pipe, open(tmp_path / "f", "w") as file:
        assert not platform_io.is_terminal(pipe)
        assert not platform_io.is_terminal(file)
    os.close(write)
    assert not platform_io.is_terminal(pipe)  # closed
    assert not platform_io.is_terminal(None)


def test_in_git_bash_on_windows_the_refusal_says_to_use_winpty(
    monkeypatch: pytest.MonkeyPatch, on_windows: FakeMsvcrt
) -> None:
    from interact_cli.live.session import require_terminal

    monkeypatch.setattr(sys, "stdin", None)
    monkeypatch.setenv("MSYSTEM", "MINGW64")
    with pytest.raises(UsageError, match="winpty interact run"):
        require_terminal("run")
    monkeypatch.delenv("MSYSTEM")
    with pytest.raises(UsageError, match="interact dry-run CASE --script FILE"):
        require_terminal("run")


def test_a_whole_session_plays_resumes_and_replays_on_simulated_windows(
    tmp_path: Path, on_windows: FakeMsvcrt
) -> None:
    from typer.testing import CliRunner

    from interact_cli.cli.app import app

    data = Path(__file__).parent / "data"
    runner = CliRunner()
    out = tmp_path / "sessions"
    played = runner.invoke(
        app, ["dry-run", str(data / "tiny.toml"), "--random", "--seed", "3", "--sessions", str(out)]
    )
    assert played.exit_code == 0, played.output
    (path,) = out.glob("*.toml")
    text = path.read_text()
    path.write_text(text[: text.index("[end]") - 20])  # a crash tore the last event
    resumed = runner.invoke(app, ["resume", str(path), "--dir", str(data)])
    assert resumed.exit_code == 0, resumed.output
    assert on_windows.held == {}, "the lock was given back"
    replayed = runner.invoke(app, ["replay", str(out), "--dir", str(data), "--format", "json"])
    assert replayed.exit_code == 0, replayed.output


def test_a_replaced_file_gets_exactly_its_mode_with_or_without_fchmod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "case.toml"
    platform_io.replace_file(case, "a\n", mode=0o640)
    assert stat.S_IMODE(case.stat().st_mode) == 0o640
    monkeypatch.setattr(platform_io, "CURRENT", platform_io.windows())

    def no_fchmod(*args: object) -> None:
        raise AssertionError("Windows has no os.fchmod before Python 3.13")

    monkeypatch.setattr(os, "fchmod", no_fchmod)
    platform_io.replace_file(case, "b\n", mode=0o604)
    assert case.read_text() == "b\n" and stat.S_IMODE(case.stat().st_mode) == 0o604
