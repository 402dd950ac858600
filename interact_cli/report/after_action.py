"""The after-action report of a batch replay, for people: Markdown and the terminal.

Both read the aggregate dictionary (aggregate_view), so they say what the JSON says.
rich is imported only inside the function that draws.
"""

from __future__ import annotations

from typing import IO, Any

from interact_cli.console import plain_console
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable
from interact_cli.report.left_out import left_out_sentences

TOP_GAPS = 5


def seconds_text(value: float | None) -> str:
    if value is None:
        return "-"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def case_of(report: dict[str, Any], case_id: str) -> dict[str, Any]:
    return next(case for case in report["cases"] if case["id"] == case_id)


def roles_text(case: dict[str, Any], role_ids: list[str]) -> str:
    names = {role["id"]: role["name"] for role in case["roles"]}
    shown = [f"{names.get(role, role)} ({role})" for role in role_ids]
    return shown[0] if len(shown) == 1 else "any of " + ", ".join(shown)


def expected_text(gap: dict[str, Any], case: dict[str, Any]) -> str:
    """Who should do the step, and when, in the words of the case."""
    when = (
        f"in round {gap['round']} ({gap['round_clock']})"
        if gap["round"] == gap["due"]
        else f"from round {gap['round']} ({gap['round_clock']}), by round {gap['due']} "
        f"({gap['due_clock']})"
    )
    critical = "; a critical step" if gap["critical"] else ""
    text = f"{roles_text(case, gap['roles'])}, {when}{critical}."
    if gap.get("until") and gap["until"] != gap["due"]:
        text += " " + _("After round {until} it can no longer be met.").format(until=gap["until"])
    return text


