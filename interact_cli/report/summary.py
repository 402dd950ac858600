"""Renderers of an Assessment: rich tables for people, JSON and Markdown for other tools.

The only module besides live.py that imports rich, and only inside the functions that draw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from interact_cli.case.model import Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.console import plain_console
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable, printable_json
from interact_cli.record.events import corrected_answers
from interact_cli.record.transcript import Transcript
from interact_cli.report.after_action import markdown_cell
from interact_cli.report.left_out import left_out_sentences, status_word
from interact_cli.score.scoring import Assessment, Progress, StepResult, Timing


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


def progress_text(progress: Progress) -> str:
    """How far an unfinished session got, for the first line of its summary; "" if finished."""
    if progress.completed:
        return ""
    if progress.every_round_played:
        return _("not finished: stopped after the last round, during the debrief")
    return _("not finished: stopped in round {number} of {total}").format(
        number=progress.number, total=progress.total
    )


def _stopped_in(assessment: Assessment, scenario: Scenario) -> dict[str, Any] | None:
    progress = assessment.progress
    if progress.completed or progress.number == 0:
        return None
    return {
        "round": scenario.rounds[progress.round_index].id,
        "number": progress.number,
        "of": progress.total,
    }


def answer_rows(scenario: Scenario, transcript: Transcript) -> list[dict[str, Any]]:
    """Each answer as scored (after corrections): round, role, what the role said in its own
    words before its checklist, and what it chose, in the order its menu showed them."""
    corrected = {(e.round, e.role) for e in transcript.events if e.kind == "correction"}
    seed = transcript.header.menu_seed
    rows = []
    for event in corrected_answers(transcript.events):
        round_id, role_id = event.round or "", event.role or ""
        shown = [a.id for a in ordered_menu(scenario, seed, round_id, role_id)]
        place = {action: index for index, action in enumerate(shown)}
        rows.append(
            {
                "round": round_id,
                "role": role_id,
                "said": event.said,
                "actions": sorted(event.actions, key=lambda a: place.get(a, len(place))),
                "note": event.note,
                "corrected": (event.round, event.role) in corrected,
            }
        )
    return rows


def _recalled(transcript: Transcript | None) -> bool:
    """Whether the session asked roles in their own words (so the summary shows it)."""
    if transcript is None:
        return False
    return transcript.header.recall or any(e.said for e in transcript.events)


def _chosen_text(scenario: Scenario, row: dict[str, Any], lang: str | None) -> str:
    labels = "; ".join(_label(scenario, action, lang) for action in row["actions"])
    chosen = labels or _("no action")
    return _("{chosen} (corrected)").format(chosen=chosen) if row["corrected"] else chosen


def summary_dict(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    players: dict[str, str] | None = None,
    transcript: Transcript | None = None,
) -> dict[str, Any]:
    """The documented JSON shape of a summary (see README, "summary --format json")."""
    return {
        "case": assessment.case,
        "case_version": scenario.version,
        "case_summary": scenario.text(scenario.summary, lang) or None,
        "session": assessment.session,
        "players": dict(players or {}),
        "table": list(assessment.table),
        "completed": assessment.progress.completed,
        "stopped_in": _stopped_in(assessment, scenario),
        "drift": [str(misfit) for misfit in assessment.misfits],
        "totals": {
            "expected_steps": len(assessment.steps),
            "assessed": assessment.assessed,
            "on_time": assessment.count("on_time"),
            "late": assessment.count("late"),
            "missed": assessment.count("missed"),
            "not_assessed": assessment.count("not_assessed"),
            "not_reached": assessment.count("not_reached"),
            "left_out": assessment.left_out(),
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
                "reason": result.reason,
                "until": result.step.until,
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
                "not_assessed": result.count("not_assessed"),
                "not_reached": result.count("not_reached"),
                "harmed_by_chosen": list(result.harmed),
                "rating": result.rating,
            }
            for result in assessment.objectives
        ],
        "recall": _recalled(transcript),
        "answers": answer_rows(scenario, transcript) if transcript is not None else [],
    }


def summary_json(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    players: dict[str, str] | None = None,
    transcript: Transcript | None = None,
) -> str:
    data = summary_dict(assessment, scenario, lang, players, transcript)
    return json.dumps(data, indent=2, ensure_ascii=False)


def due_text(result: StepResult) -> str:
    """The due round, and the last round the step could be met in when the case closes it."""
    step = result.step
    if step.until is None or step.until == step.due:
        return step.due
    return _("{due}, until {until}").format(due=step.due, until=step.until)


def _status(assessment: Assessment, scenario: Scenario, result: StepResult) -> str:
    """The status in words; a step not reached whose due round is past is said overdue."""
    if result.status == "not_reached" and assessment.progress.reached(
        scenario.round_index[result.step.due]
    ):
        return _("not reached (overdue; could still be done late)")
    return status_word(result.status, result.reason)


def _listed(assessment: Assessment) -> list[StepResult]:
    """The steps a table lists: all but those of roles not at the table, which the line on
    steps left out counts (listing dozens of them would bury what the team did)."""
    return [result for result in assessment.steps if result.reason != "not_at_table"]


def _steps_note(assessment: Assessment) -> str:
    hidden = assessment.left_out()["not_at_table"]
    if not hidden:
        return ""
    return ngettext(
        "{count} step of roles not at the table is not listed",
        "{count} steps of roles not at the table are not listed",
        hidden,
    ).format(count=hidden)


def _seated_timing(assessment: Assessment) -> list[tuple[str, Timing]]:
    """Decision times of the roles at the table (the others never had a turn)."""
    return [
        (role, timing)
        for role, timing in assessment.timing_by_role.items()
        if not assessment.table or role in assessment.table
    ]


def totals_text(assessment: Assessment, colour: bool = False) -> str:
    """ "3 on time · 1 late · 2 missed of 6 expected steps assessed · 1 harmful choice(s)"."""

    def paint(value: int, style: str) -> str:
        return f"[{style}]{value}[/{style}]" if colour else str(value)

    return _(
        "{on_time} on time · {late} late · {missed} missed of {assessed} expected steps "
        "assessed · {harmful} harmful choice(s)"
    ).format(
        on_time=paint(assessment.count("on_time"), "green"),
        late=paint(assessment.count("late"), "yellow"),
        missed=paint(assessment.count("missed"), "red"),
        assessed=assessment.assessed,
        harmful=paint(len(assessment.harmful), "red"),
    )


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
    transcript: Transcript | None = None,
) -> str:
    a = assessment
    stopped = progress_text(a.progress)
    lines = [
        f"# {scenario.title.get(lang)}: session {a.session}" + (f" ({stopped})" if stopped else ""),
        "",
        *_synopsis_markdown(scenario, lang),
        *([players_line(players), ""] if players_line(players) else []),
        totals_text(a).replace(" · ", ", ") + ".",
        "",
        *(f"- {sentence}" for sentence in left_out_sentences(a.left_out())),
        *([""] if any(a.left_out().values()) else []),
        "## Expected steps",
        "",
        *([_steps_note(a), ""] if _steps_note(a) else []),
        "| role | step | due | done in | status | critical | guidance |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in _listed(a):
        lines.append(
            f"| {result.done_by or _roles_label(scenario, result)} "
            f"| {_label(scenario, result.step.action, lang)} | {due_text(result)} "
            f"| {result.done_in or '-'} | {_status(a, scenario, result)} "
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
    for role, timing in _seated_timing(a):
        lines.append(
            f"| {role} | {timing.answers} | {_seconds(timing.total_seconds)} "
            f"| {_seconds(timing.median_seconds)} |"
        )
    if transcript is not None and _recalled(transcript):
        lines += _said_markdown(scenario, transcript, lang)
    return "\n".join(lines) + "\n"


def _synopsis_markdown(scenario: Scenario, lang: str | None) -> list[str]:
    """The case's summary (the facilitator's synopsis) as a quote under the heading."""
    from interact_cli.report.markdown import inline

    synopsis = scenario.text(scenario.summary, lang)
    return [f"> {inline(synopsis)}", ""] if synopsis else []


def _said_markdown(scenario: Scenario, transcript: Transcript, lang: str | None) -> list[str]:
    header = "| {round} | {role} | {said} | {chosen} |".format(
        round=_("round"), role=_("role"), said=_("in their own words"), chosen=_("chosen")
    )
    title = "## " + _("What each role said, then chose")
    lines = ["", title, "", header, "| --- | --- | --- | --- |"]
    for row in answer_rows(scenario, transcript):
        cells = [row["round"], row["role"], row["said"] or "-", _chosen_text(scenario, row, lang)]
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return lines


def print_summary(
    assessment: Assessment,
    scenario: Scenario,
    lang: str | None,
    file: IO[str] | None = None,
    players: dict[str, str] | None = None,
    transcript: Transcript | None = None,
) -> None:
    """Rich tables: steps by role with status, harmful choices with why, timing per role,
    and, when roles were asked in their own words, what each said beside what it chose."""
    from rich.table import Table
    from rich.text import Text

    console = plain_console(file=file)
    a = assessment
    stopped = progress_text(a.progress)
    console.print(
        Text.assemble(
            (printable(scenario.title.get(lang)), "bold"),
            f"  session {a.session}",
            (f"  {stopped}", "bold yellow") if stopped else "",
        )
    )
    if players_line(players):
        console.print(players_line(players))
    console.print(Text.from_markup(totals_text(a, colour=True)))
    for sentence in left_out_sentences(a.left_out()):
        console.print(sentence)
    styles = {
        "on_time": "green",
        "late": "yellow",
        "missed": "bold red",
        "not_assessed": "dim",
        "not_reached": "dim",
    }
    title = _("Expected steps by role")
    if _steps_note(a):
        title += f" ({_steps_note(a)})"
    steps = Table(title=title, title_justify="left")
    for column in ("Role", "Step", "Due", "Done in", "Status", ""):
        steps.add_column(column)
    ordered = sorted(_listed(a), key=lambda r: (_roles_label(scenario, r), r.step.path))
    for result in ordered:
        steps.add_row(
            result.done_by or _roles_label(scenario, result),
            _label(scenario, result.step.action, lang),
            due_text(result),
            result.done_in or "-",
            Text(_status(a, scenario, result), style=styles[result.status]),
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
    for role, value in _seated_timing(a):
        timing.add_row(
            role, str(value.answers), _seconds(value.total_seconds), _seconds(value.median_seconds)
        )
    console.print(timing)
    if transcript is not None and _recalled(transcript):
        console.print(_said_table(scenario, transcript, lang))


def _said_table(scenario: Scenario, transcript: Transcript, lang: str | None) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_("What each role said, then chose"), title_justify="left")
    table.add_column(_("Round"), no_wrap=True)
    table.add_column(_("Role"))
    table.add_column(_("In their own words"), ratio=1)
    table.add_column(_("Chosen"), ratio=1)
    for row in answer_rows(scenario, transcript):
        cells = [row["round"], row["role"], row["said"] or "-", _chosen_text(scenario, row, lang)]
        table.add_row(*(Text(printable(cell)) for cell in cells))
    return table


def show_summary(
    scenario: Scenario,
    transcript: Transcript,
    output: str,
    lang: str | None,
    pseudonymize: bool = False,
) -> Assessment:
    """The scored summary on stdout; `pseudonymize` shows role ids where player names would be.

    What no longer fits the case, and parts of the case the session never had, are named on
    stderr; the assessment is returned so the caller can tell whether anything drifted. What
    each role said and chose is shown as scored: corrections applied, misfits left out.
    """
    from interact_cli.score.session import score_session
    from interact_cli.terminal import warn

    scored = score_session(scenario, transcript)
    assessment = scored.assessment
    name = Path(transcript.path).name or transcript.header.session
    for misfit in scored.replayed.misfits:
        warn(str(misfit.finding(name)))
    for note in scored.replayed.unplayed:
        warn(f"{name}: {note}")
    names = transcript.header.players
    players = {role: role for role in names} if pseudonymize else dict(names)
    played = scored.replayed.transcript  # the answers as scored: corrections applied, drift out
    if output == "json":
        print(printable_json(summary_json(assessment, scenario, lang, players, played)))
    elif output == "md":
        print(printable(summary_markdown(assessment, scenario, lang, players, played)), end="")
    else:
        print_summary(assessment, scenario, lang, players=players, transcript=played)
    return assessment
