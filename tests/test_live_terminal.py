"""End to end in a real pseudo-terminal: the installed `interact` command, driven by pexpect.

Every step waits for the prompt's text before typing (no sleeps): an answer is on disk
before the next prompt is drawn, so what a test sees on screen is already saved.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from interact_cli.case.loader import load_scenario
from interact_cli.record.locking import lock_path
from interact_cli.record.transcript import Transcript, load_transcript
from tests.helpers import installed_command, ticks
from tests.pty_terminal import (
    CTRL_F,
    DOWN,
    TIMEOUT,
    UP,
    Terminal,
    play_rounds_two_and_three,
)

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.toml"
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
"""Terminal escape sequences (cursor moves, erasing), cut out before reading the screen."""


def interact_command() -> str:
    return installed_command("interact")


@pytest.fixture
def terminals(sessions_dir: Path) -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.child.close(force=True)


def open_terminal(started: list[Terminal], sessions: Path, *args: str) -> Terminal:
    terminal = Terminal(sessions, [interact_command(), *args])
    started.append(terminal)
    return terminal


def only_transcript(folder: Path) -> Transcript:
    files = sorted(folder.glob("*.toml"))
    assert len(files) == 1, files
    return load_transcript(files[0]).transcript


def answers(transcript: Transcript) -> list[tuple[str | None, str | None, tuple[str, ...], str]]:
    return [(e.round, e.role, e.actions, e.note) for e in transcript.events if e.kind == "answer"]


EXPECTED = [
    ("r1", "reception_es", ("report_police_now",), "told the police"),
    ("r1", "police_es", (), ""),
    ("r2", "police_es", ("sis_alert",), "SIS alert entered"),
    ("r2", "reception_es", (), ""),
    ("r2", "police_fr", (), ""),
    ("r3", "police_fr", ("safe_and_well_check",), "she is safe"),
]


def test_a_whole_case_is_played_to_the_score(terminals: list[Terminal], sessions_dir: Path) -> None:
    table = open_terminal(terminals, sessions_dir, "run", str(TINY), "--tag", "test venue")
    table.wait_for("Tiny case")
    table.names("Ana", "Bo", "Cy")
    table.wait_for("Round 1 of 3 · Empty bed")
    report = table.tick("r1", "reception_es", "report_police_now")
    table.answer("Reception centre, Spain (Bo)", report, "told the police")
    table.facilitator("Police, Spain (Ana)", "r")
    table.wait_for("Release which inject now?")
    table.child.send("\r")
    table.wait_for("A local journalist asks for her photo.")
    table.answer("Police, Spain (Ana)")
    table.wait_for("Round 2 of 3 · Seen at a bus station")
    play_rounds_two_and_three(
        table,
        {
            "police_es": "Police, Spain (Ana)",
            "reception_es": "Reception centre, Spain (Bo)",
            "police_fr": "Police, France (Cy)",
        },
    )
    table.wait_for("Debrief (hot wash)")
    table.debrief(3)
    table.wait_for("3 on time · 0 late · 0 missed of 3 expected steps")
    table.wait_for("Transcript saved:")
    assert table.exit_code() == 0
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == EXPECTED
    assert transcript.header.players == {
        "police_es": "Ana",
        "reception_es": "Bo",
        "police_fr": "Cy",
    }
    assert transcript.header.tag == "test venue"
    assert transcript.end is not None
    assert ("inject", "journalist") in [(e.kind, e.inject) for e in transcript.events]


def test_killed_mid_round_then_resumed_keeps_every_answer_once_in_order(
    terminals: list[Terminal], sessions_dir: Path
) -> None:
    table = open_terminal(terminals, sessions_dir, "run", str(TINY))
    table.names()
    table.wait_for("Round 1 of 3")  # drawn once the transcript exists
    report = table.tick("r1", "reception_es", "report_police_now")
    table.answer("Reception centre, Spain", report, "told the police")
    table.answer("Police, Spain")
    table.answer("Police, Spain", table.tick("r2", "police_es", "sis_alert"), "SIS alert entered")
    table.wait_for("Reception centre, Spain: what do you do now?")  # mid-round 2
    table.child.kill(signal.SIGKILL)
    table.child.expect(pexpect.EOF)
    path = Path(only_transcript(sessions_dir).path)
    assert answers(only_transcript(sessions_dir)) == EXPECTED[:3]
    assert lock_path(path).exists()  # left behind by the killed process

    again = open_terminal(terminals, sessions_dir, "resume", path.stem, "--dir", str(DATA))
    again.wait_for(f"Resuming session {path.stem}")
    again.wait_for("Round 2 of 3")
    again.answer("Reception centre, Spain")
    again.answer("Police, France")
    safe = again.tick("r3", "police_fr", "safe_and_well_check")
    again.answer("Police, France", safe, "she is safe")
    again.debrief(3)
    again.wait_for("Transcript saved:")
    assert again.exit_code() == 0
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == EXPECTED
    assert transcript.end is not None and transcript.end.reason == "completed"
    assert not lock_path(path).exists()


def test_ctrl_c_then_resume(terminals: list[Terminal], sessions_dir: Path) -> None:
    table = open_terminal(terminals, sessions_dir, "run", str(TINY))
    table.names()
    table.wait_for("Round 1 of 3")  # drawn once the transcript exists
    report = table.tick("r1", "reception_es", "report_police_now")
    table.answer("Reception centre, Spain", report, "told the police")
    table.wait_for("Police, Spain: what do you do now?")
    table.child.sendcontrol("c")
    table.wait_for("To continue: interact resume ")
    assert table.exit_code() == 130
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == EXPECTED[:1]
    assert transcript.events[-1].reason == "interrupted"

    session = Path(transcript.path).stem
    again = open_terminal(terminals, sessions_dir, "resume", session, "--dir", str(DATA))
    again.answer("Police, Spain")
    play_rounds_two_and_three(again)
    again.debrief(3)
    assert again.exit_code() == 0
    assert answers(only_transcript(sessions_dir)) == EXPECTED


def test_a_session_open_in_one_terminal_is_refused_in_another(
    terminals: list[Terminal], sessions_dir: Path
) -> None:
    table = open_terminal(terminals, sessions_dir, "run", str(TINY))
    table.names()
    table.wait_for("Reception centre, Spain: what do you do now?")
    session = Path(only_transcript(sessions_dir).path).stem
    other = open_terminal(terminals, sessions_dir, "resume", session, "--dir", str(DATA))
    other.wait_for(f"session {session} is already open in process {table.child.pid}")
    assert other.exit_code() == 2
    table.facilitator(None, "q")
    table.wait_for("To continue:")
    assert table.exit_code() == 0


def test_without_a_terminal_run_refuses_and_points_to_dry_run(sessions_dir: Path) -> None:
    result = subprocess.run(
        [interact_command(), "run", str(TINY)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "INTERACT_SESSIONS_DIR": str(sessions_dir)},
        timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "interact dry-run CASE --script FILE" in result.stderr


def test_a_table_of_some_roles_saved_mid_way_is_scored_on_what_it_played(
    terminals: list[Terminal], sessions_dir: Path
) -> None:
    table = open_terminal(
        terminals, sessions_dir, "run", str(TINY), "--roles", "reception_es,police_fr"
    )
    table.names()
    table.wait_for("Round 1 of 3")
    report = table.tick("r1", "reception_es", "report_police_now")
    table.answer("Reception centre, Spain", report, "told the police")
    table.wait_for("Round 2 of 3")
    table.answer("Reception centre, Spain")
    table.facilitator("Police, France", "q")
    table.wait_for("To continue: interact resume ")
    assert table.exit_code() == 0
    transcript = only_transcript(sessions_dir)
    assert transcript.header.table == ("reception_es", "police_fr")
    assert {e.role for e in transcript.events if e.kind == "skip"} == {"police_es"}

    def summary() -> list[str]:
        result = subprocess.run(
            [interact_command(), "summary", transcript.path, "--dir", str(DATA)],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
            timeout=TIMEOUT,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    lines = summary()
    assert "not finished: stopped in round 2 of 3" in lines[0]
    assert (
        lines[1]
        == "1 on time · 0 late · 0 missed of 1 expected steps assessed · 0 harmful choice(s)"
    )
    assert lines[2] == "2 expected steps not reached: play stopped before their window ended."

    again = open_terminal(
        terminals, sessions_dir, "resume", Path(transcript.path).stem, "--dir", str(DATA)
    )
    again.answer("Police, France", again.tick("r2", "police_fr", "sis_alert"), "SIS alert entered")
    check = again.tick("r3", "police_fr", "safe_and_well_check")
    again.answer("Police, France", check, "she is safe")
    again.debrief(2)  # the two roles at the table, not police_es
    again.wait_for("3 on time · 0 late · 0 missed of 3 expected steps assessed")
    assert again.exit_code() == 0
    assert "not finished" not in summary()[0]


def test_controls_no_action_limit_recall_and_a_correction_at_a_real_terminal(
    terminals: list[Terminal], sessions_dir: Path
) -> None:
    """The menus case (recall on, at most 2 choices, 1 in round 3), played as a table would."""
    from interact_cli.case.loader import load_scenario
    from interact_cli.case.order import ordered_menu

    case = load_scenario(DATA / "menus.toml")
    table = open_terminal(terminals, sessions_dir, "run", str(DATA / "menus.toml"))
    table.names()
    table.wait_for("Round 1 of 3")
    order = [a.id for a in ordered_menu(case, table.seed(), "r1", "shelter")]

    def toggle(*actions: str) -> str:
        """From the top of the shelter's list: toggle `actions`, then Enter."""
        places = sorted(order.index(action) for action in actions)
        walk = [
            (" " if i in places else "") + (DOWN if i < places[-1] else "")
            for i in range(len(order))
        ]
        return "".join(walk[: places[-1] + 1]) + "\r"

    table.wait_for("Shelter: in your own words, what do you do now?")
    table.child.send("Report it to the police\r")
    table.wait_for("Shelter: what do you do now?")
    table.child.send(UP + "\r")  # Enter on the control entry: the controls, no answer
    table.wait_for("Facilitator, round 1")
    assert [e.kind for e in only_transcript(sessions_dir).events] == ["round_start"]
    table.child.send("b\r")
    table.wait_for("Shelter: what do you do now?")
    table.child.send(toggle("wait_a_day", "log_call", "check_room"))
    table.wait_for("At most 2 actions may be chosen this round (3 ticked): untick some.")
    last = max(order.index(a) for a in ("wait_a_day", "log_call", "check_room"))
    table.child.send(UP * last + toggle("log_call", "check_room"))
    table.wait_for("Shelter: a note for the record (optional):")
    table.child.send("\r")

    table.wait_for("Police: in your own words, what do you do now?")
    table.child.send("Nothing yet\r")
    table.wait_for("Police: what do you do now?")
    table.child.send(CTRL_F)
    table.wait_for("Correct the previous answer in this round (Shelter)")
    table.child.send("c\r")
    table.wait_for("Correcting Shelter: what did the role mean to choose?")
    table.child.send(toggle("wait_a_day", "report_now", "check_room"))
    table.wait_for("Shelter: a note for the record (optional):")
    table.child.send("corrected\r")
    table.wait_for("Police: what do you do now?")
    table.child.send("\r")
    table.wait_for("No action this round for Police?")
    table.child.send("n")  # no: back to the checklist, nothing saved
    table.wait_for("Police: what do you do now?")
    table.child.send("\r")
    table.wait_for("No action this round for Police?")
    table.child.send("y")
    table.wait_for("Police: a note for the record (optional):")
    table.child.send("\r")

    table.wait_for("Round 2 of 3")
    for role in ("Shelter", "Police"):
        table.wait_for(f"{role}: in your own words, what do you do now?")
        table.child.send("\r")
        table.answer(role)
    table.wait_for("Round 3 of 3")
    table.wait_for("Police: in your own words, what do you do now?")
    table.child.send("\r")
    table.answer("Police", ticks(case, table.seed(), "r3", "police", "safe_check"))
    table.wait_for("Report it to the police")  # the debrief shows what the shelter said
    table.debrief(2)
    table.wait_for(
        "3 on time · 0 late · 1 missed of 4 expected steps assessed · 0 harmful choice(s)"
    )
    table.wait_for("(corrected)")
    assert table.exit_code() == 0

    transcript = only_transcript(sessions_dir)
    events = transcript.events
    kept = [(e.kind, e.round, e.role, tuple(sorted(e.actions))) for e in events]
    assert kept[1:4] == [
        ("answer", "r1", "shelter", ("wait_a_day",)),
        ("correction", "r1", "shelter", ("check_room", "report_now")),
        ("answer", "r1", "police", ()),
    ]
    assert events[1].said == "Report it to the police" and events[3].said == "Nothing yet"
    assert "nobody_reported" not in [e.inject for e in events]  # the corrected report counts


def test_players_read_the_opening_and_no_facilitator_text_up_to_the_debrief(
    terminals: list[Terminal], sessions_dir: Path
) -> None:
    from tests.test_player_screens import SECRETS, facilitator_texts, readable, reserve_texts

    scenario = load_scenario(SECRETS)
    table = open_terminal(terminals, sessions_dir, "run", str(SECRETS))
    screen = io.StringIO()
    table.child.logfile_read = screen
    table.wait_for("arrives alone at the harbour of Selva.")
    table.names()
    for round_ in scenario.rounds:
        for role in round_.roles:
            name = scenario.role_by_id[role].name.get("en")
            if scenario.menu(round_.id, role):
                table.answer(name)
            else:
                table.wait_for(f"Nothing is offered to {name} this round.")
                table.child.send("\r")
    table.wait_for("Debrief (hot wash)")
    shown = readable(ESCAPES.sub("", screen.getvalue()))
    assert readable(scenario.text(scenario.opening, "en")) in shown
    assert "Nobody has looked for him for two days." in shown
    for secret in facilitator_texts(scenario, "en") + reserve_texts(scenario, "en"):
        assert secret not in shown
    table.debrief(2)
    assert table.exit_code() == 0
