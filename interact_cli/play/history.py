"""A recorded history judged against the case as it is now: one judgement for summary, resume
and replay.

A case can change after a session (an action renamed, a role moved out of a round), and a
hand-edited or damaged transcript can hold what the engine never writes (a second answer, a
role the case does not declare). Each recorded event that does not fit is a `Misfit`: named
the same way by every command, left out of the scores, and tied to the rounds it may have
fallen in, so that the steps it could have met are not assessed rather than counted missed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from interact_cli.case.model import Scenario
from interact_cli.errors import Finding, HistoryMismatch
from interact_cli.i18n import _
from interact_cli.record.events import Event
from interact_cli.record.transcript import Header, Transcript


@dataclass(frozen=True)
class Misfit:
    """One recorded event (or one action of an answer) that does not fit the case."""

    event: int
    """Its index in the transcript's events."""
    message: str
    role: str | None = None
    span: tuple[int, int] | None = None
    """The case rounds (first and last index) the answer may have fallen in, for the steps it
    touches; None when it could not have met any step."""
    action: str | None = None
    """Set when only this action of the answer is left out; otherwise the whole event is."""
    answer: tuple[str, ...] = ()
    """Every action of the recorded answer."""

    @property
    def left_out(self) -> tuple[str, ...]:
        """The recorded actions this misfit leaves out."""
        return (self.action,) if self.action is not None else self.answer

    def __str__(self) -> str:
        return f"events[{self.event}]: {self.message}"

    def finding(self, file: str) -> Finding:
        return Finding(file, f"events[{self.event}]", self.message)


def check_history(scenario: Scenario, events: Sequence[Event]) -> tuple[Misfit, ...]:
    """Every recorded event that does not fit `scenario`, in the order they were recorded.

    Answers are judged in turn: in a round the case no longer has, by a role it does not
    declare, after the round ended, by a role that does not play the round, a role's second
    answer in a round; then each action the case no longer has, the role can no longer
    choose, or the round no longer offers, and each action beyond the round's choice limit.
    A correction fits while its round is open and replaces an answer of that round that fits;
    its actions are judged as an answer's. A reserve inject the case no longer has is named
    too. Skips of roles that do not play are left alone: they score nothing either way.
    """
    spans = _removed_round_spans(scenario, events)
    with_answers = {event.round for event in events if event.kind == "answer"}
    answered: dict[str, set[str]] = {}
    ended: set[str] = set()
    named_rounds: set[str] = set()
    history = _Judged()
    for index, event in enumerate(events):
        round_id = event.round or ""
        if event.kind == "round_end":
            ended.add(round_id)
        elif round_id and round_id not in scenario.round_index:
            if event.kind in ("answer", "correction"):
                history.found.append(_removed(index, event, spans[round_id]))
            elif round_id not in named_rounds and round_id not in with_answers:
                named_rounds.add(round_id)
                message = _("round '{round}' is no longer in the case").format(round=round_id)
                history.found.append(Misfit(index, message))
        elif event.kind == "answer":
            history.answer(scenario, index, event, answered, ended)
        elif event.kind == "correction":
            history.correction(scenario, index, event, ended)
        elif event.kind == "skip":
            answered.setdefault(round_id, set()).add(event.role or "")
        elif (
            event.kind == "inject"
            and event.reason == "reserve"
            and event.inject not in scenario.reserve_by_id
        ):
            message = _("round '{round}': reserve inject '{inject}' is no longer in the case")
            history.found.append(Misfit(index, message.format(round=round_id, inject=event.inject)))
    return tuple(history.found)


def _removed(index: int, event: Event, span: tuple[int, int]) -> Misfit:
    if event.kind == "correction":
        message = _(
            "round '{round}' is no longer in the case: the correction of role '{role}' is not "
            "scored"
        )
    else:
        message = _(
            "round '{round}' is no longer in the case: the answer of role '{role}' is not scored"
        )
    text = message.format(round=event.round, role=event.role)
    return Misfit(index, text, event.role, span, answer=event.actions)


