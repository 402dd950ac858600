"""Disk problems: a full disk or an unwritable folder gives a clear error, and what was
answered before stays on disk."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.errors import TranscriptError
from interact_cli.play.runner import transcript_path
from interact_cli.record import transcript
from interact_cli.record.transcript import load_transcript


def test_an_unwritable_output_folder_fails_before_the_session_starts(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def refuse_to_create(path: str, flags: int, *args: int, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transcript.os, "open", refuse_to_create)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--sessions", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{tmp_path}/" in result.stderr and "cannot create (Read-only file system)" in (
        result.stderr
    )
    assert "Transcript saved" not in result.stdout and "on time" not in result.stdout


def is_event(data: bytes) -> bool:
    return bytes(data).startswith(b"\n[[events]]")


def test_a_full_disk_mid_session_keeps_every_answer_before_it(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    events = {"count": 0}

    def write_until_full(fd: int, data: bytes) -> int:
        events["count"] += is_event(data)
        if events["count"] > 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript.os, "write", write_until_full)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--sessions", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot save (No space left on device)" in result.stderr
    assert "everything before this answer is on disk" in result.stderr
    monkeypatch.undo()
    (saved,) = tmp_path.glob("*.toml")
    loaded = load_transcript(saved)
    assert [e.kind for e in loaded.transcript.events] == [
        "round_start",
        "answer",
        "answer",
        "round_end",
    ]
    assert not list(tmp_path.glob("*.lock")), "the lock's note is removed after the failure"


def test_a_short_write_then_a_full_disk_leaves_the_transcript_as_it_was(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    events = {"count": 0}
    before: list[bytes] = []

    def tear(fd: int, data: bytes) -> int:
        events["count"] += is_event(data)
        if events["count"] == 3 and not before:
            (saved,) = tmp_path.glob("*.toml")
            before.append(saved.read_bytes())
            return real_write(fd, data[: len(data) // 2])
        if events["count"] >= 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript.os, "write", tear)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--sessions", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    monkeypatch.undo()
    (saved,) = tmp_path.glob("*.toml")
    assert saved.read_bytes() == before[0], "the half-written event is cut back off"
    loaded = load_transcript(saved)
    assert loaded.warnings == ()
    assert [e.kind for e in loaded.transcript.events] == ["round_start", "answer"]


@pytest.mark.parametrize("session", ["../escape", "a/b", "/etc/passwd", "..", ""])
def test_session_ids_never_lead_outside_the_output_folder(tmp_path: Path, session: str) -> None:
    with pytest.raises(TranscriptError, match="is not a safe session id"):
        transcript_path(tmp_path, session)
