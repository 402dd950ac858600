"""Dry-run scripts: the answers a team gives, per round and role, in a TOML file.

A script typed in from a paper pack (`paper = true`) also carries what the pack was printed
with: the menu seed, the roles at the table and the choice limit printed on the cards; its
answers may name actions by the codes printed on the cards (`case.codes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interact_cli.case.codes import action_for, case_codes
from interact_cli.case.model import Scenario
from interact_cli.errors import ScriptError
from interact_cli.i18n import _
from interact_cli.play.engine import Answer
from interact_cli.record.toml_file import check_format, read_toml

SCRIPT_FORMAT = "interact-script/1"
DEFAULT_SECONDS = 60.0
PAPER_SECONDS = 0.0
"""Paper answers have no decision time: nobody timed them."""
MAX_SCRIPT_BYTES = 2_000_000
MAX_SEED = 2**63 - 1
_PAPER_KEYS = {"paper", "menu_seed", "table", "choices"}
_TOP_KEYS = {"format", "case", "default_seconds", "rounds", *_PAPER_KEYS}
_ANSWER_KEYS = {"actions", "note", "seconds", "said"}

Fail = Callable[[str, str], ScriptError]


@dataclass(frozen=True)
class Script:
    answers: dict[tuple[str, str], Answer]
    default_seconds: float = DEFAULT_SECONDS
    paper: bool = False
    """Typed in from a paper pack: the session was played by a team, on paper."""
    menu_seed: int | None = None
    """The seed the menus were printed (or shown) with; None: derived from the source."""
    table: tuple[str, ...] | None = None
    """The roles at the table, in case order; None: every role."""
    choices: int | None = None
    """The choice limit printed on the cards, when lower than the case's."""


def load_script(path: Path, scenario: Scenario) -> Script:
    """The script in `path`, checked against `scenario`; one clear error on the first problem."""
    _text, doc = read_toml(path, ScriptError, MAX_SCRIPT_BYTES)
    name = path.name
    check_format(doc, SCRIPT_FORMAT, name, "a dry-run script", ScriptError)

    def fail(key: str, message: str) -> ScriptError:
        return ScriptError(f"{name}: {key}: {message}")

    for key in doc:
        if key not in _TOP_KEYS:
            raise fail(key, "unknown key")
    case = doc.get("case", scenario.id)
    if case != scenario.id:
        raise fail("case", f"script is for case {case!r}, not {scenario.id!r}")
    paper = doc.get("paper", False)
    if not isinstance(paper, bool):
        raise fail("paper", _("expected true or false"))
    fallback = PAPER_SECONDS if paper else DEFAULT_SECONDS
    default = _seconds(doc.get("default_seconds", fallback), "default_seconds", fail)
    menu_seed = _whole(doc.get("menu_seed"), "menu_seed", 0, MAX_SEED, fail)
    choices = _whole(doc.get("choices"), "choices", 1, 1000, fail)
    table = _table(scenario, doc.get("table"), fail)
    rounds = doc.get("rounds", {})
    if not isinstance(rounds, dict):
        raise fail("rounds", "expected a table of rounds")
    reader = _AnswerReader(scenario, table, choices, default, fail)
    answers: dict[tuple[str, str], Answer] = {}
    for round_id, by_role in rounds.items():
        key = f"rounds.{round_id}"
        if round_id not in scenario.round_index:
            raise fail(key, f"unknown round {round_id!r}")
        if not isinstance(by_role, dict):
            raise fail(key, "expected a table of roles")
        for role_id, raw in by_role.items():
            answers[(round_id, role_id)] = reader.answer(raw, f"{key}.{role_id}", round_id, role_id)
    return Script(answers, default, paper, menu_seed, table, choices)


def is_paper_script(path: Path) -> bool:
    """Whether the script at `path` says it was typed in from a paper pack (`paper = true`)."""
    _text, doc = read_toml(path, ScriptError, MAX_SCRIPT_BYTES)
    check_format(doc, SCRIPT_FORMAT, path.name, "a dry-run script", ScriptError)
    return doc.get("paper") is True


def _table(scenario: Scenario, raw: Any, fail: Fail) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or not all(isinstance(r, str) for r in raw):
        raise fail("table", _("expected a non-empty array of role ids"))
    for index, role_id in enumerate(raw):
        if role_id not in scenario.role_by_id:
            raise fail(f"table[{index}]", f"unknown role {role_id!r}")
    return tuple(role.id for role in scenario.roles if role.id in raw)


