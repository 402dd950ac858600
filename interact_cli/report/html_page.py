"""The after-action report as one self-contained HTML file: inline CSS and SVG, no assets.

Trainers email it to partners or open it offline from a USB stick, so it must never fetch
anything. Every text from a case or a transcript is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from interact_cli.i18n import _
from interact_cli.report.after_action import (
    CRITICAL_HEADERS,
    ROLE_HEADERS,
    TOP_GAPS,
    by_headers,
    by_rows,
    case_of,
    critical_rows,
    expected_text,
    how_often,
    overview_sentences,
    percent,
    recall_heading,
    recommendation,
    role_rows,
    steps_sentences,
)

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:flex;flex-wrap:wrap;gap:1rem}
.figure{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.figure b{display:block;font-size:1.5rem}
.on_time{fill:#2e7d32}.late{fill:#f9a825}.missed{fill:#c62828}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
@media print{body{margin:0}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _table(headers: list[str], rows: list[list[object]], numeric: int = 0) -> str:
    """A table whose last `numeric` columns are right-aligned numbers."""
    first = len(headers) - numeric
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_e(v)}</td>' if i >= first else f"<td>{_e(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(gaps: list[dict[str, Any]]) -> str:
    """A stacked bar per step: on time, late and missed shares of its sessions."""
    width, label_width, height = 720, 300, 22
    rows = []
    for index, gap in enumerate(gaps):
        y = index * (height + 6)
        x = label_width
        total = gap["sessions"] or 1
        label = gap["label"] if len(gap["label"]) <= 44 else gap["label"][:43] + "…"
        rows.append(f'<text x="0" y="{y + 16}" font-size="13">{_e(label)}</text>')
        for status in ("on_time", "late", "missed"):
            part = (width - label_width - 60) * gap[status] / total
            if part > 0:
                rows.append(
                    f'<rect class="{status}" x="{x:.1f}" y="{y}" width="{part:.1f}" '
                    f'height="{height}"><title>{_e(status.replace("_", " "))}: '
                    f"{gap[status]}</title></rect>"
                )
            x += part
        rows.append(
            f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="13">'
            f"{_e(percent(gap['missed_share']))} missed</text>"
        )
    total_height = len(gaps) * (height + 6)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {width} {total_height}" aria-label="Top knowledge gaps">'
        + "".join(rows)
        + "</svg>"
        + '<p class="legend"><span style="background:#2e7d32"></span>on time'
        '<span style="background:#f9a825"></span>late'
        '<span style="background:#c62828"></span>missed</p>'
    )


def html(report: dict[str, Any]) -> str:
    """The whole report as one HTML page."""
    totals = report["totals"]
    titles = ", ".join(f"{c['title']} ({c['id']} {c['version']})" for c in report["cases"])
    figures = [
        ("sessions", totals["sessions"]),
        ("steps assessed", totals["assessed"]),
        ("on time", totals["on_time"]),
        ("late", totals["late"]),
        ("missed", totals["missed"]),
        ("not assessed", totals["not_assessed"]),
        ("not reached", totals["not_reached"]),
        ("harmful choices", totals["harmful"]),
        ("dry-runs left out", totals["dry_runs_left_out"]),
        ("files with problems", totals["with_problems"]),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>After-action report{_e(': ' + titles if titles else '')}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>After-action report{_e(': ' + titles if titles else '')}</h1>",
        f"<p>{_e(totals['sessions'])} session(s) replayed from {_e(totals['files'])} file(s); "
        "scored against each case as it is now.</p>",
        "<ul>"
        + "".join(
            f"<li>{_e(sentence)}</li>"
            for sentence in overview_sentences(report) + steps_sentences(report)
        )
        + "</ul>",
        '<div class="figures">'
        + "".join(
            f'<div class="figure" data-figure="{_e(name)}"><b>{_e(value)}</b>{_e(name)}</div>'
            for name, value in figures
        )
        + "</div>",
    ]
    gaps = report["gaps"]
    parts.append("<h2>Top knowledge gaps</h2>")
    parts.append(_bars(gaps[:10]) if gaps else "<p>None: every step was done on time.</p>")
    parts.append("<h2>Improvement plan</h2>")
    for number, gap in enumerate(gaps[:TOP_GAPS], start=1):
        case = case_of(report, gap["case"])
        parts.append(
            f"<h3>{number}. {_e(gap['label'])}</h3><ul>"
            f"<li><b>Expected:</b> {_e(expected_text(gap, case))}</li>"
            f"<li><b>How often:</b> {_e(how_often(gap))}</li>"
            f"<li><b>Guidance:</b> {_e(gap['ref'] or '-')}</li>"
            f"<li><b>Recommendation:</b> {_e(recommendation(gap, case))}</li></ul>"
        )
    parts.append("<h2>Knowledge gaps</h2>")
    parts.append(
        _table(
            ["case", "step", "roles", "due", "missed", "late", "on time", "assessed", "missed %"],
            [
                [
                    g["case"],
                    g["label"] + (" (critical)" if g["critical"] else ""),
                    ", ".join(g["roles"]),
                    g["due"],
                    g["missed"],
                    g["late"],
                    g["on_time"],
                    g["sessions"],
                    percent(g["missed_share"]),
                ]
                for g in gaps
            ],
            numeric=5,
        )
    )
    parts += _objectives(report)
    parts += _details(report)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _objectives(report: dict[str, Any]) -> list[str]:
    rows = [
        [
            case["id"],
            o["title"],
            f"{o['rating']} ({o['rating_label']})" if o["rating"] else "-",
            *(o["ratings"][level] for level in ("P", "S", "M", "U")),
            o["not_rated"],
        ]
        for case in report["cases"]
        for o in case["objectives"]
    ]
    rule = "".join(
        f"<li><b>{_e(level)}</b> ({_e(report['rating_levels'][level])}): {_e(text)}</li>"
        for level, text in report["rating_rule"].items()
    )
    return [
        "<h2>Objectives (HSEEP ratings)</h2>",
        _table(["case", "objective", "rating", "P", "S", "M", "U", "not rated"], rows, numeric=5),
        "<p>Each session's rating of an objective is the worst level that applies to its "
        "assessed steps; the programme's rating is the median rated session's. A session in which "
        "none of its steps was assessed does not rate it.</p>",
        f"<ul>{rule}</ul>",
    ]


def _details(report: dict[str, Any]) -> list[str]:
    cases = report["cases"]
    harmful = [
        [c["id"], h["label"], h["times"], h["sessions"], h["why"]]
        for c in cases
        for h in c["harmful"]
    ]
    critical = critical_rows(report)
    parts = ["<h2>Harmful choices</h2>"]
    parts.append(
        _table(["case", "choice", "times", "sessions", "why it harms"], harmful)
        if harmful
        else "<p>None.</p>"
    )
    parts += _recall(report)
    parts += [
        "<h2>Scenario time to critical steps</h2>",
        _table(CRITICAL_HEADERS, critical, numeric=3),
        "<h2>By role</h2>",
        _table(ROLE_HEADERS, role_rows(report), numeric=6),
    ]
    for name, key in (("agencies", "agency"), ("countries", "country")):
        parts += [
            f"<h2>By {key}</h2>",
            _table(by_headers(key), by_rows(report, name, key), numeric=5),
        ]
    parts += [
        "<h2>Sessions by tag and month</h2>",
        _table(
            ["tag", "sessions"], [[t["tag"] or "(none)", t["sessions"]] for t in report["tags"]], 1
        ),
        _table(["month", "sessions"], [[m["month"], m["sessions"]] for m in report["months"]], 1),
    ]
    if report["problems"]:
        parts += [
            "<h2>Files with problems</h2>",
            _table(
                ["file", "problem", "detail"],
                [[p["file"], p["kind"], p["message"]] for p in report["problems"]],
            ),
        ]
    return parts


def _recall(report: dict[str, Any]) -> list[str]:
    rounds = [(case["id"], round_) for case in report["cases"] for round_ in case["recall"]]
    if not rounds:
        return []
    parts = [
        f"<h2>{_e(_('In their own words (recall)'))}</h2>",
        f"<p>{_e(_('What roles said before they saw their options; the first few per round.'))}"
        "</p>",
    ]
    for case_id, round_ in rounds:
        items = "".join(
            f"<li><b>{_e(example['role'])}</b> ({_e(example['session'])}): "
            f"{_e(example['said'])}</li>"
            for example in round_["examples"]
        )
        parts.append(f"<h3>{_e(recall_heading(round_, case_id))}</h3><ul>{items}</ul>")
    return parts
