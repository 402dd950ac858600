"""Tallies across many replayed sessions: pure, incremental, and independent of their order.

Each session arrives as a small `SessionStats` (never a whole transcript), and the tallies
are counters, so memory does not grow with the number of sessions; the JSON report's list of
sessions, one short `SessionRow` each, goes to a temporary file (`SpooledRows`). Decision
times go into 0.1-second histograms for the same reason: a median from them is exact to 0.1 s.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from interact_cli.case.model import Scenario
from interact_cli.play.history import is_dry_run, is_paper
from interact_cli.record.events import corrected_answers
from interact_cli.record.transcript import Transcript
from interact_cli.score.scoring import COUNTED, LEFT_OUT, Assessment, Rating

ProblemKind = str
"""`unreadable`, `no_case`, `case_changed`, `drift`, `unplayed` or `torn`; the first two
stop a file."""

OUTCOMES: tuple[str, ...] = (*COUNTED, *LEFT_OUT)
"""What a step came to in one session: a counted status, or why it was left out. Every
tally below is a list of counts in this order."""

FATAL_PROBLEMS = ("unreadable", "no_case")
RECALL_EXAMPLES = 5
"""Recalled answers kept per round as examples (the first by session id): bounded memory."""


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    message: str


@dataclass(frozen=True)
class SessionStats:
    """What the aggregate needs of one scored session, small enough to pass between processes."""

    case: str
    session: str
    started: str
    tag: str
    case_version: str
    completed: bool
    players: tuple[tuple[str, str], ...]
    steps: tuple[tuple[str, str | None, str | None], ...]
    """Per expected step, in case order: its outcome (OUTCOMES), the role that did it, the
    round it was done in."""
    harmful: tuple[tuple[str, str, str], ...]
    """(action, role, round) of each harmful choice."""
    answers: tuple[tuple[str, float], ...]
    """(role, seconds to decide) of each answer."""
    ratings: tuple[Rating | None, ...]
    """Per objective, in case order; None when none of its steps was assessed."""
    mode: str = "live"
    dry_run: bool = False
    stopped_in: str | None = None
    """The round an unfinished session stopped in; None when it was finished."""
    drift: int = 0
    """How many recorded events (or actions) did not fit the case and were left out."""
    table: tuple[str, ...] = ()
    """The roles at the table (empty: every role)."""
    said: tuple[tuple[str, str, str], ...] = ()
    """(round, role, text) of each answer a role gave in its own words before its checklist."""

    @property
    def month(self) -> str:
        return self.started[:7]


@dataclass(frozen=True)
class FileResult:
    """One transcript file's outcome: scored (with any problems), filtered out, or failed."""

    path: str
    problems: tuple[Problem, ...] = ()
    stats: SessionStats | None = None
    filtered: bool = False
    dry_run_left_out: bool = False
    """A dry-run, left out because the batch counts only sessions played by teams."""

    @property
    def failed(self) -> bool:
        return self.stats is None and not self.filtered and not self.dry_run_left_out


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One counted session in the report's list: who played it, how far, how it scored.

    Kept for every session of a batch, so it holds only what the list shows (slots: about
    330 bytes a session, 3 MB for 10,000)."""

    file: str
    session: str
    case: str
    started: str
    tag: str
    mode: str
    dry_run: bool
    completed: bool
    stopped_in: str | None
    drift: int
    outcomes: tuple[int, ...]
    """How many of its expected steps came to each of OUTCOMES."""

    @classmethod
    def of(cls, file: str, stats: SessionStats) -> SessionRow:
        counts = Counter(outcome for outcome, _, _ in stats.steps)
        return cls(
            file,
            stats.session,
            stats.case,
            stats.started,
            stats.tag,
            stats.mode,
            stats.dry_run,
            stats.completed,
            stats.stopped_in,
            stats.drift,
            tuple(counts[outcome] for outcome in OUTCOMES),
        )

    def as_list(self) -> list[object]:
        return [
            self.file,
            self.session,
            self.case,
            self.started,
            self.tag,
            self.mode,
            self.dry_run,
            self.completed,
            self.stopped_in,
            self.drift,
            list(self.outcomes),
        ]

    @classmethod
    def from_list(cls, values: list[Any]) -> SessionRow:
        *first, outcomes = values
        return cls(*first, tuple(outcomes))


class SpooledRows:
    """The report's list of sessions kept in a temporary file, one line per session, in the
    order they come (the order of the files), so memory does not grow with a programme's size:
    a `SessionRow` is about 330 bytes, 33 MB for 100,000 sessions, and the JSON report is
    written from here a row at a time. The file is readable by its owner only, and deleted
    when closed."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self._count = 0

    def append(self, row: SessionRow) -> None:
        self._file.write(json.dumps(row.as_list(), ensure_ascii=False) + "\n")
        self._count += 1

    def extend(self, rows: Iterable[SessionRow]) -> None:
        for row in rows:
            self.append(row)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[SessionRow]:
        self._file.seek(0)
        for line in self._file:
            yield SessionRow.from_list(json.loads(line))
        self._file.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SpooledRows:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def session_stats(assessment: Assessment, transcript: Transcript, completed: bool) -> SessionStats:
    header = transcript.header
    started_rounds = [event.round for event in transcript.events if event.kind == "round_start"]
    return SessionStats(
        case=assessment.case,
        session=header.session,
        started=header.started.isoformat(),
        tag=header.tag,
        case_version=header.case_version,
        completed=completed,
        players=tuple(sorted(header.players.items())),
        steps=tuple((r.outcome, r.done_by, r.done_in) for r in assessment.steps),
        harmful=tuple((c.action, c.role, c.round) for c in assessment.harmful),
        answers=()
        if is_paper(header)  # answers on paper were not timed: no decision times
        else tuple(
            (event.role or "", event.seconds or 0.0)
            for event in transcript.events
            if event.kind == "answer"
        ),
        ratings=tuple(result.rating for result in assessment.objectives),
        mode=header.mode,
        dry_run=is_dry_run(header),
        stopped_in=started_rounds[-1] if started_rounds and not completed else None,
        drift=len(assessment.misfits),
        table=assessment.table,
        said=tuple(
            (event.round or "", event.role or "", event.said)
            for event in corrected_answers(transcript.events)
            if event.said
        ),
    )


