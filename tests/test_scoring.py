"""Scoring: on time, late or missed by the right role; harmful choices; decision times."""

from __future__ import annotations

from pathlib import Path

from interact_cli.play.engine import Answer, Response, Turn
from interact_cli.play.responders import IdealResponder, IdleResponder
from interact_cli.score.scoring import assess
from tests.helpers import play_into, tiny


class Plan:
    def __init__(self, answers: dict[tuple[str, str], Answer]) -> None:
        self.answers = answers

    def respond(self, turn: Turn) -> Response:
        return self.answers.get((turn.round.id, turn.role.id), Answer((), "", 10.0))


def statuses(tmp_path: Path, answers: dict[tuple[str, str], Answer]) -> dict[str, str]:
    scenario = tiny()
    played = play_into(scenario, Plan(answers), tmp_path)
    return {r.step.id: r.status for r in assess(scenario, played.transcript).steps}


def test_ideal_run_is_all_on_time_and_idle_all_missed(tmp_path: Path) -> None:
    scenario = tiny()
    ideal = assess(scenario, play_into(scenario, IdealResponder(scenario), tmp_path).transcript)
    idle = assess(scenario, play_into(scenario, IdleResponder(), tmp_path).transcript)
    assert [r.status for r in ideal.steps] == ["on_time"] * 3 and not ideal.harmful
    assert [r.status for r in idle.steps] == ["missed"] * 3


def test_a_step_done_after_its_due_round_is_late(tmp_path: Path) -> None:
    result = statuses(tmp_path, {("r2", "reception_es"): Answer(("report_police_now",))})
    assert result["report_police_now"] == "late"


def test_a_step_shared_by_several_roles_is_met_by_any_one_of_them(tmp_path: Path) -> None:
    by_france = statuses(tmp_path, {("r3", "police_fr"): Answer(("sis_alert",))})
    assert by_france["sis_alert"] == "on_time"


def test_a_step_done_before_it_opens_does_not_count(tmp_path: Path) -> None:
    # sis_alert in r1 by police_es: before the step opens (r2), so it does not count.
    result = statuses(tmp_path, {("r1", "police_es"): Answer(("sis_alert",))})
    assert result["sis_alert"] == "missed"


def test_harmful_choices_carry_their_explanation(tmp_path: Path) -> None:
    scenario = tiny()
    responder = Plan({("r1", "police_es"): Answer(("wait_24h",))})
    assessment = assess(scenario, play_into(scenario, responder, tmp_path).transcript)
    assert [(h.action, h.role, h.round) for h in assessment.harmful] == [
        ("wait_24h", "police_es", "r1")
    ]
    assert "first hours matter most" in assessment.harmful[0].why.get("en")


def test_timing_per_role_counts_answers_total_and_median(tmp_path: Path) -> None:
    scenario = tiny()
    responder = Plan(
        {("r1", "police_es"): Answer((), "", 30.0), ("r2", "police_es"): Answer((), "", 90.0)}
    )
    timing = assess(scenario, play_into(scenario, responder, tmp_path).transcript).timing_by_role
    assert (timing["police_es"].answers, timing["police_es"].total_seconds) == (2, 120.0)
    assert timing["police_es"].median_seconds == 60.0
    assert timing["police_fr"].answers == 2
