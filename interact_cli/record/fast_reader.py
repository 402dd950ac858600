"""A fast reader for transcripts exactly as interact writes them; tomllib for anything else.

Batch replay reads thousands of transcripts, and tomllib (pure Python) is most of its cost.
Our writer lays every transcript out the same way: bare keys, one `key = value` per line,
`[players]`, `[[events]]` and `[end]` tables, and arrays of strings one item per line. This
reader accepts only that layout and returns exactly what `tomllib.loads` would; on any line
it does not expect (hand edits, escapes, comments, a torn tail) it returns None and the
caller parses the text with tomllib, which also reports the errors.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KEYS = frozenset(
    (
        *("format", "session", "case", "case_version", "case_sha256", "mode", "lang"),
        *("started", "source", "tag", "table", "menu_seed", "recall"),
        *("kind", "at", "round", "role", "actions", "note", "seconds", "inject", "reason"),
        *("text", "went_well", "improve", "said"),
    )
)
"""The keys our writer writes: known at a glance; any other bare key is checked in full."""
_STRING = re.compile(r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"')
_ITEM = re.compile(r'    "([^"\\\x00-\x08\x0a-\x1f\x7f]*)",')
# Only forms whose value Python computes exactly as tomllib does; anything else (a number
# too long, an hour or offset out of TOML's ranges) steps aside for tomllib to judge.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\.[0-9]{1,17}(?:e[+-]?[0-9]{1,3})?")
_DATETIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]) "
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_NOT_SCALAR = object()
_KNOWN: dict[str, Any] = {}
"""Literals already read, with their value: most repeat from event to event and file to file
(kinds, rounds, roles, actions), and every value cached is immutable (no arrays)."""
_KNOWN_ITEMS: dict[str, str] = {}
"""The same for the lines of arrays (kept apart: a line is not a literal)."""
_MOST_KNOWN = 8192


def _value(raw: str) -> Any:
    """`_scalar(raw)`, looked up first among the literals already read."""
    value = _KNOWN.get(raw, _NOT_SCALAR)
    if value is _NOT_SCALAR:
        value = _scalar(raw)
        if value is not _NOT_SCALAR and type(value) is not list:
            if len(_KNOWN) >= _MOST_KNOWN:
                _KNOWN.clear()
            _KNOWN[raw] = value
    return value


def _scalar(raw: str) -> Any:
    """The value of one literal in our writer's forms, or _NOT_SCALAR."""
    first = raw[0]
    if first == '"':
        match = _STRING.fullmatch(raw)
        return match.group(1) if match else _NOT_SCALAR
    if _DATETIME.fullmatch(raw):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return _NOT_SCALAR
    if _INTEGER.fullmatch(raw):
        return int(raw)
    if _FLOAT.fullmatch(raw):
        return float(raw)
    if raw == "true":
        return True
    if raw == "false":
        return False
    if raw == "[]":
        return []
    return _NOT_SCALAR


def parse_transcript(text: str) -> dict[str, Any] | None:
    """The document, as `tomllib.loads(text)` gives it; None if the layout is not our own."""
    doc: dict[str, Any] = {}
    table = doc
    events: list[dict[str, Any]] | None = None
    lines = text.split("\n")
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        index += 1
        if not line:
            continue
        if line[0] == "[":
            if line == "[[events]]":
                if events is None:
                    if "events" in doc:
                        return None
                    events = doc["events"] = []
                table = {}
                events.append(table)
            elif line in ("[end]", "[players]") and line[1:-1] not in doc:
                table = doc[line[1:-1]] = {}
            else:
                return None
            continue
        key, equals, raw = line.partition(" = ")
        if not equals or not raw or key not in _KEYS and not _BARE_KEY.fullmatch(key):
            return None
        if key in table:
            return None
        if raw == "[":
            items = []
            while index < count and lines[index] != "]":
                item = _item(lines[index])
                if item is None:
                    return None
                items.append(item)
                index += 1
            if index == count:
                return None
            index += 1
            table[key] = items
            continue
        value = _value(raw)
        if value is _NOT_SCALAR:
            return None
        table[key] = value
    return doc


def _item(line: str) -> str | None:
    """The string of one line of an array, as our writer lays it out, or None."""
    value = _KNOWN_ITEMS.get(line)
    if value is None:
        item = _ITEM.fullmatch(line)
        if item is None:
            return None
        value = item.group(1)
        if len(_KNOWN_ITEMS) >= _MOST_KNOWN:
            _KNOWN_ITEMS.clear()
        _KNOWN_ITEMS[line] = value
    return value
