"""The facilitator's guide to a case (`interact show`): what players never see, in one read.

Roles with their ids, then round by round who plays, what the case expects and by when,
which injects come and on what condition, which harmful options are on the menu and why;
then the reserve injects with the rounds where they fit, and the objectives. Built once as
data (`facilitator_guide`), drawn for the terminal (rich, at its width) or as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from interact_cli.case.describe import fitting_rounds, span_words, when_words
from interact_cli.case.model import Action, ExpectedStep, Round, Scenario
from interact_cli.console import plain_console
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable
from interact_cli.play.script import card_limit
from interact_cli.report.text_wrap import wrap


@dataclass(frozen=True)
class Entry:
    """One item of a list: a headline, then lines under it."""

    headline: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundPage:
    heading: str
    facts: tuple[str, ...]
    briefing: str
    expected: tuple[Entry, ...]
    injects: tuple[Entry, ...]
    harmful: tuple[Entry, ...]


@dataclass(frozen=True)
class Guide:
    title: str
    facts: tuple[str, ...]
    summary: str
    opening: str
    """What the players read on the opening screen."""
    roles: tuple[Entry, ...]
    rounds: tuple[RoundPage, ...]
    reserve: tuple[Entry, ...]
    objectives: tuple[Entry, ...]


def facilitator_guide(scenario: Scenario, lang: str | None, choices: int | None = None) -> Guide:
    """Everything a facilitator prepares from, in the case's order, as plain strings.

    `choices`: a paper pack's lower choice limit, said instead of the case's where lower.
    """
    steps = len(scenario.expected_steps)
    facts = (
        _("Case {case}, version {version}: the facilitator's guide, not for players.").format(
            case=scenario.id, version=scenario.version
        ),
        _("Languages: {languages} · countries: {countries}").format(
            languages=", ".join(scenario.languages), countries=", ".join(scenario.countries)
        ),
        ngettext(
            "{rounds} rounds · {steps} expected step",
            "{rounds} rounds · {steps} expected steps",
            steps,
        ).format(rounds=len(scenario.rounds), steps=steps),
    )
    if scenario.recall:
        facts += (_("Recall: each role first says in its own words what it does."),)
    return Guide(
        title=scenario.title.get(lang),
        facts=facts,
        summary=scenario.text(scenario.summary, lang),
        opening=scenario.text(scenario.opening, lang),
        roles=tuple(_role(scenario, index, lang) for index in range(len(scenario.roles))),
        rounds=tuple(_round(scenario, round_, lang, choices) for round_ in scenario.rounds),
        reserve=tuple(
            Entry(
                _("{title} ({id}): fits {rounds}").format(
                    title=scenario.text(inject.title, lang) or inject.id,
                    id=inject.id,
                    rounds=span_words(scenario, fitting_rounds(scenario, inject)),
                ),
                (inject.text.get(lang),),
            )
            for inject in scenario.reserve
        ),
        objectives=tuple(
            _objective(scenario, index, lang) for index in range(len(scenario.objectives))
        ),
    )


def _role(scenario: Scenario, index: int, lang: str | None) -> Entry:
    role = scenario.roles[index]
    agency = role.agency.replace("_", " ")
    headline = _("{id}: {name} · {agency}, {country}").format(
        id=role.id, name=role.name.get(lang), agency=agency, country=role.country
    )
    description = scenario.text(role.description, lang)
    return Entry(headline, (description,) if description else ())


def _round(scenario: Scenario, round_: Round, lang: str | None, choices: int | None) -> RoundPage:
    number = scenario.round_index[round_.id] + 1
    heading = _("Round {n} of {total} · {title} ({id})").format(
        n=number, total=len(scenario.rounds), title=round_.title.get(lang), id=round_.id
    )
    facts = [_("Scenario clock: {clock}").format(clock=round_.clock.get(lang))]
    if round_.timebox:
        facts.append(_("Timebox: {minutes} min").format(minutes=round_.timebox))
    limit = card_limit(scenario, round_.id, choices)
    if limit is not None:
        facts.append(
            ngettext(
                "At most {count} choice per role", "At most {count} choices per role", limit
            ).format(count=limit)
        )
    if len(round_.roles) == len(scenario.roles):
        facts.append(_("Played by every role"))
    else:
        facts.append(_("Played by: {roles}").format(roles=", ".join(round_.roles)))
    fitting = [
        scenario.text(inject.title, lang) or inject.id
        for inject in scenario.reserve
        if scenario.reserve_fits(inject, round_.id)
    ]
    if fitting and len(fitting) < len(scenario.reserve):
        facts.append(_("Reserve injects that fit: {titles}").format(titles="; ".join(fitting)))
    return RoundPage(
        heading=heading,
        facts=tuple(facts),
        briefing=round_.briefing.get(lang),
        expected=tuple(_expected(scenario, step, lang) for step in round_.expect),
        injects=tuple(
            Entry(
                _("{title} ({id}): {when}").format(
                    title=scenario.text(inject.title, lang) or _("New information"),
                    id=inject.id,
                    when=when_words(scenario, inject.when, lang),
                ),
                (inject.text.get(lang),),
            )
            for inject in round_.injects
        ),
        harmful=tuple(
            _harmful(scenario, action, round_, lang) for action in harmful_offered(scenario, round_)
        ),
    )


def _expected(scenario: Scenario, step: ExpectedStep, lang: str | None) -> Entry:
    roles = ", ".join(step.roles)
    if step.due == step.opens:
        due = _("due this round")
    else:
        due_round = scenario.rounds[scenario.round_index[step.due]]
        due = _("due by round {n} ({title})").format(
            n=scenario.round_index[step.due] + 1, title=due_round.title.get(lang)
        )
    who = roles if len(step.roles) == 1 else _("any of {roles}").format(roles=roles)
    facts = [who, due]
    if step.until is not None and step.until in scenario.round_index:
        last = scenario.round_index[step.until]
        facts.append(
            _("can be met until round {n} ({title})").format(
                n=last + 1, title=scenario.rounds[last].title.get(lang)
            )
        )
    if step.critical:
        facts.append(_("critical"))
    return Entry(
        _step_name(scenario, step.id, lang),
        (" · ".join(facts), _("Source: {ref}").format(ref=step.ref)),
    )


def _step_name(scenario: Scenario, step_id: str, lang: str | None) -> str:
    step = next((s for s in scenario.expected_steps if s.id == step_id), None)
    if step is None:
        return step_id
    action = scenario.action_by_id.get(step.action)
    return action.label.get(lang) if action else step.action


def _objective(scenario: Scenario, index: int, lang: str | None) -> Entry:
    objective = scenario.objectives[index]
    lines = [_step_in_round(scenario, step_id, lang) for step_id in objective.steps]
    if objective.harmed_by:
        labels = [
            scenario.action_by_id[action_id].label.get(lang)
            for action_id in objective.harmed_by
            if action_id in scenario.action_by_id
        ]
        lines.append(
            _("Not rated P if the team chose: {choices}").format(choices="; ".join(labels))
        )
    return Entry(objective.title.get(lang), tuple(lines))


def _step_in_round(scenario: Scenario, step_id: str, lang: str | None) -> str:
    step = next((s for s in scenario.expected_steps if s.id == step_id), None)
    if step is None:
        return step_id
    return _("{step} (round {n})").format(
        step=_step_name(scenario, step_id, lang), n=scenario.round_index[step.opens] + 1
    )


def harmful_offered(scenario: Scenario, round_: Round) -> list[Action]:
    """The harmful actions on the menu, this round, of a role that plays it."""
    offered = {action.id for role in round_.roles for action in scenario.menu(round_.id, role)}
    return [action for action in scenario.harmful_actions if action.id in offered]


def _harmful(scenario: Scenario, action: Action, round_: Round, lang: str | None) -> Entry:
    """A harmful option, with the roles of this round that have it on their menu."""
    why = action.harmful.get(lang) if action.harmful else ""
    lines = [_("Why it harms: {why}").format(why=why)]
    if action.ref:
        lines.append(_("Source: {ref}").format(ref=action.ref))
    return Entry(
        _("{label} ({roles})").format(
            label=action.label.get(lang),
            roles=", ".join(
                role for role in round_.roles if action in scenario.menu(round_.id, role)
            ),
        ),
        tuple(lines),
    )


# Drawing -------------------------------------------------------------------------------


def print_guide(guide: Guide, file: IO[str] | None = None) -> None:
    """The guide on a terminal (or `file`), wrapped at word boundaries at its width."""
    from rich.text import Text

    console = plain_console(file=file)
    width = max(console.width, 40)

    def say(text: str, indent: int = 0, style: str = "", hanging: str = "") -> None:
        for line in wrap(text, width, " " * indent + hanging, " " * (indent + len(hanging))):
            console.print(Text(printable(line), style=style), soft_wrap=True)

    def bullet(item: Entry, indent: int) -> None:
        say(item.headline, indent, hanging="• ")
        for line in item.lines:
            say(line, indent + 2, style="dim")

    def section(title: str, items: tuple[Entry, ...], indent: int = 2) -> None:
        if items:
            say(title, indent, style="bold")
            for item in items:
                bullet(item, indent + 2)

    say(guide.title, style="bold")
    for fact in guide.facts:
        say(fact)
    if guide.summary:
        console.print()
        say(guide.summary)
    if guide.opening:
        console.print()
        say(_("The opening screen, read by every player"), style="bold")
        say(guide.opening, 2)
    console.print()
    section(_("Roles"), guide.roles, 0)
    for page in guide.rounds:
        console.print()
        say(page.heading, style="bold")
        for fact in page.facts:
            say(fact, 2)
        say(page.briefing, 2, style="italic")
        section(_("Expected"), page.expected)
        section(_("Injects"), page.injects)
        section(_("Harmful options on the menu"), page.harmful)
    for title, items in (
        (_("Reserve injects (released by the facilitator)"), guide.reserve),
        (_("Objectives and their steps"), guide.objectives),
    ):
        if items:
            console.print()
            section(title, items, 0)


def guide_markdown(guide: Guide) -> str:
    """The guide as Markdown: every text from the case escaped, so it reads as written."""
    from interact_cli.report.markdown import inline

    out = [f"# {inline(guide.title)}", ""]
    out += [f"{inline(fact)}  " for fact in guide.facts]
    if guide.summary:
        out += ["", inline(guide.summary)]
    if guide.opening:
        heading = inline(_("The opening screen, read by every player"))
        out += ["", f"**{heading}**", "", inline(guide.opening)]

    def items(entries: tuple[Entry, ...]) -> list[str]:
        lines: list[str] = []
        for entry in entries:
            lines.append(f"- {inline(entry.headline)}  ")
            lines += [f"  {inline(line)}  " for line in entry.lines]
        return lines

    def section(title: str, entries: tuple[Entry, ...]) -> list[str]:
        return ["", f"**{inline(title)}**", "", *items(entries)] if entries else []

    out += ["", f"## {inline(_('Roles'))}", "", *items(guide.roles)]
    for page in guide.rounds:
        out += ["", f"## {inline(page.heading)}", ""]
        out += [f"{inline(fact)}  " for fact in page.facts]
        out += ["", f"> {inline(page.briefing)}"]
        out += section(_("Expected"), page.expected)
        out += section(_("Injects"), page.injects)
        out += section(_("Harmful options on the menu"), page.harmful)
    if guide.reserve:
        title = _("Reserve injects (released by the facilitator)")
        out += ["", f"## {inline(title)}", "", *items(guide.reserve)]
    if guide.objectives:
        title = _("Objectives and their steps")
        out += ["", f"## {inline(title)}", "", *items(guide.objectives)]
    return "\n".join(out) + "\n"