def _whole(value: Any, key: str, least: int, most: int, fail: Fail) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise fail(
            key, _("expected a whole number from {least} to {most}").format(least=least, most=most)
        )
    return value


class _AnswerReader:
    """One answer of the script, checked against the round's menu, limit and table."""

    def __init__(
        self,
        scenario: Scenario,
        table: tuple[str, ...] | None,
        choices: int | None,
        default: float,
        fail: Fail,
    ) -> None:
        self.scenario = scenario
        self.table = table
        self.choices = choices
        self.default = default
        self.fail = fail
        self.codes = case_codes(scenario)

    def answer(self, raw: Any, key: str, round_id: str, role_id: str) -> Answer:
        scenario, fail = self.scenario, self.fail
        if role_id not in scenario.role_by_id:
            raise fail(key, f"unknown role {role_id!r}")
        if role_id not in scenario.rounds[scenario.round_index[round_id]].roles:
            raise fail(key, f"role {role_id!r} does not play in this round")
        if self.table is not None and role_id not in self.table:
            raise fail(key, _("role {role!r} is not at the table (see table)").format(role=role_id))
        if not isinstance(raw, dict):
            raise fail(key, "expected a table with actions, note and seconds")
        for field in raw:
            if field not in _ANSWER_KEYS:
                raise fail(f"{key}.{field}", "unknown key")
        actions = self._actions(raw.get("actions", []), f"{key}.actions", round_id, role_id)
        texts = {}
        for field in ("note", "said"):
            texts[field] = raw.get(field, "")
            if not isinstance(texts[field], str):
                raise fail(f"{key}.{field}", "expected a string")
        seconds = _seconds(raw.get("seconds", self.default), f"{key}.seconds", fail)
        return Answer(actions, texts["note"], seconds, texts["said"])

    def _actions(self, raw: Any, key: str, round_id: str, role_id: str) -> tuple[str, ...]:
        scenario, fail = self.scenario, self.fail
        if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
            raise fail(key, _("expected an array of action ids or codes"))
        offered = scenario.menu_ids(round_id, role_id)
        actions = []
        for index, typed in enumerate(raw):
            action_id = action_for(typed, scenario, self.codes)
            if action_id is None:
                raise fail(f"{key}[{index}]", self._unknown(typed, offered))
            if role_id not in scenario.action_by_id[action_id].roles:
                raise fail(f"{key}[{index}]", f"role {role_id!r} cannot choose {action_id!r}")
            if action_id not in offered:
                raise fail(
                    f"{key}[{index}]",
                    _("action {action!r} is not offered in round {round!r}").format(
                        action=action_id, round=round_id
                    ),
                )
            actions.append(action_id)
        unique = tuple(dict.fromkeys(actions))
        limit = card_limit(scenario, round_id, self.choices)
        if limit is not None and len(unique) > limit:
            raise fail(
                key,
                _(
                    "{count} actions chosen; at most {limit} may be chosen in round {round!r}"
                ).format(count=len(unique), limit=limit, round=round_id),
            )
        return tuple(actions)

    def _unknown(self, typed: str, offered: frozenset[str]) -> str:
        """Neither an action id nor a code; the closest code offered there, if one is close."""
        import difflib

        on_menu = {self.codes[action_id]: action_id for action_id in sorted(offered)}
        close = difflib.get_close_matches(typed.strip().upper(), on_menu, n=1, cutoff=0.6)
        if close:
            message = _("unknown action or code {typed!r} (did you mean {code} for {action!r}?)")
            return message.format(typed=typed, code=close[0], action=on_menu[close[0]])
        return _("unknown action or code {typed!r}").format(typed=typed)


def card_limit(scenario: Scenario, round_id: str, choices: int | None) -> int | None:
    """The choice limit of a round on paper: the case's, or the pack's `choices` if lower
    (the engine allows no more than the case's). None: no limit."""
    limits = [limit for limit in (scenario.choice_limit(round_id), choices) if limit is not None]
    return min(limits) if limits else None


def _seconds(value: Any, key: str, fail: Fail) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(key, "expected a number of seconds")
    if not 0 <= value <= 86_400:  # NaN and infinities too; no float() of a huge integer
        raise fail(key, "must be between 0 and 86400 seconds")
    return float(value)
