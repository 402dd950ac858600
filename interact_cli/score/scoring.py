"""Scoring: a transcript against the steps its case expects. Pure, recomputed every time.

A step is scored only when the team had its chance: its roles were at the table, one of
them answered in its window, the session got past the window, and no answer that could have
met it was left out for not fitting the case. Otherwise it is left out of every total, with
the reason, so a score never blames a team for what it could not do.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from interact_cli.case.model import ExpectedStep, Objective, Scenario
from interact_cli.case.text import LocalText
from interact_cli.i18n import N_
from interact_cli.play.history import Misfit, seated_roles, touched_steps
from interact_cli.record.events import Event, corrected_answers
from interact_cli.record.transcript import Transcript

Status = Literal["on_time", "late", "missed", "not_assessed", "not_reached"]
STATUSES: tuple[Status, ...] = ("on_time", "late", "missed", "not_assessed", "not_reached")
COUNTED: tuple[Status, ...] = ("on_time", "late", "missed")
"""The statuses of assessed, reached steps: the only ones totals and ratings count."""

Reason = Literal["not_at_table", "skipped", "drift"]
REASONS: tuple[Reason, ...] = ("not_at_table", "skipped", "drift")
"""Why a step is not assessed."""

LEFT_OUT: tuple[str, ...] = (*REASONS, "not_reached")
"""Every reason a step is left out of the totals: a not-assessed reason, or not reached."""


@dataclass(slots=True, unsafe_hash=True)
class StepResult:
    """One expected step's outcome in one session. Never changed once made; not frozen, since
    every replay builds one per expected step (a frozen dataclass costs five times as much)."""

    step: ExpectedStep
    status: Status
    done_by: str | None = None
    done_in: str | None = None
    reason: Reason | None = None
    """Why the step is not assessed (only with status `not_assessed`)."""

    @property
    def assessed(self) -> bool:
        """Counted in totals and ratings: assessed and reached."""
        return self.status in COUNTED

    @property
    def outcome(self) -> str:
        """The status, or for a step not assessed, the reason (one of COUNTED or LEFT_OUT)."""
        return self.reason if self.status == "not_assessed" and self.reason else self.status


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


@dataclass(frozen=True)
class Progress:
    """How far a session got: to its end, or into round `number` of `total`."""

    completed: bool
    number: int
    """The last round started, counted from 1 (0 when none started)."""
    total: int
    closed: bool
    """Whether that round ended."""

    @property
    def round_index(self) -> int:
        return self.number - 1

    def reached(self, last_round: int) -> bool:
        """Whether the session got past round index `last_round`."""
        if self.completed:
            return True
        return last_round < self.round_index or (last_round == self.round_index and self.closed)

    @property
    def every_round_played(self) -> bool:
        return self.completed or self.reached(self.total - 1)


Rating = Literal["P", "S", "M", "U"]
RATINGS: dict[Rating, str] = {
    "P": N_("performed without challenges"),
    "S": N_("performed with some challenges"),
    "M": N_("performed with major challenges"),
    "U": N_("unable to be performed"),
}
"""The HSEEP names of the levels: English in machine formats (JSON), `_()` where people read."""
RATING_RULE: dict[Rating, str] = {
    "P": N_(
        "every assessed step of the objective done on time, and none of its harmful actions "
        "(harmed_by) chosen in the session"
    ),
    "S": N_(
        "every assessed step done, some late but no critical step late; or every step on "
        "time while one of its harmful actions (harmed_by) was chosen"
    ),
    "M": N_("an assessed step missed that is not critical, or a critical step done late"),
    "U": N_("an assessed critical step missed, or no assessed step of the objective done at all"),
}
"""How `rate_objective` derives an objective's rating from its steps, worst level first wins.
Only assessed, reached steps count; an objective with none is not rated."""


def rate_objective(steps: Sequence[StepResult], harmed: bool = False) -> Rating | None:
    """The HSEEP four-level rating of one objective in one session (rule: RATING_RULE).

    Trainers already grade exercises on this scale; deriving it from the steps keeps the
    grade reproducible, so a corrected case re-grades old sessions the same way. `harmed`:
    one of the objective's `harmed_by` actions was chosen, which rules out P.
    """
    counted = [result for result in steps if result.assessed]
    if not counted:
        return None
    missed = [result for result in counted if result.status == "missed"]
    late = [result for result in counted if result.status == "late"]
    if len(missed) == len(counted) or any(result.step.critical for result in missed):
        return "U"
    if missed or any(result.step.critical for result in late):
        return "M"
    return "S" if late or harmed else "P"


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    on_time: int
    late: int
    missed: int
    steps: tuple[StepResult, ...] = ()
    harmed: tuple[str, ...] = ()
    """Its `harmed_by` actions chosen in the session."""

    @property
    def rating(self) -> Rating | None:
        return rate_objective(self.steps, bool(self.harmed))

    def count(self, status: Status) -> int:
        return sum(1 for result in self.steps if result.status == status)


@dataclass(frozen=True)
class Assessment:
    case: str
    session: str
    steps: tuple[StepResult, ...]
    harmful: tuple[HarmfulChoice, ...]
    timing_by_role: dict[str, Timing]
    timing_by_round: dict[str, Timing]
    objectives: tuple[ObjectiveResult, ...]
    progress: Progress = Progress(True, 0, 0, True)
    table: tuple[str, ...] = ()
    misfits: tuple[Misfit, ...] = field(default=(), compare=False)

    def count(self, status: Status) -> int:
        return sum(1 for result in self.steps if result.status == status)

    @property
    def assessed(self) -> int:
        """Steps counted in the totals: assessed and reached."""
        return sum(1 for result in self.steps if result.assessed)

    def left_out(self) -> dict[str, int]:
        """Steps left out of the totals, by reason (LEFT_OUT), zeros included."""
        counts = dict.fromkeys(LEFT_OUT, 0)
        for result in self.steps:
            if not result.assessed:
                counts[result.outcome] += 1
        return counts


def assess(
    scenario: Scenario, transcript: Transcript, misfits: Sequence[Misfit] = ()
) -> Assessment:
    """Each expected step on time, late, missed, not assessed or not reached; harmful
    choices; decision times.

    `transcript` holds only what fits the case (a replayed session); `misfits` are what the
    history check left out of it, whose steps are not assessed. A facilitator's correction
    replaces the answer it names, so the corrected choice counts.
    """
    index = scenario.round_index
    answers = sorted(
        (event for event in corrected_answers(transcript.events) if event.round in index),
        key=lambda event: index[event.round or ""],
    )
    progress = progress_of(scenario, transcript)
    table = seated_roles(scenario, transcript.header)
    met = _meet(scenario, answers)
    touched = touched_steps(scenario, misfits)
    turns: dict[str, set[int]] = {}
    by_role: dict[str, list[float]] = {role.id: [] for role in scenario.roles}
    by_round: dict[str, list[float]] = {round_.id: [] for round_ in scenario.rounds}
    for answer in answers:
        role, round_id, seconds = answer.role or "", answer.round or "", answer.seconds or 0.0
        turns.setdefault(role, set()).add(index[round_id])
        if role in by_role:
            by_role[role].append(seconds)
        by_round[round_id].append(seconds)
    seated = frozenset(table)
    steps = tuple(
        _judge(step, window, met, touched, seated, progress, turns)
        for step, window in zip(scenario.expected_steps, scenario.step_windows, strict=True)
    )
    harmful = _harmful(scenario, answers)
    chosen = {choice.action for choice in harmful}
    return Assessment(
        case=scenario.id,
        session=transcript.header.session,
        steps=steps,
        harmful=harmful,
        timing_by_role={role: Timing.of(seconds) for role, seconds in by_role.items()},
        timing_by_round={round_id: Timing.of(seconds) for round_id, seconds in by_round.items()},
        objectives=tuple(
            _objective(objective, tuple(steps[i] for i in positions), chosen)
            for objective, positions in zip(
                scenario.objectives, scenario.objective_steps, strict=True
            )
        ),
        progress=progress,
        table=table,
        misfits=tuple(misfits),
    )


def progress_of(scenario: Scenario, transcript: Transcript) -> Progress:
    """How far the session got, from its round starts and ends."""
    number, closed = 0, False
    for event in transcript.events:
        index = scenario.round_index.get(event.round or "")
        if index is None:
            continue
        if event.kind == "round_start":
            number, closed = index + 1, False
        elif event.kind == "round_end" and index + 1 == number:
            closed = True
    return Progress(transcript.end is not None, number, len(scenario.rounds), closed)


Met = dict[str, tuple[Status, str, str]]
"""Step id -> (on_time or late, the role that met it, the round it was met in)."""


def _meet(scenario: Scenario, answers: Sequence[Event]) -> Met:
    """Which choice meets which step: one choice meets at most one step.

    A choice of an action by a role meets the open step for that action and role with the
    earliest due round (case order on a tie), so two steps on one action need two choices.
    A step is open from the round that declares it to its `until` (or the last round).
    """
    met: Met = {}
    steps, windows = scenario.expected_steps, scenario.step_windows
    by_action = scenario.steps_by_action
    for answer in answers:
        index = scenario.round_index[answer.round or ""]
        for action in answer.actions:
            best: tuple[int, int] | None = None  # (due, position) of the step it meets
            for position in by_action.get(action, ()):
                step = steps[position]
                opens, due, closes = windows[position]
                if (
                    step.id not in met
                    and answer.role in step.roles
                    and opens <= index <= closes
                    and (best is None or due < best[0])
                ):
                    best = (due, position)
            if best is None:
                continue
            due, position = best
            status: Status = "on_time" if index <= due else "late"
            met[steps[position].id] = (status, answer.role or "", answer.round or "")
    return met


def _judge(
    step: ExpectedStep,
    window: tuple[int, int, int],
    met: Met,
    touched: frozenset[str],
    table: frozenset[str],
    progress: Progress,
    turns: dict[str, set[int]],
) -> StepResult:
    """`window`: the step's (opens, due, closes) round indexes; `turns`: the rounds (case
    indexes) in which each role answered."""
    if step.id in touched:
        return StepResult(step, "not_assessed", reason="drift")
    if step.id in met:
        status, role, round_id = met[step.id]
        return StepResult(step, status, role, round_id)
    seated = [role for role in step.roles if role in table]
    if not seated:
        return StepResult(step, "not_assessed", reason="not_at_table")
    opens, _, closes = window
    if not progress.reached(closes):
        return StepResult(step, "not_reached")
    had_a_turn = any(opens <= index <= closes for role in seated for index in turns.get(role, ()))
    if not had_a_turn:
        return StepResult(step, "not_assessed", reason="skipped")
    return StepResult(step, "missed")


def _harmful(scenario: Scenario, answers: Sequence[Event]) -> tuple[HarmfulChoice, ...]:
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


def _objective(
    objective: Objective, mine: tuple[StepResult, ...], chosen: set[str]
) -> ObjectiveResult:
    """`mine`: the results of the objective's steps; `chosen`: the harmful actions chosen."""
    return ObjectiveResult(
        objective,
        on_time=sum(1 for r in mine if r.status == "on_time"),
        late=sum(1 for r in mine if r.status == "late"),
        missed=sum(1 for r in mine if r.status == "missed"),
        steps=mine,
        harmed=tuple(action for action in objective.harmed_by if action in chosen),
    )
