"""Scoring: on time, late or missed by the right role; harmful choices; decision times."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from interact_cli.case.model import ExpectedStep, Scenario
from interact_cli.play.engine import Answer, Response, Skip, Stop, Turn
from interact_cli.play.responders import IdealResponder, IdleResponder
from interact_cli.score.scoring import Status, StepResult, assess, rate_objective
from interact_cli.score.session import score_session
from tests.helpers import AtTheTable, play_into, tiny, twice


def step(status: Status, critical: bool = False) -> StepResult:
    return StepResult(ExpectedStep("s", "a", ("r",), "r1", "r1", critical, ""), status)


def rename_action(scenario: Scenario, old: str, new: str) -> Scenario:
    """The case with action `old` renamed `new`, in the menu and in the steps that expect it."""
    actions = tuple(
        dataclasses.replace(action, id=new) if action.id == old else action
        for action in scenario.actions
    )
    rounds = tuple(
        dataclasses.replace(
            round_,
            expect=tuple(
                dataclasses.replace(s, action=new) if s.action == old else s for s in round_.expect
            ),
        )
        for round_ in scenario.rounds
    )
    return dataclasses.replace(scenario, actions=actions, rounds=rounds)


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


# Statuses beyond on time, late and missed: what the team had no chance at is left out.


def twice_statuses(
    tmp_path: Path,
    plan: dict[tuple[str, str], list[Response]],
    table: tuple[str, ...] | None = None,
) -> dict[str, tuple[str, str | None]]:
    """Step id -> (status, reason) of a session of the `twice` case played by `plan`."""
    scenario = twice()
    played = play_into(scenario, AtTheTable(plan, table), tmp_path, table=table)
    return {r.step.id: (r.status, r.reason) for r in assess(scenario, played.transcript).steps}


def test_a_step_whose_roles_were_not_at_the_table_is_not_assessed(tmp_path: Path) -> None:
    result = twice_statuses(tmp_path, {}, table=("reception_es", "police_es"))
    assert result["visit_child"] == ("not_assessed", "not_at_table")
    # reception_es was at the table: a step it shares with the guardian is assessed.
    assert result["report_first"] == ("missed", None)


def test_a_step_whose_roles_were_skipped_in_every_round_of_its_window_is_not_assessed(
    tmp_path: Path,
) -> None:
    skipped = {(f"r{n}", "guardian_es"): [Skip()] for n in range(1, 5)}
    result = twice_statuses(tmp_path, skipped)
    assert result["visit_child"] == ("not_assessed", "skipped")
    # skipped in r2 only, it answered (with nothing) in r3: it had its chance, and missed.
    result = twice_statuses(tmp_path, {("r2", "guardian_es"): [Skip()]})
    assert result["visit_child"] == ("missed", None)


def test_a_step_whose_window_the_session_never_ended_is_not_reached(tmp_path: Path) -> None:
    stopped_in_r3 = {("r3", "reception_es"): [Stop("saved")]}
    result = twice_statuses(tmp_path, stopped_in_r3)
    assert result["report_first"] == ("missed", None)  # its window closed in r2
    assert result["report_second"] == ("not_reached", None)
    assert result["safe_check"] == ("not_reached", None)
    assert result["visit_child"] == ("not_reached", None)  # open to the last round


def test_a_step_met_before_the_session_stopped_still_counts(tmp_path: Path) -> None:
    plan = {
        ("r3", "reception_es"): [Answer(("report_police",), "", 5.0)],
        ("r3", "guardian_es"): [Stop("saved")],
    }
    assert twice_statuses(tmp_path, plan)["report_second"] == ("on_time", None)


def test_after_until_a_step_can_no_longer_be_met_so_it_is_missed_not_late(
    tmp_path: Path,
) -> None:
    in_r2 = twice_statuses(tmp_path, {("r2", "reception_es"): [Answer(("report_police",))]})
    assert in_r2["report_first"] == ("late", None)  # due r1, until r2: late in r2
    # In r3 the choice cannot meet report_first any more; it meets the second report.
    in_r3 = twice_statuses(tmp_path, {("r3", "reception_es"): [Answer(("report_police",))]})
    assert in_r3["report_first"] == ("missed", None)
    assert in_r3["report_second"] == ("on_time", None)


def test_one_choice_meets_one_step_the_open_one_due_first(tmp_path: Path) -> None:
    scenario = twice()
    later = dataclasses.replace(
        scenario,
        rounds=tuple(
            dataclasses.replace(
                round_,
                expect=tuple(dataclasses.replace(step, until=None) for step in round_.expect),
            )
            for round_ in scenario.rounds
        ),
    )
    once = AtTheTable({("r3", "guardian_es"): [Answer(("report_police",))]})
    played = play_into(later, once, tmp_path)
    result = {r.step.id: r for r in assess(later, played.transcript).steps}
    # Without `until`, the r3 report meets the first report, due first, late; not both.
    assert (result["report_first"].status, result["report_first"].done_by) == (
        "late",
        "guardian_es",
    )
    assert result["report_second"].status == "missed"
    both = AtTheTable(
        {
            ("r3", "guardian_es"): [Answer(("report_police",))],
            ("r3", "reception_es"): [Answer(("report_police",))],
        }
    )
    result = {
        r.step.id: r.status
        for r in assess(later, play_into(later, both, tmp_path).transcript).steps
    }
    assert (result["report_first"], result["report_second"]) == ("late", "on_time")


def test_a_harmful_action_of_the_objective_rules_out_p(tmp_path: Path) -> None:
    scenario = twice()
    every_step = {
        ("r1", "reception_es"): [Answer(("report_police",))],
        ("r1", "police_es"): [Answer(("sis_alert",))],
        ("r3", "guardian_es"): [Answer(("report_police",))],
    }
    clean = assess(scenario, play_into(scenario, AtTheTable(every_step), tmp_path).transcript)
    assert clean.objectives[0].rating == "P"
    harmed = dict(every_step)
    harmed[("r2", "reception_es")] = [Answer(("wait_24h",))]
    assessment = assess(scenario, play_into(scenario, AtTheTable(harmed), tmp_path).transcript)
    report = assessment.objectives[0]
    assert [r.status for r in report.steps] == ["on_time"] * 3
    assert report.harmed == ("wait_24h",) and report.rating == "S"


def test_ratings_count_only_assessed_steps_and_none_assessed_is_not_rated(tmp_path: Path) -> None:
    scenario = twice()
    plan = {("r2", "police_es"): [Answer(("sis_alert",))], ("r3", "police_es"): [Stop()]}
    table = ("reception_es", "police_es")
    played = play_into(scenario, AtTheTable(plan, table), tmp_path, table=table)
    report, care = assess(scenario, played.transcript).objectives
    # report_first missed (critical, window closed), sis_alert on time, report_second not
    # reached: rated on the two assessed steps only.
    assert [r.status for r in report.steps] == ["missed", "on_time", "not_reached"]
    assert report.rating == "U"
    # visit_child: guardian not at the table; safe_check: not reached. Nothing to rate.
    assert care.rating is None
    assert rate_objective([step("not_assessed"), step("not_reached")]) is None
    assert rate_objective([step("on_time"), step("not_reached", critical=True)]) == "P"


def test_a_drifted_answer_leaves_the_steps_it_could_meet_unassessed(tmp_path: Path) -> None:
    scenario = twice()
    plan = {("r1", "police_es"): [Answer(("sis_alert",))]}
    recorded = play_into(scenario, AtTheTable(plan), tmp_path).transcript
    renamed = rename_action(scenario, "sis_alert", "sis_missing_alert")
    scored = score_session(renamed, recorded)
    result = {r.step.id: (r.status, r.reason) for r in scored.assessment.steps}
    assert result["sis_alert"] == ("not_assessed", "drift")  # never "missed"
    assert result["safe_check"] == ("missed", None)  # police_es's, but not open in r1
    assert [m.action for m in scored.replayed.misfits] == ["sis_alert"]
