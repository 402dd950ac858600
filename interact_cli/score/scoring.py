"""Scoring: a transcript against the steps its case expects. Pure, recomputed every time."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from interact_cli.case.model import ExpectedStep, Objective, Scenario
from interact_cli.case.text import LocalText
from interact_cli.record.events import Event
from interact_cli.record.transcript import Transcript

Status = Literal["on_time", "late", "missed"]
STATUSES: tuple[Status, ...] = ("on_time", "late", "missed")


@dataclass(frozen=True)
class StepResult:
    step: ExpectedStep
    status: Status
    done_by: str | None = None
    done_in: str | None = None


@dataclass(frozen=True)
class HarmfulChoice:
    action: str
    role: str
    round: str
    why: LocalText
    ref: str | None


@dataclass(frozen=True)
class Timing:
    """Decision time over a set of answers (a role's, or a round's)."""

    answers: int
    total_seconds: float
    median_seconds: float | None

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Timing:
        values = list(seconds)
        median = statistics.median(values) if values else None
        return cls(len(values), round(sum(values), 3), median)


Rating = Literal["P", "S", "M", "U"]
RATINGS: dict[Rating, str] = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}
RATING_RULE: dict[Rating, str] = {
    "P": "every step of the objective done on time",
    "S": "every step done, some late, but no critical step late",
    "M": "a step missed that is not critical, or a critical step done late",
    "U": "a critical step missed, or no step of the objective done at all",
}
"""How `rate_objective` derives an objective's rating from its steps, worst level first wins."""


def rate_objective(steps: Sequence[StepResult]) -> Rating | None:
    """The HSEEP four-level rating of one objective in one session (rule: RATING_RULE).

    Trainers already grade exercises on this scale; deriving it from the steps keeps the
    grade reproducible, so a corrected case re-grades old sessions the same way.
    """
    if not steps:
        return None
    missed = [result for result in steps if result.status == "missed"]
    late = [result for result in steps if result.status == "late"]
    if len(missed) == len(steps) or any(result.step.critical for result in missed):
        return "U"
    if missed or any(result.step.critical for result in late):
        return "M"
    return "S" if late else "P"


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    on_time: int
    late: int
    missed: int
    steps: tuple[StepResult, ...] = ()

    @property
    def rating(self) -> Rating | None:
        return rate_objective(self.steps)


@dataclass(frozen=True)
class Assessment:
    case: str
    session: str
    steps: tuple[StepResult, ...]
    harmful: tuple[HarmfulChoice, ...]
    timing_by_role: dict[str, Timing]
    timing_by_round: dict[str, Timing]
    objectives: tuple[ObjectiveResult, ...]

    def count(self, status: Status) -> int:
        return sum(1 for result in self.steps if result.status == status)


def assess(scenario: Scenario, transcript: Transcript) -> Assessment:
    """Each expected step on time, late or missed; harmful choices; decision times."""
    answers = [
        event
        for event in transcript.events
        if event.kind == "answer" and event.round in scenario.round_index
    ]
    steps = tuple(_judge(scenario, step, answers) for step in scenario.expected_steps)
    return Assessment(
        case=scenario.id,
        session=transcript.header.session,
        steps=steps,
        harmful=_harmful(scenario, answers),
        timing_by_role={
            role.id: Timing.of(e.seconds or 0.0 for e in answers if e.role == role.id)
            for role in scenario.roles
        },
        timing_by_round={
            round_.id: Timing.of(e.seconds or 0.0 for e in answers if e.round == round_.id)
            for round_ in scenario.rounds
        },
        objectives=tuple(_objective(objective, steps) for objective in scenario.objectives),
    )


def _judge(scenario: Scenario, step: ExpectedStep, answers: list[Event]) -> StepResult:
    opens = scenario.round_index[step.opens]
    due = scenario.round_index[step.due]
    for answer in answers:
        index = scenario.round_index[answer.round or ""]
        if index >= opens and answer.role in step.roles and step.action in answer.actions:
            status: Status = "on_time" if index <= due else "late"
            return StepResult(step, status, answer.role, answer.round)
    return StepResult(step, "missed")


def _harmful(scenario: Scenario, answers: list[Event]) -> tuple[HarmfulChoice, ...]:
    found = []
    for answer in answers:
        for action_id in answer.actions:
            action = scenario.action_by_id.get(action_id)
            if action is not None and action.harmful is not None:
                found.append(
                    HarmfulChoice(
                        action_id, answer.role or "", answer.round or "", action.harmful, action.ref
                    )
                )
    return tuple(found)


def _objective(objective: Objective, steps: tuple[StepResult, ...]) -> ObjectiveResult:
    mine = [result for result in steps if result.step.id in objective.steps]
    return ObjectiveResult(
        objective,
        on_time=sum(1 for r in mine if r.status == "on_time"),
        late=sum(1 for r in mine if r.status == "late"),
        missed=sum(1 for r in mine if r.status == "missed"),
        steps=tuple(mine),
    )
