"""Responders that need no person: scripts and the built-in playthroughs."""

from __future__ import annotations

import random

from interact_cli.case.model import Scenario
from interact_cli.play.engine import Answer, Response, Skip, Turn
from interact_cli.play.script import Script


class ScriptedResponder:
    """Answers from a script; a role the script leaves out takes no action, and a role not at
    the script's table is skipped, as live play skips it."""

    def __init__(self, script: Script) -> None:
        self.script = script

    def respond(self, turn: Turn) -> Response:
        if self.script.table is not None and turn.role.id not in self.script.table:
            return Skip()
        found = self.script.answers.get((turn.round.id, turn.role.id))
        return found or Answer((), "", self.script.default_seconds)


class IdleResponder:
    """Every role takes no action: every expected step is missed."""

    def respond(self, turn: Turn) -> Response:
        return Answer((), "", 5.0)


class IdealResponder:
    """Every expected action, by its role, in the first round it can be done on time."""

    def __init__(self, scenario: Scenario) -> None:
        self.plan = ideal_plan(scenario)

    def respond(self, turn: Turn) -> Response:
        actions = self.plan.get((turn.round.id, turn.role.id), ())
        return Answer(actions, "", 30.0)


def ideal_plan(scenario: Scenario) -> dict[tuple[str, str], tuple[str, ...]]:
    """(round, role) -> actions: each step played once, on time, in the first (round, role) of
    its window that offers its action, has not already chosen it (one choice meets one step,
    so a step expected twice is played twice) and has room under the round's choice limit.
    The steps with the fewest such places are placed first."""
    slots: dict[str, list[tuple[str, str]]] = {}
    for step in scenario.expected_steps:
        action = scenario.action_by_id[step.action]
        start, due = scenario.round_index[step.opens], scenario.round_index[step.due]
        slots[step.id] = [
            (round_.id, role)
            for round_ in scenario.rounds[start : due + 1]
            for role in step.roles
            if role in action.roles
            and role in round_.roles
            and step.action in scenario.menu_ids(round_.id, role)
        ]
    plan: dict[tuple[str, str], tuple[str, ...]] = {}
    order = sorted(scenario.expected_steps, key=lambda step: len(slots[step.id]))
    for step in order:
        for key in slots[step.id]:
            chosen = plan.get(key, ())
            if step.action in chosen:
                continue
            limit = scenario.choice_limit(key[0])
            if limit is None or len(chosen) < limit:
                plan[key] = (*chosen, step.action)
                break
    return plan


class RandomResponder:
    """Up to three random actions offered to the role (fewer under a choice limit); the same
    seed gives the same run.

    Each turn draws from its own generator, seeded by (seed, round, role), so a run that
    was interrupted and resumed answers exactly as an uninterrupted one.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def respond(self, turn: Turn) -> Response:
        rng = random.Random(f"{self.seed}:{turn.round.id}:{turn.role.id}")
        menu = [action.id for action in turn.scenario.menu(turn.round.id, turn.role.id)]
        most = min(3, len(menu)) if turn.limit is None else min(3, len(menu), turn.limit)
        count = rng.randint(0, most)
        actions = tuple(rng.sample(menu, count))
        return Answer(actions, "", round(rng.uniform(5.0, 240.0), 1))
