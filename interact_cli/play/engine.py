"""The round engine: pure, no I/O; live play, dry-runs, replays and tests all go through it.

A `Session` is the state of one playthrough. It can be rebuilt from the events of a
transcript, which is how `resume` continues a session and how `replay` re-plays one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Literal, Protocol

from interact_cli.case.model import Action, Inject, Role, Round, Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.errors import ResponseError, TranscriptError
from interact_cli.i18n import _
from interact_cli.play.clock import Clock
from interact_cli.record.events import Event


@dataclass(slots=True, unsafe_hash=True)
class Answer:
    """A role's choice this round: action ids, a free-text note, seconds taken to decide, and
    what the role said in its own words before it saw the options (recall).

    Like `Event`, never changed once made, but not frozen: a replay builds one per answer.
    """

    actions: tuple[str, ...]
    note: str = ""
    seconds: float = 0.0
    said: str = ""


@dataclass(frozen=True)
class Correct:
    """The facilitator replaces the answer `role` gave earlier in the open round."""

    role: str
    actions: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Skip:
    """The facilitator skips this role for this round."""


@dataclass(frozen=True)
class EndRound:
    """The facilitator ends the round before every role has answered."""


@dataclass(frozen=True)
class FacilitatorNote:
    text: str


@dataclass(frozen=True)
class ReleaseReserve:
    inject: str


@dataclass(frozen=True)
class Pause:
    """The facilitator stops the clock."""


@dataclass(frozen=True)
class Resume:
    """The facilitator starts the clock again."""


@dataclass(frozen=True)
class Stop:
    """Leave the session open, to be resumed later ("saved" or "interrupted")."""

    reason: str = "saved"


Response = (
    Answer | Correct | Skip | EndRound | FacilitatorNote | ReleaseReserve | Pause | Resume | Stop
)


@dataclass(slots=True, unsafe_hash=True)
class Given:
    """An answer given in this session, as corrections left it (never changed once made)."""

    round: str
    role: str
    actions: tuple[str, ...]
    note: str = ""
    said: str = ""


@dataclass(unsafe_hash=True)
class Turn:
    """Whose turn it is, and what they need to see to answer (never changed once made; not
    frozen, since the engine builds one per response)."""

    scenario: Scenario
    round: Round
    round_number: int
    role: Role
    taken: frozenset[str]
    released: tuple[Inject, ...]
    remaining_roles: tuple[str, ...]
    limit: int | None = None
    """The most actions the role may choose this round (None: no limit)."""
    previous: Given | None = None
    """The last answer given in this round: the one a correction would replace."""
    menu_seed: int | None = None

    @cached_property
    def menu(self) -> tuple[Action, ...]:
        """What the role is offered this round, in the session's neutral order.

        Worked out when asked: replays and scripts never show a menu, and shuffling one for
        every turn of thousands of replayed sessions would cost a fifth of the replay.
        """
        return ordered_menu(self.scenario, self.menu_seed, self.round.id, self.role.id)


class Responder(Protocol):
    def respond(self, turn: Turn) -> Response: ...


Sink = Callable[[Event], None]
Outcome = Literal["completed", "stopped"]


class Session:
    """One playthrough of a case, advanced one response at a time."""

    def __init__(
        self, scenario: Scenario, history: Sequence[Event] = (), menu_seed: int | None = None
    ) -> None:
        self.scenario = scenario
        self.menu_seed = menu_seed
        self._round = -1
        self._open = False
        self._waiting: list[str] = []
        self._released: list[Inject] = []
        self._done: set[tuple[str, str]] = set()
        self._taken: dict[str, set[str]] = {}  # the same choices, by role
        self._given: dict[tuple[str, str], Given] = {}
        self._last_given: Given | None = None  # in the open round
        self._due: list[Inject] = []  # conditional injects of the open round not yet released
        for event in history:
            self._absorb(event)

    @property
    def given(self) -> tuple[Given, ...]:
        """Every answer given so far, in order, as corrections left it."""
        return tuple(self._given.values())

    def menu(self, round_id: str, role_id: str) -> tuple[Action, ...]:
        """What `role_id` is (or was) offered in round `round_id`, in this session's order."""
        return ordered_menu(self.scenario, self.menu_seed, round_id, role_id)

    @property
    def finished(self) -> bool:
        return not self._open and self._round >= len(self.scenario.rounds) - 1

    @property
    def round(self) -> Round | None:
        return self.scenario.rounds[self._round] if self._round >= 0 else None

    def open_next_round(self, now: datetime) -> list[Event]:
        """Start the next round if none is open: its start, then the injects that hold."""
        if self._open and self._waiting and not self._due:
            return []  # a round under way, its injects released: asked before every turn
        events: list[Event] = []
        if self._open and not self._waiting and self.round is not None:
            # Resumed after a round's last answer was saved but before its end was.
            events.append(Event("round_end", now, round=self.round.id, reason="completed"))
            self._absorb(events[-1])
        if self._open:
            # Resumed after a round started but before all its injects were saved.
            return events + self._release_due_injects(now)
        if self.finished:
            return events
        round_ = self.scenario.rounds[self._round + 1]
        events.append(Event("round_start", now, round=round_.id))
        self._absorb(events[-1])
        events += self._release_due_injects(now)
        if not self._waiting:
            events.append(Event("round_end", now, round=round_.id, reason="completed"))
            self._absorb(events[-1])
        return events

    def _release_due_injects(self, now: datetime) -> list[Event]:
        round_id = self.scenario.rounds[self._round].id
        events = [
            Event("inject", now, round=round_id, inject=inject.id, reason="condition")
            for inject in self._due
        ]
        for event in events:
            self._absorb(event)
        return events

    def current_turn(self) -> Turn | None:
        if not self._open or not self._waiting:
            return None
        round_ = self.scenario.rounds[self._round]
        role_id = self._waiting[0]
        return Turn(
            self.scenario,
            round_,
            self._round + 1,
            self.scenario.role_by_id[role_id],
            frozenset(self._taken.get(role_id, ())),
            tuple(self._released),
            tuple(self._waiting),
            self.scenario.choice_limits[self._round],
            self._last_given,
            self.menu_seed,
        )

    def apply(self, response: Response, now: datetime, turn: Turn | None = None) -> list[Event]:
        """The events `response` makes, in order; the round closes after its last role.

        `turn`: the current turn, when the caller already has it (it is built once).
        """
        turn = turn or self.current_turn()
        if turn is None:
            raise ResponseError("no round is open: nothing to respond to")
        round_id = turn.round.id
        events = [self._event_for(response, turn, now)]
        if isinstance(response, Answer | Skip) and len(self._waiting) == 1:
            events.append(Event("round_end", now, round=round_id, reason="completed"))
        for event in events:
            self._absorb(event)
        return events

    def _event_for(self, response: Response, turn: Turn, now: datetime) -> Event:
        round_id, role_id = turn.round.id, turn.role.id
        match response:
            case Answer(actions, note, seconds, said):
                unique = self._check_choice(round_id, role_id, actions, turn.limit)
                return Event(
                    "answer",
                    now,
                    round_id,
                    role_id,
                    unique,
                    note,
                    round(float(seconds), 3),
                    said=said,
                )
            case Correct(role, actions, note):
                if (round_id, role) not in self._given:
                    raise ResponseError(
                        _("role '{role}' has no answer in round '{round}' to correct").format(
                            role=role, round=round_id
                        )
                    )
                unique = self._check_choice(round_id, role, actions, turn.limit)
                return Event("correction", now, round_id, role, unique, note)
            case Skip():
                return Event("skip", now, round=round_id, role=role_id)
            case EndRound():
                return Event("round_end", now, round=round_id, reason="ended_early")
            case FacilitatorNote(text):
                return Event("note", now, round=round_id, text=text)
            case ReleaseReserve(inject_id):
                if inject_id not in self.scenario.reserve_by_id:
                    raise ResponseError(f"unknown reserve inject '{inject_id}'")
                return Event("inject", now, round=round_id, inject=inject_id, reason="reserve")
            case Pause():
                return Event("pause", now, round=round_id)
            case Resume():
                return Event("resume", now, round=round_id)
            case Stop(reason):
                return Event("stop", now, round=round_id, reason=reason)
        raise ResponseError(f"unknown response {response!r}")

    def _check_choice(
        self, round_id: str, role_id: str, actions: Sequence[str], limit: int | None
    ) -> tuple[str, ...]:
        """The chosen actions once each; raises if one is not offered or there are more than
        `limit` (the round's choice limit)."""
        offered = self.scenario.menu_ids(round_id, role_id)
        for action_id in actions:
            if action_id in offered:
                continue
            action = self.scenario.action_by_id.get(action_id)
            if action is None or role_id not in action.roles:
                raise ResponseError(f"role '{role_id}' cannot choose action '{action_id}'")
            raise ResponseError(
                _("action '{action}' is not offered to role '{role}' in round '{round}'").format(
                    action=action_id, role=role_id, round=round_id
                )
            )
        unique = tuple(dict.fromkeys(actions))
        if limit is not None and len(unique) > limit:
            raise ResponseError(
                _(
                    "role '{role}' chose {count} actions in round '{round}'; "
                    "at most {limit} may be chosen"
                ).format(role=role_id, count=len(unique), round=round_id, limit=limit)
            )
        return unique

    def _absorb(self, event: Event) -> None:
        """Update the state for one event; raises on events that do not fit the case."""
        kind = event.kind
        if kind == "answer" or kind == "skip":  # most events: tested first
            if self._open:
                self._answered(event)
        elif kind == "round_start":
            self._start_round(event)
        elif kind == "inject" and self._open:
            inject = self._find_inject(event.inject or "")
            if inject is not None:
                self._released.append(inject)
                if inject in self._due:
                    self._due.remove(inject)
        elif kind == "correction" and self._open:
            self._correct(event)
        elif kind == "round_end":
            self._open = False
            self._waiting = []
            self._last_given = None

    def _start_round(self, event: Event) -> None:
        index = self.scenario.round_index.get(event.round or "")
        if index is None:
            raise TranscriptError(f"round '{event.round}' is not in case '{self.scenario.id}'")
        self._round, self._open = index, True
        round_ = self.scenario.rounds[index]
        self._waiting = list(dict.fromkeys(round_.roles))
        self._released = []
        self._last_given = None
        self._due = []
        if round_.injects:
            done = frozenset(self._done)
            actions = frozenset(action for _, action in done)
            self._due = [i for i in round_.injects if all(c.holds(done, actions) for c in i.when)]

    def _answered(self, event: Event) -> None:
        """An answer or a skip: the role is no longer waited for; what it chose is done."""
        role = event.role or ""
        if role in self._waiting:
            self._waiting.remove(role)
        if event.actions:
            self._done.update((role, action) for action in event.actions)
            self._taken.setdefault(role, set()).update(event.actions)
        if event.kind == "answer":
            given = Given(event.round or "", role, event.actions, event.note, event.said)
            self._given[(given.round, role)] = self._last_given = given

    def _correct(self, event: Event) -> None:
        """Replace an answer of the open round: what was done is worked out again."""
        key = (event.round or "", event.role or "")
        before = self._given.get(key)
        if before is None:
            return
        given = Given(before.round, before.role, event.actions, event.note, before.said)
        self._given[key] = given
        if self._last_given == before:
            self._last_given = given
        self._done = {(g.role, action) for g in self._given.values() for action in g.actions}
        self._taken = {}
        for role, action in self._done:
            self._taken.setdefault(role, set()).add(action)

    def _find_inject(self, inject_id: str) -> Inject | None:
        round_ = self.scenario.rounds[self._round]
        found = [inject for inject in round_.injects if inject.id == inject_id]
        return found[0] if found else self.scenario.reserve_by_id.get(inject_id)


def run(session: Session, responder: Responder, sink: Sink, clock: Clock) -> Outcome:
    """Play until the last round closes, or until the responder says stop."""
    while True:
        for event in session.open_next_round(clock.now()):
            sink(event)
        if session.finished:
            return "completed"
        turn = session.current_turn()
        if turn is None:
            continue
        response = responder.respond(turn)
        if isinstance(response, Answer):
            clock.elapse(response.seconds)
        for event in session.apply(response, clock.now(), turn):
            sink(event)
        if isinstance(response, Stop):
            return "stopped"
