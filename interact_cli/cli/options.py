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
from typer.core import TyperCommand

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


class Command(TyperCommand):
    """A command whose usage line reads `interact run [OPTIONS] CASE`.

    typer writes required arguments in braces (`{CASE}`); the convention of command-line
    manuals, and of our README, is the bare metavar.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [_unbraced(piece) for piece in super().collect_usage_pieces(ctx)]


def _unbraced(piece: str) -> str:
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece


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


def show_version(wanted: bool) -> None:
    """`--version`: the version, at once, before any command runs."""
    if wanted:
        from interact_cli import __version__

        typer.echo(f"interact {__version__}")
        raise typer.Exit()


def start(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Run multi-agency exercises on cases of missing children in migration."""
    interface_from_environment()


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


def default_sessions() -> Path:
    """Where transcripts go without `--sessions`: INTERACT_SESSIONS_DIR, else ./sessions."""
    return Path(os.environ.get("INTERACT_SESSIONS_DIR", "sessions"))


# One name per meaning, on every command (tests/test_cli_conventions.py reads them all):
# --sessions is the folder of transcripts, --dir a folder of cases, -o/--output a file written.
SessionsOption = Annotated[
    Path | None,
    typer.Option(
        "--sessions",
        metavar="DIR",
        file_okay=False,
        help="The folder of transcripts (default: ./sessions, or INTERACT_SESSIONS_DIR).",
        show_default=False,
    ),
]
DIR_HELP = (
    "A folder of cases, or one case file (repeatable); searched before the current folder "
    "and the bundled cases. A case is found by the id inside its file."
)
DirsOption = Annotated[
    list[Path] | None, typer.Option("--dir", metavar="DIR", help=DIR_HELP, show_default=False)
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        dir_okay=False,
        help="The file to write the report to (default: the screen), readable by you only, "
        "replaced only once complete.",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        callback=choose_language,
        help=(
            "Language of the interface and of the case texts: "
            f"{', '.join(INTERFACE_LANGUAGES)} (any case; fr-BE works). Without it: "
            "INTERACT_LANG, then LC_ALL, LC_MESSAGES or LANG, else English."
        ),
    ),
]
CaseArgument = Annotated[
    str,
    typer.Argument(
        metavar="CASE",
        help="A case id (bundled, in a --dir folder or in this folder) or a case file.",
        show_default=False,
    ),
]
SessionArgument = Annotated[
    str,
    typer.Argument(
        metavar="SESSION",
        help="A session id (looked up in the --sessions folder) or a transcript file.",
        show_default=False,
    ),
]
