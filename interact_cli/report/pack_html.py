"""The paper pack as HTML files to print on A4: the facilitator's guide, role cards, inject
cards and evaluator sheets.

Each file stands alone: inline CSS with print rules (A4 pages, a page per card, sheet or
round), no script, no link, no font or image to fetch, so it prints the same from a USB
stick in a room with no network. Every text from the case is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from interact_cli.case.codes import case_codes
from interact_cli.case.model import Scenario
from interact_cli.i18n import _, ngettext
from interact_cli.play.blank_script import PaperTable
from interact_cli.report.guide import Entry, Guide, harmful_offered
from interact_cli.report.pack_content import (
    EvaluatorSheet,
    InjectCard,
    RoleCard,
    StepLine,
)

CSS = """
@page{size:A4;margin:12mm 14mm 12mm}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;font-size:10pt;
line-height:1.3;color:#000;background:#fff;margin:0}
.sheet{break-after:page;page-break-after:always}
.sheet:last-child{break-after:auto;page-break-after:auto}
h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:5mm 0 2mm}
h3{font-size:11pt;margin:4mm 0 1mm;break-after:avoid;page-break-after:avoid}
.keep{break-inside:avoid;page-break-inside:avoid}
p{margin:0 0 2mm}ul{margin:0 0 2mm;padding-left:5mm}li{margin:0 0 1.5mm}
.top{display:flex;justify-content:space-between;gap:4mm;border-bottom:1.5pt solid #000;
padding-bottom:1.5mm;margin-bottom:3mm;font-size:9.5pt}
.who{font-size:14pt;font-weight:bold;margin:0 0 1mm}
.facts{font-size:9.5pt;color:#222;margin:0 0 2mm}
.briefing{border-left:1.2mm solid #999;padding:1mm 0 1mm 3mm;margin:0 0 3mm}
.released{border:1pt solid #000;padding:2mm 3mm;margin:0 0 3mm}
.opening{font-size:9pt;line-height:1.3;padding:1.5mm 2.5mm;margin:0 0 2mm}
.opening h3{margin:0 0 1mm;font-size:9.5pt}.opening p{margin:0 0 1mm}
.options{margin:0 0 3mm}
.option{display:flex;gap:3mm;align-items:flex-start;padding:.8mm 0;
border-bottom:.5pt solid #bbb;break-inside:avoid;page-break-inside:avoid}
.box{display:inline-block;flex:none;width:4.6mm;height:4.6mm;border:1.2pt solid #000;
margin-top:.3mm}
.code{flex:none;width:13mm;font-family:"DejaVu Sans Mono","Liberation Mono",monospace;
font-weight:bold}
.limit{font-weight:bold;margin:2mm 0 1mm}
.lines{margin:0 0 2mm}.lines div{border-bottom:.6pt solid #777;height:6.5mm}
.small{font-size:8.5pt;color:#333}
.foot{margin-top:3mm;font-size:8pt;color:#444}
.inject{min-height:122mm;break-after:auto;page-break-after:auto;break-inside:avoid;
page-break-inside:avoid;border-bottom:.8pt dashed #777;margin-bottom:6mm}
.inject:nth-of-type(2n){break-after:page;page-break-after:always;border-bottom:0}
.inject h1{font-size:18pt;margin-top:4mm}.inject .text{font-size:14pt;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:0 0 3mm}
th,td{border:.6pt solid #555;padding:1.2mm 1.6mm;text-align:left;vertical-align:top}
th{background:#eee}tr{break-inside:avoid;page-break-inside:avoid}
.steps{font-size:9.5pt}.steps .c{width:13mm}.steps .o{width:40%}.steps .w{width:24%}
.steps .s{width:24mm}.tick{white-space:nowrap;margin:0 0 1.2mm}
.seen .box,.rating .box{vertical-align:-1mm;margin:0 1.5mm 0 0}
.rating td:first-child{width:10mm;text-align:center}
.entry{margin:0 0 2mm;break-inside:avoid;page-break-inside:avoid}
.entry .lines-of{margin-left:4mm;font-size:9.5pt;color:#222}
@media screen{body{max-width:190mm;margin:6mm auto;padding:0 4mm}
.sheet{border-bottom:2px dashed #999;padding-bottom:6mm;margin-bottom:6mm}}
"""

FILE_NAMES = (
    "facilitator-guide.html",
    "role-cards.html",
    "inject-cards.html",
    "evaluator-sheets.html",
)


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def _paragraphs(text: str, css: str = "") -> str:
    """A case text: its blank-line paragraphs as <p>, its single newlines kept as <br>."""
    attribute = f' class="{css}"' if css else ""
    parts = [part for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p{attribute}>{_e(part).replace(chr(10), '<br>')}</p>" for part in parts)


def page(title: str, lang: str, sheets: Iterable[str]) -> str:
    """One printable HTML document, each sheet on its own page(s)."""
    body = "".join(sheets)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _sheet(kind: str, inner: str, data: str = "") -> str:
    return f'<section class="sheet {kind}"{data}>{inner}</section>'


def _tag(name: str, text: str, css: str = "") -> str:
    """`text` escaped in one element."""
    attribute = f' class="{css}"' if css else ""
    return f"<{name}{attribute}>{_e(text)}</{name}>"


def _top(left: str, right: str) -> str:
    """The line across the top of a card or sheet."""
    return f'<div class="top"><span>{_e(left)}</span><span>{_e(right)}</span></div>'


def _lines(count: int) -> str:
    return '<div class="lines">' + "<div></div>" * count + "</div>"


def _box() -> str:
    return '<span class="box"></span>'


# Role cards ----------------------------------------------------------------------------


def role_cards_page(scenario: Scenario, lang: str, cards: Sequence[RoleCard]) -> str:
    title = _("{title}: role cards").format(title=scenario.title.get(lang))
    return page(title, lang, (_role_card(scenario, card) for card in cards))


def _role_card(scenario: Scenario, card: RoleCard) -> str:
    round_line = _("Round {n} of {total}").format(n=card.round_number, total=card.rounds)
    facts = [_("Scenario clock: {clock}").format(clock=card.clock)]
    if card.timebox:
        facts.append(_("Timebox: {minutes} min").format(minutes=card.timebox))
    parts = [
        _top(_("Role card · case {case}").format(case=scenario.id), round_line),
        f'<p class="who">{_e(card.role_name)}</p>',
    ]
    if card.description:
        parts.append(_tag("p", card.description, "facts small"))
    if card.opening:
        parts.append(
            '<div class="released opening">'
            + _tag("h3", _("Before the first round, every player reads"))
            + _paragraphs(card.opening)
            + "</div>"
        )
    parts += [
        _tag("h2", card.round_title),
        f'<p class="facts">{_e(" · ".join(facts))}</p>',
        f'<div class="briefing">{_paragraphs(card.briefing)}</div>',
    ]
    for released in card.released:
        heading = (
            _("New information · {title}").format(title=released.title)
            if released.title
            else _("New information")
        )
        parts.append(
            f'<div class="released"><h3>{_e(heading)}</h3>{_paragraphs(released.text)}</div>'
        )
    if card.recall:
        parts.append(
            _tag("h3", _("In your own words, before you read the options: what do you do now?"))
            + _lines(4)
        )
    if card.limit is None:
        ask = _("Tick what you do now.")
    else:
        ask = ngettext(
            "Tick what you do now: at most {count} option.",
            "Tick what you do now: at most {count} options.",
            card.limit,
        ).format(count=card.limit)
    parts.append(f'<p class="limit">{_e(ask)}</p>')
    options = "".join(
        f'<div class="option">{_box()}<span class="code">{_e(option.code)}</span>'
        f"<span>{_e(option.label)}</span></div>"
        for option in card.options
    )
    parts.append(f'<div class="options">{options}</div>')
    # The first card also carries the opening: one line less keeps it on one page.
    parts.append(_tag("h3", _("Note (optional)")) + _lines(2 if card.opening else 3))
    data = f' data-round="{_e(card.round_id)}" data-role="{_e(card.role_id)}"'
    return _sheet("role-card", "".join(parts), data)


# Inject cards --------------------------------------------------------------------------


def inject_cards_page(scenario: Scenario, lang: str, cards: Sequence[InjectCard]) -> str:
    title = _("{title}: inject cards").format(title=scenario.title.get(lang))
    return page(title, lang, (_inject_card(scenario, card) for card in cards))


def _inject_card(scenario: Scenario, card: InjectCard) -> str:
    """What players may see: the new information, and the card's number to sort by."""
    inner = (
        _top(_("New information"), card.number)
        + f"<h1>{_e(card.title)}</h1>{_paragraphs(card.text, 'text')}"
        + _tag(
            "p", _("Case {case} · card {card}").format(case=scenario.id, card=card.number), "foot"
        )
    )
    return _sheet("inject", inner, f' data-card="{_e(card.number)}"')


# Evaluator sheets ----------------------------------------------------------------------


def evaluator_page(scenario: Scenario, lang: str, sheets: Sequence[EvaluatorSheet]) -> str:
    title = _("{title}: evaluator sheets").format(title=scenario.title.get(lang))
    return page(title, lang, (_evaluator_sheet(scenario, sheet) for sheet in sheets))


def _evaluator_sheet(scenario: Scenario, sheet: EvaluatorSheet) -> str:
    top = _("Evaluator sheet · case {case} · objective {objective}").format(
        case=scenario.id, objective=sheet.objective_id
    )
    fields = " ".join(
        f"{_e(label)} ______________"
        for label in (_("Evaluator:"), _("Team or session:"), _("Date:"))
    )
    headers = (
        ("c", _("Look for (code)")),
        ("o", _("Option")),
        ("w", _("Who")),
        ("", _("When")),
        ("s", _("Seen")),
    )
    rows = "".join(_step_row(line) for line in sheet.steps)
    parts = [
        _top(top, _("For evaluators, not for players")),
        f"<h1>{_e(sheet.title)}</h1>",
        f'<p class="small">{fields}</p>',
        '<table class="steps"><thead><tr>'
        + "".join(f'<th class="{css}">{_e(header)}</th>' for css, header in headers)
        + f"</tr></thead><tbody>{rows}</tbody></table>",
    ]
    if sheet.harmed_by:
        harmed = "".join(
            f"<li><b>{_e(option.code)}</b> {_e(option.label)}</li>" for option in sheet.harmed_by
        )
        parts.append(
            _tag("h3", _("Not rated P if the team chose one of these")) + f"<ul>{harmed}</ul>"
        )
    ratings = "".join(
        f"<tr><td>{_box()}<br><b>{_e(rating.level)}</b></td><td><b>{_e(rating.name)}</b>"
        f"<br>{_e(rating.rule)}</td></tr>"
        for rating in sheet.ratings
    )
    parts.append(
        '<div class="keep">'
        + _tag("h3", _("Rating (tick one)"))
        + f'<table class="rating"><tbody>{ratings}</tbody></table></div>'
    )
    parts.append('<div class="keep">' + _tag("h3", _("Observations")) + _lines(6) + "</div>")
    return _sheet("evaluator", "".join(parts), f' data-objective="{_e(sheet.objective_id)}"')


def _step_row(line: StepLine) -> str:
    when = line.when + (" · " + _("critical") if line.critical else "")
    if line.at_table:
        words = (_("on time"), _("late"), _("missed"))
        seen = "".join(f'<div class="tick">{_box()}{_e(word)}</div>' for word in words)
    else:
        seen = _e(_("not at the table: not assessed"))
    return (
        f"<tr><td><b>{_e(line.code)}</b></td><td>{_e(line.label)}<br>"
        + _tag("span", _("Source: {ref}").format(ref=line.ref), "small")
        + "</td>"
        f'<td>{_e(line.who)}</td><td>{_e(when)}</td><td class="seen">{seen}</td></tr>'
    )


# Facilitator's guide -------------------------------------------------------------------


@dataclass(frozen=True)
class GuideExtras:
    """What the pack adds to the guide `interact show` builds: how it was printed, the plan,
    which inject card is which, and the code of every option."""

    paper: PaperTable
    lang: str
    commands: Sequence[str]
    """The commands that type the answers in and score them, ready to be typed."""
    injects: Sequence[InjectCard]


def guide_page(scenario: Scenario, guide: Guide, extras: GuideExtras) -> str:
    lang = extras.lang
    title = _("{title}: facilitator's guide").format(title=guide.title)
    sheets = [_guide_opening(scenario, guide, extras)]
    cards_by_inject = {(card.round_id, card.inject_id): card.number for card in extras.injects}
    codes = case_codes(scenario)
    for round_, round_page in zip(scenario.rounds, guide.rounds, strict=True):
        inner = [f"<h2>{_e(round_page.heading)}</h2>"]
        inner += [f'<p class="facts">{_e(fact)}</p>' for fact in round_page.facts]
        inner.append(f'<div class="briefing">{_paragraphs(round_page.briefing)}</div>')
        expected = [
            _coded(entry, codes[step.action])
            for entry, step in zip(round_page.expected, round_.expect, strict=True)
        ]
        inner += _entries(_("Expected"), expected)
        numbered = [
            _numbered(entry, cards_by_inject.get((round_.id, inject.id)))
            for entry, inject in zip(round_page.injects, round_.injects, strict=True)
        ]
        inner += _entries(_("Injects (hand out the card when its condition holds)"), numbered)
        harmful = [
            _coded(entry, codes[action.id])
            for entry, action in zip(
                round_page.harmful, harmful_offered(scenario, round_), strict=True
            )
        ]
        inner += _entries(_("Harmful options on the menu"), harmful)
        sheets.append(_sheet("guide-round", "".join(inner)))
    closing = []
    reserve = [
        _numbered(entry, cards_by_inject.get((None, inject.id)))
        for entry, inject in zip(guide.reserve, scenario.reserve, strict=True)
    ]
    closing += _entries(_("Reserve injects (released by the facilitator)"), reserve, "h2")
    closing += _entries(_("Objectives and their steps"), guide.objectives, "h2")
    closing.append(_code_index(scenario, lang))
    sheets.append(_sheet("guide-end", "".join(closing)))
    return page(title, lang, sheets)


def _coded(entry: Entry, code: str) -> Entry:
    return Entry(f"{code} · {entry.headline}", entry.lines)


def _numbered(entry: Entry, card: str | None) -> Entry:
    if card is None:
        return entry
    headline = _("Card {card}: {headline}").format(card=card, headline=entry.headline)
    return Entry(headline, entry.lines)


def _entries(title: str, entries: Sequence[Entry], level: str = "h3") -> list[str]:
    if not entries:
        return []
    items = "".join(
        f'<div class="entry"><b>{_e(entry.headline)}</b>'
        + "".join(f'<div class="lines-of">{_e(line)}</div>' for line in entry.lines)
        + "</div>"
        for entry in entries
    )
    return [f"<{level}>{_e(title)}</{level}>{items}"]


def _guide_opening(scenario: Scenario, guide: Guide, extras: GuideExtras) -> str:
    paper = extras.paper
    seated = [role.id for role in scenario.roles if role.id in paper.table]
    away = [role.id for role in scenario.roles if role.id not in paper.table]
    pack_facts = [
        _("Paper pack: language {lang}, menu seed {seed}.").format(
            lang=extras.lang, seed=paper.menu_seed
        ),
        _("At the table: {roles}.").format(roles=", ".join(seated)),
    ]
    if away:
        pack_facts.append(
            _("Not at the table (no cards; their steps are not assessed): {roles}.").format(
                roles=", ".join(away)
            )
        )
    if paper.choices is not None:
        pack_facts.append(
            ngettext(
                "The cards allow at most {count} choice per role and round.",
                "The cards allow at most {count} choices per role and round.",
                paper.choices,
            ).format(count=paper.choices)
        )
    steps = [
        _("Before the day: print the role cards, the inject cards and the evaluator sheets (A4)."),
        _(
            "Each round: read the briefing aloud, hand each role its card for the round; hand "
            "out an inject card when its condition holds; collect the cards at the end of the "
            "round."
        ),
        _("After: type the ticked codes in and score them, as a session of this team:"),
    ]
    inner = [
        _top(_("Facilitator guide: not for players"), scenario.id),
        f"<h1>{_e(guide.title)}</h1>",
        *(f'<p class="facts">{_e(fact)}</p>' for fact in (*guide.facts, *pack_facts)),
    ]
    if guide.summary:
        inner.append(_paragraphs(guide.summary))
    if guide.opening:
        inner.append(
            '<div class="released">'
            + _tag("h3", _("The opening, on each role's first card: read it aloud at the start"))
            + _paragraphs(guide.opening)
            + "</div>"
        )
    inner.append(_tag("h2", _("Running the exercise on paper")) + "<ul>")
    inner += [f"<li>{_e(step)}</li>" for step in steps]
    inner.append(
        "</ul><p>" + "<br>".join(f"<code>{_e(c)}</code>" for c in extras.commands) + "</p>"
    )
    inner += _entries(_("Roles"), guide.roles, "h2")
    inner.append(_plan(scenario, extras))
    return _sheet("guide-start", "".join(inner))


def _plan(scenario: Scenario, extras: GuideExtras) -> str:
    lang, table = extras.lang, extras.paper.table
    headers = (_("Round"), _("Title"), _("Scenario clock"), _("Timebox"), _("Who plays"))
    rows = []
    for number, round_ in enumerate(scenario.rounds, start=1):
        playing = [role for role in round_.roles if role in table]
        timebox = _("{minutes} min").format(minutes=round_.timebox) if round_.timebox else ""
        cells = (
            number,
            round_.title.get(lang),
            round_.clock.get(lang),
            timebox,
            ", ".join(playing),
        )
        rows.append("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    return (
        _tag("h2", _("Round plan"))
        + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _code_index(scenario: Scenario, lang: str) -> str:
    """Every option's code, to judge conditions and read the cards quickly."""
    codes = case_codes(scenario)
    expected = {step.action for step in scenario.expected_steps}
    rows = []
    for action in sorted(scenario.actions, key=lambda a: codes[a.id]):
        if action.harmful is not None:
            mark = _("harmful")
        elif action.id in expected:
            mark = _("expected")
        else:
            mark = ""
        cells = (codes[action.id], action.label.get(lang), ", ".join(action.roles), mark)
        rows.append("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in cells) + "</tr>")
    headers = (_("Code"), _("Option"), _("Roles"), _("Expected or harmful"))
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    return (
        _tag("h2", _("Codes on the cards"))
        + _tag("p", _("Codes are the same in every language of the case."), "small")
        + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
