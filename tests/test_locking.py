"""One writer per session: a second writer is refused, a dead writer's lock never blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interact_cli.errors import SessionLocked
from interact_cli.record.locking import SessionLock, lock_path
from tests.helpers import hold_in_another_process


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "2026-11-28-tiny-abc123.toml"
    path.write_text('format = "interact-transcript/1"\n', encoding="utf-8")
    return path


def test_a_second_writer_is_refused_and_told_who_holds_the_session(transcript: Path) -> None:
    holder = hold_in_another_process(transcript)
    try:
        with pytest.raises(SessionLocked) as refused:
            SessionLock(transcript).acquire()
        assert f"process {holder.pid}" in refused.value.message
        assert "2026-11-28-tiny-abc123" in refused.value.message
    finally:
        holder.communicate("")
    with SessionLock(transcript):  # free once the holder has finished
        pass


def test_the_lock_of_a_killed_process_does_not_block(transcript: Path) -> None:
    holder = hold_in_another_process(transcript)
    holder.kill()  # SIGKILL: no chance to clean up
    holder.wait()
    assert lock_path(transcript).read_text() == f"{holder.pid}\n"  # left behind
    with SessionLock(transcript):
        assert lock_path(transcript).read_text() == f"{os.getpid()}\n"


def test_two_locks_in_one_process_also_exclude_each_other(transcript: Path) -> None:
    with SessionLock(transcript), pytest.raises(SessionLocked):
        SessionLock(transcript).acquire()


def test_releasing_removes_the_lock_file(transcript: Path) -> None:
    with SessionLock(transcript):
        assert lock_path(transcript).exists()
    assert not lock_path(transcript).exists()
