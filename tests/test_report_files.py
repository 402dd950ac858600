"""Report files (summary, replay and show with -o): private, whole or not at all, never an input."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app

DATA = Path(__file__).parent / "data"
PREVIOUS = b"the report of last week, kept until a new one is complete\n"


@pytest.fixture
def workshop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> Path:
    """A folder with a case (cases/copy.toml, id tiny) and one session in ./sessions."""
    (tmp_path / "cases").mkdir()
    shutil.copy(DATA / "tiny.toml", tmp_path / "cases" / "copy.toml")
    monkeypatch.chdir(tmp_path)
    played = runner.invoke(app, ["dry-run", "cases/copy.toml", "--idle", "--sessions", "sessions"])
    assert played.exit_code == 0, played.output
    return tmp_path


def session_file(folder: Path) -> Path:
    (path,) = (folder / "sessions").glob("*.toml")
    return path


def commands(folder: Path, report: Path) -> dict[str, list[str]]:
    session = str(session_file(folder))
    return {
        "summary": ["summary", session, "--dir", "cases", "--format", "md", "-o", str(report)],
        "replay": ["replay", "sessions", "--dir", "cases", "--format", "md", "-o", str(report)],
        "show": ["show", "tiny", "--dir", "cases", "--format", "md", "--output", str(report)],
    }


@pytest.mark.parametrize("command", ["summary", "replay", "show"])
def test_a_report_is_readable_by_its_owner_only(
    runner: CliRunner, workshop: Path, command: str
) -> None:
    report = workshop / "report.md"
    report.write_bytes(PREVIOUS)
    report.chmod(0o644)
    result = runner.invoke(app, commands(workshop, report)[command])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert report.read_bytes() != PREVIOUS and report.read_text(encoding="utf-8").startswith("#")
    assert result.stdout == ""  # the report went to the file, not the screen
    assert sorted(path.name for path in workshop.iterdir()) == ["cases", "report.md", "sessions"]


KILLED_MID_WRITE = """
import os, signal, sys
from interact_cli import platform_io

def half_then_killed(fd, data):
    os.write(fd, data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)

platform_io.write_all = half_then_killed
sys.argv = ["interact", *sys.argv[1:]]
from interact_cli.cli.app import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("command", ["summary", "replay", "show"])
def test_a_report_killed_mid_write_leaves_the_previous_one(workshop: Path, command: str) -> None:
    report = workshop / "report.md"
    report.write_bytes(PREVIOUS)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, *commands(workshop, report)[command]],
        cwd=workshop,
        capture_output=True,
        env={**os.environ, "INTERACT_LANG": "en"},
    )
    assert killed.returncode == -9, killed.stderr
    assert report.read_bytes() == PREVIOUS


@pytest.mark.parametrize("command", ["summary", "show"])
def test_a_failed_report_leaves_the_previous_one_and_no_temporary_file(
    runner: CliRunner, workshop: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interact_cli import platform_io

    def disk_full(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(platform_io, "write_all", disk_full)
    report = workshop / "report.md"
    report.write_bytes(PREVIOUS)
    result = runner.invoke(app, commands(workshop, report)[command])
    assert result.exit_code == 2
    assert "report.md: cannot write (No space left on device)" in result.stderr
    assert report.read_bytes() == PREVIOUS
    assert sorted(path.name for path in workshop.iterdir()) == ["cases", "report.md", "sessions"]


def refused(runner: CliRunner, args: list[str], target: Path, says: str) -> None:
    before = target.read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and says in result.stderr
    assert target.read_bytes() == before


def test_a_report_is_never_written_over_an_input(runner: CliRunner, workshop: Path) -> None:
    session = session_file(workshop)
    case = workshop / "cases" / "copy.toml"
    inputs = "is one of this command's inputs"
    summary = ["summary", str(session), "--dir", str(case), "--format", "md"]
    refused(runner, [*summary, "-o", str(session)], session, inputs)
    refused(runner, [*summary, "-o", str(case)], case, inputs)
    refused(runner, ["show", str(case), "-o", str(case)], case, inputs)
    replay = ["replay", "sessions", "--dir", "cases", "--format", "md"]
    refused(runner, [*replay, "-o", str(session)], session, inputs)


def test_a_report_is_never_written_over_any_transcript_or_case(
    runner: CliRunner, workshop: Path
) -> None:
    other = workshop / "elsewhere" / "another-session.toml"
    other.parent.mkdir()
    shutil.copy(session_file(workshop), other)
    bundled_copy = workshop / "elsewhere" / "a-case.txt"
    shutil.copy(DATA / "tiny.toml", bundled_copy)
    session = str(session_file(workshop))
    ours = "is a transcript or a case; a report never replaces one"
    summary = ["summary", session, "--dir", "cases"]
    refused(runner, [*summary, "-o", str(other)], other, ours)
    refused(runner, [*summary, "-o", str(bundled_copy)], bundled_copy, ours)
    refused(runner, ["show", "mariama", "-o", str(other)], other, ours)
