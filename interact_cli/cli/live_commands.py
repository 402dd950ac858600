"""Live play commands: run and resume."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from interact_cli.case.model import Scenario
    from interact_cli.record.transcript import Transcript

from interact_cli.cli.options import (
    CaseArgument,
    DirsOption,
    LangOption,
    SessionArgument,
    SessionsOption,
    default_sessions,
    friendly,
)


@friendly
def run(
    case: CaseArgument,
    lang: LangOption = None,
    roles: Annotated[
        str | None,
        typer.Option(
            metavar="ROLES",
            help="Role ids played at this table, comma-separated (interact show CASE lists "
            "them); the others are skipped.",
        ),
    ] = None,
    sessions: SessionsOption = None,
    tag: Annotated[
        str, typer.Option(metavar="TAG", help="A tag for the session, such as the venue.")
    ] = "",
    dirs: DirsOption = None,
    recall: Annotated[
        bool,
        typer.Option(
            "--recall", help="Ask each role in its own words what it does before its checklist."
        ),
    ] = False,
) -> None:
    """Play a case live: each role answers in turn, every answer saved at once.

    Facilitator controls: Ctrl-F at any prompt, or the last entry of every role's list.

    Ctrl-C stops and keeps every answer; interact resume continues.

    Example: interact run mariama --roles police_es,reception_es --tag "Madrid, May"
    """
    from interact_cli.live import session as live_session

    folder = sessions or default_sessions()
    raise typer.Exit(
        live_session.run_case(
            case,
            lang,
            roles,
            folder,
            tag,
            dirs or [],
            default_sessions(),
            _show_summary,
            recall,
        )
    )


@friendly
def resume(
    session: SessionArgument,
    sessions: SessionsOption = None,
    dirs: DirsOption = None,
    script: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            dir_okay=False,
            help="For a dry-run whose script has moved: the script.",
        ),
    ] = None,
) -> None:
    """Continue a session where it stopped: same round, next role to answer.

    Works after save and quit, Ctrl-C, or a crash; the transcript file is continued.
    A dry-run goes on with its own playthrough (script, ideal, idle or random seed).

    Example: interact resume 2026-11-28-mariama-1a2b3c
    """
    from interact_cli.live import session as live_session

    folder = sessions or default_sessions()
    raise typer.Exit(
        live_session.resume_session(
            session, folder, dirs or [], default_sessions(), _show_summary, script
        )
    )


def _show_summary(scenario: Scenario, transcript: Transcript, lang: str) -> None:
    from interact_cli.report.summary import show_summary

    show_summary(scenario, transcript, "text", lang)
