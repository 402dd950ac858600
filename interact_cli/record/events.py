"""What happens in a session, one event at a time: the engine emits them, transcripts hold them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

EventKind = Literal[
    "round_start",
    "inject",
    "answer",
    "correction",
    "skip",
    "note",
    "pause",
    "resume",
    "round_end",
    "debrief",
    "stop",
]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__  # type: ignore[attr-defined]


@dataclass(slots=True, unsafe_hash=True)
class Event:
    """One entry of a transcript; which fields are set depends on `kind`. Never changed once
    made (`dataclasses.replace` makes a changed copy); not frozen only because a replay builds
    every event twice (loader and engine) and a frozen dataclass costs five times as much to
    build, a tenth of the whole replay.

    round_start: round · inject: round, inject, reason ("condition", "reserve")
    answer: round, role, actions, note, seconds, said (in the role's own words, asked first)
    correction: round, role, actions, note (replaces that role's answer in the round)
    skip: round, role
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
    said: str = ""


def corrected_answers(events: Iterable[Event]) -> list[Event]:
    """The answer events in order, each as its latest correction left it.

    Transcripts are append-only: a correction is a later event naming the round and role whose
    answer it replaces. Scores, summaries and reports read answers through this, so they all
    count the corrected choice; the first answer stays in the file for the record.
    """
    answers: list[Event] = []
    where: dict[tuple[str | None, str | None], int] = {}
    for event in events:
        if event.kind == "answer":
            where[(event.round, event.role)] = len(answers)
            answers.append(event)
        elif event.kind == "correction":
            index = where.get((event.round, event.role))
            if index is not None:
                answers[index] = replace(answers[index], actions=event.actions, note=event.note)
    return answers
