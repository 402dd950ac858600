"""`interact replay`: re-score many past sessions against today's cases, and report."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import DirsOption, LangOption, OutputOption, friendly
from interact_cli.errors import UsageError
from interact_cli.i18n import _, current_language


class ReplayFormat(StrEnum):
    text = "text"
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"


@friendly
def replay(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Transcript files and folders (searched recursively).",
            show_default=False,
        ),
    ],
    dirs: DirsOption = None,
    tag: Annotated[
        str | None, typer.Option(metavar="TAG", help="Only sessions with this tag.")
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", metavar="CASE", help="Only sessions of this case id.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Only sessions started on or after this date (YYYY-MM-DD)."
        ),
    ] = None,
    include_dry_runs: Annotated[
        bool,
        typer.Option(
            "--include-dry-runs",
            help="Count dry-runs (scripts, --ideal, --idle, --random, demo) as sessions too.",
        ),
    ] = False,
    report_format: Annotated[ReplayFormat, typer.Option("--format")] = ReplayFormat.text,
    output: OutputOption = None,
    pseudonymize: Annotated[
        bool, typer.Option("--pseudonymize", help="Role ids instead of player names.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(metavar="N", help="Worker processes (default: all cores for big batches)."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Replay past sessions against the cases as they are now, and report the gaps.

    Each transcript's answers go back through the engine and are scored again; a case
    that changed, an answer it no longer fits, or an unreadable file is reported without
    stopping the batch. Dry-runs are practice, not teams: they are left out (and counted)
    unless --include-dry-runs is given. Exit code 0: all clean, 1: some files had
    problems, 2: nothing could be read.

    Example: interact replay sessions/ --format md -o after-action.md
    """
    from interact_cli.cli.replay_run import ReplayOptions
    from interact_cli.cli.replay_run import replay as replay_batch
    from interact_cli.score.batch import Filters

    if jobs is not None and jobs < 1:
        raise UsageError(_("--jobs {jobs}: must be 1 or more").format(jobs=jobs))
    try:
        first_day = date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError(
            _("--since {since}: expected a date such as 2026-01-31").format(since=since)
        ) from None
    # Case texts in the interface language wherever a case has it (else its fallback).
    texts_in = lang or current_language()
    options = ReplayOptions(
        Filters(case, tag, first_day, include_dry_runs),
        report_format.value,
        output,
        pseudonymize,
        texts_in,
        jobs,
    )
    raise typer.Exit(replay_batch(paths, dirs or [], options))