class Histogram:
    """Counts of values at a fixed resolution: quantiles in bounded memory."""

    def __init__(self, resolution: float = 0.1) -> None:
        self.resolution = resolution
        self.counts: Counter[int] = Counter()
        self.n = 0

    def add(self, value: float) -> None:
        self.counts[round(value / self.resolution)] += 1
        self.n += 1

    def merge(self, other: Histogram) -> None:
        self.counts.update(other.counts)
        self.n += other.n

    def _kth(self, k: int) -> float:
        seen = 0
        for key in sorted(self.counts):
            seen += self.counts[key]
            if seen > k:
                return round(key * self.resolution, 6)
        raise IndexError(k)

    def median(self) -> float | None:
        """As `statistics.median`: the middle value, or the mean of the two middle ones."""
        if not self.n:
            return None
        middle = self.n // 2
        if self.n % 2:
            return self._kth(middle)
        return round((self._kth(middle - 1) + self._kth(middle)) / 2, 6)

    def quantile(self, q: float) -> float | None:
        """Nearest-rank quantile: the smallest value with at least q of the values at or below."""
        if not self.n:
            return None
        return self._kth(max(math.ceil(q * self.n), 1) - 1)


def _tally() -> list[int]:
    return [0] * len(OUTCOMES)


_INDEX: dict[str, int] = {outcome: index for index, outcome in enumerate(OUTCOMES)}
_DONE = (_INDEX["on_time"], _INDEX["late"])
NOT_RATED = "not_rated"
"""The ratings key of sessions in which none of an objective's steps was assessed."""


def _count(tallies: dict[str, list[int]], key: str, slot: int) -> None:
    counts = tallies.get(key)
    if counts is None:
        counts = tallies[key] = _tally()
    counts[slot] += 1


def _add(into: list[int], more: list[int]) -> None:
    for index, value in enumerate(more):
        into[index] += value


