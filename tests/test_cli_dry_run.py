"""`interact dry-run`, `summary` and `list` through the CLI, as a trainer uses them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.record.transcript import load_transcript
from interact_cli.report.summary import summary_dict
from interact_cli.score.scoring import assess
from tests.helpers import tiny

SCRIPT = """
format = "interact-script/1"
case = "tiny"
default_seconds = 20

[rounds.r1.reception_es]
actions = ["wait_24h"]
note = "She often comes back late"
seconds = 45

[rounds.r2.reception_es]
actions = ["report_police_now"]
seconds = 30

[rounds.r3.police_fr]
actions = ["sis_alert", "safe_and_well_check"]
"""


def transcript_of(output: str) -> Path:
    """The transcript's path, as the last lines say in whatever interface language."""
    found = re.search(r"^\S+ \S+\s?: (\S+\.toml)$", output, re.MULTILINE)
    assert found, output
    return Path(found.group(1))


def dry_run(runner: CliRunner, tiny_case: Path, *options: str) -> Path:
    result = runner.invoke(app, ["dry-run", str(tiny_case), *options])
    assert result.exit_code == 0, result.output
    return transcript_of(result.stdout)


def summary_json(runner: CliRunner, transcript: Path, tiny_case: Path) -> dict:
    result = runner.invoke(
        app, ["summary", str(transcript), "--format", "json", "--dir", str(tiny_case.parent)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_scripted_run_saves_a_transcript_and_scores_it(
    runner: CliRunner, tiny_case: Path, tmp_path: Path, sessions_dir: Path
) -> None:
    script = tmp_path / "team.toml"
    script.write_text(SCRIPT, encoding="utf-8")
    path = dry_run(runner, tiny_case, "--script", str(script))
    assert path.parent == sessions_dir
    data = summary_json(runner, path, tiny_case)
    assert {s["id"]: s["status"] for s in data["steps"]} == {
        "report_police_now": "late",
        "sis_alert": "on_time",
        "safe_and_well_check": "on_time",
    }
    assert data["harmful"] == [
        {
            "action": "wait_24h",
            "role": "reception_es",
            "round": "r1",
            "why": "No waiting period applies to a missing child; the first hours matter most.",
            "ref": "S24",
        }
    ]
    assert data["timing"]["reception_es"] == {
        "answers": 2,
        "total_seconds": 75.0,
        "median_seconds": 37.5,
    }
    assert data["timing"]["police_es"]["total_seconds"] == 40.0  # default_seconds twice
    assert data["case"] == "tiny" and data["session"] == path.stem
    step = data["steps"][1]
    assert set(step) >= {"action", "role", "round", "due", "status", "critical"}


def test_same_script_gives_the_same_transcript_but_for_id_and_wall_clock(
    runner: CliRunner, tiny_case: Path, tmp_path: Path
) -> None:
    first = load_transcript(dry_run(runner, tiny_case, "--random", "--seed", "5")).transcript
    second = load_transcript(dry_run(runner, tiny_case, "--random", "--seed", "5")).transcript
    shift = second.header.started - first.header.started
    assert [(e.kind, e.round, e.role, e.actions, e.seconds) for e in first.events] == [
        (e.kind, e.round, e.role, e.actions, e.seconds) for e in second.events
    ]
    assert [e.at + shift for e in first.events] == [e.at for e in second.events]
    assert first.header.session != second.header.session


def test_summary_of_the_reloaded_transcript_equals_the_one_shown_at_the_end(
    runner: CliRunner, tiny_case: Path
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--random", "--seed", "3"])
    path = transcript_of(result.stdout)
    shown = result.stdout.split("Transcript saved:")[0]
    again = runner.invoke(app, ["summary", str(path), "--dir", str(tiny_case.parent)])
    assert again.stdout == shown
    transcript = load_transcript(path).transcript
    reloaded = summary_dict(assess(tiny(), transcript), tiny(), "en", transcript=transcript)
    assert summary_json(runner, path, tiny_case) == reloaded


def test_ideal_and_idle_playthroughs(runner: CliRunner, tiny_case: Path) -> None:
    ideal = summary_json(runner, dry_run(runner, tiny_case, "--ideal"), tiny_case)["totals"]
    idle = summary_json(runner, dry_run(runner, tiny_case, "--idle"), tiny_case)["totals"]
    assert (ideal["on_time"], ideal["late"], ideal["missed"], ideal["harmful"]) == (3, 0, 0, 0)
    assert (idle["missed"], idle["on_time"]) == (3, 0)


def test_summary_finds_a_session_by_id(runner: CliRunner, tiny_case: Path) -> None:
    path = dry_run(runner, tiny_case, "--idle")
    result = runner.invoke(app, ["summary", path.stem, "--format", "md", "--dir", "tests/data"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Tiny case: session ")
    assert "| reception_es | Report her missing to the police now | r1 | - | MISSED |" in (
        result.stdout
    )


def test_lang_picks_the_translation(runner: CliRunner, tiny_case: Path) -> None:
    path = dry_run(runner, tiny_case, "--idle", "--lang", "fr")
    result = runner.invoke(app, ["summary", str(path), "--format", "md", "--dir", "tests/data"])
    assert "Petit cas" in result.stdout
    assert "Signaler sa disparition maintenant" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "give exactly one of --script FILE, --ideal, --idle, --random"),
        (["--ideal", "--idle"], "give exactly one of"),
        (["--ideal", "--seed", "3"], "--seed goes with --random"),
        (["--ideal", "--lang", "xx"], "--lang xx: case 'tiny' is written in en, fr"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    runner: CliRunner, tiny_case: Path, options: list[str], message: str
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), *options])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("[rounds.r9.police_es]\n", "team.toml: rounds.r9: unknown round 'r9'"),
        ("[rounds.r1.judge]\n", "team.toml: rounds.r1.judge: unknown role 'judge'"),
        (
            '[rounds.r1.police_es]\nactions = ["fly"]\n',
            "team.toml: rounds.r1.police_es.actions[0]: unknown action or code 'fly'",
        ),
        (
            '[rounds.r1.police_es]\nactions = ["report_police_now"]\n',
            "rounds.r1.police_es.actions[0]: role 'police_es' cannot choose 'report_police_now'",
        ),
        ("[rounds.r1.police_fr]\n", "rounds.r1.police_fr: role 'police_fr' does not play"),
        ('case = "other"\n', "team.toml: case: script is for case 'other', not 'tiny'"),
        ("[rounds.r1.police_es]\nsecs = 3\n", "team.toml: rounds.r1.police_es.secs: unknown key"),
    ],
)
def test_bad_scripts_name_file_and_key(
    runner: CliRunner,
    tiny_case: Path,
    tmp_path: Path,
    sessions_dir: Path,
    script: str,
    message: str,
) -> None:
    path = tmp_path / "team.toml"
    path.write_text('format = "interact-script/1"\n' + script, encoding="utf-8")
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--script", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not sessions_dir.exists()  # nothing is started on a bad script


