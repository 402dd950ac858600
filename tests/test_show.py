"""`interact show CASE`: the facilitator's guide, readable at 80 columns, in text and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir
from interact_cli.case.loader import load_scenario
from interact_cli.cli.app import app

DATA = Path(__file__).parent / "data"
BUNDLED = ["mariama", "basir"]


def show(runner: CliRunner, *args: str, columns: int = 80) -> str:
    result = runner.invoke(app, ["show", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def fits(text: str, width: int) -> None:
    lines = text.splitlines()
    assert max(map(len, lines)) <= width
    assert not [line for line in lines if line != line.rstrip()]


@pytest.mark.parametrize("case_id", BUNDLED)
@pytest.mark.parametrize("form", ["text", "md"])
def test_the_guide_holds_what_a_facilitator_prepares_from(
    runner: CliRunner, case_id: str, form: str
) -> None:
    scenario = load_scenario(bundled_dir() / f"{case_id}.toml")
    lang = scenario.fallback_language
    text = show(runner, case_id, "--format", form)
    flat = " ".join(text.replace("\\", "").split())  # md escapes; text wraps lines
    for role in scenario.roles:
        assert role.id in flat and role.name.get(lang) in flat
    for number, round_ in enumerate(scenario.rounds, 1):
        assert f"Round {number} of {len(scenario.rounds)} · {round_.title.get(lang)}" in flat
        assert round_.clock.get(lang) in flat
    for step in scenario.expected_steps:
        assert " ".join(step.ref.split()) in flat
    for action in scenario.harmful_actions:
        assert " ".join(action.label.get(lang).split()) in flat
        assert action.harmful is not None
        assert " ".join(action.harmful.get(lang).split()) in flat
    for inject in scenario.reserve:
        assert f"({inject.id}): fits round" in flat
    for objective in scenario.objectives:
        assert objective.title.get(lang) in flat
    assert "due this round · critical" in flat and "Timebox: 15 min" in flat
    assert "if nobody has done '" in flat and "' before this round" in flat
    if form == "text":
        fits(text, 80)


def test_conditions_and_reserve_rounds_in_words(runner: CliRunner) -> None:
    text = show(runner, str(DATA / "tiny.toml"), columns=200)
    assert (
        "Nobody has reported her missing yet" not in text.split("Round 2 of 3")[0]
    )  # the inject sits in the round that releases it
    assert (
        "• New information (no_report): if nobody has done 'Report her missing to the police "
        "now' before this round" in text
    )
    assert (
        "• New information (hit): if someone has done 'Enter a missing-minor alert in SIS' "
        "before this round" in text
    )
    assert "Played by: reception_es, police_es" in text
    assert "• Wait 24 hours in case she comes back (reception_es, police_es)" in text
    assert "Why it harms: No waiting period applies to a missing child" in text
    assert "Source: S24" in text
    assert "• A journalist calls (journalist): fits every round" in text
    round_3 = text.split("Round 3 of 3")[1].split("Reserve injects")[0]
    assert "Wait 24 hours" not in round_3  # none of its roles plays round 3


def test_the_case_texts_are_shown_as_written_never_as_markup(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    hostile = text.replace(
        'title = { en = "Tiny case", fr = "Petit cas" }',
        'title = { en = "[red]Tiny[/red] *case* # <b>x</b>", fr = "Petit cas" }',
    ).replace('title = "Empty bed"', 'title = "[bold]Empty[/] | bed"')
    case = tmp_path / "hostile.toml"
    case.write_text(hostile, encoding="utf-8")
    shown = show(runner, str(case), columns=200)
    assert "[red]Tiny[/red] *case* # <b>x</b>" in shown
    assert "Round 1 of 3 · [bold]Empty[/] | bed (r1)" in shown
    markdown = show(runner, str(case), "--format", "md", columns=200)
    assert "# \\[red\\]Tiny\\[/red\\] \\*case\\* # &lt;b&gt;x&lt;/b&gt;" in markdown
    assert "## Round 1 of 3 · \\[bold\\]Empty\\[/\\] \\| bed (r1)" in markdown


def test_show_speaks_the_chosen_language(runner: CliRunner) -> None:
    scenario = load_scenario(bundled_dir() / "mariama.toml")
    text = " ".join(show(runner, "mariama", "--lang", "fr").split())
    assert " ".join(scenario.rounds[0].briefing.get("fr").split()) in text
    assert "Round 1 of 6" not in text and "due this round" not in text


def test_list_shows_the_role_ids_of_both_bundled_cases_at_80_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    fits(result.stdout, 80)
    for case_id in BUNDLED:
        scenario = load_scenario(bundled_dir() / f"{case_id}.toml")
        block = result.stdout.split(f"{case_id}  ", 1)[1].split("\n\n", 1)[0]
        assert " ".join(block.split()).count(", ") >= len(scenario.roles) - 1
        for role in scenario.roles:
            assert role.id in block
    listed = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    cases = {case_id: load_scenario(bundled_dir() / f"{case_id}.toml") for case_id in BUNDLED}
    assert {case["id"]: case["role_ids"] for case in listed} == {
        case_id: [role.id for role in scenario.roles] for case_id, scenario in cases.items()
    }


def test_a_step_window_and_what_rules_an_objective_out_of_p(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    text = text.replace(
        'ref = "S24 Greek reporting note: report at once"',
        ('ref = "S24 Greek reporting note: report at once"\nuntil = "r2"'),
        1,
    ).replace(
        'steps = ["report_police_now"', 'harmed_by = ["wait_24h"]\nsteps = ["report_police_now"', 1
    )
    case = tmp_path / "window.toml"
    case.write_text(text, encoding="utf-8")
    shown = " ".join(show(runner, str(case), columns=200).split())
    assert (
        "reception_es · due this round · can be met until round 2 (Seen at a bus station) · "
        "critical" in shown
    )
    assert "Not rated P if the team chose: Wait 24 hours in case she comes back" in shown


def test_menus_by_round_the_choice_limit_and_recall(runner: CliRunner, tmp_path: Path) -> None:
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    text = text.replace('ref = "S24"\n', 'ref = "S24"\nuntil = "r1"\n', 1)
    text = text.replace(
        'countries = ["ES", "FR"]', 'countries = ["ES", "FR"]\nchoices = 1\nrecall = true'
    )
    case = tmp_path / "menus.toml"
    case.write_text(text, encoding="utf-8")
    shown = show(runner, str(case), columns=200)
    round_1, rest = shown.split("Round 2 of 3")
    assert "• Wait 24 hours in case she comes back (reception_es, police_es)" in round_1
    assert "Wait 24 hours" not in rest.split("Reserve injects")[0]  # offered until r1 only
    assert "At most 1 choice per role" in round_1
    assert "Recall: each role first says in its own words what it does." in shown


@pytest.mark.parametrize("form", ["text", "md"])
def test_the_guide_shows_the_summary_and_what_the_players_read_first(
    runner: CliRunner, form: str
) -> None:
    text = " ".join(show(runner, str(DATA / "secrets.toml"), "--format", form).split())
    assert "Synopsis for the facilitator: Idris runs away on day 3" in text
    assert "The opening screen, read by every player" in text
    assert "arrives alone at the harbour of Selva." in text
