"""Play a case into a new transcript: the one path live play, dry-runs and tests share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.errors import TranscriptError
from interact_cli.play.clock import Clock
from interact_cli.play.engine import Outcome, Responder, Session, run
from interact_cli.record.events import Event
from interact_cli.record.locking import SessionLock
from interact_cli.record.transcript import (
    SESSION_ID,
    End,
    Header,
    LoadedTranscript,
    Transcript,
    TranscriptWriter,
    new_session_id,
)


@dataclass(frozen=True)
class Played:
    path: Path
    transcript: Transcript
    outcome: Outcome


def new_header(
    scenario: Scenario,
    clock: Clock,
    mode: str,
    lang: str,
    source: str = "",
    tag: str = "",
    players: dict[str, str] | None = None,
    table: Sequence[str] | None = None,
    menu_seed: int | None = None,
    recall: bool = False,
    session: str | None = None,
) -> Header:
    """A new session's header; `table` lists the roles played (default: every role);
    `menu_seed` is drawn now unless given (dry-runs derive theirs from their source, so they
    stay reproducible), and so is the session id (a simulation derives its ids from its seed)."""
    from interact_cli.case.order import draw_menu_seed

    started = clock.now()
    return Header(
        session=session or new_session_id(scenario.id, started),
        case=scenario.id,
        case_version=scenario.version,
        case_sha256=scenario.sha256,
        mode=mode,
        lang=lang,
        started=started,
        source=source,
        tag=tag,
        players=dict(players or {}),
        table=tuple(table) if table is not None else tuple(r.id for r in scenario.roles),
        menu_seed=draw_menu_seed() if menu_seed is None else menu_seed,
        recall=recall or scenario.recall,
    )


def transcript_path(out_dir: Path, session: str) -> Path:
    if not SESSION_ID.fullmatch(session):
        raise TranscriptError(f"{session!r} is not a safe session id")
    return out_dir / f"{session}.toml"


AfterRounds = Callable[[Session, Callable[[Event], None]], None]


def play(
    scenario: Scenario,
    responder: Responder,
    header: Header,
    out_dir: Path,
    clock: Clock,
    after_rounds: AfterRounds | None = None,
) -> Played:
    """Play every round into a new transcript, each event saved before the next is asked.

    The new transcript is locked as soon as it exists, so it has one writer, as on resume.
    """
    path = transcript_path(out_dir, header.session)
    session = Session(scenario, menu_seed=header.menu_seed)
    with TranscriptWriter.create(path, header) as writer, SessionLock(path):
        return _play_on(writer, header, session, (), responder, clock, after_rounds)


def play_in_memory(
    scenario: Scenario, responder: Responder, header: Header, clock: Clock
) -> Transcript:
    """Play every round into a transcript held in memory, for the caller to write in one go
    (a simulated session: nobody's answers are at stake until the whole file exists)."""
    events: list[Event] = []
    session = Session(scenario, menu_seed=header.menu_seed)
    outcome = run(session, responder, events.append, clock)
    end = End(clock.now(), "completed") if outcome == "completed" else None
    return Transcript(header, tuple(events), end)


def continue_session(
    scenario: Scenario,
    responder: Responder,
    loaded: LoadedTranscript,
    clock: Clock,
    after_rounds: AfterRounds | None = None,
) -> Played:
    """Continue an unfinished transcript in the same file, from the next role to answer.

    A torn tail is cut first, so the file goes on from its last whole event. The caller
    holds the transcript's lock, taken before it read the transcript.
    """
    transcript = loaded.transcript
    if transcript.end is not None:
        raise TranscriptError(f"{transcript.path}: the session is finished; nothing to continue")
    history = transcript.events
    # Rebuilt before touching the file: raises if the events do not fit the case.
    session = Session(scenario, history, transcript.header.menu_seed)
    with TranscriptWriter.reopen(Path(transcript.path), loaded.whole_bytes) as writer:
        return _play_on(writer, transcript.header, session, history, responder, clock, after_rounds)


def _play_on(
    writer: TranscriptWriter,
    header: Header,
    session: Session,
    history: tuple[Event, ...],
    responder: Responder,
    clock: Clock,
    after_rounds: AfterRounds | None,
) -> Played:
    events = list(history)

    def sink(event: Event) -> None:
        writer.write(event)
        events.append(event)

    outcome = run(session, responder, sink, clock)
    end = None
    if outcome == "completed":
        if after_rounds is not None:
            after_rounds(session, sink)
        end = End(clock.now(), "completed")
        writer.finish(end)
    path = writer.path
    return Played(path, Transcript(header, tuple(events), end, str(path)), outcome)
