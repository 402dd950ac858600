"""Team profiles (`interact-profile/1`): how likely simulated teams are to meet each step of a
case on time, late or not at all, to choose each harmful action, which roles sit at their
table and where they train. `interact simulate` plays a programme of such teams.

A profile is checked against its case when it is read: any problem is one line naming the
file and the key. docs/profile-format.md describes the format.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from interact_cli.case.model import ExpectedStep, Scenario
from interact_cli.errors import ProfileError
from interact_cli.i18n import N_, _
from interact_cli.record.toml_file import check_format, read_toml
from interact_cli.record.transcript import MAX_SECONDS, YEARS

PROFILE_FORMAT = "interact-profile/1"
MAX_PROFILE_BYTES = 1_000_000
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
TAG = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,64}")
DEFAULT_START = date(2026, 1, 1)
DEFAULT_DAYS = 365
DEFAULT_SECONDS = (20.0, 240.0)
MAX_DAYS = 3650
_TOP_KEYS = {
    "format",
    "case",
    "name",
    "description",
    "start",
    "days",
    "seconds",
    "default",
    "roles",
    "objectives",
    "steps",
    "harmful",
    "table",
    "tags",
}
_RULE_KEYS = ("on_time", "late")
NO_STEP = N_("case '{case}' has no step '{id}'")
NO_ROLE = N_("case '{case}' has no role '{id}'")
NO_OBJECTIVE = N_("case '{case}' has no objective '{id}'")
NO_ACTION = N_("case '{case}' has no action '{id}'")


@dataclass(frozen=True)
class Rule:
    """The chances that a team meets a step on time and late; it misses it otherwise."""

    on_time: float
    late: float

    @property
    def missed(self) -> float:
        return max(0.0, 1.0 - self.on_time - self.late)


ON_TIME = Rule(1.0, 0.0)
"""A step the profile does not name (and no `[default]`): met on time, so that only what
the profile plants shows as a gap."""


@dataclass(frozen=True)
class Tag:
    """Where a session takes place (the transcript's `tag`), how often, and who sits there."""

    tag: str
    weight: float
    table: dict[str, float] = field(default_factory=dict)
    """The chance each role has a player at this tag's tables, over the profile's `[table]`."""


@dataclass(frozen=True)
class Profile:
    name: str
    case: str
    description: str = ""
    default: Rule = ON_TIME
    roles: dict[str, Rule] = field(default_factory=dict)
    objectives: dict[str, Rule] = field(default_factory=dict)
    steps: dict[str, Rule] = field(default_factory=dict)
    harmful: dict[str, float] = field(default_factory=dict)
    """Action id -> the chance that a session chooses it (once)."""
    table: dict[str, float] = field(default_factory=dict)
    """Role id -> the chance it has a player at the table (1 when not named)."""
    tags: tuple[Tag, ...] = ()
    start: date = DEFAULT_START
    days: int = DEFAULT_DAYS
    seconds: tuple[float, float] = DEFAULT_SECONDS

    def rules(self, scenario: Scenario) -> tuple[Rule, ...]:
        """Per expected step, in case order, the rule that applies: the step's own, else that
        of its first objective (case order) that has one, else that of its first role (its
        own order) that has one, else `[default]`."""
        found = []
        for step in scenario.expected_steps:
            rule = self.steps.get(step.id)
            for objective in scenario.objectives:
                if rule is None and step.id in objective.steps:
                    rule = self.objectives.get(objective.id)
            for role in step.roles:
                rule = rule or self.roles.get(role)
            found.append(rule or self.default)
        return tuple(found)

    def seat_chance(self, role: str, tag: Tag | None) -> float:
        if tag is not None and role in tag.table:
            return tag.table[role]
        return self.table.get(role, 1.0)


def load_profile(path: Path, scenario: Scenario) -> Profile:
    """The profile in `path`, checked against `scenario`; one clear error on the first problem."""
    _text, doc = read_toml(path, ProfileError, MAX_PROFILE_BYTES)
    check_format(doc, PROFILE_FORMAT, path.name, "a team profile", ProfileError)
    return _Reader(path.name, scenario).profile(doc, path.stem)


def late_possible(scenario: Scenario, step: ExpectedStep) -> bool:
    """Whether some round after the step's due round, while it is still open, offers its
    action to one of its roles playing that round."""
    due, closes = scenario.round_index[step.due], scenario.closes(step)
    return any(
        role in round_.roles and step.action in scenario.menu_ids(round_.id, role)
        for round_ in scenario.rounds[due + 1 : closes + 1]
        for role in step.roles
    )


class _Reader:
    """Reads a profile's document, failing on the first problem with its key."""

    def __init__(self, name: str, scenario: Scenario) -> None:
        self.name = name
        self.scenario = scenario

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(f"{self.name}: {key}: {message}")

    def profile(self, doc: dict[str, Any], stem: str) -> Profile:
        for key in doc:
            if key not in _TOP_KEYS:
                raise self.fail(key, _("unknown key"))
        case = doc.get("case")
        if case is None:
            raise self.fail("case", _("missing required key"))
        if case != self.scenario.id:
            raise self.fail(
                "case",
                _("the profile is for case '{profile_case}', not '{case}'").format(
                    profile_case=case, case=self.scenario.id
                ),
            )
        name = doc.get("name", stem)
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise self.fail(
                "name", _("expected a name of letters, digits, '.', '_' or '-' (at most 64)")
            )
        description = doc.get("description", "")
        if not isinstance(description, str):
            raise self.fail("description", _("expected a text"))
        start, days = self._period(doc)
        steps = self._rules(doc, "steps", self.scenario.expected_steps, NO_STEP)
        for step in self.scenario.expected_steps:
            rule = steps.get(step.id)
            if rule is not None and rule.late > 0 and not late_possible(self.scenario, step):
                raise self.fail(
                    f"steps.{step.id}.late",
                    _(
                        "step '{step}' cannot be late: no round after its due round '{due}' "
                        "offers '{action}' to one of its roles"
                    ).format(step=step.id, due=step.due, action=step.action),
                )
        return Profile(
            name=name,
            case=case,
            description=description,
            default=self._rule(doc["default"], "default") if "default" in doc else ON_TIME,
            roles=self._rules(doc, "roles", self.scenario.roles, NO_ROLE),
            objectives=self._rules(
                doc,
                "objectives",
                self.scenario.objectives,
                NO_OBJECTIVE,
            ),
            steps=steps,
            harmful=self._harmful(doc),
            table=self._table(doc.get("table", {}), "table"),
            tags=self._tags(doc),
            start=start,
            days=days,
            seconds=self._seconds(doc),
        )

    def _table_of(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, _("expected a table"))
        return value

    def _unknown(self, key: str, known: list[str], missing: str, wanted: str) -> ProfileError:
        """`missing`: the sentence (NO_STEP, …) saying the case has no such id; with the
        closest id the case has."""
        message = _(missing).format(case=self.scenario.id, id=wanted)
        close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
        if close:
            message += "; " + _("did you mean '{id}'?").format(id=close[0])
        return self.fail(key, message)

    def _rules(self, doc: dict[str, Any], key: str, items: Any, missing: str) -> dict[str, Rule]:
        known = [item.id for item in items]
        rules = {}
        for item_id, raw in self._table_of(doc.get(key, {}), key).items():
            if item_id not in known:
                raise self._unknown(f"{key}.{item_id}", known, missing, item_id)
            rules[item_id] = self._rule(raw, f"{key}.{item_id}")
        return rules

    def _rule(self, raw: object, key: str) -> Rule:
        table = self._table_of(raw, key)
        for name in table:
            if name not in _RULE_KEYS:
                raise self.fail(f"{key}.{name}", _("unknown key"))
        on_time = self._chance(table.get("on_time", 0.0), f"{key}.on_time")
        late = self._chance(table.get("late", 0.0), f"{key}.late")
        if on_time + late > 1 + 1e-9:
            raise self.fail(
                key,
                _("on_time and late add up to {total}, more than 1").format(
                    total=round(on_time + late, 6)
                ),
            )
        return Rule(on_time, late)

    def _chance(self, value: object, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, _("expected a number from 0 to 1"))
        return float(value)

    def _harmful(self, doc: dict[str, Any]) -> dict[str, float]:
        harmful = {}
        known = [action.id for action in self.scenario.harmful_actions]
        for action_id, chance in self._table_of(doc.get("harmful", {}), "harmful").items():
            key = f"harmful.{action_id}"
            action = self.scenario.action_by_id.get(action_id)
            if action is None:
                raise self._unknown(key, known, NO_ACTION, action_id)
            if action.harmful is None:
                raise self.fail(
                    key,
                    _("action '{action}' is not harmful in case '{case}'").format(
                        action=action_id, case=self.scenario.id
                    ),
                )
            harmful[action_id] = self._chance(chance, key)
        return harmful

    def _table(self, raw: object, key: str) -> dict[str, float]:
        known = [role.id for role in self.scenario.roles]
        chances = {}
        for role_id, chance in self._table_of(raw, key).items():
            if role_id not in known:
                raise self._unknown(f"{key}.{role_id}", known, NO_ROLE, role_id)
            chances[role_id] = self._chance(chance, f"{key}.{role_id}")
        return chances

    def _tags(self, doc: dict[str, Any]) -> tuple[Tag, ...]:
        tags = []
        for tag, raw in self._table_of(doc.get("tags", {}), "tags").items():
            key = f"tags.{tag}"
            if not TAG.fullmatch(tag):
                raise self.fail(key, _("expected a tag of 1 to 64 printable characters"))
            table = self._table_of(raw, key)
            for name in table:
                if name not in ("weight", "table"):
                    raise self.fail(f"{key}.{name}", _("unknown key"))
            weight = table.get("weight", 1)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
                raise self.fail(f"{key}.weight", _("expected a weight above 0"))
            tags.append(
                Tag(tag, float(weight), self._table(table.get("table", {}), f"{key}.table"))
            )
        return tuple(tags)

    def _period(self, doc: dict[str, Any]) -> tuple[date, int]:
        start = doc.get("start", DEFAULT_START)
        if type(start) is not date or start.year not in YEARS:
            raise self.fail(
                "start",
                _("expected a date from {first} to {last}, such as 2026-01-05").format(
                    first=YEARS[0], last=YEARS[-1]
                ),
            )
        days = doc.get("days", DEFAULT_DAYS)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
            raise self.fail(
                "days", _("expected a whole number of days from 1 to {most}").format(most=MAX_DAYS)
            )
        if (start + timedelta(days=days - 1)).year not in YEARS:
            raise self.fail(
                "days", _("the programme must end by the end of {year}").format(year=YEARS[-1])
            )
        return start, days

    def _seconds(self, doc: dict[str, Any]) -> tuple[float, float]:
        seconds = doc.get("seconds", list(DEFAULT_SECONDS))
        if (
            not isinstance(seconds, list)
            or len(seconds) != 2
            or any(isinstance(s, bool) or not isinstance(s, int | float) for s in seconds)
            or not 0 <= seconds[0] <= seconds[1] <= MAX_SECONDS
        ):
            raise self.fail(
                "seconds",
                _(
                    "expected two numbers of seconds to decide, the shortest first, "
                    "from 0 to {most}"
                ).format(most=MAX_SECONDS),
            )
        return float(seconds[0]), float(seconds[1])