def _tempting(gap: dict[str, Any], case: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Harmful choices the step's roles made in the step's rounds, most often first."""
    order = [r["id"] for r in case["rounds"]]
    window = set(order[order.index(gap["round"]) : order.index(gap["due"]) + 1])
    found = []
    for harm in case["harmful"]:
        times = sum(
            made["times"]
            for made in harm["made_by"]
            if made["role"] in gap["roles"] and made["round"] in window
        )
        if times:
            found.append((times, harm))
    return sorted(found, key=lambda item: (-item[0], item[1]["action"]))


def overview_sentences(report: dict[str, Any]) -> list[str]:
    """What the numbers rest on, for the report's first lines: dry-runs left out or counted,
    and sessions that drifted or did not finish."""
    totals = report["totals"]
    lines = []
    if totals["dry_runs_left_out"]:
        lines.append(
            ngettext(
                "{count} dry-run left out: practice runs (scripts, --ideal, --idle, --random, "
                "demo) are not teams; --include-dry-runs counts them.",
                "{count} dry-runs left out: practice runs (scripts, --ideal, --idle, --random, "
                "demo) are not teams; --include-dry-runs counts them.",
                totals["dry_runs_left_out"],
            ).format(count=totals["dry_runs_left_out"])
        )
    if totals["dry_runs"]:
        lines.append(
            ngettext(
                "{count} of the sessions is a dry-run, counted as asked (--include-dry-runs).",
                "{count} of the sessions are dry-runs, counted as asked (--include-dry-runs).",
                totals["dry_runs"],
            ).format(count=totals["dry_runs"])
        )
    if totals["drifted"]:
        lines.append(
            ngettext(
                "{count} session drifted: recorded answers that no longer fit the case were left "
                "out, and so were the steps they could have met.",
                "{count} sessions drifted: recorded answers that no longer fit the case were left "
                "out, and so were the steps they could have met.",
                totals["drifted"],
            ).format(count=totals["drifted"])
        )
    unfinished = totals["sessions"] - totals["completed"]
    if unfinished:
        lines.append(
            ngettext(
                "{count} session did not finish: the steps whose window it never ended are not "
                "reached.",
                "{count} sessions did not finish: the steps whose window they never ended are not "
                "reached.",
                unfinished,
            ).format(count=unfinished)
        )
    return lines


def steps_sentences(report: dict[str, Any]) -> list[str]:
    """The expected steps counted, and those left out with why."""
    totals = report["totals"]
    counted = _(
        "Expected steps: {assessed} assessed of {total}: {on_time} on time, {late} late, "
        "{missed} missed."
    ).format(
        assessed=totals["assessed"],
        total=totals["expected_steps"],
        on_time=totals["on_time"],
        late=totals["late"],
        missed=totals["missed"],
    )
    return [counted, *left_out_sentences(totals["left_out"])]


def how_often(gap: dict[str, Any]) -> str:
    """How often a step went wrong, over the sessions where it was assessed."""
    text = _(
        "missed in {missed} of the {sessions} sessions where assessed ({share}), late in {late}"
    ).format(
        missed=gap["missed"],
        sessions=gap["sessions"],
        share=percent(gap["missed_share"]),
        late=gap["late"],
    )
    left_out = gap["not_assessed"] + gap["not_reached"]
    if left_out:
        text += "; " + ngettext(
            "left out of {count} session (not assessed or not reached)",
            "left out of {count} sessions (not assessed or not reached)",
            left_out,
        ).format(count=left_out)
    return text + "."


def recommendation(gap: dict[str, Any], case: dict[str, Any]) -> str:
    """A concrete next step for trainers, chosen from how the step went wrong."""
    who = roles_text(case, gap["roles"])
    if gap["missed"] and gap["missed_share"] >= 0.5:
        text = (
            f"Most teams never did this. Before the next session, brief {who} on this step "
            f"and the guidance behind it, then run round {gap['round']} again and ask each "
            "role to say who does it and by when."
        )
    elif gap["late"] > gap["missed"]:
        text = (
            f"Teams know this step but do it late. Timebox round {gap['round']} in the next "
            f"session and check it is done by round {gap['due']} ({gap['due_clock']})."
        )
    else:
        text = (
            f"Add this step to the checklist of {who} and debrief it explicitly after round "
            f"{gap['due']} in the next session."
        )
    tempting = _tempting(gap, case)
    if tempting and tempting[0][0] * 4 >= gap["sessions"]:
        times, harm = tempting[0]
        text += (
            f' In those rounds these roles chose "{harm["label"]}" {times} time(s) in '
            f"{gap['sessions']} sessions: discuss why it harms ({harm['why'].rstrip('.')})."
        )
    return text


def markdown_cell(value: object) -> str:
    """A value safe inside a Markdown table cell: no column breaks, no line breaks."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _table(headers: list[str], rows: list[list[object]], right: int = 0) -> list[str]:
    """A Markdown table; the last `right` columns are numbers, aligned right."""
    align = ["---"] * (len(headers) - right) + ["---:"] * right
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(markdown_cell(value) for value in row) + " |" for row in rows]
    return lines


def _period(report: dict[str, Any]) -> str:
    months = [row["month"] for row in report["months"]]
    if not months:
        return ""
    return f", {months[0]}" if months[0] == months[-1] else f", {months[0]} to {months[-1]}"


