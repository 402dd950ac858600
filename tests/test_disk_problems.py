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
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(transcript.os, "open", refuse)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{tmp_path}/" in result.stderr and "cannot create (Read-only file system)" in (
        result.stderr
    )
    assert "Transcript saved" not in result.stdout and "on time" not in result.stdout


def test_a_full_disk_mid_session_keeps_every_answer_before_it(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls = {"count": 0}

    def write_until_full(fd: int, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] > 5:  # the header, then four events
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript.os, "write", write_until_full)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--out", str(tmp_path)])
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


def test_a_short_write_then_a_full_disk_leaves_a_torn_tail_the_loader_drops(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls = {"count": 0}

    def tear(fd: int, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] == 4:
            return real_write(fd, data[: len(data) // 2])
        if calls["count"] > 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(transcript.os, "write", tear)
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--out", str(tmp_path)])
    assert result.exit_code == 2
    monkeypatch.undo()
    (saved,) = tmp_path.glob("*.toml")
    loaded = load_transcript(saved)
    assert len(loaded.warnings) == 1 and "dropped" in loaded.warnings[0]
    assert [e.kind for e in loaded.transcript.events] == ["round_start", "answer"]


@pytest.mark.parametrize("session", ["../escape", "a/b", "/etc/passwd", "..", ""])
def test_session_ids_never_lead_outside_the_output_folder(tmp_path: Path, session: str) -> None:
    with pytest.raises(TranscriptError, match="is not a safe session id"):
        transcript_path(tmp_path, session)
