"""Feed a recorded session back through the engine, against the case as it is now.

Scores are recomputed, never stored, so a corrected case re-scores old sessions. The
recorded history is first judged against today's rounds, roles and menus (`play.history`,
the same judgement `summary` and `resume` use); whatever no longer fits is left out, and the
rest goes through `engine.run`, which rebuilds the rounds, turns and injects as the case now
has them.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from interact_cli.case.model import Scenario
from interact_cli.i18n import _
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import (
    Answer,
    Correct,
    EndRound,
    FacilitatorNote,
    Outcome,
    Pause,
    ReleaseReserve,
    Response,
    Resume,
    Session,
    Skip,
    Stop,
    Turn,
    run,
)
from interact_cli.play.history import Misfit, check_history
from interact_cli.record.events import EVENT_KINDS, Event
from interact_cli.record.transcript import End, Transcript

_RESPONSE_KINDS = set(EVENT_KINDS) - {"round_start", "debrief"}
"""Kinds that may be a response: the engine starts rounds, and the debrief is not replayed."""


def _is_response(event: Event) -> bool:
    """Events a person caused; the engine makes the others (round starts, condition injects)."""
    if event.kind == "inject":
        return event.reason == "reserve"
    if event.kind == "round_end":
        return event.reason == "ended_early"
    return event.kind in _RESPONSE_KINDS


class ReplayResponder:
    """Answers each turn with what was recorded for that round and role, in recorded order.

    What does not fit the case (`misfits`, judged by `play.history`) is left out: whole
    events, or single actions of an answer. A role the recording has no answer for is
    skipped and noted in `unplayed`. A recording that stops part-way (saved, or cut by a
    crash) stops the replay at the same place.
    """

    def __init__(
        self, scenario: Scenario, transcript: Transcript, misfits: Sequence[Misfit] = ()
    ) -> None:
        self.scenario = scenario
        self.unplayed: list[str] = []
        self._queues: dict[str, deque[Event]] = {}
        self._corrected: set[str] = set()
        """Rounds with a recorded correction (most have none: no need to look for one)."""
        self._last_round = -1
        left_out = {misfit.event for misfit in misfits if misfit.action is None}
        actions_left_out: dict[int, set[str]] = {}
        for misfit in misfits:
            if misfit.action is not None:
                actions_left_out.setdefault(misfit.event, set()).add(misfit.action)
        responses = [
            (index, event)
            for index, event in enumerate(transcript.events)
            if _is_response(event) and index not in left_out
        ]
        current = ""
        for place, (index, event) in enumerate(responses):
            # A stop followed by more events was a session saved and later resumed.
            if event.kind == "stop" and place != len(responses) - 1:
                continue
            current = event.round or current
            if current not in scenario.round_index:
                continue  # a round the case no longer has: named by the history check
            if index in actions_left_out:
                kept = tuple(a for a in event.actions if a not in actions_left_out[index])
                event = dataclasses.replace(event, actions=kept)
            self._queues.setdefault(current, deque()).append(event)
            if event.kind == "correction":
                self._corrected.add(current)
            self._last_round = max(self._last_round, scenario.round_index[current])
        self._finished = transcript.end is not None
        self._reported_rounds: set[str] = set()
        self._answered: set[tuple[str, str]] = set()
        """(round, role) of the answers replayed so far: those a correction may replace."""

    def respond(self, turn: Turn) -> Response:
        round_id, role_id = turn.round.id, turn.role.id
        queue = self._queues.get(round_id, deque())
        while queue:
            event = queue[0]
            if event.kind in ("answer", "skip"):
                if event.role == role_id:
                    return self._correction_due(turn, queue) or self._answer(event, turn, queue)
                if event.role not in turn.remaining_roles:
                    queue.popleft()  # a skip of a role that does not play this round
                    continue
                own = next((e for e in queue if _answers(e, role_id)), None)
                if own is not None:  # the case now asks the roles in another order
                    return self._correction_due(turn, queue) or self._answer(own, turn, queue)
                break
            if _waits(event, round_id, self._answered):
                # Its answer comes later now (the case asks the roles in another order):
                # it is given once that answer is, or folded into it (see `_answer`).
                if all(_waits(e, round_id, self._answered) for e in queue):
                    break
                queue.rotate(-1)
                continue
            queue.popleft()
            response = self._control(event)
            if response is not None:
                return response
        return self._unrecorded(turn, queue)

    def _correction_due(self, turn: Turn, queue: deque[Event]) -> Response | None:
        """A recorded correction of an answer already replayed, given before the next answer
        (the round would close after the last one, and the correction be lost)."""
        if turn.round.id not in self._corrected:
            return None
        for event in queue:
            if event.kind == "correction" and (turn.round.id, event.role) in self._answered:
                queue.remove(event)
                return Correct(event.role or "", event.actions, event.note)
        return None

    def _answer(self, event: Event, turn: Turn, queue: deque[Event]) -> Response:
        queue.remove(event)
        if event.kind == "skip":
            return Skip()
        self._answered.add((turn.round.id, turn.role.id))
        actions, note = event.actions, event.note
        if turn.remaining_roles == (turn.role.id,) and turn.round.id in self._corrected:
            # The round closes after this answer: corrections recorded after it are folded in.
            for later in [e for e in queue if e.kind == "correction" and e.role == turn.role.id]:
                queue.remove(later)
                actions, note = later.actions, later.note
        return Answer(actions, note, event.seconds or 0.0, event.said)

    def _control(self, event: Event) -> Response | None:
        """The facilitator's recorded control, or None when it no longer applies."""
        if event.kind == "correction":
            return Correct(event.role or "", event.actions, event.note)
        if event.kind == "note":
            return FacilitatorNote(event.text)
        if event.kind == "pause":
            return Pause()
        if event.kind == "resume":
            return Resume()
        if event.kind == "round_end":
            return EndRound()
        if event.kind == "stop":
            return Stop(event.reason or "saved")
        if event.inject in self.scenario.reserve_by_id:
            return ReleaseReserve(event.inject or "")
        return None  # a reserve inject the case no longer has: named by the history check

    def _unrecorded(self, turn: Turn, queue: deque[Event]) -> Response:
        """No recorded answer for this role in this round: the session ended, or the case grew."""
        position = self.scenario.round_index[turn.round.id]
        if not self._finished and position >= self._last_round and not queue:
            return Stop("interrupted")
        if any(e.kind == "round_end" for e in queue):
            return Skip()  # the facilitator ended this round before the role answered
        if turn.round.id not in self._queues:
            if turn.round.id not in self._reported_rounds:
                self._reported_rounds.add(turn.round.id)
                self.unplayed.append(
                    _("round '{round}' is new in the case: nobody played it").format(
                        round=turn.round.id
                    )
                )
        else:
            self.unplayed.append(
                _(
                    "round '{round}': role '{role}' now plays this round; it has no recorded answer"
                ).format(round=turn.round.id, role=turn.role.id)
            )
        return Skip()


