"""What happens in a session, one event at a time: the engine emits them, transcripts hold them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

EventKind = Literal[
    "round_start",
    "inject",
    "answer",
    "skip",
    "note",
    "pause",
    "resume",
    "round_end",
    "debrief",
    "stop",
]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Event:
    """One entry of a transcript; which fields are set depends on `kind`.

    round_start: round · inject: round, inject, reason ("condition", "reserve")
    answer: round, role, actions, note, seconds · skip: round, role
    note: round, text · pause/resume: round · round_end: round, reason
    debrief: role, went_well, improve · stop: reason ("saved", "interrupted")
    """

    kind: EventKind
    at: datetime
    round: str | None = None
    role: str | None = None
    actions: tuple[str, ...] = ()
    note: str = ""
    seconds: float | None = None
    inject: str | None = None
    reason: str | None = None
    text: str = ""
    went_well: str = ""
    improve: str = ""
