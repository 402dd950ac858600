"""What every command module shares: the error wrapper and the common options.

Command modules import this, never the app, so registering commands makes no import circle.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from interact_cli.errors import InteractError, UsageError
from interact_cli.i18n import (
    INTERFACE_LANGUAGES,
    _,
    language_from_environment,
    normalize,
    suggest,
    use_language,
)
from interact_cli.plain_text import printable
from interact_cli.terminal import warn

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turn our errors into one line each on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InteractError as exc:
            fail(exc)

    return wrapper  # type: ignore[return-value]


def fail(exc: InteractError) -> NoReturn:
    """Print the error, one line each, and leave with its exit code."""
    for line in exc.message.splitlines():
        typer.echo(_("error: {message}").format(message=printable(line)), err=True)
    raise typer.Exit(exc.exit_code) from None


def interface_from_environment() -> None:
    """Every command starts in the language the environment asks for; `--lang` may override."""
    language, warning = language_from_environment(os.environ)
    use_language(language)
    if warning:
        warn(warning)


def choose_language(value: str | None) -> str | None:
    """`--lang`: the interface from now on, and the case texts' language, as a clean code."""
    if value is None:
        return None
    code = normalize(value)
    if code is None:
        fail(UsageError(_not_a_language(value)))
    use_language(code)
    return code


def _not_a_language(value: str) -> str:
    languages = ", ".join(INTERFACE_LANGUAGES)
    suggestion = suggest(value, INTERFACE_LANGUAGES)
    if suggestion:
        return _(
            "--lang {value}: not a language code (did you mean '{suggestion}'?); "
            "interface languages: {languages}"
        ).format(value=value, suggestion=suggestion, languages=languages)
    return _("--lang {value}: not a language code; interface languages: {languages}").format(
        value=value, languages=languages
    )


def default_out() -> Path:
    return Path(os.environ.get("INTERACT_SESSIONS_DIR", "sessions"))


OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for transcripts [default: ./sessions]", show_default=False),
]
DirsOption = Annotated[
    list[Path] | None, typer.Option("--dir", help="Another folder of cases (repeatable).")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=choose_language,
        help=(
            "Language of the interface and of the case texts: "
            f"{', '.join(INTERFACE_LANGUAGES)} (any case; fr-BE works). Without it: "
            "INTERACT_LANG, then LC_ALL, LC_MESSAGES or LANG, else English."
        ),
    ),
]
