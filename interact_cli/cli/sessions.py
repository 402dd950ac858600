"""Commands that play without people or score what was played: dry-run, demo, summary."""

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
    SessionArgument,
    SessionsOption,
    default_sessions,
    friendly,
)
from interact_cli.errors import UsageError
from interact_cli.i18n import _


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@friendly
def dry_run(
    case: CaseArgument,
    script: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", dir_okay=False, help="A script: answers per round and role (TOML)."
        ),
    ] = None,
    ideal: Annotated[bool, typer.Option("--ideal", help="Every expected step on time.")] = False,
    idle: Annotated[bool, typer.Option("--idle", help="Nobody does anything.")] = False,
    random: Annotated[bool, typer.Option("--random", help="Random choices.")] = False,
    seed: Annotated[
        int | None, typer.Option(help="Seed for --random.", min=-(2**63), max=2**63 - 1)
    ] = None,
    sessions: SessionsOption = None,
    lang: LangOption = None,
    dirs: DirsOption = None,
) -> None:
    """Play a case without people, from a script or a built-in playthrough.

    Give exactly one of --script FILE, --ideal, --idle, --random [--seed N].

    Example: interact dry-run mariama --ideal
    """
    from interact_cli.cli import commands

    chosen = [
        name
        for name, on in (("script", script), ("ideal", ideal), ("idle", idle), ("random", random))
        if on
    ]
    if len(chosen) != 1:
        raise UsageError(_("give exactly one of --script FILE, --ideal, --idle, --random"))
    if seed is not None and not random:
        raise UsageError(_("--seed goes with --random"))
    folder = sessions or default_sessions()
    commands.dry_run(
        case, chosen[0], script, seed or 0, folder, default_sessions(), lang, dirs or []
    )


@friendly
def summary(
    session: SessionArgument,
    report_format: Annotated[SummaryFormat, typer.Option("--format")] = SummaryFormat.text,
    output: OutputOption = None,
    sessions: SessionsOption = None,
    dirs: DirsOption = None,
    lang: LangOption = None,
    pseudonymize: Annotated[
        bool, typer.Option("--pseudonymize", help="Role ids instead of player names.")
    ] = False,
) -> None:
    """Score a session: steps on time, late or missed, harmful choices, timing per role.

    Steps the team had no chance at (roles not at the table, skipped, not reached) are left
    out of the totals, with the reason. Exit code 1 when recorded answers no longer fit the
    case (each is named on stderr).

    Example: interact summary 2026-11-28-mariama-1a2b3c --format md -o summary.md
    """
    from interact_cli.cli import commands

    raise typer.Exit(
        commands.summary(
            session,
            report_format.value,
            output,
            sessions or default_sessions(),
            dirs or [],
            lang,
            pseudonymize,
        )
    )


@friendly
def demo(sessions: SessionsOption = None, lang: LangOption = None) -> None:
    """Dry-run the bundled Mariama case with a plausible, imperfect team, then score it.

    Example: interact demo
    """
    from interact_cli.cli import commands

    commands.demo(sessions or default_sessions(), default_sessions(), lang)
