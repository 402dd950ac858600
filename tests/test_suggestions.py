"""Every command the tool suggests works when typed exactly as printed, from the same folder.

The case here lives outside the bundled folder, in a file whose name is not its id
(`cases/workshop-copy.toml` holds case `tiny`), so a suggestion that forgot `--dir`, or
looked a case up by file name, would fail. Each suggestion is taken from the screen and run
with the installed `interact`.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import installed_command
from tests.pty_terminal import TIMEOUT, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def workshop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A trainer's folder: a case copied under another name, sessions in ./sessions."""
    (tmp_path / "cases").mkdir()
    shutil.copy(DATA / "tiny.toml", tmp_path / "cases" / "workshop-copy.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def environment(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "INTERACT_SESSIONS_DIR"}
    return {**env, "INTERACT_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200"}


def interact(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_line(folder, shlex.join(["interact", *args]))


def run_line(folder: Path, line: str) -> subprocess.CompletedProcess[str]:
    """A command line exactly as the tool printed it (the installed `interact`)."""
    words = shlex.split(line)
    assert words[0] == "interact", line
    return subprocess.run(
        [installed_command("interact"), *words[1:]],
        capture_output=True,
        text=True,
        cwd=folder,
        env=environment(folder),
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def suggestions(text: str, intro: str) -> list[str]:
    return re.findall(rf"^{re.escape(intro)} (interact .+)$", text, re.MULTILINE)


def test_after_new_each_next_step_runs_as_printed(workshop: Path) -> None:
    made = interact(workshop, "new", "lina", "--dir", "cases")
    assert made.returncode == 0, made.stderr
    lines = re.findall(r": (interact .+)$", made.stdout, re.MULTILINE)
    assert [line.split()[1] for line in lines] == ["validate", "show", "dry-run"]
    for line in lines:
        result = run_line(workshop, line)
        assert result.returncode == 0, (line, result.stderr)


def test_after_new_in_this_folder_the_case_is_found_by_its_id(workshop: Path) -> None:
    assert interact(workshop, "new", "mycase").returncode == 0
    (workshop / "mycase.toml").rename(workshop / "renamed-file.toml")
    played = interact(workshop, "dry-run", "mycase", "--ideal")
    assert played.returncode == 0, played.stderr
    assert "3 on time" in played.stdout


@pytest.mark.parametrize("sessions", [None, "elsewhere/sessions"])
def test_after_a_dry_run_the_summary_runs_as_printed(workshop: Path, sessions: str | None) -> None:
    extra = ["--sessions", sessions] if sessions else []
    played = interact(workshop, "dry-run", "cases/workshop-copy.toml", "--idle", *extra)
    assert played.returncode == 0, played.stderr
    (line,) = suggestions(played.stdout, "To see this summary again:")
    assert "--dir cases" in line
    assert ("--sessions" in line) == bool(sessions)
    again = run_line(workshop, line)
    assert again.returncode == 0, again.stderr
    assert "Tiny case" in again.stdout and "0 on time" in again.stdout


def test_a_finished_session_says_how_to_see_its_score_and_that_works(workshop: Path) -> None:
    played = interact(workshop, "dry-run", "cases/workshop-copy.toml", "--idle")
    session = re.search(r"sessions/(\S+)\.toml", played.stdout)
    assert session is not None
    refused = interact(workshop, "resume", session.group(1), "--dir", "cases")
    assert refused.returncode == 2
    (line,) = re.findall(r"to see its score: (interact .+)$", refused.stderr, re.MULTILINE)
    assert run_line(workshop, line).returncode == 0


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.child.close(force=True)


def open_line(started: list[Terminal], folder: Path, line: str) -> Terminal:
    """A printed command line, run in a pseudo-terminal from `folder`."""
    words = shlex.split(line)
    sessions = folder / "sessions"
    terminal = Terminal(sessions, [installed_command("interact"), *words[1:]], cwd=folder)
    started.append(terminal)
    return terminal


def printed(terminal: Terminal, intro: str) -> str:
    terminal.wait_for(intro)
    terminal.child.expect(r"(interact [^\r\n]+)\r?\n")
    return str(terminal.child.match.group(1))


@pytest.mark.parametrize("stop", ["save and quit", "Ctrl-C"])
def test_the_resume_command_runs_as_printed_then_the_summary_command(
    terminals: list[Terminal], workshop: Path, stop: str
) -> None:
    table = open_line(
        terminals, workshop, "interact run cases/workshop-copy.toml --roles police_es"
    )
    table.names()
    if stop == "Ctrl-C":
        table.wait_for("Police, Spain: what do you do now?")
        table.child.sendcontrol("c")
    else:
        table.facilitator("Police, Spain", "q")
    again = printed(table, "To continue:")
    assert "--dir cases" in again
    assert table.exit_code() == (130 if stop == "Ctrl-C" else 0)

    resumed = open_line(terminals, workshop, again)
    resumed.answer("Police, Spain")
    resumed.answer("Police, Spain")
    resumed.debrief(1)
    summary = printed(resumed, "To see this summary again:")
    assert resumed.exit_code() == 0
    shown = run_line(workshop, summary)
    assert shown.returncode == 0, shown.stderr
    assert "Tiny case" in shown.stdout
