"""Dry-run scripts: the answers a team gives, per round and role, in a TOML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interact_cli.case.model import Scenario
from interact_cli.errors import ScriptError
from interact_cli.i18n import _
from interact_cli.play.engine import Answer
from interact_cli.record.toml_file import check_format, read_toml

SCRIPT_FORMAT = "interact-script/1"
DEFAULT_SECONDS = 60.0
MAX_SCRIPT_BYTES = 2_000_000
_TOP_KEYS = {"format", "case", "default_seconds", "rounds"}
_ANSWER_KEYS = {"actions", "note", "seconds", "said"}


@dataclass(frozen=True)
class Script:
    answers: dict[tuple[str, str], Answer]
    default_seconds: float = DEFAULT_SECONDS


def load_script(path: Path, scenario: Scenario) -> Script:
    """The script in `path`, checked against `scenario`; one clear error on the first problem."""
    _, doc = read_toml(path, ScriptError, MAX_SCRIPT_BYTES)
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
    default = _seconds(doc.get("default_seconds", DEFAULT_SECONDS), "default_seconds", fail)
    rounds = doc.get("rounds", {})
    if not isinstance(rounds, dict):
        raise fail("rounds", "expected a table of rounds")
    answers: dict[tuple[str, str], Answer] = {}
    for round_id, by_role in rounds.items():
        key = f"rounds.{round_id}"
        if round_id not in scenario.round_index:
            raise fail(key, f"unknown round {round_id!r}")
        if not isinstance(by_role, dict):
            raise fail(key, "expected a table of roles")
        playing = scenario.rounds[scenario.round_index[round_id]].roles
        for role_id, raw in by_role.items():
            answers[(round_id, role_id)] = _answer(
                scenario, raw, f"{key}.{role_id}", (round_id, role_id), playing, default, fail
            )
    return Script(answers, default)


def _answer(
    scenario: Scenario,
    raw: Any,
    key: str,
    turn: tuple[str, str],
    playing: tuple[str, ...],
    default: float,
    fail: Any,
) -> Answer:
    round_id, role_id = turn
    if role_id not in scenario.role_by_id:
        raise fail(key, f"unknown role {role_id!r}")
    if role_id not in playing:
        raise fail(key, f"role {role_id!r} does not play in this round")
    if not isinstance(raw, dict):
        raise fail(key, "expected a table with actions, note and seconds")
    for field in raw:
        if field not in _ANSWER_KEYS:
            raise fail(f"{key}.{field}", "unknown key")
    actions = raw.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise fail(f"{key}.actions", "expected an array of action ids")
    offered = scenario.menu_ids(round_id, role_id)
    for index, action_id in enumerate(actions):
        action = scenario.action_by_id.get(action_id)
        if action is None:
            raise fail(f"{key}.actions[{index}]", f"unknown action {action_id!r}")
        if role_id not in action.roles:
            raise fail(f"{key}.actions[{index}]", f"role {role_id!r} cannot choose {action_id!r}")
        if action_id not in offered:
            raise fail(
                f"{key}.actions[{index}]",
                _("action {action!r} is not offered in round {round!r}").format(
                    action=action_id, round=round_id
                ),
            )
    limit = scenario.choice_limit(round_id)
    if limit is not None and len(set(actions)) > limit:
        raise fail(
            f"{key}.actions",
            _("{count} actions chosen; at most {limit} may be chosen in round {round!r}").format(
                count=len(set(actions)), limit=limit, round=round_id
            ),
        )
    texts = {}
    for field in ("note", "said"):
        texts[field] = raw.get(field, "")
        if not isinstance(texts[field], str):
            raise fail(f"{key}.{field}", "expected a string")
    seconds = _seconds(raw.get("seconds", default), f"{key}.seconds", fail)
    return Answer(tuple(actions), texts["note"], seconds, texts["said"])


def _seconds(value: Any, key: str, fail: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(key, "expected a number of seconds")
    if not 0 <= value <= 86_400:  # NaN and infinities too; no float() of a huge integer
        raise fail(key, "must be between 0 and 86400 seconds")
    return float(value)
