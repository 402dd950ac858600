"""Lint: cases whose every reference resolves but which cannot be played as written, or which
give their answers away.

Findings make a case invalid (steps no playthrough can meet, conditions that always or never
hold, a choice limit the expected steps cannot fit). Warnings do not (`validate --strict` makes
them findings): right answers that stand out by their length, actions offered before the step
that expects them opens, and texts not yet translated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from statistics import fmean

from interact_cli.case.model import Condition, ExpectedStep, Inject, Scenario
from interact_cli.case.text import LocalText
from interact_cli.i18n import _, ngettext

Report = Callable[[str, str], None]
LENGTH_RATIO = 1.25
"""Above this, the expected options of a menu are longer on average than the others."""


class Chances:
    """Where each action can be chosen: (round index, role) pairs where the role plays and the
    round offers the action to it. Worked out once per lint run."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.playing = [set(round_.roles) for round_ in scenario.rounds]

    def of(self, action_id: str, roles: set[str], rounds: range) -> list[tuple[int, str]]:
        action = self.scenario.action_by_id.get(action_id)
        if action is None:
            return []
        offered = self.scenario.offered_rounds[action_id]
        able = roles & set(action.roles)
        return [
            (index, role)
            for index in rounds
            if index in offered
            for role in sorted(able & self.playing[index])
        ]

    def before(self, condition: Condition, round_index: int) -> bool:
        """Whether any role the condition names could choose its action before the round."""
        action = self.scenario.action_by_id.get(condition.action)
        if action is None:
            return True  # already reported as an unknown action
        roles = set(action.roles) if condition.role is None else {condition.role}
        return bool(self.of(condition.action, roles, range(round_index)))


def lint_playability(scenario: Scenario, report: Report) -> None:
    """Findings that make a case unplayable as written, though every reference resolves."""
    chances = Chances(scenario)
    everyone = range(len(scenario.rounds))
    for index, action in enumerate(scenario.actions):
        if not action.roles:
            report(f"actions[{index}].roles", "no role may choose this action")
        elif not chances.of(action.id, set(action.roles), everyone):
            bounded = action.offered_from is not None or action.offered_until is not None
            report(
                f"actions[{index}].roles",
                _("none of these roles plays in a round that offers this action")
                if bounded
                else "none of these roles plays in any round",
            )
    for index, round_ in enumerate(scenario.rounds):
        if not any(scenario.menu(round_.id, role_id) for role_id in round_.roles):
            report(
                f"rounds[{index}].roles",
                "no role can act in this round, so no playthrough reaches it with a choice",
            )
    for step in scenario.expected_steps:
        _lint_step(scenario, step, chances, report)
    for round_index, round_ in enumerate(scenario.rounds):
        for inject in round_.injects:
            _lint_conditions(scenario, inject, round_index, chances, report)
    _lint_choice_limits(scenario, chances, report)


def _lint_step(scenario: Scenario, step: ExpectedStep, chances: Chances, report: Report) -> None:
    if step.opens not in scenario.round_index or step.due not in scenario.round_index:
        return
    action = scenario.action_by_id.get(step.action)
    if action is None or not set(step.roles) & set(action.roles):
        return
    start = scenario.round_index[step.opens]
    due = scenario.round_index[step.due]
    closes = scenario.closes(step)
    if step.until is not None and closes < due:
        return  # already reported: `until` before `by`
    roles = set(step.roles)
    if not chances.of(step.action, roles, range(start, closes + 1)):
        report(
            f"{step.path}.action",
            _(
                "no playthrough can meet this step: none of its roles plays in a round that "
                "offers '{action}' from round '{round}' on"
            ).format(action=step.action, round=step.opens)
            if step.until is None
            else _(
                "no playthrough can meet this step: none of its roles plays in a round that "
                "offers '{action}' between round '{opens}' and round '{until}'"
            ).format(action=step.action, opens=step.opens, until=step.until),
        )
    elif not chances.of(step.action, roles, range(start, due + 1)):
        report(
            f"{step.path}.by",
            _(
                "no playthrough can meet this step on time: none of its roles plays in a round "
                "that offers '{action}' between round '{first}' and round '{due}'"
            ).format(action=step.action, first=step.opens, due=step.due),
        )


def _lint_conditions(
    scenario: Scenario, inject: Inject, round_index: int, chances: Chances, report: Report
) -> None:
    round_id = scenario.rounds[round_index].id
    path = f"{inject.path}.when"
    for condition in inject.when:
        if condition.kind == "done" and not chances.before(condition, round_index):
            report(
                path,
                f"condition '{condition}' can never hold: no role that may choose "
                f"'{condition.action}' plays before round '{round_id}'",
            )
        elif condition.kind == "missed" and round_index == 0:
            report(
                path,
                _(
                    "condition '{condition}' always holds: nothing is played before the first round"
                ).format(condition=condition),
            )
        elif condition.kind == "missed" and not chances.before(condition, round_index):
            report(
                path,
                _(
                    "condition '{condition}' always holds: no role is offered '{action}' in a "
                    "round it plays before round '{round}'"
                ).format(condition=condition, action=condition.action, round=round_id),
            )
        elif condition.kind == "missed":
            _lint_missed_before_due(scenario, condition, round_index, path, report)
    for done in inject.when:
        for missed in inject.when:
            if (
                done.kind == "done"
                and missed.kind == "missed"
                and done.action == missed.action
                and missed.role in (None, done.role)
            ):
                report(
                    path,
                    _("conditions '{done}' and '{missed}' can never both hold").format(
                        done=done, missed=missed
                    ),
                )


