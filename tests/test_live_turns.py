"""A role's turn in live play, headless: the control entry and Ctrl-F never record an answer,
"no action" is confirmed, the choice limit is enforced, recall comes first, the facilitator
corrects the previous answer, and menus come in the session's neutral order.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from rich.console import Console

from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.live.prompts import Debrief, LiveResponder
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import Answer, Correct, Session, Skip, Turn
from interact_cli.play.stopwatch import Stopwatch
from interact_cli.record.events import Event
from tests.helpers import DATA, DOWN, NO_ACTION, START, ticks, tiny

CTRL_F = "\x06"
CONTROL_ENTRY = "\x1b[A\r"  # up from the first action wraps to the control entry; enter
EVERYONE = {"reception_es": "", "police_es": "", "police_fr": ""}


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def tiny_with(tmp_path: Path, line: str) -> Scenario:
    """The tiny case with one more top-level line, such as `choices = 1`."""
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    path = tmp_path / "tiny.toml"
    path.write_text(text.replace('countries = ["ES", "FR"]', f'countries = ["ES", "FR"]\n{line}'))
    return load_scenario(path)


def first_turn(scenario: Scenario, seed: int | None = None) -> tuple[Session, Turn]:
    """Round 1: reception_es first (report now, wait 24h), then police_es."""
    session = Session(scenario, menu_seed=seed)
    session.open_next_round(START)
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "reception_es"
    return session, turn


def responder(
    scenario: Scenario, recall: bool = False, screen: io.StringIO | None = None
) -> LiveResponder:
    console = Console(file=screen or io.StringIO(), width=100, color_system=None)
    everyone = {role.id: "" for role in scenario.roles}
    return LiveResponder(scenario, "en", everyone, Stopwatch(lambda: 0.0), console, recall=recall)


def drawn(respond: LiveResponder, turn: Turn, typed: str) -> tuple[object, str]:
    """The response to `typed`, and everything the prompts drew, as plain text."""
    screen = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(pipe, PlainTextOutput(screen)):
        pipe.send_text(typed)
        response = respond.respond(turn)
    return response, screen.getvalue()


def test_enter_on_the_control_entry_opens_the_controls_and_records_nothing(
    keys: PipeInput,
) -> None:
    _, turn = first_turn(tiny())
    # Tick the first action, Enter on the control entry, 'Back', then confirm the ticks kept.
    keys.send_text(" " + CONTROL_ENTRY + "b\r" + "\r" + "\r")
    assert responder(tiny()).respond(turn) == Answer(("report_police_now",), "", 0.0)


def test_the_control_entry_is_no_tick_box() -> None:
    _, turn = first_turn(tiny())
    # Space on the entry ticks nothing, Enter opens the controls; skip the role.
    response, screen = drawn(responder(tiny()), turn, "\x1b[A \r" + "s\r")
    assert response == Skip()
    assert "○ Facilitator" not in screen and "● Facilitator" not in screen
    assert "Facilitator controls…" in screen


def test_ctrl_f_opens_the_controls_at_the_note_prompt_too(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    keys.send_text(" \r" + "half a no" + CTRL_F + "b\r" + "\r" + "te\r")
    # Back from the controls: the checklist with its tick, then the note as it was typed.
    assert responder(tiny()).respond(turn) == Answer(("report_police_now",), "half a note", 0.0)


def test_no_action_needs_a_confirmation(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    keys.send_text("\r" + "n" + " \r" + "\r")  # nothing ticked: "No action?" no; tick; enter
    assert responder(tiny()).respond(turn) == Answer(("report_police_now",), "", 0.0)
    _, turn = first_turn(tiny())
    response, screen = drawn(responder(tiny()), turn, NO_ACTION)
    assert response == Answer((), "", 0.0)
    assert "No action this round for Reception centre, Spain?" in screen


def test_a_submission_over_the_choice_limit_is_refused_saying_how_many(
    tmp_path: Path,
) -> None:
    scenario = tiny_with(tmp_path, "choices = 1")
    _, turn = first_turn(scenario)
    assert turn.limit == 1
    # Tick both, Enter is refused; untick the second, Enter goes through. (The refusal's
    # message is drawn between keys, which a pipe does not do: the pexpect test reads it.)
    response, screen = drawn(responder(scenario), turn, " " + DOWN + " \r" + " \r" + "\r")
    assert response == Answer(("report_police_now",), "", 0.0)
    assert "(space: tick, at most 1 · enter: confirm · ctrl-f: facilitator)" in screen


def test_tick_all_and_invert_do_nothing(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    keys.send_text("ai" + NO_ACTION)
    assert responder(tiny()).respond(turn) == Answer((), "", 0.0)


def test_recall_comes_first_and_is_saved_as_said(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    keys.send_text("Call the police at once\r" + " \r" + "\r")
    answer = responder(tiny(), recall=True).respond(turn)
    assert answer == Answer(("report_police_now",), "", 0.0, "Call the police at once")


def test_recall_may_be_empty_and_survives_a_visit_to_the_controls(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    keys.send_text("\r" + NO_ACTION)
    assert responder(tiny(), recall=True).respond(turn) == Answer((), "", 0.0, "")
    keys.send_text("Search the" + CTRL_F + "b\r" + " building\r" + NO_ACTION)
    answer = responder(tiny(), recall=True).respond(turn)
    assert answer == Answer((), "", 0.0, "Search the building")


def test_recall_is_asked_once_per_turn(keys: PipeInput) -> None:
    _, turn = first_turn(tiny())
    live = responder(tiny(), recall=True)
    keys.send_text("Report it\r" + CTRL_F + "b\r" + NO_ACTION)  # back at the checklist
    assert live.respond(turn) == Answer((), "", 0.0, "Report it")


def test_the_facilitator_corrects_the_previous_answer_of_the_round(keys: PipeInput) -> None:
    scenario = tiny()
    session, turn = first_turn(scenario)
    session.apply(Answer(("wait_24h",), "we wait", 10.0, "wait and see"), START)
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "police_es"
    assert turn.previous is not None and turn.previous.role == "reception_es"
    # Controls, correct: the checklist of reception_es with 'wait_24h' ticked (case order:
    # report now, wait 24h); tick the first, untick the second; keep the note, add to it.
    keys.send_text(CTRL_F + "c\r" + " " + DOWN + " \r" + " (corrected)\r")
    correction = responder(scenario).respond(turn)
    assert correction == Correct("reception_es", ("report_police_now",), "we wait (corrected)")
    [event] = session.apply(correction, START)
    assert (event.kind, event.role, event.actions) == (
        "correction",
        "reception_es",
        ("report_police_now",),
    )
    assert session.given[0].actions == ("report_police_now",)
    assert session.given[0].said == "wait and see"


def test_no_correction_is_offered_before_anyone_answered_in_the_round() -> None:
    _, turn = first_turn(tiny())
    _, screen = drawn(responder(tiny()), turn, CTRL_F + "s\r")
    assert "Correct the previous answer" not in screen


def test_a_correction_left_with_ctrl_f_changes_nothing(keys: PipeInput) -> None:
    session, _ = first_turn(tiny())
    session.apply(Answer(("wait_24h",)), START)
    turn = session.current_turn()
    assert turn is not None
    keys.send_text(CTRL_F + "c\r" + CTRL_F + NO_ACTION)  # cancelled: back to police_es
    assert responder(tiny()).respond(turn) == Answer((), "", 0.0)


def test_the_checklist_shows_the_menu_in_the_sessions_order(tmp_path: Path) -> None:
    scenario = tiny_with(tmp_path, "")
    session = Session(scenario, menu_seed=11)
    for _ in range(2):  # round 1: two roles answer nothing
        session.open_next_round(START)
        session.apply(Answer(()), START)
    session.open_next_round(START)  # round 2: police_es first
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "police_es"
    order = [a.label.get("en") for a in ordered_menu(scenario, 11, "r2", "police_es")]
    assert [a.label.get("en") for a in turn.menu] == order
    _, screen = drawn(responder(scenario), turn, NO_ACTION)
    first_draw = screen[: screen.index("Facilitator controls")]
    assert sorted(order, key=first_draw.index) == order


def test_the_debrief_shows_what_each_role_said_beside_what_it_chose() -> None:
    scenario = tiny()
    session = Session(scenario, menu_seed=3)
    session.open_next_round(START)
    session.apply(Answer(("wait_24h", "report_police_now"), "", 5.0, "Tell the police"), START)
    session.apply(Answer((), "", 5.0, ""), START)
    screen = io.StringIO()
    console = Console(file=screen, width=120, color_system=None)
    debrief = Debrief(scenario, "en", EVERYONE, SimulatedClock(START), console)
    events: list[Event] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("\r\r" * 3)
        debrief(session, events.append)
    shown = screen.getvalue()
    assert "Tell the police" in shown
    order = [a.label.get("en") for a in ordered_menu(scenario, 3, "r1", "reception_es")]
    assert sorted(order, key=shown.index) == order  # chosen, in the order the menu showed
    assert "no action" in shown  # police_es answered with nothing


def test_keys_for_a_seeded_menu_tick_the_right_actions(keys: PipeInput) -> None:
    """The test helper itself: whatever the order, `ticks` chooses by id."""
    for seed in range(1, 6):
        _, turn = first_turn(tiny(), seed)
        keys.send_text(ticks(tiny(), seed, "r1", "reception_es", "wait_24h") + "\r")
        assert responder(tiny()).respond(turn) == Answer(("wait_24h",), "", 0.0)


def test_a_role_offered_nothing_this_round_answers_with_no_action(tmp_path: Path) -> None:
    text = (DATA / "menus.toml").read_text(encoding="utf-8")
    path = tmp_path / "menus.toml"
    path.write_text(
        text.replace(
            'label = "Write the call down in the log"',
            ('label = "Write the call down in the log"\nfrom = "r2"'),
        )
    )
    scenario = load_scenario(path)
    session = Session(scenario)
    session.open_next_round(START)
    session.apply(Answer(()), START)  # the shelter
    turn = session.current_turn()
    assert turn is not None and turn.role.id == "police" and turn.menu == ()
    screen = io.StringIO()
    live = responder(scenario, recall=True, screen=screen)
    response, _ = drawn(live, turn, "Wait for news\r" + "\r")  # recall, then the note
    assert response == Answer((), "", 0.0, "Wait for news")
    assert "Nothing is offered to Police this round." in screen.getvalue()
