"""Turn a case file into a Scenario, reporting every problem with its key path."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from interact_cli.case.checks import check_semantics
from interact_cli.case.format import CASE, CASE_FORMAT, CONDITION_PATTERN
from interact_cli.case.model import (
    Action,
    Condition,
    ExpectedStep,
    Inject,
    Objective,
    Role,
    Round,
    Scenario,
)
from interact_cli.case.text import LocalText
from interact_cli.errors import Finding, ScenarioError, ValidationFailed
from interact_cli.record.toml_file import check_format, parse_toml, read_text

MAX_CASE_BYTES = 2_000_000


def load_scenario(path: Path) -> Scenario:
    """A valid case, or an error: ScenarioError if unreadable, ValidationFailed if invalid.

    Warnings do not stop a case from being played, so they are not even looked for here:
    `interact validate` shows them.
    """
    scenario, findings = check_scenario_file(path, warnings=False)
    if errors_of(findings):
        raise ValidationFailed(errors_of(findings))
    return scenario


def errors_of(findings: list[Finding]) -> list[Finding]:
    """The findings that make a case invalid (not the warnings)."""
    return [finding for finding in findings if not finding.warning]


def check_scenario_file(path: Path, warnings: bool = True) -> tuple[Scenario, list[Finding]]:
    """The case read as far as possible, and every finding (and warning, unless `warnings`
    is false); raises only if unreadable."""
    text = read_text(path, ScenarioError, MAX_CASE_BYTES)
    name = path.name
    doc = parse_toml(text, name, ScenarioError)
    check_format(doc, CASE_FORMAT, name, "a case", ScenarioError)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return scenario_from_document(doc, name, sha256, str(path), warnings)


def scenario_from_document(
    doc: dict[str, Any], name: str, sha256: str = "", source: str = "", warnings: bool = True
) -> tuple[Scenario, list[Finding]]:
    findings: list[Finding] = []

    def report(key: str, message: str) -> None:
        findings.append(Finding(name, key, message))

    def warn(key: str, message: str) -> None:
        findings.append(Finding(name, key, message, warning=True))

    CASE.check(doc, "", report)
    scenario = _build(doc, sha256, source)
    check_semantics(scenario, doc, report, warn if warnings else None)
    return scenario, findings


def _str(table: object, key: str) -> str:
    value = table.get(key) if isinstance(table, dict) else None
    return value if isinstance(value, str) else ""


def _strs(table: object, key: str) -> tuple[str, ...]:
    value = table.get(key) if isinstance(table, dict) else None
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _tables(table: object, key: str) -> list[dict[str, Any]]:
    value = table.get(key) if isinstance(table, dict) else None
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _text(table: object, key: str, fallback: str) -> LocalText | None:
    value = table.get(key) if isinstance(table, dict) else None
    if isinstance(value, str):
        return LocalText({fallback: value}, fallback)
    if isinstance(value, dict):
        return LocalText({k: v for k, v in value.items() if isinstance(v, str)}, fallback)
    return None


def _count(table: object, key: str) -> int | None:
    value = table.get(key) if isinstance(table, dict) else None
    valid = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return value if valid else None


def _required_text(table: object, key: str, fallback: str) -> LocalText:
    return _text(table, key, fallback) or LocalText({}, fallback)


def _conditions(table: dict[str, Any]) -> tuple[Condition, ...]:
    import re

    texts = _strs(table, "when")
    return tuple(Condition.parse(text) for text in texts if re.fullmatch(CONDITION_PATTERN, text))


def _build(doc: dict[str, Any], sha256: str, source: str) -> Scenario:
    languages = _strs(doc, "languages")
    fallback = _str(doc, "fallback_language") or "en"
    roles = tuple(
        Role(
            id=_str(raw, "id"),
            agency=_str(raw, "agency"),
            country=_str(raw, "country"),
            name=_required_text(raw, "name", fallback),
            description=_text(raw, "description", fallback),
        )
        for raw in _tables(doc, "roles")
    )
    actions = tuple(
        Action(
            id=_str(raw, "id"),
            roles=_strs(raw, "roles"),
            label=_required_text(raw, "label", fallback),
            harmful=_text(raw, "harmful", fallback),
            ref=_str(raw, "ref") or None,
            offered_from=_str(raw, "from") or None,
            offered_until=_str(raw, "until") or None,
        )
        for raw in _tables(doc, "actions")
    )
    all_roles = tuple(role.id for role in roles)
    rounds = tuple(
        _build_round(raw, index, all_roles, fallback)
        for index, raw in enumerate(_tables(doc, "rounds"))
    )
    objectives = tuple(
        Objective(
            _str(raw, "id"),
            _required_text(raw, "title", fallback),
            _strs(raw, "steps"),
            _strs(raw, "harmed_by"),
        )
        for raw in _tables(doc, "objectives")
    )
    reserve = tuple(
        Inject(
            id=_str(raw, "id"),
            text=_required_text(raw, "text", fallback),
            title=_text(raw, "title", fallback),
            path=f"reserve[{index}]",
            fits_from=_str(raw, "from") or None,
            fits_until=_str(raw, "until") or None,
        )
        for index, raw in enumerate(_tables(doc, "reserve"))
    )
    return Scenario(
        id=_str(doc, "id"),
        version=_str(doc, "version"),
        title=_required_text(doc, "title", fallback),
        summary=_text(doc, "summary", fallback),
        languages=languages,
        fallback_language=fallback,
        countries=_strs(doc, "countries"),
        roles=roles,
        actions=actions,
        rounds=rounds,
        objectives=objectives,
        reserve=reserve,
        choices=_count(doc, "choices"),
        recall=doc.get("recall") is True,
        opening=_text(doc, "opening", fallback),
        sha256=sha256,
        source=source,
    )


def _build_round(
    raw: dict[str, Any], index: int, all_roles: tuple[str, ...], fallback: str
) -> Round:
    round_id = _str(raw, "id")
    path = f"rounds[{index}]"
    expect = tuple(
        ExpectedStep(
            id=_str(step, "id") or _str(step, "action"),
            action=_str(step, "action"),
            roles=_strs(step, "roles") or _strs(step, "role"),
            opens=round_id,
            due=_str(step, "by") or round_id,
            critical=step.get("critical") is True,
            ref=_str(step, "ref"),
            path=f"{path}.expect[{number}]",
            until=_str(step, "until") or None,
        )
        for number, step in enumerate(_tables(raw, "expect"))
    )
    injects = tuple(
        Inject(
            id=_str(inject, "id"),
            text=_required_text(inject, "text", fallback),
            title=_text(inject, "title", fallback),
            when=_conditions(inject),
            path=f"{path}.injects[{number}]",
        )
        for number, inject in enumerate(_tables(raw, "injects"))
    )
    timebox = raw.get("timebox")
    return Round(
        id=round_id,
        title=_required_text(raw, "title", fallback),
        clock=_required_text(raw, "clock", fallback),
        briefing=_required_text(raw, "briefing", fallback),
        roles=_strs(raw, "roles") if "roles" in raw else all_roles,
        timebox=timebox if isinstance(timebox, int) and not isinstance(timebox, bool) else None,
        expect=expect,
        injects=injects,
        choices=_count(raw, "choices"),
    )
