"""The round engine: rounds in order, conditional injects, one answer per role, restorable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interact_cli.errors import ResponseError
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import (
    Answer,
    EndRound,
    FacilitatorNote,
    ReleaseReserve,
    Response,
    Session,
    Skip,
    Stop,
    Turn,
    run,
)
from interact_cli.record.events import Event
from tests.helpers import tiny


class Scripted:
    """Gives the queued responses for each (round, role) in turn, then an empty answer."""

    def __init__(self, plan: dict[tuple[str, str], list[Response]]) -> None:
        self.plan = plan
        self.turns: list[tuple[str, str]] = []

    def respond(self, turn: Turn) -> Response:
        self.turns.append((turn.round.id, turn.role.id))
        queue = self.plan.get((turn.round.id, turn.role.id), [])
        return queue.pop(0) if queue else Answer((), "", 10.0)


def play(plan: dict[tuple[str, str], list[Response]]) -> tuple[list[Event], Scripted, str]:
    events: list[Event] = []
    responder = Scripted(plan)
    clock = SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC))
    outcome = run(Session(tiny()), responder, events.append, clock)
    return events, responder, outcome


def test_rounds_are_played_in_order_asking_each_playing_role_once() -> None:
    events, responder, outcome = play({})
    assert outcome == "completed"
    assert responder.turns == [
        ("r1", "reception_es"),
        ("r1", "police_es"),
        ("r2", "police_es"),
        ("r2", "reception_es"),
        ("r2", "police_fr"),
        ("r3", "police_fr"),
    ]
    starts = [e.round for e in events if e.kind == "round_start"]
    assert starts == ["r1", "r2", "r3"]
    assert [e.kind for e in events][-1] == "round_end"


def test_missed_condition_releases_its_inject_and_done_condition_waits() -> None:
    events, _, _ = play({})
    released = [e.inject for e in events if e.kind == "inject"]
    assert released == ["no_report"]


def test_done_condition_releases_inject_after_the_action() -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "reception_es"): [Answer(("report_police_now",), "", 5)],
        ("r2", "police_es"): [Answer(("sis_alert",), "", 5)],
    }
    events, _, _ = play(plan)
    assert [e.inject for e in events if e.kind == "inject"] == ["hit"]


def test_clock_is_injected_and_advances_by_decision_seconds() -> None:
    events, _, _ = play({("r1", "reception_es"): [Answer((), "", 90)]})
    answers = [e for e in events if e.kind == "answer"]
    assert answers[0].at == datetime(2026, 1, 1, 0, 1, 30, tzinfo=UTC)
    assert answers[0].seconds == 90.0


def test_controls_become_events_and_the_same_role_is_asked_again() -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "reception_es"): [
            FacilitatorNote("good discussion"),
            ReleaseReserve("journalist"),
            Answer(("wait_24h",), "try calling her", 20),
        ],
        ("r2", "police_es"): [Skip()],
        ("r2", "reception_es"): [EndRound()],
    }
    events, responder, _ = play(plan)
    kinds = [(e.kind, e.round, e.role) for e in events if e.kind in ("note", "inject", "skip")]
    assert ("note", "r1", None) in kinds
    assert ("skip", "r2", "police_es") in kinds
    assert ("r2", "police_fr") not in responder.turns  # the round was ended early
    ended = [e.reason for e in events if e.kind == "round_end"]
    assert ended == ["completed", "ended_early", "completed"]


def test_an_action_outside_the_role_menu_is_refused() -> None:
    with pytest.raises(ResponseError, match="cannot choose action 'sis_alert'"):
        play({("r1", "reception_es"): [Answer(("sis_alert",), "", 5)]})


def test_a_session_rebuilt_from_its_events_continues_where_it_stopped() -> None:
    plan: dict[tuple[str, str], list[Response]] = {("r2", "reception_es"): [Stop("saved")]}
    events, _, outcome = play(plan)
    assert outcome == "stopped"
    resumed: list[Event] = []
    responder = Scripted({})
    clock = SimulatedClock(datetime(2026, 1, 2, tzinfo=UTC))
    assert run(Session(tiny(), events), responder, resumed.append, clock) == "completed"
    assert responder.turns[0] == ("r2", "reception_es")
    full, _, _ = play({})
    strip = [(e.kind, e.round, e.role, e.actions) for e in full]
    both = [(e.kind, e.round, e.role, e.actions) for e in events + resumed if e.kind != "stop"]
    assert both == strip
