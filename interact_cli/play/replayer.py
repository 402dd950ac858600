"""Feed a recorded session back through the engine, against the case as it is now.

Scores are recomputed, never stored, so a corrected case re-scores old sessions. Replaying
through `engine.run` (rather than scoring the old events directly) checks every recorded
answer against today's rounds, roles and menus; whatever no longer fits is reported as
drift and left out, and the rest of the session is still scored.
"""

from __future__ import annotations

import weakref
from collections import deque
from dataclasses import dataclass

from interact_cli.case.model import Scenario
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import (
    Answer,
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
from interact_cli.record.events import Event
from interact_cli.record.transcript import End, Transcript

_RESPONSE_KINDS = {"answer", "skip", "note", "pause", "resume", "stop", "inject", "round_end"}


def _is_response(event: Event) -> bool:
    """Events a person caused; the engine makes the others (round starts, condition injects)."""
    if event.kind == "inject":
        return event.reason == "reserve"
    if event.kind == "round_end":
        return event.reason == "ended_early"
    return event.kind in _RESPONSE_KINDS


class ReplayResponder:
    """Answers each turn with what was recorded for that round and role, in recorded order.

    A recorded round, role, action or reserve inject the case no longer has is noted in
    `drift` and skipped; a role the recording has no answer for is skipped. A recording
    that stops part-way (saved, or cut by a crash) stops the replay at the same place.
    """

    def __init__(self, scenario: Scenario, transcript: Transcript) -> None:
        self.scenario = scenario
        self.drift: list[str] = []
        self._queues: dict[str, deque[Event]] = {}
        self._last_round = -1
        responses = [event for event in transcript.events if _is_response(event)]
        current = ""
        for index, event in enumerate(responses):
            # A stop followed by more events was a session saved and later resumed.
            if event.kind == "stop" and index != len(responses) - 1:
                continue
            current = event.round or current
            self._queues.setdefault(current, deque()).append(event)
        self._finished = transcript.end is not None
        for round_id, queue in self._queues.items():
            position = scenario.round_index.get(round_id)
            if position is None:
                answers = sum(1 for event in queue if event.kind == "answer")
                self.drift.append(
                    f"round '{round_id}' is no longer in the case; its {answers} answer(s) "
                    "are not scored"
                )
            else:
                self._last_round = max(self._last_round, position)
        self._reported_rounds: set[str] = set()
        self._menus = _menus(scenario)

    def respond(self, turn: Turn) -> Response:
        round_id, role_id = turn.round.id, turn.role.id
        queue = self._queues.get(round_id, deque())
        while queue:
            event = queue[0]
            if event.kind in ("answer", "skip"):
                if event.role == role_id:
                    queue.popleft()
                    return self._answer(event, turn)
                if event.role not in turn.remaining_roles:
                    queue.popleft()
                    self.drift.append(
                        f"round '{round_id}': role '{event.role}' no longer plays in this round; "
                        "its answer is not scored"
                    )
                    continue
                own = next((e for e in queue if _answers(e, role_id)), None)
                if own is not None:  # the case now asks the roles in another order
                    queue.remove(own)
                    return self._answer(own, turn)
                break
            queue.popleft()
            response = self._control(event)
            if response is not None:
                return response
        return self._unrecorded(turn, queue)

    def leftovers(self) -> None:
        """Note recorded answers the replay never reached (their round ended before them)."""
        for round_id, queue in self._queues.items():
            if round_id not in self.scenario.round_index:
                continue
            for event in queue:
                if event.kind == "answer":
                    self.drift.append(
                        f"round '{round_id}': the answer of role '{event.role}' was not replayed"
                    )

    def _answer(self, event: Event, turn: Turn) -> Response:
        if event.kind == "skip":
            return Skip()
        menu = self._menus.get(turn.role.id, frozenset())
        if menu.issuperset(event.actions):
            return Answer(event.actions, event.note, event.seconds or 0.0)
        kept = []
        for action in event.actions:
            if action in menu:
                kept.append(action)
            elif action in self.scenario.action_by_id:
                self.drift.append(
                    f"round '{turn.round.id}': role '{turn.role.id}' can no longer choose "
                    f"action '{action}'; not scored"
                )
            else:
                self.drift.append(
                    f"round '{turn.round.id}': action '{action}' (role '{turn.role.id}') "
                    "is no longer in the case; not scored"
                )
        return Answer(tuple(kept), event.note, event.seconds or 0.0)

    def _control(self, event: Event) -> Response | None:
        """The facilitator's recorded control, or None when it no longer applies."""
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
        self.drift.append(
            f"round '{event.round}': reserve inject '{event.inject}' is no longer in the case"
        )
        return None

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
                self.drift.append(f"round '{turn.round.id}' is new in the case: nobody played it")
        else:
            self.drift.append(
                f"round '{turn.round.id}': no recorded answer from role '{turn.role.id}'"
            )
        return Skip()


_MENUS: dict[int, tuple[weakref.ref[Scenario], dict[str, frozenset[str]]]] = {}


def _menus(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Each role's menu as a set, worked out once per case rather than once per session."""
    cached = _MENUS.get(id(scenario))
    if cached is None or cached[0] is not scenario:
        menus = {
            role.id: frozenset(a.id for a in scenario.menu(role.id)) for role in scenario.roles
        }
        cached = _MENUS[id(scenario)] = (scenario, menus)
    return cached[1]


def _answers(event: Event, role_id: str) -> bool:
    return event.kind in ("answer", "skip") and event.role == role_id


@dataclass(frozen=True)
class Replayed:
    """The session as the engine plays it now, and what no longer fits the case."""

    transcript: Transcript
    drift: tuple[str, ...]
    outcome: Outcome


def replay_session(scenario: Scenario, transcript: Transcript) -> Replayed:
    """Play `transcript`'s recorded answers through the engine with the current `scenario`."""
    responder = ReplayResponder(scenario, transcript)
    clock = SimulatedClock(transcript.header.started)
    events: list[Event] = []
    outcome = run(Session(scenario), responder, events.append, clock)
    responder.leftovers()
    end = End(clock.now(), "completed") if outcome == "completed" else None
    replayed = Transcript(transcript.header, tuple(events), end, transcript.path)
    return Replayed(replayed, tuple(responder.drift), outcome)