def test_a_case_file_given_as_script_is_refused(runner: CliRunner, tiny_case: Path) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--script", str(tiny_case)])
    assert result.exit_code == 2
    assert "tiny.toml: format: this is a case, not a dry-run script" in result.stderr


def test_unknown_case_id_lists_the_cases_found(runner: CliRunner) -> None:
    result = runner.invoke(app, ["dry-run", "nosuchcase", "--idle"])
    assert result.exit_code == 2
    assert "nosuchcase: no such case; cases found: basir, mariama" in result.stderr


def test_summary_of_a_missing_session_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "2026-01-01-nope-000000"])
    assert result.exit_code == 2
    assert "2026-01-01-nope-000000: no such session" in result.stderr


def test_summary_warns_when_the_case_changed_since(
    runner: CliRunner, tiny_case: Path, tmp_path: Path
) -> None:
    path = dry_run(runner, tiny_case, "--idle")
    cases = tmp_path / "cases"
    cases.mkdir()
    text = tiny_case.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"')
    (cases / "tiny.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["summary", str(path), "--dir", str(cases)])
    assert result.exit_code == 0
    assert "case 'tiny' changed since this session (version 1 then, 2 now)" in result.stderr


def test_list_reports_counts_as_json(runner: CliRunner, tiny_case: Path) -> None:
    result = runner.invoke(app, ["list", "--format", "json", "--dir", str(tiny_case.parent)])
    assert result.exit_code == 0, result.output
    tiny_info = [case for case in json.loads(result.stdout) if case["id"] == "tiny"][0]
    assert tiny_info == tiny_info | {
        "title": "Tiny case",
        "path": str(tiny_case),
        "languages": ["en", "fr"],
        "countries": ["ES", "FR"],
        "roles": 3,
        "rounds": 3,
        "expected_steps": 3,
        "harmful_actions": 1,
        "conditional_injects": 2,
    }
