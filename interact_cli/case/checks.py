"""Checks beyond structure: references, duplicates, and lint that finds unplayable cases."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from interact_cli.case.format import CASE, Array, Field, Table, Text
from interact_cli.case.lint import (
    lint_early_offers,
    lint_giveaways,
    lint_playability,
    lint_translations,
)
from interact_cli.case.model import Condition, Scenario
from interact_cli.case.spoilers import lint_spoilers
from interact_cli.i18n import _

Report = Callable[[str, str], None]


def check_semantics(
    scenario: Scenario, doc: dict[str, Any], report: Report, warn: Report | None = None
) -> None:
    """Report every reference, duplicate and playability problem in `scenario`; `warn` gets
    what does not make it invalid (answers that stand out, early offers,
    spoilers, texts not translated)."""
    _check_languages(scenario, doc, report)
    _check_duplicates(scenario, report)
    _check_roles_and_actions(scenario, report)
    _check_rounds(scenario, doc, report)
    _check_reserve(scenario, report)
    _check_objectives(scenario, report)
    lint_playability(scenario, report)
    if warn is not None:
        lint_giveaways(scenario, warn)
        lint_early_offers(scenario, warn)
        lint_spoilers(scenario, warn)
        lint_translations(scenario, warn)


def _check_languages(scenario: Scenario, doc: dict[str, Any], report: Report) -> None:
    languages = set(scenario.languages)
    if not languages:
        return
    if scenario.fallback_language not in languages:
        key = "fallback_language" if "fallback_language" in doc else "languages"
        report(key, f"must include the fallback language '{scenario.fallback_language}'")
        return
    for path, table in _text_tables(CASE, doc, ""):
        if scenario.fallback_language not in table:
            report(path, f"missing the fallback language '{scenario.fallback_language}'")
        for lang in table:
            if lang not in languages:
                report(f"{path}.{lang}", f"language '{lang}' is not listed in `languages`")


def _text_tables(kind: object, value: object, path: str) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every `{lang = text}` table in the document, with its key path."""
    if isinstance(kind, Table) and isinstance(value, dict):
        for name, spec in kind.fields.items():
            if name in value:
                yield from _field_texts(spec, value[name], f"{path}.{name}" if path else name)
    elif isinstance(kind, Array) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_tables(kind.item, item, f"{path}[{index}]")


def _field_texts(spec: Field, value: object, path: str) -> Iterable[tuple[str, dict[str, Any]]]:
    if isinstance(spec.kind, Text):
        if isinstance(value, dict):
            yield path, value
    else:
        yield from _text_tables(spec.kind, value, path)


def _duplicates(ids: Iterable[tuple[str, str]], what: str, report: Report) -> None:
    seen: set[str] = set()
    for path, identifier in ids:
        if identifier and identifier in seen:
            report(path, f"duplicate {what} id '{identifier}'")
        seen.add(identifier)


def _check_duplicates(scenario: Scenario, report: Report) -> None:
    _duplicates(((f"roles[{i}].id", r.id) for i, r in enumerate(scenario.roles)), "role", report)
    _duplicates(
        ((f"actions[{i}].id", a.id) for i, a in enumerate(scenario.actions)), "action", report
    )
    _duplicates(((f"rounds[{i}].id", r.id) for i, r in enumerate(scenario.rounds)), "round", report)
    injects = [inject for round_ in scenario.rounds for inject in round_.injects]
    _duplicates(((f"{i.path}.id", i.id) for i in [*injects, *scenario.reserve]), "inject", report)
    _duplicates(
        ((f"{s.path}.id", s.id) for s in scenario.expected_steps),
        "expected step (set `id` when an action is expected twice)",
        report,
    )
    _duplicates(
        ((f"objectives[{i}].id", o.id) for i, o in enumerate(scenario.objectives)),
        "objective",
        report,
    )