class _Judged:
    """The misfits found so far, and the answers that fit, which a correction may replace."""

    def __init__(self) -> None:
        self.found: list[Misfit] = []
        self.fitting: dict[tuple[str, str], list[int]] = {}
        """(round, role) of each answer that fits -> the places in `found` of the actions
        left out of it (or of its latest correction)."""

    def answer(
        self,
        scenario: Scenario,
        index: int,
        event: Event,
        answered: dict[str, set[str]],
        ended: set[str],
    ) -> None:
        round_id, role = event.round or "", event.role or ""
        position = scenario.round_index[round_id]
        message = ""
        seen = answered.setdefault(round_id, set())
        if role not in scenario.role_by_id:
            message = _(
                "round '{round}': role '{role}' is not in the case; its answer is not scored"
            )
        elif round_id in ended:
            message = _(
                "round '{round}': the answer of role '{role}' comes after the round ended; "
                "not scored"
            )
        elif role not in scenario.rounds[position].roles:
            message = _(
                "round '{round}': role '{role}' does not play in this round; its answer is not "
                "scored"
            )
        elif role in seen:
            message = _(
                "round '{round}': role '{role}' already answered or was skipped in this round; "
                "this answer is not scored"
            )
        if message:
            self._whole(scenario, index, event, message)
            return
        seen.add(role)
        self.fitting[(round_id, role)] = self._actions(scenario, index, event)

    def correction(self, scenario: Scenario, index: int, event: Event, ended: set[str]) -> None:
        """A correction replaces the answer it names: the actions left out of that answer no
        longer matter to the scores (they stay named), the correction's own are judged."""
        round_id, role = event.round or "", event.role or ""
        message = ""
        if round_id in ended:
            message = _(
                "round '{round}': the correction of role '{role}' comes after the round ended; "
                "not scored"
            )
        elif (round_id, role) not in self.fitting:
            message = _(
                "round '{round}': the correction of role '{role}' has no answer in this round to "
                "replace; not scored"
            )
        if message:
            self._whole(scenario, index, event, message)
            return
        for place in self.fitting[(round_id, role)]:
            self.found[place] = dataclasses.replace(self.found[place], span=None)
        self.fitting[(round_id, role)] = self._actions(scenario, index, event)

    def _whole(self, scenario: Scenario, index: int, event: Event, message: str) -> None:
        """The whole event is left out; the steps open in its round are touched."""
        role = event.role or ""
        text = message.format(round=event.round, role=role)
        here = scenario.round_index[event.round or ""]
        self.found.append(Misfit(index, text, role, (here, here), answer=event.actions))

    def _one(self, scenario: Scenario, index: int, event: Event, text: str, action: str) -> int:
        """One action of the event is left out; its place in `found`."""
        here = scenario.round_index[event.round or ""]
        misfit = Misfit(index, text, event.role, (here, here), action, event.actions)
        self.found.append(misfit)
        return len(self.found) - 1

    def _actions(self, scenario: Scenario, index: int, event: Event) -> list[int]:
        """Note each action of a fitting answer (or correction) the round does not offer the
        role, and each beyond the round's choice limit; their places in `found`."""
        round_id, role = event.round or "", event.role or ""
        values = {"round": round_id, "role": role}
        offered = scenario.menu_ids(round_id, role)
        places = []
        kept: list[str] = []
        for action_id in dict.fromkeys(event.actions):
            if action_id in offered:
                kept.append(action_id)
                continue
            action = scenario.action_by_id.get(action_id)
            if action is None:
                message = _(
                    "round '{round}': action '{action}' (role '{role}') is no longer in the case; "
                    "not scored"
                )
            elif role not in action.roles:
                message = _(
                    "round '{round}': role '{role}' can no longer choose action '{action}'; "
                    "not scored"
                )
            else:
                message = _(
                    "round '{round}': action '{action}' is no longer offered to role '{role}' in "
                    "this round; not scored"
                )
            text = message.format(**values, action=action_id)
            places.append(self._one(scenario, index, event, text, action_id))
        limit = scenario.choice_limit(round_id)
        if limit is not None and len(kept) > limit:
            message = _(
                "round '{round}': role '{role}' chose {count} actions, more than the {limit} the "
                "case now allows; action '{action}' is not scored"
            )
            for action_id in kept[limit:]:
                text = message.format(**values, count=len(kept), limit=limit, action=action_id)
                places.append(self._one(scenario, index, event, text, action_id))
        return places