def markdown(report: dict[str, Any]) -> str:
    """The after-action report: overview, ratings, gaps, improvement plan, and details."""
    totals = report["totals"]
    titles = ", ".join(
        f"{case['title']} ({case['id']} {case['version']})" for case in report["cases"]
    )
    lines = [
        "# After-action report" + (f": {titles}" if titles else ""),
        "",
        f"{totals['sessions']} session(s) replayed from {totals['files']} file(s)"
        f"{_period(report)}. Scored against each case as it is now.",
        "",
        *(f"- {sentence}" for sentence in overview_sentences(report) + steps_sentences(report)),
        f"- Harmful choices: {totals['harmful']}",
        f"- Files with problems: {totals['with_problems']} "
        f"({totals['unreadable']} could not be scored); filtered out: {totals['filtered_out']}",
    ]
    lines += ["", "## Objectives", ""]
    for case in report["cases"]:
        rows = [
            [
                case["id"],
                objective["title"],
                f"{objective['rating']} — {objective['rating_label']}"
                if objective["rating"]
                else "-",
                *(objective["ratings"][level] for level in ("P", "S", "M", "U")),
                objective["not_rated"],
            ]
            for objective in case["objectives"]
        ]
        lines += _table(
            ["case", "objective", "rating", "P", "S", "M", "U", "not rated"], rows, right=5
        )
    lines += [
        "",
        "Ratings use the HSEEP scale. Each session's rating of an objective comes from its "
        "assessed steps (the worst level that applies); the programme's rating is the median "
        "rated session's. A session in which none of its steps was assessed does not rate it.",
        "",
    ]
    lines += [
        f"- **{level}** ({report['rating_levels'][level]}): {rule}"
        for level, rule in report["rating_rule"].items()
    ]
    lines += [
        "",
        "## Knowledge gaps",
        "",
        "Steps some sessions missed or did late, most missed first; counted over the sessions "
        "where the step was assessed.",
        "",
    ]
    rows = [
        [
            gap["case"],
            gap["label"] + (" (critical)" if gap["critical"] else ""),
            ", ".join(gap["roles"]),
            gap["due"],
            gap["missed"],
            gap["late"],
            gap["on_time"],
            gap["sessions"],
            percent(gap["missed_share"]),
        ]
        for gap in report["gaps"]
    ]
    lines += (
        _table(
            ["case", "step", "roles", "due", "missed", "late", "on time", "assessed", "missed %"],
            rows,
            right=5,
        )
        if rows
        else ["None: every step was done on time."]
    )
    lines += ["", "## Improvement plan", ""]
    for number, gap in enumerate(report["gaps"][:TOP_GAPS], start=1):
        case = case_of(report, gap["case"])
        lines += [
            f"### {number}. {gap['label']}",
            "",
            f"- **Expected:** {expected_text(gap, case)}",
            f"- **How often:** {how_often(gap)}",
            f"- **Guidance:** {gap['ref'] or '-'}",
            f"- **Recommendation:** {recommendation(gap, case)}",
            "",
        ]
    if not report["gaps"]:
        lines += ["No gaps to work on.", ""]
    lines += _details(report)
    return "\n".join(lines) + "\n"


def _details(report: dict[str, Any]) -> list[str]:
    lines = ["## Harmful choices", ""]
    rows = [
        [case["id"], harm["label"], harm["times"], harm["sessions"], harm["why"]]
        for case in report["cases"]
        for harm in case["harmful"]
    ]
    lines += (
        _table(["case", "choice", "times", "sessions", "why it harms"], rows) if rows else ["None."]
    )
    lines += recall_markdown(report)
    lines += ["", "## Scenario time to critical steps", ""]
    rows = critical_rows(report)
    lines += _table(CRITICAL_HEADERS, rows, right=3) if rows else ["No critical steps."]
    lines += ["", "## By role", ""]
    lines += _table(ROLE_HEADERS, role_rows(report), right=6)
    for name, key in (("agencies", "agency"), ("countries", "country")):
        lines += ["", f"## By {key}", ""]
        lines += _table(by_headers(key), by_rows(report, name, key), right=5)
    lines += ["", "## Sessions by tag and month", ""]
    lines += _table(
        ["tag", "sessions"],
        [[row["tag"] or "(none)", row["sessions"]] for row in report["tags"]],
        right=1,
    )
    lines += [""]
    lines += _table(
        ["month", "sessions"],
        [[row["month"], row["sessions"]] for row in report["months"]],
        right=1,
    )
    if report["problems"]:
        lines += ["", "## Files with problems", ""]
        lines += _table(
            ["file", "problem", "detail"],
            [[row["file"], row["kind"], row["message"]] for row in report["problems"]],
        )
    return lines