def _unknown(kind: str, identifier: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(identifier, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {kind} '{identifier}'{hint}"


def _check_roles_and_actions(scenario: Scenario, report: Report) -> None:
    countries = set(scenario.countries)
    for index, role in enumerate(scenario.roles):
        if role.country and countries and role.country not in countries:
            report(f"roles[{index}].country", f"'{role.country}' is not listed in `countries`")
    roles = scenario.role_by_id
    for index, action in enumerate(scenario.actions):
        for number, role_id in enumerate(action.roles):
            if role_id not in roles:
                report(f"actions[{index}].roles[{number}]", _unknown("role", role_id, roles))
        _check_round_span(
            scenario, f"actions[{index}]", action.offered_from, action.offered_until, report
        )


def _check_round_span(
    scenario: Scenario, path: str, first_id: str | None, last_id: str | None, report: Report
) -> None:
    """`from` and `until` name rounds of the case, the first not after the second."""
    positions = scenario.round_index
    for key, round_id in (("from", first_id), ("until", last_id)):
        if round_id is not None and round_id not in positions:
            report(f"{path}.{key}", _unknown("round", round_id, positions))
    first = positions.get(first_id or "")
    last = positions.get(last_id or "")
    if first is not None and last is not None and last < first:
        report(
            f"{path}.until",
            _("round '{until}' comes before round '{first}' (`from`)").format(
                until=last_id, first=first_id
            ),
        )


def _check_reserve(scenario: Scenario, report: Report) -> None:
    for inject in scenario.reserve:
        _check_round_span(scenario, inject.path, inject.fits_from, inject.fits_until, report)


def _check_rounds(scenario: Scenario, doc: dict[str, Any], report: Report) -> None:
    raw_rounds = doc.get("rounds") if isinstance(doc.get("rounds"), list) else []
    for index, round_ in enumerate(scenario.rounds):
        path = f"rounds[{index}]"
        for number, role_id in enumerate(round_.roles):
            if role_id not in scenario.role_by_id:
                report(f"{path}.roles[{number}]", _unknown("role", role_id, scenario.role_by_id))
            elif role_id in round_.roles[:number]:
                report(
                    f"{path}.roles[{number}]",
                    _("role '{role}' is listed twice in this round").format(role=role_id),
                )
        raw = raw_rounds[index] if index < len(raw_rounds) else {}
        raw_expect = raw.get("expect") if isinstance(raw, dict) else None
        for number, step in enumerate(round_.expect):
            raw_step = raw_expect[number] if isinstance(raw_expect, list) else {}
            _check_step(scenario, step, index, raw_step, report)
        for inject in round_.injects:
            for condition in inject.when:
                _check_condition(scenario, condition, f"{inject.path}.when", report)


def _check_step(
    scenario: Scenario, step: Any, round_index: int, raw: object, report: Report
) -> None:
    path = step.path
    if isinstance(raw, dict):
        if "role" in raw and "roles" in raw:
            report(f"{path}.role", "give either `role` or `roles`, not both")
        elif "role" not in raw and "roles" not in raw:
            report(f"{path}.role", "missing required key (or `roles` for several)")
    role_key = f"{path}.role" if isinstance(raw, dict) and "role" in raw else f"{path}.roles"
    action = scenario.action_by_id.get(step.action)
    if step.action and action is None:
        report(f"{path}.action", _unknown("action", step.action, scenario.action_by_id))
    elif action is not None and action.harmful is not None:
        report(f"{path}.action", f"action '{step.action}' is marked harmful and cannot be expected")
    for role_id in step.roles:
        if role_id not in scenario.role_by_id:
            report(role_key, _unknown("role", role_id, scenario.role_by_id))
        elif action is not None and role_id not in action.roles:
            report(role_key, f"role '{role_id}' cannot choose action '{step.action}'")
    if step.due not in scenario.round_index:
        report(f"{path}.by", _unknown("round", step.due, scenario.round_index))
    elif scenario.round_index[step.due] < round_index:
        report(f"{path}.by", f"round '{step.due}' comes before the round that expects this step")
    if step.until is None:
        return
    if step.until not in scenario.round_index:
        report(f"{path}.until", _unknown("round", step.until, scenario.round_index))
    elif scenario.round_index[step.until] < scenario.round_index.get(step.due, round_index):
        report(
            f"{path}.until",
            _("round '{until}' comes before the round '{due}' by which the step is due").format(
                until=step.until, due=step.due
            ),
        )


def _check_condition(scenario: Scenario, condition: Condition, path: str, report: Report) -> None:
    action = scenario.action_by_id.get(condition.action)
    if action is None:
        report(
            path,
            f"condition '{condition}': "
            + _unknown("action", condition.action, scenario.action_by_id),
        )
    if condition.role is None:
        return
    if condition.role not in scenario.role_by_id:
        report(
            path,
            f"condition '{condition}': {_unknown('role', condition.role, scenario.role_by_id)}",
        )
    elif action is not None and condition.role not in action.roles:
        report(
            path, f"condition '{condition}': role '{condition.role}' cannot choose '{action.id}'"
        )


def _check_objectives(scenario: Scenario, report: Report) -> None:
    step_ids = {step.id for step in scenario.expected_steps}
    for index, objective in enumerate(scenario.objectives):
        for number, step_id in enumerate(objective.steps):
            if step_id not in step_ids:
                report(
                    f"objectives[{index}].steps[{number}]",
                    _unknown("expected step", step_id, step_ids),
                )
        for number, action_id in enumerate(objective.harmed_by):
            action = scenario.action_by_id.get(action_id)
            key = f"objectives[{index}].harmed_by[{number}]"
            if action is None:
                report(key, _unknown("action", action_id, scenario.action_by_id))
            elif action.harmful is None:
                report(
                    key,
                    _("action '{action}' is not marked harmful (give it `harmful`)").format(
                        action=action_id
                    ),
                )
