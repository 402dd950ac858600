"""Commands on case files: list and validate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import (
    CaseArgument,
    DirsOption,
    LangOption,
    OutputOption,
    friendly,
)


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class GuideFormat(StrEnum):
    text = "text"
    md = "md"


@friendly
def list_cases(
    dirs: DirsOption = None,
    report_format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.text,
) -> None:
    """List the cases found: the bundled ones, those in --dir folders and in this folder.

    Example: interact list --format json
    """
    from interact_cli.cli import commands

    commands.list_cases(dirs or [], report_format.value)


@friendly
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="Case files to check.", show_default=False),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings count as findings (exit code 1).")
    ] = False,
) -> None:
    """Check case files and report every problem, each on one line with its key path.

    Warnings (FILE: warning: KEY: message) point at giveaways and missing translations;
    they do not change the exit code unless --strict.

    Exit code 0: all valid, 1: findings, 2: a file could not be read as a case.

    Example: interact validate scenarios/mariama.toml
    """
    from interact_cli.cli import commands

    raise typer.Exit(commands.validate(files, strict))


@friendly
def show(
    case: CaseArgument,
    lang: LangOption = None,
    report_format: Annotated[GuideFormat, typer.Option("--format")] = GuideFormat.text,
    output: OutputOption = None,
    dirs: DirsOption = None,
) -> None:
    """Show the facilitator's guide to a case: never for players' eyes.

    Roles and their ids; round by round the scenario clock, the timebox, who plays, what the
    case expects (by whom, by when, how critical, on what guidance), the injects and when
    they come, the harmful options on the menu and why; the reserve injects and the rounds
    where they fit; the objectives.

    Example: interact show mariama --format md -o mariama-guide.md
    """
    from interact_cli.cli import commands

    commands.show(case, lang, report_format.value, output, dirs or [])