ROLE_HEADERS = [
    "case",
    "role",
    "agency",
    "country",
    "on time",
    "late",
    "missed",
    "left out",
    "median decision",
    "90th pct",
]


def role_rows(report: dict[str, Any]) -> list[list[object]]:
    """Per case and role: steps done, missed and left out, and decision time."""
    return [
        [
            case["id"],
            role["id"],
            role["agency"],
            role["country"],
            role["on_time"],
            role["late"],
            role["missed"],
            role["not_assessed"] + role["not_reached"],
            seconds_text(role["decision_seconds"]["median"]),
            seconds_text(role["decision_seconds"]["p90"]),
        ]
        for case in report["cases"]
        for role in case["roles"]
    ]


def by_headers(key: str) -> list[str]:
    return [key, "on time", "late", "missed", "left out", "missed %"]


def by_rows(report: dict[str, Any], name: str, key: str) -> list[list[object]]:
    """The steps of each agency (or country): done, missed, left out, missed share."""
    return [
        [
            row[key],
            row["on_time"],
            row["late"],
            row["missed"],
            row["not_assessed"] + row["not_reached"],
            percent(row["missed_share"]),
        ]
        for row in report[name]
    ]


CRITICAL_HEADERS = [
    "case",
    "step",
    "due",
    "median",
    "90th percentile",
    "missed",
    "assessed",
    "left out",
]


def critical_rows(report: dict[str, Any]) -> list[list[object]]:
    """When sessions did each critical step, over the sessions where it was assessed."""
    return [
        [
            case["id"],
            step["label"],
            step["due"],
            _when(step["scenario_time"]["median"]),
            _when(step["scenario_time"]["p90"]),
            step["missed"],
            step["sessions"],
            step["not_assessed"] + step["not_reached"],
        ]
        for case in report["cases"]
        for step in case["steps"]
        if step["critical"]
    ]


def recall_heading(round_: dict[str, Any], case_id: str) -> str:
    """ "Round X · title (case): N answers" for the recall section of md and html."""
    count = ngettext("{count} answer", "{count} answers", round_["answers"]).format(
        count=round_["answers"]
    )
    return _("{case}, round {round} · {title}: {answers}").format(
        case=case_id, round=round_["round"], title=round_["title"], answers=count
    )


def recall_markdown(report: dict[str, Any]) -> list[str]:
    """What roles said in their own words before their checklists, a few per round."""
    rounds = [(case["id"], round_) for case in report["cases"] for round_ in case["recall"]]
    if not rounds:
        return []
    lines = [
        "",
        "## " + _("In their own words (recall)"),
        "",
        _("What roles said before they saw their options; the first few per round."),
    ]
    for case_id, round_ in rounds:
        lines += ["", f"**{markdown_cell(recall_heading(round_, case_id))}**", ""]
        lines += [
            f"- {markdown_cell(example['role'])} ({markdown_cell(example['session'])}): "
            f"{markdown_cell(example['said'])}"
            for example in round_["examples"]
        ]
    return lines


def _when(at: dict[str, Any] | None) -> str:
    return f"{at['round']} ({at['clock']})" if at else "-"


