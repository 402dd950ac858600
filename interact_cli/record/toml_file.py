"""Reading a TOML file the user named, with one clear line for anything that goes wrong."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from interact_cli import platform_io
from interact_cli.errors import InteractError
from interact_cli.i18n import _


def display_name(path: Path) -> str:
    return str(path)


def read_text(path: Path, error: type[InteractError], max_bytes: int) -> str:
    """The file's text; `error` names the file and what is wrong with it."""
    name = display_name(path)
    try:
        if path.is_dir():
            raise error(f"{name}: is a directory, not a file")
        data = platform_io.read_regular_file(path, max_bytes + 1)
        if len(data) > max_bytes:
            size = max(len(data), os.stat(path).st_size)
            raise error(f"{name}: too large ({size:,} bytes, at most {max_bytes:,})")
    except platform_io.NotRegularFile:
        raise error(
            _("{name}: not a regular file (a device, a pipe or a socket)").format(name=name)
        ) from None
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except PermissionError:
        raise error(f"{name}: permission denied") from None
    except OSError as exc:
        raise error(f"{name}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise error(f"{name}: binary file, not TOML text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None


MAX_KEY_PARTS = 8
"""Our formats nest keys three deep. tomllib's time grows with the square of a key's parts
(header and key together): at 8 parts its worst input costs what its plainest does, about
a second per megabyte (docs/benchmarks.md)."""
_PART = r"""(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
_TOKEN = re.compile(
    rf"(?P<deep>(?:{_PART}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS},}}{_PART})"  # a key too deep
    r'''|"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\''''  # multi-line strings: skipped whole
    r"""|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\#[^\n]*"""  # strings and comments: skipped
    r"""|[A-Za-z0-9_-]+|[^"'\#A-Za-z0-9_-]+|.""",  # anything else, a word at a time
    re.DOTALL,
)


def refuse_deep_keys(text: str, name: str, error: type[InteractError]) -> None:
    """Refuse, before parsing, a key or table header of more than MAX_KEY_PARTS parts.

    A key sits on one line, so a text with no line of that many dots is passed at once;
    otherwise it is read token by token, strings and comments skipped whole, so that
    sentences in a text are never taken for a key.
    """
    if not any(line.count(".") >= MAX_KEY_PARTS for line in text.split("\n")):
        return
    for token in _TOKEN.finditer(text):
        if token.lastgroup == "deep":
            line = text.count("\n", 0, token.start()) + 1
            raise error(
                _("{name}: line {line}: a key of more than {most} dotted parts").format(
                    name=name, line=line, most=MAX_KEY_PARTS
                )
            )


def parse_toml(text: str, name: str, error: type[InteractError]) -> dict[str, Any]:
    """tomllib's document, or `error` naming the file: each refusal is one line."""
    refuse_deep_keys(text, name, error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name}: invalid TOML: {exc}") from None
    except ValueError:  # tomllib lets Python's limit on integer digits through
        raise error(
            _("{name}: invalid TOML: a number has too many digits").format(name=name)
        ) from None
    except RecursionError:
        raise error(f"{name}: invalid TOML: nested too deeply") from None


def read_toml(path: Path, error: type[InteractError], max_bytes: int) -> tuple[str, dict[str, Any]]:
    """The file's text and parsed document."""
    text = read_text(path, error, max_bytes)
    return text, parse_toml(text, display_name(path), error)


def check_format(
    doc: dict[str, Any],
    expected: str,
    name: str,
    what: str,
    error: type[InteractError],
    older: tuple[str, ...] = (),
) -> None:
    """Refuse a document that is not of the `expected` format (or an `older` one still read),
    saying what it is instead."""
    found = doc.get("format")
    if found == expected or found in older:
        return
    if not isinstance(found, str):
        raise error(f'{name}: format: missing; not {what} (expected format = "{expected}")')
    family, _, version = found.partition("/")
    if family == expected.partition("/")[0]:
        raise error(f"{name}: format: unknown version {found!r} (this interact reads {expected!r})")
    kinds = {
        "interact-scenario": "a case",
        "interact-transcript": "a transcript",
        "interact-script": "a dry-run script",
        "interact-profile": "a team profile",
    }
    seen = kinds.get(family, f"format {found!r}")
    raise error(f"{name}: format: this is {seen}, not {what}")
