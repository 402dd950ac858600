"""Reading a TOML file the user named, with one clear line for anything that goes wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from interact_cli.errors import InteractError


def display_name(path: Path) -> str:
    return str(path)


def read_text(path: Path, error: type[InteractError], max_bytes: int) -> str:
    """The file's text; `error` names the file and what is wrong with it."""
    name = display_name(path)
    try:
        if path.is_dir():
            raise error(f"{name}: is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise error(f"{name}: too large ({size:,} bytes, at most {max_bytes:,})")
        data = path.read_bytes()
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


def parse_toml(text: str, name: str, error: type[InteractError]) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name}: invalid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{name}: invalid TOML: nested too deeply") from None


def read_toml(path: Path, error: type[InteractError], max_bytes: int) -> tuple[str, dict[str, Any]]:
    """The file's text and parsed document."""
    text = read_text(path, error, max_bytes)
    return text, parse_toml(text, display_name(path), error)


def check_format(
    doc: dict[str, Any], expected: str, name: str, what: str, error: type[InteractError]
) -> None:
    """Refuse a document that is not of the `expected` format, saying what it is instead."""
    found = doc.get("format")
    if found == expected:
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
    }
    seen = kinds.get(family, f"format {found!r}")
    raise error(f"{name}: format: this is {seen}, not {what}")