def print_report(report: dict[str, Any], file: IO[str] | None = None) -> None:
    """Rich tables for the terminal, with a bar chart of the top gaps."""
    from rich.table import Table
    from rich.text import Text

    console = plain_console(file=file)
    totals = report["totals"]
    console.print(
        Text.from_markup(  # numbers and months only: no text from a file
            f"[bold]Replayed {totals['sessions']} session(s)[/bold] from {totals['files']} file(s)"
            f"{_period(report)}: [green]{totals['on_time']} on time[/green] · "
            f"[yellow]{totals['late']} late[/yellow] · [red]{totals['missed']} missed[/red] of "
            f"{totals['assessed']} expected steps assessed · [red]{totals['harmful']} harmful[/red]"
        )
    )
    for sentence in overview_sentences(report) + steps_sentences(report)[1:]:
        console.print(sentence)
    if totals["with_problems"]:
        console.print(
            Text.from_markup(
                f"[yellow]{totals['with_problems']} file(s) with problems[/yellow], "
                f"{totals['unreadable']} not scored (listed on stderr and in the other formats)"
            )
        )
    gaps = report["gaps"][:10]
    if gaps:
        chart = Table(
            title="Top knowledge gaps (share of the sessions where assessed that missed the step)",
            title_justify="left",
        )
        for column in ("Case", "Step", "Missed", ""):
            chart.add_column(column, justify="right" if column == "Missed" else "left")
        for gap in gaps:
            bar = "█" * round(gap["missed_share"] * 30)
            chart.add_row(
                gap["case"],
                Text.assemble(
                    printable(gap["label"]), (" (critical)" if gap["critical"] else "", "bold")
                ),
                f"{gap['missed']}/{gap['sessions']}",
                Text.assemble((bar, "red"), f" {percent(gap['missed_share'])}"),
            )
        console.print(chart)
    objectives = Table(
        title="Objectives (HSEEP rating of the median rated session)", title_justify="left"
    )
    for column in ("Case", "Objective", "Rating", "P", "S", "M", "U", "Not rated"):
        objectives.add_column(column, justify="left" if column[0] in "COR" else "right")
    for case in report["cases"]:
        for objective in case["objectives"]:
            objectives.add_row(
                case["id"],
                objective["title"],
                f"{objective['rating']} {objective['rating_label']}"
                if objective["rating"]
                else "-",
                *(str(objective["ratings"][level]) for level in ("P", "S", "M", "U")),
                str(objective["not_rated"]),
            )
    console.print(objectives)
    harmful = [(case["id"], harm) for case in report["cases"] for harm in case["harmful"]]
    if harmful:
        table = Table(title="Harmful choices", title_justify="left")
        for column in ("Case", "Choice", "Times", "Sessions"):
            table.add_column(column, justify="right" if column in ("Times", "Sessions") else "left")
        for case_id, harm in harmful:
            table.add_row(case_id, harm["label"], str(harm["times"]), str(harm["sessions"]))
        console.print(table)
    roles = Table(title="By role: steps, and decision time", title_justify="left")
    roles.add_column("Case")
    roles.add_column("Role", no_wrap=True)
    for column in ("On time", "Late", "Missed", "Left out", "Median", "P90"):
        roles.add_column(column, justify="right", no_wrap=True)
    for case in report["cases"]:
        for role in case["roles"]:
            roles.add_row(
                case["id"],
                role["id"],
                str(role["on_time"]),
                str(role["late"]),
                str(role["missed"]),
                str(role["not_assessed"] + role["not_reached"]),
                seconds_text(role["decision_seconds"]["median"]),
                seconds_text(role["decision_seconds"]["p90"]),
            )
    console.print(roles)
    for name, title in (("agencies", "Agency"), ("countries", "Country")):
        table = Table(title=f"By {title.lower()}", title_justify="left")
        for column in (title, "On time", "Late", "Missed", "Left out", "Missed %"):
            table.add_column(column, justify="left" if column == title else "right")
        for row in report[name]:
            table.add_row(
                row[title.lower()],
                str(row["on_time"]),
                str(row["late"]),
                str(row["missed"]),
                str(row["not_assessed"] + row["not_reached"]),
                percent(row["missed_share"]),
            )
        console.print(table)
    for key, title in (("tag", "Sessions by tag"), ("month", "Sessions by month")):
        counts = Table(title=title, title_justify="left")
        counts.add_column(key.capitalize())
        counts.add_column("Sessions", justify="right")
        for row in report[f"{key}s"]:
            counts.add_row(row[key] or "(none)", str(row["sessions"]))
        console.print(counts)
