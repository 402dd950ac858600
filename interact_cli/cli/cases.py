"""Commands on case files: list and validate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import DirsOption, friendly


class ListFormat(StrEnum):
    text = "text"
    json = "json"


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
