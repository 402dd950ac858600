"""The `interact` command: thin typer commands over the modules below.

Only this module turns errors into messages and exit codes. It imports nothing heavy at
the top, so `interact --help` stays fast: each command imports what it uses.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from interact_cli.errors import EXIT_INTERRUPTED, InteractError, UsageError

app = typer.Typer(
    name="interact",
    help="Run multi-agency exercises on cases of missing children in migration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turn our errors into one line each on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InteractError as exc:
            for line in exc.message.splitlines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def default_out() -> Path:
    return Path(os.environ.get("INTERACT_SESSIONS_DIR", "sessions"))


OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for transcripts [default: ./sessions]", show_default=False),
]
DirsOption = Annotated[
    list[Path] | None, typer.Option("--dir", help="Another folder of cases (repeatable).")
]
LangOption = Annotated[str | None, typer.Option("--lang", help="Language of the case texts.")]


@app.command("list")
@friendly
def list_cases(
    dirs: DirsOption = None,
    output: Annotated[ListFormat, typer.Option("--format")] = ListFormat.text,
) -> None:
    """List the cases found: the bundled ones, plus those in --dir folders.

    Example: interact list --format json
    """
    from interact_cli import commands

    commands.list_cases(dirs or [], output.value)


@app.command()
@friendly
def validate(
    files: Annotated[list[Path], typer.Argument(help="Case files to check.", show_default=False)],
) -> None:
    """Check case files and report every problem, each on one line with its key path.

    Exit code 0: all valid, 1: findings, 2: a file could not be read as a case.

    Example: interact validate scenarios/mariama.toml
    """
    from interact_cli import commands

    raise typer.Exit(commands.validate(files))


@app.command("dry-run")
@friendly
def dry_run(
    case: Annotated[str, typer.Argument(help="A bundled case id or a case file.")],
    script: Annotated[Path | None, typer.Option(help="Answers per round and role (TOML).")] = None,
    ideal: Annotated[bool, typer.Option("--ideal", help="Every expected step on time.")] = False,
    idle: Annotated[bool, typer.Option("--idle", help="Nobody does anything.")] = False,
    random: Annotated[bool, typer.Option("--random", help="Random choices.")] = False,
    seed: Annotated[int | None, typer.Option(help="Seed for --random.")] = None,
    out: OutOption = None,
    lang: LangOption = None,
    dirs: DirsOption = None,
) -> None:
    """Play a case without people, from a script or a built-in playthrough.

    Give exactly one of --script FILE, --ideal, --idle, --random [--seed N].

    Example: interact dry-run mariama --ideal
    """
    from interact_cli import commands

    chosen = [
        name
        for name, on in (("script", script), ("ideal", ideal), ("idle", idle), ("random", random))
        if on
    ]
    if len(chosen) != 1:
        raise UsageError("give exactly one of --script FILE, --ideal, --idle, --random")
    if seed is not None and not random:
        raise UsageError("--seed goes with --random")
    commands.dry_run(case, chosen[0], script, seed or 0, out or default_out(), lang, dirs or [])


@app.command()
@friendly
def summary(
    session: Annotated[str, typer.Argument(help="A transcript file or a session id.")],
    output: Annotated[SummaryFormat, typer.Option("--format")] = SummaryFormat.text,
    out: OutOption = None,
    dirs: DirsOption = None,
    lang: LangOption = None,
    pseudonymize: Annotated[
        bool, typer.Option("--pseudonymize", help="Role ids instead of player names.")
    ] = False,
) -> None:
    """Score a session: steps on time, late or missed, harmful choices, timing per role.

    Example: interact summary sessions/2026-11-28-mariama-1a2b3c.toml --format md
    """
    from interact_cli import commands

    commands.summary(session, output.value, out or default_out(), dirs or [], lang, pseudonymize)


@app.command()
@friendly
def demo(out: OutOption = None, lang: LangOption = None) -> None:
    """Dry-run the bundled Mariama case with a plausible, imperfect team, then score it.

    Example: interact demo
    """
    from interact_cli import commands

    commands.demo(out or default_out(), lang)


# Commands in modules of their own register themselves on `app` when imported.
from interact_cli import cli_authoring, cli_live, cli_replay  # noqa: E402, F401


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
