"""Replaying one transcript through the engine: same answers, same verdict; drift is named."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.play.engine import (
    Answer,
    EndRound,
    FacilitatorNote,
    Pause,
    ReleaseReserve,
    Response,
    Resume,
    Stop,
    Turn,
)
from interact_cli.play.replayer import replay_session
from interact_cli.play.responders import RandomResponder
from interact_cli.record.transcript import load_transcript
from interact_cli.score.scoring import assess
from tests.helpers import play_into, tiny


class Plan:
    """Scripted responses per (round, role), as a list for several in a row."""

    def __init__(self, plan: dict[tuple[str, str], list[Response]]) -> None:
        self.plan = {key: list(value) for key, value in plan.items()}

    def respond(self, turn: Turn) -> Response:
        queue = self.plan.get((turn.round.id, turn.role.id))
        return queue.pop(0) if queue else Answer((), "", 12.5)


def answers(events: tuple) -> list[tuple]:  # type: ignore[type-arg]
    return [(e.round, e.role, e.actions, e.seconds) for e in events if e.kind == "answer"]


def test_replaying_an_unchanged_case_gives_the_same_answers_and_verdict(tmp_path: Path) -> None:
    scenario = tiny()
    for seed in range(5):
        recorded = load_transcript(play_into(scenario, RandomResponder(seed), tmp_path).path)
        replayed = replay_session(scenario, recorded.transcript)
        assert replayed.drift == () and replayed.outcome == "completed"
        assert answers(replayed.transcript.events) == answers(recorded.transcript.events)
        assert assess(scenario, replayed.transcript) == assess(scenario, recorded.transcript)


def test_facilitator_controls_are_replayed_in_order(tmp_path: Path) -> None:
    scenario = tiny()
    plan = Plan(
        {
            ("r1", "reception_es"): [
                FacilitatorNote("call the shelter"),
                Pause(),
                Resume(),
                ReleaseReserve("journalist"),
                Answer(("report_police_now",), "at once", 30.0),
            ],
            ("r2", "police_es"): [EndRound()],
        }
    )
    recorded = play_into(scenario, plan, tmp_path).transcript
    replayed = replay_session(scenario, recorded)
    kinds = [(e.kind, e.round, e.role, e.reason) for e in replayed.transcript.events]
    assert kinds == [(e.kind, e.round, e.role, e.reason) for e in recorded.events]
    assert replayed.drift == ()


def test_a_stopped_session_stops_at_the_same_place(tmp_path: Path) -> None:
    scenario = tiny()
    plan = Plan({("r2", "police_fr"): [Stop("saved")]})
    recorded = play_into(scenario, plan, tmp_path).transcript
    replayed = replay_session(scenario, recorded)
    assert replayed.outcome == "stopped" and replayed.drift == ()
    assert answers(replayed.transcript.events) == answers(recorded.events)


def test_a_transcript_cut_by_a_crash_replays_up_to_the_cut(tmp_path: Path) -> None:
    scenario = tiny()
    recorded = play_into(scenario, RandomResponder(1), tmp_path).transcript
    answer_indexes = [i for i, e in enumerate(recorded.events) if e.kind == "answer"]
    cut = dataclasses.replace(recorded, events=recorded.events[: answer_indexes[3] + 1], end=None)
    replayed = replay_session(scenario, cut)
    assert replayed.outcome == "stopped" and replayed.drift == ()
    assert answers(replayed.transcript.events) == answers(cut.events)


def edited(scenario: Scenario, **changes: object) -> Scenario:
    return dataclasses.replace(scenario, **changes)  # type: ignore[arg-type]


def test_an_action_the_case_no_longer_has_is_drift_and_not_scored(tmp_path: Path) -> None:
    scenario = tiny()
    plan = Plan({("r2", "police_es"): [Answer(("sis_alert", "wait_24h"), "", 20.0)]})
    recorded = play_into(scenario, plan, tmp_path).transcript
    now = edited(scenario, actions=tuple(a for a in scenario.actions if a.id != "wait_24h"))
    replayed = replay_session(now, recorded)
    assert replayed.outcome == "completed"
    assert any("'wait_24h'" in line and "r2" in line for line in replayed.drift)
    r2 = [e for e in replayed.transcript.events if e.kind == "answer" and e.role == "police_es"]
    assert r2[1].actions == ("sis_alert",)


def test_a_round_the_case_no_longer_has_is_drift(tmp_path: Path) -> None:
    scenario = tiny()
    recorded = play_into(scenario, RandomResponder(2), tmp_path).transcript
    now = edited(
        scenario,
        rounds=scenario.rounds[:2],
        objectives=(),
    )
    replayed = replay_session(now, recorded)
    assert any("round 'r3' is no longer in the case" in line for line in replayed.drift)
    assert replayed.outcome == "completed"


def test_a_role_added_to_a_round_is_skipped_and_named(tmp_path: Path) -> None:
    scenario = tiny()
    recorded = play_into(scenario, RandomResponder(3), tmp_path).transcript
    first = dataclasses.replace(scenario.rounds[0], roles=(*scenario.rounds[0].roles, "police_fr"))
    now = edited(scenario, rounds=(first, *scenario.rounds[1:]))
    replayed = replay_session(now, recorded)
    assert replayed.drift == ()  # nothing recorded is out of place: the case grew
    assert replayed.unplayed == (
        "round 'r1': role 'police_fr' now plays this round; it has no recorded answer",
    )
    assert any(e.kind == "skip" and e.role == "police_fr" for e in replayed.transcript.events)
