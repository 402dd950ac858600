"""What a paper pack prints, as plain data: role cards, inject cards, evaluator sheets.

Built from the case and the pack's settings (menu seed, table, printed choice limit) so that
the cards show what live play would show each role in each round, in the same neutral
order (`case.order`), with the codes answers are typed in with (`case.codes`). A role card
holds only what that role sees in that round; what only the facilitator or an evaluator
may read (conditions, expected steps, harmful options, sources) is on their documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from interact_cli.case.codes import case_codes
from interact_cli.case.describe import fitting_rounds, span_words, when_words
from interact_cli.case.model import ExpectedStep, Inject, Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.i18n import _
from interact_cli.play.blank_script import PaperTable
from interact_cli.play.script import card_limit
from interact_cli.score.scoring import RATING_RULE, RATINGS


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass(frozen=True)
class Released:
    title: str
    text: str


@dataclass(frozen=True)
class RoleCard:
    round_id: str
    role_id: str
    round_number: int
    rounds: int
    round_title: str
    clock: str
    timebox: int | None
    role_name: str
    briefing: str
    released: tuple[Released, ...]
    options: tuple[Option, ...]
    limit: int | None
    recall: bool
    opening: str = ""
    """On the role's first card only: the case's opening, what every player reads first."""
    description: str = ""
    """On the role's first card only: what the role is (written for players)."""


@dataclass(frozen=True)
class InjectCard:
    number: str
    """`I1`, `I2`…: how the facilitator's guide names the card; the card shows nothing else."""
    inject_id: str
    title: str
    text: str
    round_id: str | None
    """The round it belongs to; None for a reserve inject."""
    when: str
    """When to hand it out, in words (the facilitator's guide only)."""


@dataclass(frozen=True)
class StepLine:
    code: str
    label: str
    who: str
    when: str
    critical: bool
    ref: str
    at_table: bool


@dataclass(frozen=True)
class Rating:
    level: str
    name: str
    rule: str


@dataclass(frozen=True)
class EvaluatorSheet:
    objective_id: str
    title: str
    steps: tuple[StepLine, ...]
    harmed_by: tuple[Option, ...]
    ratings: tuple[Rating, ...]


def role_cards(scenario: Scenario, lang: str, paper: PaperTable) -> tuple[RoleCard, ...]:
    """One card per round and role at the table that plays it, in play order; a role's first
    card also carries what live play shows before round 1: the opening and the role."""
    codes = case_codes(scenario)
    opening = scenario.text(scenario.opening, lang)
    cards = []
    first: set[str] = set()
    for number, round_ in enumerate(scenario.rounds, start=1):
        released = tuple(
            Released(scenario.text(inject.title, lang), inject.text.get(lang))
            for inject in round_.injects
            if not inject.when
        )
        for role_id in round_.roles:
            if role_id not in paper.table:
                continue
            menu = ordered_menu(scenario, paper.menu_seed, round_.id, role_id)
            role = scenario.role_by_id[role_id]
            is_first = role_id not in first
            first.add(role_id)
            cards.append(
                RoleCard(
                    round_id=round_.id,
                    role_id=role_id,
                    round_number=number,
                    rounds=len(scenario.rounds),
                    round_title=round_.title.get(lang),
                    clock=round_.clock.get(lang),
                    timebox=round_.timebox,
                    role_name=role.name.get(lang),
                    briefing=round_.briefing.get(lang),
                    released=released,
                    options=tuple(Option(codes[a.id], a.label.get(lang)) for a in menu),
                    limit=card_limit(scenario, round_.id, paper.choices),
                    recall=scenario.recall,
                    opening=opening if is_first else "",
                    description=scenario.text(role.description, lang) if is_first else "",
                )
            )
    return tuple(cards)


def inject_cards(scenario: Scenario, lang: str) -> tuple[InjectCard, ...]:
    """A card for each inject the facilitator hands out: the conditional ones of every
    round, then the reserve ones. Unconditional injects are printed on the role cards."""
    cards: list[InjectCard] = []

    def card(inject: Inject, round_id: str | None, when: str) -> InjectCard:
        return InjectCard(
            f"I{len(cards) + 1}",
            inject.id,
            scenario.text(inject.title, lang) or _("New information"),
            inject.text.get(lang),
            round_id,
            when,
        )

    for round_ in scenario.rounds:
        for inject in round_.injects:
            if inject.when:
                cards.append(card(inject, round_.id, when_words(scenario, inject.when, lang)))
    for inject in scenario.reserve:
        fits = span_words(scenario, fitting_rounds(scenario, inject))
        cards.append(
            card(inject, None, _("when you choose to; it fits {rounds}").format(rounds=fits))
        )
    return tuple(cards)


def evaluator_sheets(
    scenario: Scenario, lang: str, table: tuple[str, ...]
) -> tuple[EvaluatorSheet, ...]:
    """One sheet per objective: its steps with who and by when, and the rating scale."""
    codes = case_codes(scenario)
    steps = {step.id: step for step in scenario.expected_steps}
    ratings = tuple(
        Rating(level, _(name), _(RATING_RULE[level])) for level, name in RATINGS.items()
    )
    sheets = []
    for objective in scenario.objectives:
        lines = tuple(
            _step_line(scenario, steps[step_id], lang, codes, table)
            for step_id in objective.steps
            if step_id in steps
        )
        harmed = tuple(
            Option(codes[action_id], scenario.action_by_id[action_id].label.get(lang))
            for action_id in objective.harmed_by
            if action_id in scenario.action_by_id
        )
        sheets.append(
            EvaluatorSheet(objective.id, objective.title.get(lang), lines, harmed, ratings)
        )
    return tuple(sheets)


def _step_line(
    scenario: Scenario,
    step: ExpectedStep,
    lang: str,
    codes: dict[str, str],
    table: tuple[str, ...],
) -> StepLine:
    action = scenario.action_by_id[step.action]
    names = [
        f"{scenario.role_by_id[role].name.get(lang)} ({role})"
        for role in step.roles
        if role in scenario.role_by_id
    ]
    opens, due = scenario.round_index[step.opens], scenario.round_index[step.due]
    if opens == due:
        when = _("in round {n}").format(n=opens + 1)
    else:
        when = _("from round {first}, due by round {due}").format(first=opens + 1, due=due + 1)
    if step.until is not None and step.until in scenario.round_index:
        when = _("{when}; can be met until round {n}").format(
            when=when, n=scenario.round_index[step.until] + 1
        )
    return StepLine(
        code=codes[step.action],
        label=action.label.get(lang),
        who=names[0] if len(names) == 1 else _("any of {roles}").format(roles="; ".join(names)),
        when=when,
        critical=step.critical,
        ref=step.ref,
        at_table=any(role in table for role in step.roles),
    )
