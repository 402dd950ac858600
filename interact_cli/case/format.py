"""The case format's keys and types, declared once.

The same declaration checks a case's structure (every problem, with its key path) and
produces the JSON Schema that `interact schema` prints, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from interact_cli.i18n import _
from interact_cli.plain_text import CONTROL_CHARACTERS

CASE_FORMAT = "interact-scenario/1"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
CONDITION_PATTERN = (
    r"^(done|missed):[A-Za-z0-9][A-Za-z0-9_-]{0,63}(@[A-Za-z0-9][A-Za-z0-9_-]{0,63})?$"
)
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
NO_CONTROL_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"
"""Texts hold no control characters but newline and tab (see terminal.CONTROL_CHARACTERS)."""
MAX_TEXT = 20_000
MAX_ITEMS = 1_000

Report = Callable[[str, str], None]


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number"}
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return names.get(type(value), type(value).__name__)


class Kind:
    """A type a key may hold: it checks a value and describes itself as JSON Schema."""

    expected = "a value"

    def check(self, value: object, path: str, report: Report) -> None:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _wrong(self, value: object, path: str, report: Report) -> None:
        report(path, f"expected {self.expected}, got {_type_name(value)}")


@dataclass(frozen=True)
class Field:
    """One key of a table: its kind, whether it must be present, and what it means."""

    kind: Kind
    required: bool
    doc: str


class Str(Kind):
    expected = "a string"

    def __init__(self, pattern: str | None = None, what: str = "") -> None:
        self.pattern = pattern
        self.what = what

    def check(self, value: object, path: str, report: Report) -> None:
        if not isinstance(value, str):
            self._wrong(value, path, report)
        elif not value.strip():
            report(path, "must not be empty")
        elif len(value) > MAX_TEXT:
            report(path, f"too long ({len(value)} characters, at most {MAX_TEXT})")
        elif control := CONTROL_CHARACTERS.search(value):
            report(
                path,
                _(
                    "contains the control character U+{code:04X}; only newlines and tabs are "
                    "allowed"
                ).format(code=ord(control.group())),
            )
        elif self.pattern and not re.fullmatch(self.pattern, value):
            report(path, f"{value!r} is not {self.what}")

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}
        out["pattern"] = self.pattern or NO_CONTROL_PATTERN
        return out


IDENTIFIER = Str(ID_PATTERN, "a valid id (letters, digits, '_' or '-', at most 64)")
CONDITION = Str(CONDITION_PATTERN, "a condition like 'done:ACTION' or 'missed:ACTION@ROLE'")
LANGUAGE = Str(LANG_PATTERN, "a language code like 'en' or 'pt-BR'")


class Text(Kind):
    """A string, or a table of language code to string."""

    expected = "a string or a {lang = text} table"

    def check(self, value: object, path: str, report: Report) -> None:
        if isinstance(value, str):
            Str().check(value, path, report)
        elif isinstance(value, dict):
            if not value:
                report(path, "text table is empty")
            for lang, text in value.items():
                LANGUAGE.check(lang, f"{path}.{lang}", report)
                Str().check(text, f"{path}.{lang}", report)
        else:
            self._wrong(value, path, report)

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                Str().schema(),
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": Str().schema(),
                },
            ]
        }


class Bool(Kind):
    expected = "true or false"

    def check(self, value: object, path: str, report: Report) -> None:
        if not isinstance(value, bool):
            self._wrong(value, path, report)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Minutes(Kind):
    expected = "a whole number of minutes"

    def check(self, value: object, path: str, report: Report) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(value, path, report)
        elif not 1 <= value <= 24 * 60:
            report(path, f"must be between 1 and {24 * 60} minutes, got {value}")

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": 24 * 60}


class Count(Kind):
    """A whole number from 1, such as the most actions a role may choose in a round."""

    expected = "a whole number"

    def __init__(self, maximum: int = MAX_ITEMS) -> None:
        self.maximum = maximum

    def check(self, value: object, path: str, report: Report) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(value, path, report)
        elif not 1 <= value <= self.maximum:
            report(path, f"must be between 1 and {self.maximum}, got {value}")

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": self.maximum}


class Array(Kind):
    def __init__(self, item: Kind, min_items: int = 0) -> None:
        self.item = item
        self.min_items = min_items
        self.expected = f"an array of {item.expected.removeprefix('a ').removeprefix('an ')}s"

    def check(self, value: object, path: str, report: Report) -> None:
        if not isinstance(value, list):
            self._wrong(value, path, report)
            return
        if len(value) < self.min_items:
            report(path, f"needs at least {self.min_items} item(s)")
        if len(value) > MAX_ITEMS:
            report(path, f"too many items ({len(value)}, at most {MAX_ITEMS})")
            return
        for index, item in enumerate(value):
            self.item.check(item, f"{path}[{index}]", report)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


class OneOrMany(Kind):
    """A single string, or an array of them (all must hold)."""

    def __init__(self, item: Str) -> None:
        self.item = item
        self.expected = f"{item.expected} or an array of them"

    def check(self, value: object, path: str, report: Report) -> None:
        if isinstance(value, list):
            Array(self.item, 1).check(value, path, report)
        else:
            self.item.check(value, path, report)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [self.item.schema(), Array(self.item, 1).schema()]}


class Table(Kind):
    expected = "a table"

    def __init__(
        self, fields: Mapping[str, Field], needs: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        self.fields = fields
        self.needs = dict(needs or {})  # keys that require others when present

    def check(self, value: object, path: str, report: Report) -> None:
        if not isinstance(value, dict):
            self._wrong(value, path, report)
            return
        prefix = f"{path}." if path else ""
        for name, spec in self.fields.items():
            if name in value:
                spec.kind.check(value[name], prefix + name, report)
            elif spec.required:
                report(prefix + name, "missing required key")
        for name in value:
            if name not in self.fields:
                report(prefix + name, f"unknown key{_did_you_mean(name, self.fields)}")
        for name, required in self.needs.items():
            if name in value:
                for other in required:
                    if other not in value:
                        report(prefix + other, f"missing: required with `{name}`")

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {
                name: {**spec.kind.schema(), "description": spec.doc}
                for name, spec in self.fields.items()
            },
            "required": [name for name, spec in self.fields.items() if spec.required],
            "additionalProperties": False,
        }
        if self.needs:
            out["dependentRequired"] = {name: list(keys) for name, keys in self.needs.items()}
        return out


def _did_you_mean(name: str, known: Mapping[str, Field]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _key(kind: Kind, doc: str) -> Field:
    return Field(kind, True, doc)


def _optional(kind: Kind, doc: str) -> Field:
    return Field(kind, False, doc)


ROLE = Table(
    {
        "id": _key(IDENTIFIER, "Stable id, used by actions, rounds and expected steps."),
        "agency": _key(Str(), "Kind of agency, e.g. police, child_protection, guardian."),
        "country": _key(Str(), "Country code; must be listed in `countries`."),
        "name": _key(Text(), "Name shown to players, e.g. 'Police, Spain'."),
        "description": _optional(Text(), "One or two lines on what this role can do."),
    }
)

ACTION = Table(
    {
        "id": _key(IDENTIFIER, "Stable id, used by expected steps and transcripts."),
        "roles": _key(Array(IDENTIFIER), "Roles that may choose this action."),
        "label": _key(Text(), "What the player sees in the menu."),
        "harmful": _optional(Text(), "Why this choice harms the child; marks it harmful."),
        "ref": _optional(Str(), "Guidance that explains why it is harmful (required with it)."),
        "from": _optional(IDENTIFIER, "First round that offers it; default the first round."),
        "until": _optional(IDENTIFIER, "Last round that offers it; default the last round."),
    },
    needs={"harmful": ("ref",)},
)

EXPECT = Table(
    {
        "id": _optional(IDENTIFIER, "Step id; defaults to the action id. Must be unique."),
        "action": _key(IDENTIFIER, "The action the case expects."),
        "role": _optional(IDENTIFIER, "The role that must do it (or use `roles`)."),
        "roles": _optional(Array(IDENTIFIER, 1), "Several roles, any one of which is enough."),
        "by": _optional(IDENTIFIER, "Round by which it is due; defaults to this round."),
        "until": _optional(
            IDENTIFIER,
            "Last round in which it can still be met (not before `by`); after it an unmet "
            "step is missed, never late. Default: open to the last round.",
        ),
        "critical": _optional(Bool(), "The child's safety depends on this step."),
        "ref": _key(Str(), "The guidance behind the step."),
    }
)

INJECT = Table(
    {
        "id": _key(IDENTIFIER, "Stable id of the inject."),
        "title": _optional(Text(), "A short headline."),
        "text": _key(Text(), "The information released."),
        "when": _optional(OneOrMany(CONDITION), "Condition(s) on earlier rounds; all must hold."),
    }
)

ROUND = Table(
    {
        "id": _key(IDENTIFIER, "Stable id of the round."),
        "title": _key(Text(), "Round title."),
        "clock": _key(Text(), "Scenario time, e.g. 'Day 4, 07:00'."),
        "briefing": _key(Text(), "What everybody learns at the start of the round."),
        "timebox": _optional(Minutes(), "Minutes the facilitator allows for the round."),
        "roles": _optional(Array(IDENTIFIER), "Roles that play this round; defaults to all."),
        "choices": _optional(Count(), "Most actions one role may choose here (overrides)."),
        "expect": _optional(Array(Table({})), "Expected steps that open in this round."),
        "injects": _optional(Array(Table({})), "Injects released in this round."),
    }
)
ROUND.fields["expect"] = _optional(Array(EXPECT), "Expected steps that open in this round.")
ROUND.fields["injects"] = _optional(Array(INJECT), "Injects released in this round.")

OBJECTIVE = Table(
    {
        "id": _key(IDENTIFIER, "Stable id of the objective."),
        "title": _key(Text(), "The objective as a trainer states it."),
        "steps": _key(Array(IDENTIFIER, 1), "Ids of the expected steps it groups."),
        "harmed_by": _optional(
            Array(IDENTIFIER),
            "Ids of harmful actions: a session that chose one cannot rate this objective P.",
        ),
    }
)

RESERVE = Table(
    {
        "id": _key(IDENTIFIER, "Stable id of the inject."),
        "title": _key(Text(), "A short headline the facilitator picks from."),
        "text": _key(Text(), "The information released."),
        "from": _optional(IDENTIFIER, "First round where it fits; default the first round."),
        "until": _optional(IDENTIFIER, "Last round where it fits; default the last round."),
    }
)

CASE = Table(
    {
        "format": _key(Str(), f"Always '{CASE_FORMAT}'."),
        "id": _key(IDENTIFIER, "Case id; also how `dry-run` and `run` find a bundled case."),
        "version": _key(Str(), "Case version; bump it when steps change."),
        "title": _key(Text(), "Case title."),
        "summary": _optional(
            Text(),
            "The facilitator's synopsis of the whole case (show, reports); never shown in play.",
        ),
        "opening": _optional(
            Text(),
            "What the players may know at the start, shown on the opening screen: who the "
            "child is, where and when the case begins. Nothing beyond round 1.",
        ),
        "languages": _key(Array(LANGUAGE, 1), "Languages the texts are written in."),
        "fallback_language": _optional(LANGUAGE, "Language used when a text lacks one."),
        "countries": _key(Array(Str(), 1), "Countries the case crosses."),
        "choices": _optional(Count(), "Most actions one role may choose in a round."),
        "recall": _optional(Bool(), "Ask each role in its own words before its checklist."),
        "roles": _key(Array(ROLE, 1), "The agency roles players take."),
        "actions": _key(Array(ACTION, 1), "The action menu."),
        "rounds": _key(Array(ROUND, 1), "Rounds, in the order they are played."),
        "objectives": _optional(Array(OBJECTIVE), "Exercise objectives grouping steps."),
        "reserve": _optional(Array(RESERVE), "Injects released only when the facilitator says."),
    }
)


def json_schema() -> dict[str, Any]:
    """The case format as a JSON Schema (draft 2020-12)."""
    schema = CASE.schema()
    schema["properties"]["format"] = {"const": CASE_FORMAT, "description": "Format version."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://interact.invalid/schema/interact-scenario-1.json",
        "title": "interact case (interact-scenario/1)",
        **schema,
    }