@dataclass
class CaseTally:
    """Everything counted for one case across its sessions (the case itself is not kept)."""

    case: str
    steps: list[list[int]]
    done_in: list[Histogram]
    """Per step: the index of the round it was done in, when it was done."""
    roles: dict[str, list[int]]
    decisions: dict[str, Histogram]
    ratings: list[Counter[str]]
    sessions: int = 0
    completed: int = 0
    changed: int = 0
    drifted: int = 0
    dry_runs: int = 0
    harmful_times: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """Times each harmful action was chosen, by (action, role, round)."""
    harmful_sessions: Counter[str] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)
    recalled: Counter[str] = field(default_factory=Counter)
    """Answers given in the roles' own words, by round."""
    recall_examples: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    """Per round, up to RECALL_EXAMPLES (session, role, text), the first by session id, so
    the examples do not depend on the order sessions were counted in."""

    def add_recalled(self, round_id: str, examples: list[tuple[str, str, str]]) -> None:
        kept = self.recall_examples.setdefault(round_id, [])
        kept.extend(examples)
        kept.sort()
        del kept[RECALL_EXAMPLES:]

    @classmethod
    def of(cls, scenario: Scenario) -> CaseTally:
        steps = len(scenario.expected_steps)
        return cls(
            case=scenario.id,
            steps=[_tally() for _ in range(steps)],
            done_in=[Histogram(1) for _ in range(steps)],
            roles={role.id: _tally() for role in scenario.roles},
            decisions={role.id: Histogram() for role in scenario.roles},
            ratings=[Counter() for _ in scenario.objectives],
        )

    def merge(self, other: CaseTally) -> None:
        for mine, theirs in zip(self.steps, other.steps, strict=True):
            _add(mine, theirs)
        for histogram, more in zip(self.done_in, other.done_in, strict=True):
            histogram.merge(more)
        for role, counts in other.roles.items():
            _add(self.roles[role], counts)
        for role, histogram in other.decisions.items():
            self.decisions[role].merge(histogram)
        for counter, more in zip(self.ratings, other.ratings, strict=True):
            counter.update(more)
        self.sessions += other.sessions
        self.completed += other.completed
        self.changed += other.changed
        self.drifted += other.drifted
        self.dry_runs += other.dry_runs
        self.harmful_times.update(other.harmful_times)
        self.harmful_sessions.update(other.harmful_sessions)
        self.versions.update(other.versions)
        self.recalled.update(other.recalled)
        for round_id, examples in other.recall_examples.items():
            self.add_recalled(round_id, examples)


class Aggregate:
    """The running totals of a batch replay; `add` files and `merge` partial totals, in any
    order: the result is the same."""

    def __init__(self, rows: SpooledRows | None = None, keep_rows: bool = True) -> None:
        """`rows`: where the list of sessions goes (a list in memory by default);
        `keep_rows`: whether to keep it at all (only the JSON report lists the sessions)."""
        self.cases: dict[str, CaseTally] = {}
        self.files = 0
        self.filtered = 0
        self.dry_runs_left_out = 0
        self.failed = 0
        self.with_problems = 0
        self.problems: list[tuple[str, Problem]] = []
        self.tags: Counter[str] = Counter()
        self.months: Counter[str] = Counter()
        self.agencies: dict[str, list[int]] = {}
        self.countries: dict[str, list[int]] = {}
        self.rows: list[SessionRow] | SpooledRows = rows if rows is not None else []
        """One short row per session counted, for the report's list of sessions."""
        self.keep_rows = keep_rows

    @property
    def sessions(self) -> int:
        return sum(tally.sessions for tally in self.cases.values())

    def add(self, result: FileResult, scenario: Scenario | None) -> None:
        """Count one file; `scenario` is the current case of a scored session."""
        self.files += 1
        self.problems.extend((result.path, problem) for problem in result.problems)
        if result.filtered:
            self.filtered += 1
            return
        if result.dry_run_left_out:
            self.dry_runs_left_out += 1
            return
        if result.problems:
            self.with_problems += 1
        if result.stats is None or scenario is None:
            self.failed += 1
            return
        self._add_session(result.stats, scenario, {p.kind for p in result.problems})
        if self.keep_rows:
            self.rows.append(SessionRow.of(result.path, result.stats))

    def merge(self, other: Aggregate) -> None:
        """Add the totals of another batch (a worker's share) to these."""
        for case, tally in other.cases.items():
            if case in self.cases:
                self.cases[case].merge(tally)
            else:
                self.cases[case] = tally
        self.files += other.files
        self.filtered += other.filtered
        self.dry_runs_left_out += other.dry_runs_left_out
        self.failed += other.failed
        self.with_problems += other.with_problems
        self.problems += other.problems
        if self.keep_rows:
            self.rows.extend(other.rows)
        self.tags.update(other.tags)
        self.months.update(other.months)
        for mine, theirs in ((self.agencies, other.agencies), (self.countries, other.countries)):
            for key, counts in theirs.items():
                _add(mine.setdefault(key, _tally()), counts)

    def sorted_problems(self) -> list[tuple[str, Problem]]:
        """Problems by file; a file's own stay in the order they were found (a stable sort)."""
        return sorted(self.problems, key=lambda item: item[0])

    def _add_session(self, stats: SessionStats, scenario: Scenario, kinds: set[str]) -> None:
        tally = self.cases.get(scenario.id)
        if tally is None:
            tally = self.cases[scenario.id] = CaseTally.of(scenario)
        tally.sessions += 1
        tally.completed += stats.completed
        tally.changed += "case_changed" in kinds
        tally.drifted += "drift" in kinds
        tally.dry_runs += stats.dry_run
        tally.versions[stats.case_version] += 1
        self.tags[stats.tag] += 1
        self.months[stats.month] += 1
        layout = _layout(scenario)
        for index, (outcome, done_by, done_in) in enumerate(stats.steps):
            slot = _INDEX[outcome]
            tally.steps[index][slot] += 1
            if slot in _DONE:
                tally.done_in[index].add(layout.round_index.get(done_in or "", 0))
                roles, agencies, countries = layout.done.get(done_by or "", ((), (), ()))
            elif slot == _INDEX["missed"]:
                roles, agencies, countries = layout.missed_at(index, stats.table)
            else:
                roles, agencies, countries = layout.missed[index]
            for role_id in roles:
                tally.roles[role_id][slot] += 1
            for agency in agencies:
                _count(self.agencies, agency, slot)
            for country in countries:
                _count(self.countries, country, slot)
        for choice in stats.harmful:
            tally.harmful_times[choice] += 1
        for action in {choice[0] for choice in stats.harmful}:
            tally.harmful_sessions[action] += 1
        for role, seconds in stats.answers:
            if role in tally.decisions:
                tally.decisions[role].add(seconds)
        for index, rating in enumerate(stats.ratings):
            tally.ratings[index][rating or NOT_RATED] += 1
        for round_id, role, text in stats.said:
            tally.recalled[round_id] += 1
            tally.add_recalled(round_id, [(stats.session, role, text)])