def _lint_missed_before_due(
    scenario: Scenario, condition: Condition, round_index: int, path: str, report: Report
) -> None:
    """A `missed:X` released while a step on X is open and not yet due punishes a team that
    does X on time."""
    for step in scenario.expected_steps:
        if step.action != condition.action:
            continue
        if condition.role is not None and condition.role not in step.roles:
            continue
        opens = scenario.round_index.get(step.opens, -1)
        due = scenario.round_index.get(step.due, -1)
        if opens < round_index <= due:
            report(
                path,
                _(
                    "condition '{condition}' is judged at the start of round '{round}', but "
                    "step '{step}' can still be done on time in that round (by round "
                    "'{due}'): a team that does it on time still gets this inject"
                ).format(
                    condition=condition,
                    round=scenario.rounds[round_index].id,
                    step=step.id,
                    due=step.due,
                ),
            )
            return


def _lint_choice_limits(scenario: Scenario, chances: Chances, report: Report) -> None:
    """Steps that can be met on time in one (round, role) only must fit its choice limit."""
    only_here: dict[tuple[int, str], list[str]] = {}
    for step in scenario.expected_steps:
        if step.opens not in scenario.round_index or step.due not in scenario.round_index:
            continue
        window = range(scenario.round_index[step.opens], scenario.round_index[step.due] + 1)
        found = chances.of(step.action, set(step.roles), window)
        if len(found) == 1:
            only_here.setdefault(found[0], []).append(step.id)
    for (index, role), steps in sorted(only_here.items()):
        round_ = scenario.rounds[index]
        limit = scenario.choice_limit(round_.id)
        if limit is None or len(steps) <= limit:
            continue
        key = f"rounds[{index}].choices" if round_.choices is not None else "choices"
        report(
            key,
            ngettext(
                "role '{role}' has {count} expected steps it can only meet in round '{round}' "
                "({steps}), but may choose at most {limit} action there",
                "role '{role}' has {count} expected steps it can only meet in round '{round}' "
                "({steps}), but may choose at most {limit} actions there",
                limit,
            ).format(
                role=role, count=len(steps), round=round_.id, steps=", ".join(steps), limit=limit
            ),
        )


def lint_giveaways(scenario: Scenario, warn: Report) -> None:
    """Warnings: menus whose expected options are longer than the others, so they stand out."""
    lang = scenario.fallback_language
    for index, round_ in enumerate(scenario.rounds):
        open_steps = [
            step
            for step in scenario.expected_steps
            if scenario.round_index.get(step.opens, len(scenario.rounds))
            <= index
            <= scenario.round_index.get(step.due, -1)
        ]
        for role_id in dict.fromkeys(round_.roles):
            menu = scenario.menu(round_.id, role_id)
            expected = {s.action for s in open_steps if role_id in s.roles}
            right = [len(a.label.get(lang)) for a in menu if a.id in expected]
            other = [len(a.label.get(lang)) for a in menu if a.id not in expected]
            if not right or not other or fmean(other) == 0:
                continue
            ratio = fmean(right) / fmean(other)
            if ratio > LENGTH_RATIO:
                warn(
                    f"rounds[{index}]",
                    _(
                        "menu of role '{role}': the expected options average {right} "
                        "characters, the others {other} ({ratio:.2f} times as long); the right "
                        "answers may stand out by their length"
                    ).format(
                        role=role_id,
                        right=round(fmean(right)),
                        other=round(fmean(other)),
                        ratio=ratio,
                    ),
                )


def lint_early_offers(scenario: Scenario, warn: Report) -> None:
    """Warnings: an action offered to a role before any step expecting it of that role opens.

    One choice meets one step, and a step opens in the round that declares it, so a team that
    chooses the action in such a round gets no credit and is then told it missed the step.
    """
    chances = Chances(scenario)
    for index, action in enumerate(scenario.actions):
        for role in dict.fromkeys(action.roles):
            opening = [
                step
                for step in scenario.expected_steps
                if step.action == action.id
                and role in step.roles
                and step.opens in scenario.round_index
            ]
            if not opening:
                continue
            first = min(opening, key=lambda step: scenario.round_index[step.opens])
            opens = scenario.round_index[first.opens]
            early = [i for i, _role in chances.of(action.id, {role}, range(opens))]
            if not early:
                continue
            warn(
                f"actions[{index}]",
                _(
                    "offered to {role} from round {number} ({round}), but the step expecting "
                    "it opens in round {opens_number} ({opens}): an early choice is not credited"
                ).format(
                    role=role,
                    number=early[0] + 1,
                    round=scenario.rounds[early[0]].id,
                    opens_number=opens + 1,
                    opens=first.opens,
                ),
            )


def translated_shares(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Per language of the case: (texts written in it, texts in the case)."""
    texts = list(_texts(scenario))
    return {
        lang: (sum(1 for text in texts if lang in text.values), len(texts))
        for lang in scenario.languages
    }


def lint_translations(scenario: Scenario, warn: Report) -> None:
    """A warning per language of the case that some texts lack (players see the fallback)."""
    for lang, (done, total) in translated_shares(scenario).items():
        if done < total:
            warn(
                "languages",
                _(
                    "'{lang}': {percent}% of the texts are translated ({missing} of {total} "
                    "missing); players in this language see the fallback language there"
                ).format(
                    lang=lang,
                    percent=done * 100 // total,
                    missing=total - done,
                    total=total,
                ),
            )


def _texts(value: object) -> Iterator[LocalText]:
    """Every localised text of the case model."""
    if isinstance(value, LocalText):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
