"""The live responder, driven by keys through a prompt_toolkit pipe: no terminal needed.

Keys: down "\\x1b[B", up "\\x1b[A" (from the top it reaches 'Facilitator controls…'), space
toggles, enter "\\r", Ctrl-F "\\x06" (the facilitator controls at any prompt), Ctrl-C
"\\x03". In the facilitator menu a letter picks an entry, enter confirms. Sessions here
have no menu seed, so menus come in case order unless a test gives one.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from rich.console import Console

from interact_cli.live.prompts import Debrief, LiveResponder, ask_players, wrap_choice
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import (
    Answer,
    EndRound,
    FacilitatorNote,
    Pause,
    ReleaseReserve,
    Resume,
    Session,
    Skip,
    Stop,
    Turn,
)
from interact_cli.play.stopwatch import Stopwatch, clock_text
from interact_cli.record.events import Event
from tests.helpers import NO_ACTION, START, tiny

FACILITATOR = "\x06"  # Ctrl-F: the facilitator controls, at any prompt of a turn
CONTROL_ENTRY = "\x1b[A\r"  # up from the first action wraps to the control entry
EVERYONE = {"reception_es": "", "police_es": "", "police_fr": ""}


@dataclass
class FakeTime:
    """A monotonic clock the test moves by hand."""

    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def opening_turn() -> tuple[Session, Turn]:
    """Round 1 of the tiny case: reception_es answers first (menu: report now, wait 24h)."""
    session = Session(tiny())
    session.open_next_round(START)
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "reception_es"
    return session, turn


def make(
    time: FakeTime, players: dict[str, str] | None = None
) -> tuple[LiveResponder, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=100, color_system=None)
    responder = LiveResponder(tiny(), "en", players or EVERYONE, Stopwatch(time), console)
    return responder, screen


def test_an_answer_holds_the_chosen_actions_and_the_note(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(" \x1b[B \r" + "called the police\r")
    assert responder.respond(turn) == Answer(
        ("report_police_now", "wait_24h"), "called the police", 0.0
    )


def test_no_action_is_a_valid_answer(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(NO_ACTION)
    assert responder.respond(turn) == Answer((), "", 0.0)


def test_the_round_is_shown_before_its_first_role_answers(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, screen = make(time)
    keys.send_text(NO_ACTION)
    responder.respond(turn)
    shown = screen.getvalue()
    assert "Round 1 of 3 · Empty bed" in shown
    assert "Day 4, 07:00" in shown
    assert "Her bed is empty at the morning headcount." in shown


def test_the_round_panel_speaks_the_interface_language_and_keeps_each_line_whole(
    keys: PipeInput, time: FakeTime
) -> None:
    """At 80 columns in French the clock and the timebox do not fit side by side: the timebox
    gets a line of its own instead of being cut mid-line."""
    from interact_cli.case.catalog import bundled_dir
    from interact_cli.case.loader import load_scenario
    from interact_cli.i18n import use_language

    use_language("fr")  # the autouse fixture puts English back
    scenario = load_scenario(bundled_dir() / "mariama.toml")
    session = Session(scenario)
    session.open_next_round(START)
    turn = session.current_turn()
    assert turn is not None
    screen = io.StringIO()
    console = Console(file=screen, width=80, color_system=None)
    players = {role.id: "" for role in scenario.roles}
    responder = LiveResponder(scenario, "fr", players, Stopwatch(time), console)
    keys.send_text(NO_ACTION)
    responder.respond(turn)
    lines = [line.strip("│ ") for line in screen.getvalue().splitlines()]
    assert any("─ Phase 1 sur 7 · Une jeune fille sur la plage ─" in line for line in lines)
    clock = "Heure du scénario\u00a0: Jour 1, 2 h 30 – plage près de Puerto Salobre, Espagne"
    assert clock in lines  # French puts a no-break space before a colon
    assert "Temps imparti\u00a0: 15 min" in lines
    assert responder.status(turn).endswith("· chrono en marche]")  # the prompt's clock state


def test_decision_time_runs_from_the_start_of_the_turn_across_facilitator_notes(
    keys: PipeInput, time: FakeTime
) -> None:
    session, turn = opening_turn()
    responder, _ = make(time)
    time.now = 100.0  # before the role's turn: does not count
    keys.send_text(FACILITATOR + "n\r" + "Bus ticket found\r")
    note = responder.respond(turn)
    assert note == FacilitatorNote("Bus ticket found")
    session.apply(note, START)
    time.now = 142.0
    keys.send_text(NO_ACTION)
    assert responder.respond(session.current_turn()) == Answer((), "", 42.0)  # type: ignore[arg-type]


def test_paused_time_is_not_decision_time(keys: PipeInput, time: FakeTime) -> None:
    session, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "n\r" + "Her phone is off\r")  # the turn starts at 0
    assert responder.respond(turn) == FacilitatorNote("Her phone is off")
    time.now = 10.0
    keys.send_text(FACILITATOR + "p\r")
    assert responder.respond(turn) == Pause()
    assert responder.watch.paused
    session.apply(Pause(), START)
    time.now = 600.0
    keys.send_text(FACILITATOR + "p\r")
    assert responder.respond(turn) == Resume()
    assert not responder.watch.paused
    time.now = 605.0
    keys.send_text(NO_ACTION)
    assert responder.respond(turn) == Answer((), "", 15.0)


def test_the_prompt_shows_the_clock_state_and_marks_actions_already_taken(
    time: FakeTime,
) -> None:
    session = Session(tiny())
    session.open_next_round(START)
    session.apply(Answer(("report_police_now",)), START)  # reception_es
    session.apply(Answer(()), START)  # police_es
    session.open_next_round(START)  # round 2: police_es, reception_es, police_fr
    session.apply(Answer(()), START)
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "reception_es"
    responder, _ = make(time, {**EVERYONE, "reception_es": "Bo"})
    responder.watch.pause()
    screen = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(pipe, PlainTextOutput(screen)):
        pipe.send_text(NO_ACTION)
        responder.respond(turn)
    drawn = screen.getvalue()
    assert "Reception centre, Spain (Bo): what do you do now?" in drawn
    assert "CLOCK PAUSED" in drawn
    assert "Report her missing to the police now  (done before)" in drawn
    assert "Wait 24 hours in case she comes back  (done before)" not in drawn
    assert "Facilitator controls…" in drawn


def answer_on_screen(responder: LiveResponder, session: Session) -> str:
    """Answer the current turn with no action; what the prompt drew, as plain text."""
    screen = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(pipe, PlainTextOutput(screen)):
        pipe.send_text(NO_ACTION)
        turn = session.current_turn()
        assert turn is not None
        session.apply(responder.respond(turn), START)
    return screen.getvalue()


def test_a_passed_timebox_is_flagged_at_the_prompt(time: FakeTime) -> None:
    session = Session(tiny())
    for response in (Answer(()), Answer(())):
        session.open_next_round(START)
        session.apply(response, START)
    session.open_next_round(START)  # round 2 (timebox 15 min): three roles
    responder, _ = make(time)
    answer_on_screen(responder, session)  # the round's clock starts at 0
    time.now = 14 * 60.0
    assert "TIMEBOX" not in answer_on_screen(responder, session)
    time.now = 15 * 60.0 + 5
    assert "[0:00 · clock running] TIMEBOX PASSED +0:" in answer_on_screen(responder, session)


def test_the_facilitator_skips_a_role(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "s\r")
    assert responder.respond(turn) == Skip()


def test_the_facilitator_releases_a_reserve_inject_which_is_then_shown(
    keys: PipeInput, time: FakeTime
) -> None:
    session, turn = opening_turn()
    responder, screen = make(time)
    keys.send_text(FACILITATOR + "r\r" + "\r")  # the first (only) reserve inject
    response = responder.respond(turn)
    assert response == ReleaseReserve("journalist")
    session.apply(response, START)
    keys.send_text(NO_ACTION)
    responder.respond(session.current_turn())  # type: ignore[arg-type]
    assert "New information · A journalist calls" in screen.getvalue()
    assert "A local journalist asks for her photo." in screen.getvalue()


def test_backing_out_of_a_reserve_inject_releases_nothing(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "r\r" + "\x1b[B\r" + NO_ACTION)  # 'Back', then answer
    assert responder.respond(turn) == Answer((), "", 0.0)


def test_an_empty_facilitator_note_records_nothing(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "n\r" + "\r" + NO_ACTION)
    assert responder.respond(turn) == Answer((), "", 0.0)


def test_ending_the_round_early_asks_first(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "e\r" + "n" + FACILITATOR + "e\r" + "y")
    assert responder.respond(turn) == EndRound()


def test_save_and_quit_stops_the_session(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(FACILITATOR + "q\r")
    assert responder.respond(turn) == Stop("saved")
    assert not responder.interrupted


def test_back_returns_to_the_role_with_its_choices_kept(keys: PipeInput, time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(" " + FACILITATOR + "b\r" + "\r" + "\r")
    assert responder.respond(turn) == Answer(("report_police_now",), "", 0.0)


@pytest.mark.parametrize("typed", ["\x03", " \r\x03"], ids=["at the actions", "at the note"])
def test_ctrl_c_stops_as_interrupted(keys: PipeInput, time: FakeTime, typed: str) -> None:
    _, turn = opening_turn()
    responder, _ = make(time)
    keys.send_text(typed)
    assert responder.respond(turn) == Stop("interrupted")
    assert responder.interrupted


def test_a_role_not_at_the_table_is_skipped_without_asking(time: FakeTime) -> None:
    _, turn = opening_turn()
    responder, _ = make(time, {"police_es": "Ana"})
    assert responder.respond(turn) == Skip()  # no keys: a prompt would wait forever


def test_player_names_are_optional(keys: PipeInput) -> None:
    keys.send_text("y" + "Ana\r" + "\r" + "  Cy \r")
    roles = ["police_es", "reception_es", "police_fr"]
    assert ask_players(tiny(), "en", roles) == {
        "police_es": "Ana",
        "reception_es": "",
        "police_fr": "Cy",
    }
    keys.send_text("n")
    assert ask_players(tiny(), "en", roles) == dict.fromkeys(roles, "")


def debrief(done: tuple[str, ...] = ()) -> tuple[Debrief, list[Event]]:
    console = Console(file=io.StringIO(), color_system=None)
    hot_wash = Debrief(tiny(), "en", EVERYONE, SimulatedClock(START), console, done)
    return hot_wash, []


def test_the_debrief_asks_each_role_not_yet_debriefed(keys: PipeInput) -> None:
    hot_wash, events = debrief(done=("police_es",))
    keys.send_text("Quick report\r" + "Call France sooner\r" + "\r\r")
    hot_wash(Session(tiny()), events.append)
    assert [(e.kind, e.role, e.went_well, e.improve) for e in events] == [
        ("debrief", "reception_es", "Quick report", "Call France sooner"),
        ("debrief", "police_fr", "", ""),
    ]


def test_ctrl_c_in_the_debrief_records_a_stop(keys: PipeInput) -> None:
    hot_wash, events = debrief()
    keys.send_text("Fine\r\r\x03")
    with pytest.raises(KeyboardInterrupt):
        hot_wash(Session(tiny()), events.append)
    assert [e.kind for e in events] == ["debrief", "stop"]
    assert events[-1].reason == "interrupted"


def test_the_stopwatch_leaves_out_paused_time(time: FakeTime) -> None:
    watch = Stopwatch(time)
    time.now = 5.0
    watch.pause()
    time.now = 50.0
    assert watch.active() == 5.0
    watch.resume()
    time.now = 52.0
    assert watch.active() == 7.0
    assert Stopwatch(time, paused=True).active() == 0.0


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (65.9, "1:05"), (3725, "1:02:05"), (-3, "0:00")]
)
def test_clock_text(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


def test_long_action_labels_wrap_instead_of_being_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    label = "Keep him in a room at the police station 'for his protection' until a place is free"
    lines = wrap_choice(label).split("\n")
    assert len(lines) > 1
    drawn = [" » ○ " + lines[0], *lines[1:]]  # continuation lines carry their own indent
    assert all(len(line) < 40 for line in drawn)
    assert all(line.startswith("     ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == label
