"""Parts of a case in a facilitator's words: when an inject is released, where a round fits.

A condition such as `missed:report_police_now@police_es` means something precise to the
engine; a facilitator preparing a workshop reads "if Police, Spain (police_es) has not done
'Report her missing to the police' before this round". Shared by the facilitator's guide
(`interact show`) and by live play (the reserve injects that fit a round).
"""

from __future__ import annotations

from collections.abc import Sequence

from interact_cli.case.model import Condition, Inject, Round, Scenario
from interact_cli.i18n import _


def condition_words(scenario: Scenario, condition: Condition, lang: str | None) -> str:
    """One condition as a facilitator reads it."""
    action = scenario.action_by_id.get(condition.action)
    label = action.label.get(lang) if action else condition.action
    if condition.role is None:
        if condition.kind == "done":
            return _("someone has done '{action}' before this round").format(action=label)
        return _("nobody has done '{action}' before this round").format(action=label)
    role = scenario.role_by_id.get(condition.role)
    values = {
        "action": label,
        "role": role.name.get(lang) if role else condition.role,
        "role_id": condition.role,
    }
    if condition.kind == "done":
        return _("{role} ({role_id}) has done '{action}' before this round").format(**values)
    return _("{role} ({role_id}) has not done '{action}' before this round").format(**values)


def when_words(scenario: Scenario, conditions: Sequence[Condition], lang: str | None) -> str:
    """When an inject is released: always, or if every condition holds."""
    if not conditions:
        return _("always")
    parts = [condition_words(scenario, condition, lang) for condition in conditions]
    if len(parts) == 1:
        return _("if {condition}").format(condition=parts[0])
    return _("if all of these hold: {conditions}").format(conditions="; ".join(parts))


def fitting_rounds(scenario: Scenario, inject: Inject) -> tuple[Round, ...]:
    """The rounds where a reserve inject fits, in play order."""
    return tuple(round_ for round_ in scenario.rounds if scenario.reserve_fits(inject, round_.id))


def span_words(scenario: Scenario, rounds: Sequence[Round]) -> str:
    """`rounds 3–5`, `round 2` or `every round`, by round number."""
    if len(rounds) == len(scenario.rounds):
        return _("every round")
    numbers = [scenario.round_index[round_.id] + 1 for round_ in rounds]
    if len(numbers) == 1:
        return _("round {number}").format(number=numbers[0])
    return _("rounds {first}–{last}").format(first=numbers[0], last=numbers[-1])
