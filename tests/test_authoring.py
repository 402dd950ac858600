"""Authoring: `interact schema` agrees with `validate`; `interact new` starts a playable case."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir
from interact_cli.cli.app import app

DATA = Path(__file__).parent / "data"
CASES = sorted(bundled_dir().glob("*.toml")) + [DATA / "tiny.toml", DATA / "twice.toml"]


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    loaded = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_bundled_case_matches_the_schema(schema: dict, path: Path) -> None:
    jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param('agency = "police"\n', "", id="missing-key"),
        pytest.param('clock = "Day 5"', 'clock = "Day 5"\nclok = "x"', id="unknown-key"),
        pytest.param("timebox = 15", 'timebox = "15"', id="wrong-type"),
        pytest.param('id = "r3"', 'id = "r 3"', id="bad-id"),
        pytest.param("critical = true", 'critical = "yes"', id="not-boolean"),
        pytest.param('when = "done:sis_alert"', 'when = "happened:sis_alert"', id="bad-condition"),
        pytest.param('format = "interact-scenario/1"', 'format = "other/1"', id="format"),
        pytest.param('clock = "Day 5"', 'clock = "Day 5\\u001b[2J"', id="control-character"),
        pytest.param('ref = "S24"', 'ref = "S24\\u009b"', id="c1-control-character"),
        pytest.param('by = "r3"', 'by = "r3"\nuntil = 3', id="until-not-an-id"),
        pytest.param(
            'steps = ["report_police_now", "sis_alert"]',
            'steps = ["report_police_now", "sis_alert"]\nharmed_by = "wait_24h"',
            id="harmed-by-not-an-array",
        ),
        pytest.param('ref = "S24"\n', "", id="harmful-without-ref"),
        pytest.param(
            'countries = ["ES", "FR"]', 'countries = ["ES", "FR"]\nchoices = 0', id="choices"
        ),
        pytest.param("timebox = 15", "timebox = 15\nchoices = true", id="round-choices"),
        pytest.param("timebox = 15", 'timebox = 15\nrecall = "yes"', id="recall-in-a-round"),
        pytest.param(
            'countries = ["ES", "FR"]', 'countries = ["ES", "FR"]\nrecall = 1', id="recall"
        ),
        pytest.param(
            'label = "Check she is safe and well"',
            'label = "Check she is safe and well"\nfrom = "round three"',
            id="from-not-an-id",
        ),
    ],
)
def test_schema_and_validate_reject_the_same_broken_cases(
    schema: dict, runner: CliRunner, tmp_path: Path, old: str, new: str
) -> None:
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "case.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), schema)
    assert runner.invoke(app, ["validate", str(path)]).exit_code in (1, 2)


def test_new_writes_a_starter_case_that_validates_and_scores_100(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["new", "lina", "--roles", "police_fr,guardian_fr,hotline_be", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "lina.toml"
    assert "# " in path.read_text(encoding="utf-8")  # commented for authors
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    played = runner.invoke(app, ["dry-run", str(path), "--ideal"])
    assert played.exit_code == 0
    assert "3 on time · 0 late · 0 missed of 3 expected steps assessed · 0 harmful" in played.stdout


def test_new_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "lina.toml"
    path.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["new", "lina", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "lina.toml: already exists; it will not be overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"


def test_new_refuses_bad_ids(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "lina", "--roles", "police fr", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "'police fr' is not a valid id" in result.stderr
