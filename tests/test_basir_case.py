"""The "Basir" case enforces by its structure what it teaches about order: the child is heard
before anyone decides his future, and each decision comes after the step it depends on."""

from __future__ import annotations

import pytest

from interact_cli.case.catalog import bundled_dir
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.play.engine import Answer, Response, Turn
from interact_cli.play.responders import IdealResponder, ScriptedResponder
from interact_cli.play.script import load_script
from interact_cli.record.events import Event
from interact_cli.score.scoring import assess
from tests.helpers import play_in_memory

BEFORE = [
    ("hear_child_se", "bid_joint"),  # the god man hears him before the best-interests decision
    ("hear_child_it", "bid_joint"),  # so has the Italian guardian, on arrival
    ("central_authorities_it", "bid_joint"),  # the courts are in contact before it
    ("asylum_claim_se", "take_responsibility_se"),  # a claim is lodged before responsibility
    ("return_interview", "update_plan"),  # the plan acts on what the interview shows
]


@pytest.fixture(scope="module")
def basir() -> Scenario:
    return load_scenario(bundled_dir() / "basir.toml")


def rounds_offering(case: Scenario, action_id: str) -> list[int]:
    """Indexes of the rounds in which some role at that round can choose the action."""
    return [
        index
        for index, round_ in enumerate(case.rounds)
        if any(action_id in case.menu_ids(round_.id, role) for role in round_.roles)
    ]


@pytest.mark.parametrize(("first", "then"), BEFORE, ids=lambda pair: str(pair))
def test_no_menu_offers_a_decision_before_the_round_of_what_it_depends_on_is_over(
    basir: Scenario, first: str, then: str
) -> None:
    assert max(rounds_offering(basir, first)) < min(rounds_offering(basir, then))


def test_the_hearing_counts_only_before_the_decision(basir: Scenario) -> None:
    hearing = next(step for step in basir.expected_steps if step.action == "hear_child_se")
    decision = next(step for step in basir.expected_steps if step.action == "bid_joint")
    assert hearing.until is not None
    assert basir.round_index[hearing.until] < basir.round_index[decision.opens]


class IdealButTheHearing:
    """Plays every step on time except the god man's hearing."""

    def __init__(self, case: Scenario) -> None:
        self.ideal = IdealResponder(case)

    def respond(self, turn: Turn) -> Response:
        answer = self.ideal.respond(turn)
        assert isinstance(answer, Answer)
        kept = tuple(action for action in answer.actions if action != "hear_child_se")
        return Answer(kept, answer.note, answer.seconds)


def released_in(events: tuple[Event, ...], round_id: str) -> set[str | None]:
    return {event.inject for event in events if event.kind == "inject" and event.round == round_id}


def test_a_team_that_decides_without_hearing_him_misses_the_step_and_sees_why(
    basir: Scenario,
) -> None:
    transcript = play_in_memory(basir, IdealButTheHearing(basir), "no-hearing")
    assessment = assess(basir, transcript)
    assert assessment.count("missed") == 1 and assessment.count("late") == 0
    decision_round = basir.rounds[min(rounds_offering(basir, "bid_joint"))].id
    assert "not_heard" in released_in(transcript.events, decision_round)
    ideal = play_in_memory(basir, IdealResponder(basir), "ideal")
    assert "not_heard" not in released_in(ideal.events, decision_round)


def test_the_demo_team_is_plausible_and_imperfect_within_the_choice_limits(
    basir: Scenario,
) -> None:
    script = load_script(bundled_dir() / "scripts" / "basir-demo.toml", basir)
    transcript = play_in_memory(basir, ScriptedResponder(script), "script:basir-demo")
    assessment = assess(basir, transcript)
    on_time, late, missed = (assessment.count(s) for s in ("on_time", "late", "missed"))
    assert on_time + late + missed == len(basir.expected_steps)
    assert on_time > len(basir.expected_steps) // 2 and late >= 1 and missed >= 1
    assert 1 <= len(assessment.harmful) <= 5
    for event in transcript.events:
        if event.kind == "answer":
            limit = basir.choice_limit(event.round or "")
            assert limit is None or len(event.actions) <= limit, (event.round, event.role)
