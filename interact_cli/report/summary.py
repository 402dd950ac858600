"""Renderers of an Assessment: rich tables for people, JSON and Markdown for other tools.

The only module besides live.py that imports rich, and only inside the functions that draw.
"""

from __future__ import annotations

import json
from typing import IO, Any

from interact_cli.case.model import Scenario
from interact_cli.console import plain_console
from interact_cli.plain_text import printable, printable_json
from interact_cli.record.transcript import Transcript
from interact_cli.score.scoring import Assessment, StepResult, Timing

STATUS_WORDS = {"on_time": "on time", "late": "late", "missed": "MISSED"}


def _roles_label(scenario: Scenario, result: StepResult) -> str:
    ids = result.step.roles
    return ids[0] if len(ids) == 1 else "any of " + ", ".join(ids)


def _sole_role(result: StepResult) -> str | None:
    """Who the step was for, when one role only; None when several could have done it."""
    return result.step.roles[0] if len(result.step.roles) == 1 else None


def _timing(timing: Timing) -> dict[str, Any]:
    return {
        "answers": timing.answers,
        "total_seconds": timing.total_seconds,
        "median_seconds": timing.median_seconds,
    }


def summary_dict(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    players: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The documented JSON shape of a summary (see README, "summary --format json")."""
    return {
        "case": assessment.case,
        "case_version": scenario.version,
        "session": assessment.session,
        "players": dict(players or {}),
        "totals": {
            "expected_steps": len(assessment.steps),
            "on_time": assessment.count("on_time"),
            "late": assessment.count("late"),
            "missed": assessment.count("missed"),
            "harmful": len(assessment.harmful),
        },
        "steps": [
            {
                "id": result.step.id,
                "action": result.step.action,
                "role": result.done_by or _sole_role(result),
                "roles": list(result.step.roles),
                "round": result.step.opens,
                "due": result.step.due,
                "done_in": result.done_in,
                "status": result.status,
                "critical": result.step.critical,
                "ref": result.step.ref,
            }
            for result in assessment.steps
        ],
        "harmful": [
            {
                "action": choice.action,
                "role": choice.role,
                "round": choice.round,
                "why": choice.why.get(lang),
                "ref": choice.ref,
            }
            for choice in assessment.harmful
        ],
        "timing": {role: _timing(t) for role, t in assessment.timing_by_role.items()},
        "timing_by_round": {rid: _timing(t) for rid, t in assessment.timing_by_round.items()},
        "objectives": [
            {
                "id": result.objective.id,
                "title": result.objective.title.get(lang),
                "on_time": result.on_time,
                "late": result.late,
                "missed": result.missed,
                "rating": result.rating,
            }
            for result in assessment.objectives
        ],
    }


def summary_json(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    players: dict[str, str] | None = None,
) -> str:
    data = summary_dict(assessment, scenario, lang, players)
    return json.dumps(data, indent=2, ensure_ascii=False)


def players_line(players: dict[str, str] | None) -> str:
    """ "Players: police_es (Ana), …", or nothing when no names were given."""
    named = [f"{role} ({name})" for role, name in (players or {}).items() if name and name != role]
    return "Players: " + ", ".join(named) if named else ""


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def _label(scenario: Scenario, action_id: str, lang: str | None) -> str:
    action = scenario.action_by_id.get(action_id)
    return action.label.get(lang) if action else action_id


def summary_markdown(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    players: dict[str, str] | None = None,
) -> str:
    a = assessment
    lines = [
        f"# {scenario.title.get(lang)}: session {a.session}",
        "",
        *([players_line(players), ""] if players_line(players) else []),
        f"{a.count('on_time')} on time, {a.count('late')} late, {a.count('missed')} missed "
        f"of {len(a.steps)} expected steps; {len(a.harmful)} harmful choice(s).",
        "",
        "## Expected steps",
        "",
        "| role | step | due | done in | status | critical | guidance |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in a.steps:
        lines.append(
            f"| {result.done_by or _roles_label(scenario, result)} "
            f"| {_label(scenario, result.step.action, lang)} | {result.step.due} "
            f"| {result.done_in or '-'} | {STATUS_WORDS[result.status]} "
            f"| {'yes' if result.step.critical else ''} | {result.step.ref} |"
        )
    lines += ["", "## Harmful choices", ""]
    if not a.harmful:
        lines.append("None.")
    for choice in a.harmful:
        lines.append(
            f"- **{_label(scenario, choice.action, lang)}** ({choice.role}, round {choice.round}): "
            f"{choice.why.get(lang)}"
        )
    lines += ["", "## Timing by role", "", "| role | answers | total | median |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for role, timing in a.timing_by_role.items():
        lines.append(
            f"| {role} | {timing.answers} | {_seconds(timing.total_seconds)} "
            f"| {_seconds(timing.median_seconds)} |"
        )
    return "\n".join(lines) + "\n"


def print_summary(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    file: IO[str] | None = None,
    players: dict[str, str] | None = None,
) -> None:
    """Rich tables: steps by role with status, harmful choices with why, timing per role."""
    from rich.table import Table
    from rich.text import Text

    console = plain_console(file=file)
    a = assessment
    console.print(
        Text.assemble((printable(scenario.title.get(lang)), "bold"), f"  session {a.session}")
    )
    if players_line(players):
        console.print(players_line(players))
    console.print(
        Text.from_markup(
            f"[green]{a.count('on_time')} on time[/green] · [yellow]{a.count('late')} late[/yellow]"
            f" · [red]{a.count('missed')} missed[/red] of {len(a.steps)} expected steps"
            f" · [red]{len(a.harmful)} harmful choice(s)[/red]"
        )
    )
    styles = {"on_time": "green", "late": "yellow", "missed": "bold red"}
    steps = Table(title="Expected steps by role", title_justify="left")
    for column in ("Role", "Step", "Due", "Done in", "Status", ""):
        steps.add_column(column)
    ordered = sorted(a.steps, key=lambda r: (_roles_label(scenario, r), r.step.path))
    for result in ordered:
        steps.add_row(
            result.done_by or _roles_label(scenario, result),
            _label(scenario, result.step.action, lang),
            result.step.due,
            result.done_in or "-",
            Text(STATUS_WORDS[result.status], style=styles[result.status]),
            "critical" if result.step.critical else "",
        )
    console.print(steps)
    if a.harmful:
        harmful = Table(title="Harmful choices", title_justify="left")
        for column in ("Round", "Role", "Choice", "Why it harms"):
            harmful.add_column(column)
        for choice in a.harmful:
            harmful.add_row(
                choice.round,
                choice.role,
                _label(scenario, choice.action, lang),
                choice.why.get(lang),
            )
        console.print(harmful)
    timing = Table(title="Decision time by role", title_justify="left")
    for column in ("Role", "Answers", "Total", "Median"):
        timing.add_column(column, justify="left" if column == "Role" else "right")
    for role, value in a.timing_by_role.items():
        timing.add_row(
            role, str(value.answers), _seconds(value.total_seconds), _seconds(value.median_seconds)
        )
    console.print(timing)


def show_summary(
    scenario: Scenario,
    transcript: Transcript,
    output: str,
    lang: str | None,
    pseudonymize: bool = False,
) -> None:
    """The scored summary on stdout; `pseudonymize` shows role ids where player names would be."""
    from interact_cli.score.scoring import assess

    assessment = assess(scenario, transcript)
    names = transcript.header.players
    players = {role: role for role in names} if pseudonymize else dict(names)
    if output == "json":
        print(printable_json(summary_json(assessment, scenario, lang, players)))
    elif output == "md":
        print(printable(summary_markdown(assessment, scenario, lang, players)), end="")
    else:
        print_summary(assessment, scenario, lang, players=players)
