"""Short codes for a case's actions: what a role card prints beside each option, and what a
facilitator types in afterwards.

A code is the first letter of each word of the action id (words split at `_` and `-`; words
that do not start with a letter give none), at most three letters, upper case, then a number:
the action's rank, by id, among the case's actions with the same letters. `report_police_now`
is `RPN1`; `police_risk_triage` is `PRT1`; of `sis_alert` and `sis_address_check`, one is
`SA1` and the other `SAC1`. A number that would make a code equal to an action id (ignoring
case) is passed over. So codes depend on the ids only: the same in every language, the same
for every pack of the case, and unique within it. Typed codes are read without regard to case
or spaces around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interact_cli.case.model import Scenario

PREFIX_LETTERS = 3
_WORDS = re.compile(r"[_-]+")
_FALLBACK = "X"
"""The letters of an id with no word starting with a letter (`116000`)."""


def code_letters(action_id: str) -> str:
    """The letters a code starts with: the first letter of each word, at most three."""
    initials = [word[0] for word in _WORDS.split(action_id) if word and word[0].isalpha()]
    return ("".join(initials[:PREFIX_LETTERS]) or _FALLBACK).upper()


def action_codes(action_ids: Iterable[str]) -> dict[str, str]:
    """Each action id's code, for the actions of one case."""
    ids = sorted(set(action_ids))
    taken = {action_id.casefold() for action_id in ids}
    codes: dict[str, str] = {}
    next_number: dict[str, int] = {}
    for action_id in ids:
        letters = code_letters(action_id)
        number = next_number.get(letters, 1)
        while f"{letters}{number}".casefold() in taken:
            number += 1
        codes[action_id] = f"{letters}{number}"
        next_number[letters] = number + 1
    return codes


def case_codes(scenario: Scenario) -> dict[str, str]:
    """Each action id of `scenario` with its code."""
    return action_codes(action.id for action in scenario.actions)


def action_for(typed: str, scenario: Scenario, codes: dict[str, str] | None = None) -> str | None:
    """The action id that `typed` names: an action id as written, else a code; None if neither."""
    if typed in scenario.action_by_id:
        return typed
    wanted = typed.strip().casefold()
    for action_id, code in (codes or case_codes(scenario)).items():
        if code.casefold() == wanted:
            return action_id
    return None
