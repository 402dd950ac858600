"""The case model: frozen dataclasses the engine, scoring and reports read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from interact_cli.case.text import LocalText


@dataclass(frozen=True)
class Role:
    id: str
    agency: str
    country: str
    name: LocalText
    description: LocalText | None = None


@dataclass(frozen=True)
class Action:
    id: str
    roles: tuple[str, ...]
    label: LocalText
    harmful: LocalText | None = None
    ref: str | None = None
    offered_from: str | None = None
    """`from`: the first round that offers it (None: the first round of the case)."""
    offered_until: str | None = None
    """`until`: the last round that offers it (None: the last round of the case)."""


@dataclass(frozen=True)
class Condition:
    """`done:ACTION[@ROLE]` or `missed:ACTION[@ROLE]`, judged on the rounds before."""

    kind: Literal["done", "missed"]
    action: str
    role: str | None = None

    @classmethod
    def parse(cls, text: str) -> Condition:
        kind, _, rest = text.partition(":")
        action, _, role = rest.partition("@")
        return cls("done" if kind == "done" else "missed", action, role or None)

    def __str__(self) -> str:
        return f"{self.kind}:{self.action}" + (f"@{self.role}" if self.role else "")

    def holds(
        self, done: frozenset[tuple[str, str]], actions: frozenset[str] | None = None
    ) -> bool:
        """`done` holds the (role, action) pairs chosen so far; `actions`, when given, the
        actions of those pairs (a lookup instead of a search)."""
        if self.role is not None:
            happened = (self.role, self.action) in done
        elif actions is not None:
            happened = self.action in actions
        else:
            happened = any(action == self.action for _, action in done)
        return happened if self.kind == "done" else not happened


@dataclass(frozen=True)
class Inject:
    id: str
    text: LocalText
    title: LocalText | None = None
    when: tuple[Condition, ...] = ()
    path: str = field(default="", compare=False)
    fits_from: str | None = None
    """A reserve inject's `from`: the first round where it fits (None: the first round)."""
    fits_until: str | None = None
    """A reserve inject's `until`: the last round where it fits (None: the last round)."""


@dataclass(frozen=True)
class ExpectedStep:
    """An action the case expects of one of `roles`, open from `opens`, due by `due`.

    After `until` (when set) the step can no longer be met; without it the window stays
    open to the last round, and a step done after `due` is late.
    """

    id: str
    action: str
    roles: tuple[str, ...]
    opens: str
    due: str
    critical: bool
    ref: str
    path: str = field(default="", compare=False)
    until: str | None = None


@dataclass(frozen=True)
class Round:
    id: str
    title: LocalText
    clock: LocalText
    briefing: LocalText
    roles: tuple[str, ...]
    timebox: int | None = None
    expect: tuple[ExpectedStep, ...] = ()
    injects: tuple[Inject, ...] = ()
    choices: int | None = None
    """The most actions one role may choose in this round; overrides the case's `choices`."""


@dataclass(frozen=True)
class Objective:
    id: str
    title: LocalText
    steps: tuple[str, ...]
    harmed_by: tuple[str, ...] = ()
    """Harmful actions that, once chosen in a session, stop the objective from rating P."""


