"""Every bundled case is complete, playable and scores as its playthroughs should."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.text import LocalText
from interact_cli.cli.app import app
from interact_cli.play.responders import IdealResponder, IdleResponder, RandomResponder
from interact_cli.score.scoring import assess
from tests.helpers import play_in_memory, play_into

CASE_FILES = sorted(bundled_dir().glob("*.toml"))
EXPECTED_CASES = {"mariama": {"en", "fr", "nl"}, "basir": {"en", "el", "it"}}


def texts(value: object, path: str = "") -> Iterator[tuple[str, LocalText]]:
    """Every localised text in the case, with where it is."""
    if isinstance(value, LocalText):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from texts(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")


@pytest.fixture(scope="module", params=CASE_FILES, ids=lambda path: path.stem)
def case(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def test_the_bundled_cases_are_there() -> None:
    assert {path.stem for path in CASE_FILES} >= set(EXPECTED_CASES)


def test_every_text_exists_in_every_language_of_the_case(case: Scenario) -> None:
    assert set(case.languages) == EXPECTED_CASES[case.id]
    missing = [
        f"{where}: {sorted(set(case.languages) - text.languages())}"
        for where, text in texts(case)
        if text.languages() != set(case.languages)
    ]
    assert missing == []


def test_case_is_rich_enough_to_train_with(case: Scenario) -> None:
    steps = case.expected_steps
    assert len(case.rounds) >= 6 and all(round_.clock.get("en") for round_ in case.rounds)
    assert len(case.roles) >= 7 and len({role.country for role in case.roles}) >= 2
    assert len(steps) >= 25
    assert len(case.objectives) >= 4
    grouped = {step_id for objective in case.objectives for step_id in objective.steps}
    assert {step.id for step in steps} <= grouped
    assert sum(1 for step in steps if len(step.roles) > 1) >= 2
    assert len(case.reserve) >= 2
    assert len(case.harmful_actions) >= 6
    conditions = [c for inject in case.conditional_injects for c in inject.when]
    assert len({c for c in conditions if c.kind == "missed"}) >= 3
    assert any(c.kind == "done" for c in conditions)


SOURCES = Path(__file__).resolve().parent.parent / "docs" / "sources.md"
JURISDICTIONS = {
    "Spain",
    "France",
    "Belgium",
    "Greece",
    "Italy",
    "Sweden",
    "England (good practice)",
    "Northern Ireland (good practice)",
    "UK (good practice)",
    "UK",
    "Ireland",
    "EU",
    "UN",
    "Council of Europe",
    "Europe",
}
"""Whose law or guidance a citation is: a country, an international body, European NGOs, or
English guidance cited as good practice elsewhere."""


def citations(case: Scenario) -> Iterator[tuple[str, str]]:
    """(where, citation) for every citation of every ref, on steps and harmful actions."""
    for step in case.expected_steps:
        for citation in step.ref.split("; "):
            yield step.id, citation
    for action in case.harmful_actions:
        for citation in (action.ref or "").split("; "):
            yield action.id, citation


def cited_as() -> set[str]:
    """The "cited as" column of docs/sources.md: the first cell of a table row, in backticks."""
    text = SOURCES.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE))


def test_sources_lists_the_sources_of_a_revised_case() -> None:
    listed = cited_as()
    assert len(listed) > 60
    assert "Spain: LO 4/2000" in listed and "EU: Directive 2011/36/EU" in listed
    assert all(entry.split(": ", 1)[0] in JURISDICTIONS for entry in listed), sorted(listed)


def test_every_citation_names_its_jurisdiction_and_is_in_the_sources(case: Scenario) -> None:
    listed = cited_as()
    unlisted = [
        f"{where}: {citation}"
        for where, citation in citations(case)
        if not any(
            citation == entry or citation.startswith((f"{entry}, ", f"{entry} – "))
            for entry in listed
        )
    ]
    assert unlisted == []
    unknown = [
        f"{where}: {citation}"
        for where, citation in citations(case)
        if citation.split(": ", 1)[0] not in JURISDICTIONS
    ]
    assert unknown == []


def test_validate_strict_finds_nothing(case: Scenario, runner: CliRunner) -> None:
    """Every lint: lengths of right answers, spoilers, translated share, missed before due,
    choice limits, early offers, duplicates."""
    result = runner.invoke(app, ["validate", "--strict", str(bundled_dir() / f"{case.id}.toml")])
    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout


def test_every_harmful_choice_has_a_ref_and_eight_change_a_later_round(case: Scenario) -> None:
    assert all(action.ref for action in case.harmful_actions)
    consequences = {
        condition.action
        for index, round_ in enumerate(case.rounds)
        for inject in round_.injects
        for condition in inject.when
        if condition.kind == "done"
        and condition.action in {action.id for action in case.harmful_actions}
        and index > min(case.offered_rounds[condition.action])
    }
    assert len(consequences) >= 8, sorted(consequences)


def test_each_round_offers_only_the_actions_of_that_part_of_the_story(case: Scenario) -> None:
    index = case.round_index
    for position, round_ in enumerate(case.rounds):
        for role in round_.roles:
            for action in case.menu(round_.id, role):
                first = index[action.offered_from] if action.offered_from else 0
                last = index[action.offered_until] if action.offered_until else len(case.rounds) - 1
                assert first <= position <= last, (round_.id, role, action.id)
    bounded = [a for a in case.actions if a.offered_from or a.offered_until]
    assert len(bounded) * 4 >= len(case.actions) * 3  # most actions say when they fit


def test_ideal_playthrough_scores_100_percent_within_the_choice_limits(
    case: Scenario, tmp_path: Path
) -> None:
    transcript = play_into(case, IdealResponder(case), tmp_path).transcript
    assessment = assess(case, transcript)
    assert assessment.count("on_time") == len(case.expected_steps)
    assert (assessment.count("missed"), assessment.count("late")) == (0, 0)
    assert assessment.harmful == ()
    answers = [event for event in transcript.events if event.kind == "answer"]
    assert answers
    for answer in answers:
        limit = case.choice_limit(answer.round or "")
        assert limit is None or len(answer.actions) <= limit, (answer.round, answer.role)


def test_idle_playthrough_misses_every_step(case: Scenario, tmp_path: Path) -> None:
    assessment = assess(case, play_into(case, IdleResponder(), tmp_path).transcript)
    assert assessment.count("missed") == len(case.expected_steps)


def test_random_playthroughs_always_account_for_every_step(case: Scenario) -> None:
    for seed in range(200):
        assessment = assess(case, play_in_memory(case, RandomResponder(seed), f"random:{seed}"))
        counted = sum(assessment.count(status) for status in ("on_time", "late", "missed"))
        assert counted == len(case.expected_steps)


def test_dry_run_in_each_language(case: Scenario, runner: CliRunner) -> None:
    for lang in case.languages:
        result = runner.invoke(app, ["dry-run", case.id, "--ideal", "--lang", lang])
        assert result.exit_code == 0, result.output
        assert case.title.get(lang) in result.stdout


def test_demo_shows_a_plausible_imperfect_team(runner: CliRunner, sessions_dir: Path) -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Mariama" in result.stdout
    totals = re.search(
        r"(\d+) on time · (\d+) late · (\d+) missed of (\d+) expected steps assessed"
        r" · (\d+) harmful",
        result.stdout,
    )
    assert totals, result.stdout
    on_time, late, missed, expected, harmful = map(int, totals.groups())
    assert on_time > expected // 2 and late >= 1 and missed >= 1 and harmful >= 1
    assert len(list(sessions_dir.glob("*.toml"))) == 1


LATER_TURNS = {
    "report_police_now",
    "sis_alert",
    "safe_and_well_check",
    "close_alerts_inform_all",
    "return_interview_72h",
    "close_moved_on",
    "voluntary_departure",
    "wait_until_evening",
    "wait_till_morning",
    "skip_return_interview",
}
"""Actions about the disappearance or the finding, in either case: never offered in round 1."""


def test_no_first_round_menu_tells_a_later_turn_of_the_story(case: Scenario) -> None:
    first = case.rounds[0]
    offered = {action.id for role in first.roles for action in case.menu(first.id, role)}
    assert not offered & LATER_TURNS
    for action_id in offered:
        opens = [case.round_index[s.opens] for s in case.expected_steps if s.action == action_id]
        assert not opens or min(opens) <= 2, action_id


def test_the_case_limits_the_choices_and_the_ideal_fits_them(case: Scenario) -> None:
    assert case.choices is not None
    menus = [len(case.menu(r.id, role)) for r in case.rounds for role in r.roles]
    assert max(menus) > case.choices  # a team cannot tick its whole menu


def test_each_demo_script_plays_its_case(case: Scenario, runner: CliRunner) -> None:
    script = bundled_dir() / "scripts" / f"{case.id}-demo.toml"
    result = runner.invoke(app, ["dry-run", case.id, "--script", str(script)])
    assert result.exit_code == 0, result.output


BORDER_DECISIONS = [
    "refuse_entry",
    "release_with_driver",
    "hotel_room",
    "ase_protected_placement",
    "bone_xray_fr",
]
"""What the French table can decide about where she spends the night after the checkpoint."""
BORDER_OUTCOMES = {
    "handed_back",
    "drove_on",
    "hotel_gone",
    "shelter_report",
    "xray_fr_result",
    "order_no_bed",
    "let_go",
}
"""The injects of round 5 that tell what became of her after the checkpoint."""


def test_the_story_after_the_border_follows_what_the_table_decided() -> None:
    """Whatever the French table chose, round 5 tells one account of how she left, never two
    that contradict each other (unless the table itself took two incompatible decisions)."""
    mariama = load_scenario(bundled_dir() / "mariama.toml")
    sighting = mariama.rounds[mariama.round_index["sighting"]]
    roles = {action.id: action.roles[0] for action in mariama.actions}
    for order in (False, True):
        for picked in itertools.product((False, True), repeat=len(BORDER_DECISIONS)):
            chosen = [a for a, yes in zip(BORDER_DECISIONS, picked, strict=True) if yes]
            chosen += ["opp_placement"] if order else []
            done = frozenset((roles[action], action) for action in chosen)
            told = {
                inject.id
                for inject in sighting.injects
                if inject.id in BORDER_OUTCOMES and all(c.holds(done) for c in inject.when)
            }
            assert told, chosen
            if sum(picked) <= 1:
                assert len(told) == 1, (chosen, told)
