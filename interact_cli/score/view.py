"""The aggregate as plain data: the documented JSON shape, which every other format renders.

One dictionary feeds the JSON, Markdown, HTML and terminal reports, so they never disagree.
The shape is documented in docs/replay-format.md; `format` names its version.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from interact_cli.case.model import Scenario
from interact_cli.i18n import _
from interact_cli.score.aggregate import (
    FATAL_PROBLEMS,
    NOT_RATED,
    OUTCOMES,
    Aggregate,
    CaseTally,
    Histogram,
    SessionRow,
    SpooledRows,
)
from interact_cli.score.batch import Filters
from interact_cli.score.scoring import LEFT_OUT, RATING_RULE, RATINGS, REASONS, Rating

REPLAY_FORMAT = "interact-replay/2"
LEVELS: tuple[Rating, ...] = ("P", "S", "M", "U")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _counts(tally: list[int]) -> dict[str, Any]:
    """Counted steps (assessed and reached) with the missed share of them, and the steps
    left out with their reasons."""
    counts = dict(zip(OUTCOMES, tally, strict=True))
    assessed = counts["on_time"] + counts["late"] + counts["missed"]
    return {
        "on_time": counts["on_time"],
        "late": counts["late"],
        "missed": counts["missed"],
        "assessed": assessed,
        "missed_share": _share(counts["missed"], assessed),
        "not_assessed": sum(counts[reason] for reason in REASONS),
        "not_reached": counts["not_reached"],
        "left_out": {reason: counts[reason] for reason in LEFT_OUT},
    }


def _sum(tallies: list[list[int]]) -> list[int]:
    total = [0] * len(OUTCOMES)
    for tally in tallies:
        total = [a + b for a, b in zip(total, tally, strict=True)]
    return total


def programme_rating(counts: dict[str, int]) -> Rating | None:
    """The median session's rating; with an even count, the worse of the two middle ones."""
    ordered = [level for level in LEVELS for _ in range(counts.get(level, 0))]
    return ordered[len(ordered) // 2] if ordered else None


def _round_at(scenario: Scenario, index: float | None, lang: str | None) -> dict[str, Any] | None:
    if index is None:
        return None
    round_ = scenario.rounds[int(index)]
    return {"round": round_.id, "clock": round_.clock.get(lang)}


def _scenario_time(scenario: Scenario, done_in: Histogram, lang: str | None) -> dict[str, Any]:
    """In which round (and so at what time in the story) a step was done, when it was."""
    counts = sorted(done_in.counts.items())
    return {
        "median": _round_at(scenario, done_in.quantile(0.5), lang),
        "p90": _round_at(scenario, done_in.quantile(0.9), lang),
        "rounds": [
            {**(_round_at(scenario, index, lang) or {}), "sessions": count}
            for index, count in counts
        ],
    }


def _steps(tally: CaseTally, scenario: Scenario, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for index, step in enumerate(scenario.expected_steps):
        action = scenario.action_by_id.get(step.action)
        opens = scenario.rounds[scenario.round_index[step.opens]]
        due = scenario.rounds[scenario.round_index[step.due]]
        counts = _counts(tally.steps[index])
        rows.append(
            {
                "id": step.id,
                "action": step.action,
                "label": action.label.get(lang) if action else step.action,
                "roles": list(step.roles),
                "round": step.opens,
                "round_clock": opens.clock.get(lang),
                "due": step.due,
                "due_clock": due.clock.get(lang),
                "until": step.until,
                "critical": step.critical,
                "ref": step.ref,
                "sessions": counts["assessed"],
                **counts,
                "late_share": _share(counts["late"], counts["assessed"]),
                "scenario_time": _scenario_time(scenario, tally.done_in[index], lang),
            }
        )
    return rows


def _objectives(tally: CaseTally, scenario: Scenario, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for index, objective in enumerate(scenario.objectives):
        counts = {level: tally.ratings[index].get(level, 0) for level in LEVELS}
        rating = programme_rating(counts)
        rows.append(
            {
                "id": objective.id,
                "title": objective.title.get(lang),
                "steps": list(objective.steps),
                "harmed_by": list(objective.harmed_by),
                "ratings": counts,
                "not_rated": tally.ratings[index].get(NOT_RATED, 0),
                "rating": rating,
                "rating_label": RATINGS[rating] if rating else None,
            }
        )
    return rows


def _harmful(tally: CaseTally, scenario: Scenario, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for action in scenario.harmful_actions:
        made_by = [
            {"role": role, "round": round_id, "times": count}
            for (action_id, role, round_id), count in sorted(
                tally.harmful_times.items(),
                key=lambda item: (scenario.round_index.get(item[0][2], -1), item[0]),
            )
            if action_id == action.id
        ]
        if not made_by:
            continue
        by_role: dict[str, int] = {}
        for made in made_by:
            by_role[made["role"]] = by_role.get(made["role"], 0) + made["times"]
        rows.append(
            {
                "action": action.id,
                "label": action.label.get(lang),
                "why": action.harmful.get(lang) if action.harmful else "",
                "ref": action.ref,
                "times": sum(by_role.values()),
                "sessions": tally.harmful_sessions[action.id],
                "session_share": _share(tally.harmful_sessions[action.id], tally.sessions),
                "by_role": dict(sorted(by_role.items())),
                "made_by": made_by,
            }
        )
    return sorted(rows, key=lambda row: (-row["times"], row["action"]))


def _roles(tally: CaseTally, scenario: Scenario, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for role in scenario.roles:
        decisions = tally.decisions[role.id]
        rows.append(
            {
                "id": role.id,
                "name": role.name.get(lang),
                "agency": role.agency,
                "country": role.country,
                **_counts(tally.roles[role.id]),
                "decision_seconds": {
                    "answers": decisions.n,
                    "median": decisions.median(),
                    "p90": decisions.quantile(0.9),
                },
            }
        )
    return rows


def _case(tally: CaseTally, scenario: Scenario, lang: str | None) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title.get(lang),
        "version": scenario.version,
        "sha256": scenario.sha256,
        "sessions": tally.sessions,
        "completed": tally.completed,
        "dry_runs": tally.dry_runs,
        "case_changed": tally.changed,
        "drifted": tally.drifted,
        "left_out": _counts(_sum(tally.steps))["left_out"],
        "recorded_versions": dict(sorted(tally.versions.items())),
        "rounds": [
            {"id": r.id, "title": r.title.get(lang), "clock": r.clock.get(lang)}
            for r in scenario.rounds
        ],
        "steps": _steps(tally, scenario, lang),
        "objectives": _objectives(tally, scenario, lang),
        "harmful": _harmful(tally, scenario, lang),
        "roles": _roles(tally, scenario, lang),
        "recall": _recall(tally, scenario, lang),
    }


def _recall(tally: CaseTally, scenario: Scenario, lang: str | None) -> list[dict[str, Any]]:
    """Per round, how many answers were given in the roles' own words, with a few examples."""
    return [
        {
            "round": round_.id,
            "title": round_.title.get(lang),
            "answers": tally.recalled[round_.id],
            "examples": [
                {"session": session, "role": role, "said": said}
                for session, role, said in tally.recall_examples.get(round_.id, [])
            ],
        }
        for round_ in scenario.rounds
        if tally.recalled[round_.id]
    ]


def _gaps(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every step some session missed or did late, the most missed first."""
    rows = []
    for case in cases:
        for order, step in enumerate(case["steps"]):
            if step["missed"] or step["late"]:
                rows.append({"case": case["id"], "order": order, **step})
    rows.sort(
        key=lambda row: (
            -row["missed_share"],
            -row["missed"],
            -row["late_share"],
            not row["critical"],
            row["case"],
            row["order"],
        )
    )
    return [
        {key: value for key, value in row.items() if key not in ("order", "scenario_time")}
        for row in rows
    ]


def _session(row: SessionRow) -> dict[str, Any]:
    counts = _counts(list(row.outcomes))
    return {
        "file": row.file,
        "session": row.session,
        "case": row.case,
        "started": row.started,
        "tag": row.tag,
        "mode": row.mode,
        "dry_run": row.dry_run,
        "completed": row.completed,
        "stopped_in": row.stopped_in,
        "drift": row.drift,
        **{key: counts[key] for key in ("assessed", "on_time", "late", "missed")},
        "not_assessed": counts["not_assessed"],
        "not_reached": counts["not_reached"],
    }


class SessionList:
    """The list of sessions of a report, read a session at a time from where the aggregate
    spooled it (in file order), so that writing the JSON report holds no list of them."""

    def __init__(self, rows: SpooledRows) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (_session(row) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _sessions(rows: list[SessionRow] | SpooledRows) -> list[dict[str, Any]] | SessionList:
    if isinstance(rows, list):
        return [_session(row) for row in sorted(rows, key=lambda r: r.file)]
    return SessionList(rows)


def json_pieces(report: dict[str, Any]) -> Iterator[str]:
    """The report as `json.dumps(report, indent=2, ensure_ascii=False)` writes it, in pieces:
    a `SessionList` of sessions is written one session at a time, never held whole."""
    sessions = report.get("sessions")
    if not isinstance(sessions, SessionList):
        yield json.dumps(report, indent=2, ensure_ascii=False)
        return
    marker = f"sessions-{secrets.token_hex(16)}"
    head, tail = json.dumps({**report, "sessions": marker}, indent=2, ensure_ascii=False).split(
        json.dumps(marker), 1
    )
    yield head
    if not len(sessions):
        yield "[]"
    else:
        yield "["
        for number, session in enumerate(sessions):
            text = json.dumps(session, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            yield ("\n    " if number == 0 else ",\n    ") + text
        yield "\n  ]"
    yield tail


def _by(name: str, tallies: dict[str, list[int]]) -> list[dict[str, Any]]:
    rows = [{name: key, **_counts(tally)} for key, tally in tallies.items()]
    return sorted(rows, key=lambda row: (-row["missed_share"], -row["missed"], row[name]))


def aggregate_dict(
    aggregate: Aggregate, scenarios: Mapping[str, Scenario], filters: Filters, lang: str | None
) -> dict[str, Any]:
    """The whole aggregate in its documented JSON shape (docs/replay-format.md).

    `scenarios` holds the current case of each case id counted (the one sessions were
    scored against), for labels, guidance and round clocks.
    """
    cases = [
        _case(aggregate.cases[case_id], scenarios[case_id], lang)
        for case_id in sorted(aggregate.cases)
    ]
    steps = _sum([step for tally in aggregate.cases.values() for step in tally.steps])
    counts = _counts(steps)
    problems = aggregate.sorted_problems()
    tallies = aggregate.cases.values()
    return {
        "format": REPLAY_FORMAT,
        "filters": {
            "case": filters.case,
            "tag": filters.tag,
            "since": filters.since.isoformat() if filters.since else None,
            "include_dry_runs": filters.include_dry_runs,
        },
        "totals": {
            "files": aggregate.files,
            "sessions": aggregate.sessions,
            "filtered_out": aggregate.filtered,
            "dry_runs_left_out": aggregate.dry_runs_left_out,
            "dry_runs": sum(tally.dry_runs for tally in tallies),
            "clean": aggregate.files
            - aggregate.filtered
            - aggregate.dry_runs_left_out
            - aggregate.with_problems,
            "with_problems": aggregate.with_problems,
            "unreadable": aggregate.failed,
            "completed": sum(tally.completed for tally in tallies),
            "drifted": sum(tally.drifted for tally in tallies),
            "expected_steps": sum(steps),
            "assessed": counts["assessed"],
            "on_time": counts["on_time"],
            "late": counts["late"],
            "missed": counts["missed"],
            "not_assessed": counts["not_assessed"],
            "not_reached": counts["not_reached"],
            "left_out": counts["left_out"],
            "harmful": sum(sum(t.harmful_times.values()) for t in tallies),
        },
        "problems": [
            {
                "file": path,
                "kind": problem.kind,
                "fatal": problem.kind in FATAL_PROBLEMS,
                "message": problem.message,
            }
            for path, problem in problems
        ],
        "rating_levels": dict(RATINGS),
        "rating_rule": {level: _(rule) for level, rule in RATING_RULE.items()},
        "cases": cases,
        "sessions": _sessions(aggregate.rows),
        "gaps": _gaps(cases),
        "agencies": _by("agency", aggregate.agencies),
        "countries": _by("country", aggregate.countries),
        "tags": [{"tag": tag, "sessions": n} for tag, n in sorted(aggregate.tags.items())],
        "months": [{"month": m, "sessions": n} for m, n in sorted(aggregate.months.items())],
    }
