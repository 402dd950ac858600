"""`interact run` and `interact resume` through the CLI, keys fed through a pipe.

The terminal check is switched off here (CliRunner's stdin is no terminal); the real
terminal is covered by test_live_terminal.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from interact_cli.case import order
from interact_cli.cli.app import app
from interact_cli.live import session as live_session
from interact_cli.record.locking import SessionLock, lock_path
from interact_cli.record.transcript import Transcript, load_transcript
from tests.helpers import NO_ACTION, play_into, ticks, tiny

CTRL_F = "\x06"

NO_NAMES = "n"
SEED = 7  # the menu seed `run` draws here, so the keys below can find each action
QUIT = CTRL_F + "q\r"  # the facilitator controls, then save and quit
ROUND_1 = (
    ticks(tiny(), SEED, "r1", "reception_es", "report_police_now")
    + "told the police\r"
    + NO_ACTION  # police_es
)
ROUND_2_POLICE_ES = ticks(tiny(), SEED, "r2", "police_es", "sis_alert") + "\r"
ROUND_2 = ROUND_2_POLICE_ES + NO_ACTION * 2  # reception_es, police_fr: nothing
ROUND_3 = ticks(tiny(), SEED, "r3", "police_fr", "sis_alert", "safe_and_well_check") + "\r"
DEBRIEF = "Fast report\r" + "Call France sooner\r" + "\r\r" * 2


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    monkeypatch.setattr(live_session, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(order, "draw_menu_seed", lambda: SEED)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def interact(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def only_transcript(folder: Path) -> Transcript:
    files = sorted(folder.glob("*.toml"))
    assert len(files) == 1, files
    return load_transcript(files[0]).transcript


def answers(transcript: Transcript) -> list[tuple[str | None, str | None, tuple[str, ...]]]:
    """(round, role, actions in id order): actions are saved in the order they were ticked."""
    return [
        (e.round, e.role, tuple(sorted(e.actions))) for e in transcript.events if e.kind == "answer"
    ]


FULL_PLAY = [
    ("r1", "reception_es", ("report_police_now",)),
    ("r1", "police_es", ()),
    ("r2", "police_es", ("sis_alert",)),
    ("r2", "reception_es", ()),
    ("r2", "police_fr", ()),
    ("r3", "police_fr", ("safe_and_well_check", "sis_alert")),
]


def test_run_plays_every_round_then_the_debrief_then_the_score(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + ROUND_1 + ROUND_2 + ROUND_3 + DEBRIEF)
    result = interact(runner, "run", tiny_case, "--tag", "Madrid, May")
    assert result.exit_code == 0, result.output
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == FULL_PLAY
    assert transcript.events[1].note == "told the police"
    assert transcript.header.mode == "live" and transcript.header.tag == "Madrid, May"
    assert transcript.header.players == dict.fromkeys(
        ["police_es", "reception_es", "police_fr"], ""
    )
    debriefs = [(e.role, e.went_well, e.improve) for e in transcript.events if e.kind == "debrief"]
    assert debriefs == [
        ("police_es", "Fast report", "Call France sooner"),
        ("reception_es", "", ""),
        ("police_fr", "", ""),
    ]
    assert transcript.end is not None and transcript.end.reason == "completed"
    assert "3 on time · 0 late · 0 missed of 3 expected steps" in result.output
    assert f"Transcript saved: {transcript.path}" in result.output
    assert not lock_path(Path(transcript.path)).exists()


def test_player_names_are_saved_in_the_header(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text("y" + "Ana\r" + "\r" + "Cy\r" + QUIT)
    assert interact(runner, "run", tiny_case).exit_code == 0
    players = only_transcript(sessions_dir).header.players
    assert players == {"police_es": "Ana", "reception_es": "", "police_fr": "Cy"}


def test_roles_not_at_the_table_are_skipped_every_round(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "venue" / "day1"  # created on the way
    keys.send_text(NO_NAMES + NO_ACTION * 2 + "\r\r")  # police_es r1, r2; debrief
    result = interact(runner, "run", tiny_case, "--roles", "police_es", "--sessions", out)
    assert result.exit_code == 0, result.output
    transcript = only_transcript(out)
    assert transcript.header.players == {"police_es": ""}
    assert [e.role for e in transcript.events if e.kind == "answer"] == ["police_es"] * 2
    skipped = [(e.round, e.role) for e in transcript.events if e.kind == "skip"]
    assert skipped == [
        ("r1", "reception_es"),
        ("r2", "reception_es"),
        ("r2", "police_fr"),
        ("r3", "police_fr"),
    ]


def test_unknown_roles_are_refused(runner: CliRunner, keys: PipeInput, tiny_case: Path) -> None:
    result = interact(runner, "run", tiny_case, "--roles", "police_es,coastguard")
    assert result.exit_code == 2
    assert "no role coastguard" in result.output and "police_fr" in result.output


def test_save_and_quit_then_resume_counts_every_answer_once(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + ROUND_1 + ROUND_2_POLICE_ES + QUIT)  # quit at reception_es in r2
    first = interact(runner, "run", tiny_case)
    assert first.exit_code == 0, first.output
    session = Path(only_transcript(sessions_dir).path).stem
    folder = tiny_case.parent  # not a bundled case: the resume needs its folder
    assert f"To continue: interact resume {session} --dir {folder}" in first.output
    assert only_transcript(sessions_dir).events[-1].reason == "saved"

    keys.send_text(NO_ACTION * 2 + ROUND_3 + DEBRIEF)
    second = interact(runner, "resume", session, "--dir", folder)
    assert second.exit_code == 0, second.output
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == FULL_PLAY
    assert transcript.end is not None
    assert "3 on time" in second.output


def test_ctrl_c_keeps_the_answers_and_prints_the_resume_command(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + ROUND_1 + "\x03")
    result = interact(runner, "run", tiny_case)
    assert result.exit_code == 130
    transcript = only_transcript(sessions_dir)
    assert answers(transcript) == FULL_PLAY[:2]
    assert (transcript.events[-1].kind, transcript.events[-1].reason) == ("stop", "interrupted")
    assert f"To continue: interact resume {Path(transcript.path).stem} --dir" in result.output


def test_ctrl_c_before_the_first_round_saves_nothing(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text("\x03")
    result = interact(runner, "run", tiny_case)
    assert result.exit_code == 130
    assert "nothing was saved" in result.output
    assert not list(sessions_dir.glob("*.toml"))


def test_a_resume_with_another_folder_says_so_in_the_resume_command(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, tmp_path: Path
) -> None:
    keys.send_text(NO_NAMES + QUIT)
    result = interact(runner, "run", tiny_case, "--sessions", tmp_path / "elsewhere")
    session = Path(only_transcript(tmp_path / "elsewhere").path).stem
    assert f"interact resume {session} --sessions {tmp_path / 'elsewhere'} --dir" in result.output


def test_ctrl_c_in_the_debrief_resumes_at_the_debrief(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + ROUND_1 + ROUND_2 + ROUND_3 + "Fast report\rNone\r\x03")
    assert interact(runner, "run", tiny_case).exit_code == 130
    session = Path(only_transcript(sessions_dir).path).stem
    keys.send_text("\r\r" * 2)  # the two roles not yet debriefed
    assert interact(runner, "resume", session, "--dir", tiny_case.parent).exit_code == 0
    transcript = only_transcript(sessions_dir)
    assert [e.role for e in transcript.events if e.kind == "debrief"] == [
        "police_es",
        "reception_es",
        "police_fr",
    ]
    assert answers(transcript) == FULL_PLAY


def test_resume_refuses_a_finished_session(
    runner: CliRunner, keys: PipeInput, sessions_dir: Path
) -> None:
    from interact_cli.play.responders import IdleResponder

    played = play_into(tiny(), IdleResponder(), sessions_dir)
    result = interact(runner, "resume", played.path)
    assert result.exit_code == 2
    assert "is finished" in result.output and "interact summary" in result.output


def test_resume_refuses_an_unknown_session(runner: CliRunner, keys: PipeInput) -> None:
    result = interact(runner, "resume", "2026-11-28-tiny-000000")
    assert result.exit_code == 2
    assert "no such session" in result.output


def test_resume_refuses_a_session_open_elsewhere(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + QUIT)
    interact(runner, "run", tiny_case)
    path = Path(only_transcript(sessions_dir).path)
    before = path.read_bytes()
    with SessionLock(path):
        result = interact(runner, "resume", path.stem)
    assert result.exit_code == 2
    assert "already open" in result.output
    assert path.read_bytes() == before


def test_without_a_terminal_live_play_refuses_in_one_line(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    result = interact(runner, "run", tiny_case)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "interact dry-run CASE --script FILE" in result.output
    assert not sessions_dir.exists()


def test_without_a_terminal_a_live_session_does_not_resume(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    from interact_cli.play.clock import SimulatedClock
    from interact_cli.play.engine import Stop
    from interact_cli.play.runner import new_header, play
    from tests.helpers import START

    class Quits:
        def respond(self, turn: object) -> Stop:
            return Stop("saved")

    clock = SimulatedClock(START)
    header = new_header(tiny(), clock, "live", "en", players={"police_es": "Ana"})
    played = play(tiny(), Quits(), header, sessions_dir, clock)
    before = played.path.read_bytes()
    result = interact(runner, "resume", played.path.stem)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "interact dry-run CASE --script FILE" in result.output
    assert played.path.read_bytes() == before


def test_resume_drops_a_torn_last_event_and_says_so(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + ROUND_1 + QUIT)
    interact(runner, "run", tiny_case)
    path = Path(only_transcript(sessions_dir).path)
    with path.open("a") as transcript:
        transcript.write('\n[[events]]\nkind = "answer"\nround = "r2"\nrole = "pol')  # a crash
    keys.send_text(ROUND_2 + ROUND_3 + DEBRIEF)
    result = interact(runner, "resume", path.stem, "--dir", tiny_case.parent)
    assert result.exit_code == 0, result.output
    assert "dropped a torn last event" in result.output
    assert answers(only_transcript(sessions_dir)) == FULL_PLAY


def test_a_session_saved_while_paused_resumes_paused(
    runner: CliRunner, keys: PipeInput, tiny_case: Path, sessions_dir: Path
) -> None:
    keys.send_text(NO_NAMES + CTRL_F + "p\r" + QUIT)  # pause, then save and quit
    interact(runner, "run", tiny_case)
    session = Path(only_transcript(sessions_dir).path).stem
    keys.send_text(CTRL_F + "p\r" + QUIT)  # the same key now starts the clock again
    interact(runner, "resume", session, "--dir", tiny_case.parent)
    kinds = [e.kind for e in only_transcript(sessions_dir).events]
    assert kinds == ["round_start", "pause", "stop", "resume", "stop"]


def test_the_resume_point_knows_the_clock_the_reserves_and_the_open_round() -> None:
    from datetime import UTC, datetime

    from interact_cli.record.events import Event

    at = datetime(2026, 11, 28, tzinfo=UTC)
    events = [
        Event("round_start", at, round="r1"),
        Event("answer", at, "r1", "reception_es", seconds=30.0),
        Event("round_end", at, round="r1", reason="completed"),
        Event("round_start", at, round="r2"),
        Event("inject", at, round="r2", inject="journalist", reason="reserve"),
        Event("answer", at, "r2", "police_es", seconds=40.5),
        Event("pause", at, round="r2"),
        Event("stop", at, round="r2", reason="saved"),
    ]
    point = live_session.resume_point(events)
    assert point.paused
    assert point.released_reserves == {"journalist"}
    assert point.round_spent == 40.5
    assert not live_session.resume_point([*events, Event("resume", at, round="r2")]).paused