def _answers(event: Event, role_id: str) -> bool:
    return event.kind in ("answer", "skip") and event.role == role_id


def _waits(event: Event, round_id: str, answered: set[tuple[str, str]]) -> bool:
    """A correction whose answer has not been replayed yet."""
    return event.kind == "correction" and (round_id, event.role or "") not in answered


@dataclass(frozen=True)
class Replayed:
    """The session as the engine plays it now, what did not fit the case, what was not played."""

    transcript: Transcript
    misfits: tuple[Misfit, ...]
    """Recorded events (or actions) left out: the history check's judgement."""
    unplayed: tuple[str, ...]
    """Parts of the case the session never had (a new round, a role added to a round)."""
    outcome: Outcome

    @property
    def drift(self) -> tuple[str, ...]:
        """Each misfit in words, with the event it concerns."""
        return tuple(str(misfit) for misfit in self.misfits)


def replay_session(scenario: Scenario, transcript: Transcript) -> Replayed:
    """Play `transcript`'s recorded answers through the engine with the current `scenario`."""
    misfits = check_history(scenario, transcript.events)
    responder = ReplayResponder(scenario, transcript, misfits)
    clock = SimulatedClock(transcript.header.started)
    events: list[Event] = []
    session = Session(scenario, menu_seed=transcript.header.menu_seed)
    outcome = run(session, responder, events.append, clock)
    end = End(clock.now(), "completed") if outcome == "completed" else None
    replayed = Transcript(transcript.header, tuple(events), end, transcript.path)
    return Replayed(replayed, misfits, tuple(responder.unplayed), outcome)