@dataclass(frozen=True)
class Scenario:
    id: str
    version: str
    title: LocalText
    summary: LocalText | None
    """The facilitator's synopsis: shown by reports, never on a player's screen."""
    languages: tuple[str, ...]
    fallback_language: str
    countries: tuple[str, ...]
    roles: tuple[Role, ...]
    actions: tuple[Action, ...]
    rounds: tuple[Round, ...]
    objectives: tuple[Objective, ...]
    reserve: tuple[Inject, ...]
    choices: int | None = None
    """The most actions one role may choose in a round (None: no limit)."""
    recall: bool = False
    """Ask each role in its own words what it does before showing its checklist."""
    opening: LocalText | None = None
    """What the players may know at the start, for the opening screen."""
    sha256: str = field(default="", compare=False)
    source: str = field(default="", compare=False)

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def action_by_id(self) -> dict[str, Action]:
        return {action.id: action for action in self.actions}

    @cached_property
    def round_index(self) -> dict[str, int]:
        return {round_.id: index for index, round_ in enumerate(self.rounds)}

    @cached_property
    def expected_steps(self) -> tuple[ExpectedStep, ...]:
        return tuple(step for round_ in self.rounds for step in round_.expect)

    def closes(self, step: ExpectedStep) -> int:
        """The index of the last round in which `step` can still be met."""
        if step.until is not None and step.until in self.round_index:
            return self.round_index[step.until]
        return len(self.rounds) - 1

    @cached_property
    def step_windows(self) -> tuple[tuple[int, int, int], ...]:
        """Per expected step, in case order: the indexes of the round that opens it, its due
        round and the last round it can be met in (worked out once per case, not per session)."""
        index = self.round_index
        return tuple(
            (index[step.opens], index[step.due], self.closes(step)) for step in self.expected_steps
        )

    @cached_property
    def steps_by_action(self) -> dict[str, tuple[int, ...]]:
        """Per action id, the positions (in `expected_steps`) of the steps that expect it."""
        found: dict[str, list[int]] = {}
        for position, step in enumerate(self.expected_steps):
            found.setdefault(step.action, []).append(position)
        return {action: tuple(positions) for action, positions in found.items()}

    @cached_property
    def objective_steps(self) -> tuple[tuple[int, ...], ...]:
        """Per objective, the positions (in `expected_steps`) of its steps, in case order."""
        position = {step.id: index for index, step in enumerate(self.expected_steps)}
        return tuple(
            tuple(sorted({position[s] for s in objective.steps if s in position}))
            for objective in self.objectives
        )

    @cached_property
    def harmful_actions(self) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if action.harmful is not None)

    @cached_property
    def conditional_injects(self) -> tuple[Inject, ...]:
        return tuple(inject for round_ in self.rounds for inject in round_.injects if inject.when)

    @cached_property
    def reserve_by_id(self) -> dict[str, Inject]:
        return {inject.id: inject for inject in self.reserve}

    @cached_property
    def offered_rounds(self) -> dict[str, range]:
        """Per action id, the indexes of the rounds that offer it (`from` to `until`)."""
        return {
            action.id: self.round_span(action.offered_from, action.offered_until)
            for action in self.actions
        }

    def round_span(self, first: str | None, last: str | None) -> range:
        """The indexes of the rounds from `first` to `last`, inclusive (None: no bound).

        An unknown round id counts as no bound: validation reports it, and the rest of the
        case can still be checked.
        """
        index = self.round_index
        return range(index.get(first or "", 0), index.get(last or "", len(self.rounds) - 1) + 1)

    @cached_property
    def _menus(self) -> dict[tuple[str, str], tuple[Action, ...]]:
        """Every (round, role) menu in case order, worked out once per case, not per answer."""
        menus: dict[tuple[str, str], tuple[Action, ...]] = {}
        offered = self.offered_rounds
        for position, round_ in enumerate(self.rounds):
            here = [action for action in self.actions if position in offered[action.id]]
            for role in self.roles:
                menus[(round_.id, role.id)] = tuple(a for a in here if role.id in a.roles)
        return menus

    @cached_property
    def _menu_ids(self) -> dict[tuple[str, str], frozenset[str]]:
        return {key: frozenset(a.id for a in menu) for key, menu in self._menus.items()}

    def menu(self, round_id: str, role_id: str) -> tuple[Action, ...]:
        """The actions offered to `role_id` in round `round_id`, in case order."""
        return self._menus.get((round_id, role_id), ())

    def menu_ids(self, round_id: str, role_id: str) -> frozenset[str]:
        """The ids of `menu(round_id, role_id)`, for membership checks."""
        return self._menu_ids.get((round_id, role_id), frozenset())

    @cached_property
    def choice_limits(self) -> tuple[int | None, ...]:
        """Per round, in case order, the most actions one role may choose (None: no limit)."""
        return tuple(r.choices if r.choices is not None else self.choices for r in self.rounds)

    def choice_limit(self, round_id: str) -> int | None:
        """The most actions one role may choose in the round (None: no limit)."""
        position = self.round_index.get(round_id)
        own = self.rounds[position].choices if position is not None else None
        return own if own is not None else self.choices

    def reserve_fits(self, inject: Inject, round_id: str) -> bool:
        """Whether the reserve inject fits round `round_id` (`from` to `until`, inclusive)."""
        position = self.round_index.get(round_id)
        return position is None or position in self.round_span(inject.fits_from, inject.fits_until)

    def reserve_for(self, round_id: str) -> tuple[tuple[Inject, bool], ...]:
        """The reserve injects for a facilitator in round `round_id`: those that fit first."""
        fits = [(inject, self.reserve_fits(inject, round_id)) for inject in self.reserve]
        return tuple(sorted(fits, key=lambda pair: not pair[1]))

    def text(self, value: LocalText | None, lang: str | None) -> str:
        return value.get(lang) if value is not None else ""