Owners = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""Roles, agencies and countries a step's result counts for."""


@dataclass(frozen=True)
class _Layout:
    """Lookups worked out once per case rather than once per session."""

    missed: tuple[Owners, ...]
    """Per step: a step left out counts for every role that could have done it."""
    done: dict[str, Owners]
    """Per role: a step done counts for the role that did it."""
    round_index: dict[str, int]
    step_roles: tuple[tuple[str, ...], ...]
    _at_table: dict[tuple[int, tuple[str, ...]], Owners] = field(default_factory=dict)

    def missed_at(self, index: int, table: tuple[str, ...]) -> Owners:
        """A missed step counts against every role that could have done it and was at the
        table: a role that never had a turn missed nothing."""
        roles = self.step_roles[index]
        if not table or all(role in table for role in roles):
            return self.missed[index]
        key = (index, table)
        if key not in self._at_table:
            seated = [self.done[role] for role in roles if role in table and role in self.done]
            self._at_table[key] = (
                tuple(owner[0][0] for owner in seated),
                tuple(sorted({agency for owner in seated for agency in owner[1]})),
                tuple(sorted({country for owner in seated for country in owner[2]})),
            )
        return self._at_table[key]


_LAYOUTS: dict[int, tuple[weakref.ref[Scenario], _Layout]] = {}


def _layout(scenario: Scenario) -> _Layout:
    cached = _LAYOUTS.get(id(scenario))
    if cached is not None and cached[0]() is scenario:
        return cached[1]

    def owners(role_ids: Iterable[str]) -> Owners:
        roles = [
            scenario.role_by_id[r] for r in dict.fromkeys(role_ids) if r in scenario.role_by_id
        ]
        return (
            tuple(role.id for role in roles),
            tuple(sorted({role.agency for role in roles})),
            tuple(sorted({role.country for role in roles})),
        )

    layout = _Layout(
        missed=tuple(owners(step.roles) for step in scenario.expected_steps),
        done={role.id: owners([role.id]) for role in scenario.roles},
        round_index=dict(scenario.round_index),
        step_roles=tuple(step.roles for step in scenario.expected_steps),
    )
    _LAYOUTS[id(scenario)] = (weakref.ref(scenario), layout)
    return layout
