"""A simulated team: one session's choices drawn from a team profile, then played through the
engine like a script.

The draws come first and in a fixed order (tag, table, each step's outcome, each harmful
action, where each choice goes, each answer's time), all from the session's own generator,
so a session depends only on the case, the profile and its seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from interact_cli.case.model import Scenario
from interact_cli.play.engine import Answer, Response, Skip, Turn
from interact_cli.play.profile import Profile, Rule, Tag

Slot = tuple[str, str]
"""(round id, role id): one answer."""


@dataclass(frozen=True)
class Plan:
    """What one simulated team does."""

    tag: str
    table: tuple[str, ...]
    """The roles with a player, in case order."""
    answers: dict[Slot, tuple[str, ...]]
    seconds: dict[Slot, float]
    unplayed: tuple[tuple[str, str], ...]
    """(reason, id) of each step or harmful action drawn to be chosen that could not be,
    `no_late_round`: a step drawn late whose window closes at its due round for the roles at
    the table (none plays a later round that offers it); `no_room`: no round of its window
    offers it to a role at the table with room left under the round's choice limit and that
    has not chosen it already (for another step expecting the same action). Such a step is
    missed; such a harmful action is not chosen."""


def plan_session(
    scenario: Scenario, profile: Profile, rules: tuple[Rule, ...], rng: random.Random
) -> Plan:
    """One team's session. `rules`: `profile.rules(scenario)`, worked out once per case.

    Each drawn choice goes to a round and role drawn among those that can take it: a step met
    on time in its window up to its due round, a late one after it while still open; a role
    at the table that plays that round, is offered the action there, has not chosen it yet
    and has room under the round's choice limit. The choices with the fewest such places are
    placed first, so that a tight limit crowds out what had other rounds to go to last; on a
    tie a harmful action comes before a step: a team that chooses it has that much less room
    for the right ones. What finds no place is `unplayed`.
    """
    tag = _draw_tag(profile.tags, rng)
    table = _draw_table(scenario, profile, tag, rng)
    seated = frozenset(table)
    outcomes = [_draw_outcome(rule, rng.random()) for rule in rules]
    harmful = [
        action.id
        for action in scenario.harmful_actions
        if action.id in profile.harmful and rng.random() < profile.harmful[action.id]
    ]
    answers: dict[Slot, list[str]] = {}
    unplayed: list[tuple[str, str]] = []
    wanted = []
    for position, (step, outcome) in enumerate(zip(scenario.expected_steps, outcomes, strict=True)):
        if outcome == "missed" or not seated.intersection(step.roles):
            continue
        opens, due, closes = scenario.step_windows[position]
        first, last = (opens, due) if outcome == "on_time" else (due + 1, closes)
        slots = _slots(scenario, step.action, step.roles, first, last, seated)
        if not slots and outcome == "late":
            unplayed.append(("no_late_round", step.id))
            continue
        wanted.append((len(slots), 1, position, step.id, step.action, slots))
    for position, action_id in enumerate(harmful):
        action = scenario.action_by_id[action_id]
        if not seated.intersection(action.roles):
            continue  # nobody at this table could choose it
        slots = _slots(scenario, action_id, action.roles, 0, len(scenario.rounds) - 1, seated)
        wanted.append((len(slots), 0, position, action_id, action_id, slots))
    for _, _, _, choice_id, action_id, slots in sorted(wanted):
        if not _place(scenario, action_id, slots, answers, rng):
            unplayed.append(("no_room", choice_id))
    low, high = profile.seconds
    seconds = {
        (round_.id, role): round(rng.uniform(low, high), 1)
        for round_ in scenario.rounds
        for role in round_.roles
        if role in seated
    }
    return Plan(
        tag.tag if tag else "",
        table,
        {slot: tuple(actions) for slot, actions in answers.items()},
        seconds,
        tuple(unplayed),
    )


def _draw_tag(tags: tuple[Tag, ...], rng: random.Random) -> Tag | None:
    if not tags:
        return None
    point = rng.random() * sum(tag.weight for tag in tags)
    for tag in tags:
        point -= tag.weight
        if point < 0:
            return tag
    return tags[-1]


def _draw_table(
    scenario: Scenario, profile: Profile, tag: Tag | None, rng: random.Random
) -> tuple[str, ...]:
    """The roles with a player; at least one: if the draw seats nobody, the role most likely
    to sit (the first in case order on a tie)."""
    chances = [(role.id, profile.seat_chance(role.id, tag)) for role in scenario.roles]
    seated = tuple(role for role, chance in chances if rng.random() < chance)
    if seated:
        return seated
    best = max(chance for _, chance in chances)
    return (next(role for role, chance in chances if chance == best),)


def _draw_outcome(rule: Rule, draw: float) -> str:
    if draw < rule.on_time:
        return "on_time"
    return "late" if draw < rule.on_time + rule.late else "missed"


def _slots(
    scenario: Scenario,
    action: str,
    roles: tuple[str, ...],
    first: int,
    last: int,
    seated: frozenset[str],
) -> list[Slot]:
    """The answers (round, role) from round index `first` to `last` that can choose `action`."""
    return [
        (round_.id, role)
        for round_ in scenario.rounds[first : last + 1]
        for role in roles
        if role in seated and role in round_.roles and action in scenario.menu_ids(round_.id, role)
    ]


def _place(
    scenario: Scenario,
    action: str,
    slots: list[Slot],
    answers: dict[Slot, list[str]],
    rng: random.Random,
) -> bool:
    """Put `action` in one of `slots` that has not chosen it and has room; False if none."""
    free = []
    for slot in slots:
        chosen = answers.get(slot, [])
        limit = scenario.choice_limits[scenario.round_index[slot[0]]]
        if action not in chosen and (limit is None or len(chosen) < limit):
            free.append(slot)
    if not free:
        return False
    answers.setdefault(free[rng.randrange(len(free))], []).append(action)
    return True


class PlannedResponder:
    """Plays a plan: each role at the table answers with its planned choices; a role not at
    the table is skipped, as live play skips it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._seated = frozenset(plan.table)

    def respond(self, turn: Turn) -> Response:
        if turn.role.id not in self._seated:
            return Skip()
        slot = (turn.round.id, turn.role.id)
        return Answer(self.plan.answers.get(slot, ()), "", self.plan.seconds.get(slot, 0.0))
