"""One CSV row per session and expected step, written as results arrive, for spreadsheets.

Rows are streamed rather than collected, so a programme of any size fits in memory.
"""

from __future__ import annotations

import csv
from typing import IO

from interact_cli.case.model import Scenario
from interact_cli.plain_text import printable
from interact_cli.score.aggregate import FileResult
from interact_cli.score.scoring import REASONS

COLUMNS = (
    "file",
    "session",
    "case",
    "recorded_version",
    "case_version",
    "started",
    "month",
    "tag",
    "mode",
    "dry_run",
    "completed",
    "stopped_in",
    "step",
    "action",
    "roles",
    "critical",
    "round",
    "due",
    "status",
    "reason",
    "done_by",
    "done_in",
    "player",
    "problems",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    """Text a spreadsheet will not run as a formula (player names are typed in by people),
    with its control characters shown (the rows may be printed to a terminal)."""
    text = "" if value is None else printable(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_header(out: IO[str]) -> None:
    csv.writer(out, lineterminator="\n").writerow(COLUMNS)


def write_rows(out: IO[str], rows: list[list[str]]) -> None:
    csv.writer(out, lineterminator="\n").writerows(rows)


def step_rows(result: FileResult, scenario: Scenario, pseudonymize: bool) -> list[list[str]]:
    """A scored session's rows, one per expected step; none for a file that was not scored."""
    stats = result.stats
    if stats is None:
        return []
    players = dict(stats.players)
    problems = ";".join(sorted({problem.kind for problem in result.problems}))
    rows = []
    for step, (outcome, done_by, done_in) in zip(scenario.expected_steps, stats.steps, strict=True):
        status, reason = ("not_assessed", outcome) if outcome in REASONS else (outcome, "")
        who = [done_by] if done_by else list(step.roles)
        if pseudonymize:
            player = ";".join(role for role in who if role in players)
        else:
            player = ";".join(players[role] for role in who if role in players)
        row = (
            result.path,
            stats.session,
            stats.case,
            stats.case_version,
            scenario.version,
            stats.started,
            stats.month,
            stats.tag,
            stats.mode,
            "yes" if stats.dry_run else "no",
            "yes" if stats.completed else "no",
            stats.stopped_in,
            step.id,
            step.action,
            ";".join(step.roles),
            "yes" if step.critical else "no",
            step.opens,
            step.due,
            status,
            reason,
            done_by,
            done_in,
            player,
            problems,
        )
        rows.append([_safe(value) for value in row])
    return rows
