"""Live sessions from start to end: `interact run` and `interact resume`.

The order matters for safety: the session lock is taken before the transcript is read or
written, every answer is on disk before the next prompt, and Ctrl-C anywhere ends with
the command that continues the session.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from interact_cli import platform_io
from interact_cli.case.catalog import case_changed, case_of, pick_lang, resolve_case
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.table import pick_roles
from interact_cli.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    TranscriptError,
    UsageError,
)
from interact_cli.i18n import _
from interact_cli.plain_text import printable
from interact_cli.play.clock import SystemClock
from interact_cli.play.follow_up import Whereabouts, saved_line, whereabouts
from interact_cli.play.history import require_fit, seated_roles
from interact_cli.play.runner import Played, continue_session, new_header, play, transcript_path
from interact_cli.record.events import Event
from interact_cli.record.locking import SessionLock
from interact_cli.record.transcript import Transcript, find_session, load_transcript
from interact_cli.terminal import warn

ShowSummary = Callable[[Scenario, Transcript, str], None]
"""Shows the scored summary at the end (the report layer's); live play only asks."""


def stdin_is_terminal() -> bool:
    return platform_io.is_terminal(sys.stdin)


def require_terminal(command: str) -> None:
    if stdin_is_terminal():
        return
    if platform_io.in_git_bash():
        raise UsageError(
            _(
                "interact {command} asks its questions in a terminal, and Git Bash hides it; "
                "start it as: winpty interact {command} …"
            ).format(command=command)
        )
    raise UsageError(
        f"interact {command} asks its questions in a terminal, and stdin is not one; "
        "to play a case from a file, use: interact dry-run CASE --script FILE"
    )


@dataclass(frozen=True)
class ResumePoint:
    """What a resumed live session must know that the engine does not keep."""

    paused: bool
    released_reserves: frozenset[str]
    round_spent: float
    debriefed: frozenset[str]


def resume_point(events: Sequence[Event]) -> ResumePoint:
    """From a transcript's events: clock state, reserves out, time the open round has run."""
    paused = False
    reserves: set[str] = set()
    spent = 0.0
    debriefed: set[str] = set()
    for event in events:
        if event.kind in ("pause", "resume"):
            paused = event.kind == "pause"
        elif event.kind == "inject" and event.reason == "reserve" and event.inject:
            reserves.add(event.inject)
        elif event.kind == "round_start":
            spent = 0.0
        elif event.kind == "answer":
            spent += event.seconds or 0.0
        elif event.kind == "round_end":
            spent = 0.0
        elif event.kind == "debrief" and event.role:
            debriefed.add(event.role)
    return ResumePoint(paused, frozenset(reserves), spent, frozenset(debriefed))


def run_case(
    case: str,
    lang: str | None,
    roles: str | None,
    sessions: Path,
    tag: str,
    dirs: list[Path],
    default_sessions: Path,
    show_summary: ShowSummary,
    recall: bool = False,
) -> int:
    """Play a case live into a new transcript; the exit code (0, or 130 after Ctrl-C).

    `recall` (or the case's `recall = true`) asks each role in its own words first.
    """
    case_file = resolve_case(case, dirs)
    scenario = load_scenario(case_file)
    language = pick_lang(scenario, lang)
    at_table = pick_roles(scenario, roles)
    require_terminal("run")  # after the options are known good: a typo is said first
    try:
        platform_io.make_private_folder(sessions)
    except OSError as exc:
        raise TranscriptError(
            f"{sessions}: cannot create the folder ({exc.strerror or exc})"
        ) from None
    from interact_cli.live import prompts as live
    from interact_cli.play.stopwatch import Stopwatch

    console = live.new_console()
    try:
        live.show_opening(console, scenario, language, dict.fromkeys(at_table, ""))
        players = live.ask_players(scenario, language, at_table)
    except KeyboardInterrupt:
        print("\nInterrupted before the first round: nothing was saved.")
        return EXIT_INTERRUPTED
    clock = SystemClock()
    header = new_header(
        scenario,
        clock,
        "live",
        language,
        tag=tag,
        players=players,
        table=at_table,
        recall=recall,
    )
    path = transcript_path(sessions, header.session)
    again = whereabouts(
        path, header.session, sessions, default_sessions, scenario.id, case_file, dirs
    )
    responder = live.LiveResponder(
        scenario, language, players, Stopwatch(), console, recall=header.recall
    )
    debrief = live.Debrief(scenario, language, players, clock, console)
    try:
        played = play(scenario, responder, header, sessions, clock, after_rounds=debrief)
    except KeyboardInterrupt:
        return _interrupted(path, again)
    return _close(scenario, played, language, again, show_summary)


def resume_session(
    name: str,
    sessions: Path,
    dirs: list[Path],
    default_sessions: Path,
    show_summary: ShowSummary,
    script: Path | None = None,
) -> int:
    """Continue a session where it stopped, in the same transcript file.

    A live session asks its remaining questions in the terminal; a dry-run goes on with the
    playthrough its header names (a script, ideal, idle or random with its seed).
    """
    path = find_session(name, sessions)
    if not path.is_file():
        raise TranscriptError(f"{path}: no such transcript")
    with SessionLock(path):
        loaded = load_transcript(path)
        for message in loaded.warnings:
            warn(message)
        transcript = loaded.transcript
        header = transcript.header
        _check_resumable(
            transcript,
            whereabouts(path, header.session, sessions, default_sessions, header.case, None, dirs),
        )
        if header.mode != "dry-run":
            require_terminal("resume")
        scenario = case_of(transcript, dirs)
        changed = case_changed(scenario, header)
        if changed:
            warn(changed)
        require_fit(scenario, transcript)
        again = whereabouts(
            path,
            header.session,
            sessions,
            default_sessions,
            scenario.id,
            Path(scenario.source),
            dirs,
        )
        if header.mode == "dry-run":
            from interact_cli.play.dry_run import resume_dry_run

            played = resume_dry_run(loaded, scenario, script)
            show_summary(scenario, played.transcript, header.lang)
            print(printable(saved_line(played.path, again)))
            return EXIT_OK
        from interact_cli.live import prompts as live
        from interact_cli.play.stopwatch import Stopwatch

        point = resume_point(transcript.events)
        players = {role: header.players.get(role, "") for role in seated_roles(scenario, header)}
        console = live.new_console()
        console.print(f"Resuming session {header.session} ({len(transcript.events)} events saved).")
        console.print(_(live.CONTROLS_HINT))
        clock = SystemClock()
        responder = live.LiveResponder(
            scenario,
            header.lang,
            players,
            Stopwatch(paused=point.paused),
            console,
            point.released_reserves,
            point.round_spent,
            recall=header.recall,
        )
        debrief = live.Debrief(scenario, header.lang, players, clock, console, point.debriefed)
        try:
            played = continue_session(scenario, responder, loaded, clock, after_rounds=debrief)
        except KeyboardInterrupt:
            return _interrupted(path, again)
    return _close(scenario, played, header.lang, again, show_summary)


def _check_resumable(transcript: Transcript, found: Whereabouts) -> None:
    header = transcript.header
    if transcript.end is not None:
        raise TranscriptError(
            _(
                "session {session} is finished ({reason} at {at}); to see its score: {command}"
            ).format(
                session=header.session,
                reason=transcript.end.reason,
                at=f"{transcript.end.at:%Y-%m-%d %H:%M}",
                command=found.command("summary"),
            )
        )
    if header.mode not in ("live", "dry-run"):
        raise TranscriptError(f"session {header.session}: mode: unknown mode {header.mode!r}")


def _interrupted(path: Path, again: Whereabouts) -> int:
    print(printable(_("\nInterrupted. Every answer given is saved in {path}").format(path=path)))
    print(printable(_("To continue: {command}").format(command=again.command("resume"))))
    return EXIT_INTERRUPTED


def _close(
    scenario: Scenario, played: Played, lang: str, again: Whereabouts, show_summary: ShowSummary
) -> int:
    if played.outcome == "completed":
        show_summary(scenario, played.transcript, lang)
        print(printable(saved_line(played.path, again)))
        return EXIT_OK
    last = played.transcript.events[-1]
    if last.reason == "interrupted":
        return _interrupted(played.path, again)
    print(printable(_("Saved in {path}").format(path=played.path)))
    print(printable(_("To continue: {command}").format(command=again.command("resume"))))
    return EXIT_OK