def _removed_round_spans(scenario: Scenario, events: Sequence[Event]) -> dict[str, tuple[int, int]]:
    """For each recorded round the case no longer has, the case rounds it sat between.

    Its answers may have met any step open from the round recorded before it to the round
    recorded after it (the first or last round when there is none).
    """
    order = list(dict.fromkeys(event.round for event in events if event.round))
    spans = {}
    last = len(scenario.rounds) - 1
    for place, round_id in enumerate(order):
        if round_id in scenario.round_index:
            continue
        before = [scenario.round_index[r] for r in order[:place] if r in scenario.round_index]
        after = [scenario.round_index[r] for r in order[place + 1 :] if r in scenario.round_index]
        spans[round_id] = (before[-1] if before else 0, after[0] if after else last)
    return spans


def touched_steps(scenario: Scenario, misfits: Iterable[Misfit]) -> frozenset[str]:
    """Ids of the expected steps a left-out choice could have met; their outcome is unknown,
    so they are not assessed (never counted missed).

    A step is touched when it is open in a round the answer may have fallen in, and either
    expects the very action left out, or, for an action the case no longer has (perhaps
    renamed), belongs to the answer's role (any role, if the case no longer has that role)
    and expects an action the answer does not hold.
    """
    touched: set[str] = set()
    for misfit in misfits:
        if misfit.span is None or not misfit.left_out:
            continue
        first, last = misfit.span
        role_known = misfit.role in scenario.role_by_id
        for step in scenario.expected_steps:
            if scenario.round_index[step.opens] > last or scenario.closes(step) < first:
                continue
            for action in misfit.left_out:
                if action in scenario.action_by_id:
                    hit = step.action == action
                else:
                    mine = misfit.role in step.roles or not role_known
                    hit = mine and step.action not in misfit.answer
                if hit:
                    touched.add(step.id)
    return frozenset(touched)


def require_fit(scenario: Scenario, transcript: Transcript) -> None:
    """Raise `HistoryMismatch` naming every misfit: a session that does not fit its case
    cannot be continued, since the engine would build its state from events it cannot place."""
    misfits = check_history(scenario, transcript.events)
    if misfits:
        name = PurePath(transcript.path).name or transcript.header.session
        raise HistoryMismatch([misfit.finding(name) for misfit in misfits])


def seated_roles(scenario: Scenario, header: Header) -> tuple[str, ...]:
    """The roles played at the table, in case order.

    The header's `table` when recorded. Older transcripts did not record it, but live play
    wrote every role at the table into `players` (with "" for an unnamed player), so those
    keys are the table; with no players (dry-runs), every role was played.
    """
    recorded = header.table or tuple(header.players)
    if not recorded:
        return tuple(role.id for role in scenario.roles)
    return tuple(role.id for role in scenario.roles if role.id in recorded)


def is_dry_run(header: Header) -> bool:
    """A practice run without a team (script, ideal, idle, random…), as opposed to a session
    played by people; a paper session (`source = "paper:FILE"`) was played by a team."""
    return header.mode == "dry-run" and not is_paper(header)


def is_paper(header: Header) -> bool:
    """A team's answers typed in from a paper pack: played by people, but nobody timed them."""
    return header.source.startswith("paper:")
