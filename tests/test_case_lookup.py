"""A case id finds its case by the `id` in its file: in --dir, this folder, the bundled cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir, case_id_of, find_case, resolve_case
from interact_cli.cli.app import app
from interact_cli.errors import ScenarioError

DATA = Path(__file__).parent / "data"
TINY_TEXT = (DATA / "tiny.toml").read_text(encoding="utf-8")


def write_case(path: Path, case_id: str = "tiny", text: str = TINY_TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace('id = "tiny"', f'id = "{case_id}"', 1), encoding="utf-8")
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_id_is_read_from_the_keys_before_the_first_table(tmp_path: Path) -> None:
    case = write_case(tmp_path / "a.toml", "lina")
    assert case_id_of(case) == "lina"
    # A line that looks like a table inside a multi-line string does not cut the keys short.
    tricky = TINY_TEXT.replace(
        'id = "tiny"', 'summary = """\n[not a table]\n"""\nid = "tricky"', 1
    ).replace("\nsummary =", "\nold_summary =", 1)
    (tmp_path / "tricky.toml").write_text(tricky, encoding="utf-8")
    assert case_id_of(tmp_path / "tricky.toml") == "tricky"


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "interact-cli"\n',  # a project file
        'format = "interact-script/1"\ncase = "tiny"\n',  # a dry-run script
        'format = "interact-scenario/1"\nid = [\n',  # broken TOML
        "\x00\x01binary",
    ],
)
def test_a_file_that_is_not_a_case_has_no_id(tmp_path: Path, text: str) -> None:
    (tmp_path / "other.toml").write_text(text, encoding="utf-8")
    assert case_id_of(tmp_path / "other.toml") is None


def test_the_file_name_does_not_count_only_the_id(tmp_path: Path, here: Path) -> None:
    write_case(tmp_path / "cases" / "lina.toml", "lina-old")
    renamed = write_case(tmp_path / "cases" / "lina-v2.toml", "lina")
    assert find_case("lina", [tmp_path / "cases"]) == renamed
    assert find_case("lina-old", [tmp_path / "cases"]).name == "lina.toml"


def test_dir_first_then_this_folder_then_the_bundled_cases(tmp_path: Path, here: Path) -> None:
    bundled = bundled_dir() / "mariama.toml"
    assert find_case("mariama").samefile(bundled)
    mine = write_case(here / "my-mariama.toml", "mariama")
    assert find_case("mariama").samefile(mine)  # this folder before the bundled cases
    theirs = write_case(tmp_path / "partner" / "m.toml", "mariama")
    assert find_case("mariama", [tmp_path / "partner"]) == theirs  # --dir first
    assert find_case("mariama", [theirs]) == theirs  # a case file as --dir


def test_an_unknown_id_suggests_the_closest(here: Path) -> None:
    with pytest.raises(ScenarioError) as refused:
        find_case("mariamma")
    assert "mariamma: no such case (did you mean 'mariama'?)" in refused.value.message
    with pytest.raises(ScenarioError) as refused:
        resolve_case("zzz")
    assert "cases found: basir, mariama" in refused.value.message


def test_a_missing_dir_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["dry-run", "tiny", "--idle", "--dir", str(tmp_path / "gone")])
    assert result.exit_code == 2
    assert "gone: no such folder or case file" in result.stderr


def test_dry_run_by_id_from_the_folder_of_the_case(runner: CliRunner, here: Path) -> None:
    assert runner.invoke(app, ["new", "mycase"]).exit_code == 0
    (here / "mycase.toml").rename(here / "workshop.toml")
    result = runner.invoke(app, ["dry-run", "mycase", "--ideal"])
    assert result.exit_code == 0, result.output
    assert "3 on time" in result.stdout


def test_summary_resume_and_replay_take_a_case_file_as_dir(
    runner: CliRunner, tmp_path: Path, here: Path
) -> None:
    case = write_case(tmp_path / "elsewhere" / "workshop-copy.toml")
    played = runner.invoke(app, ["dry-run", str(case), "--idle", "--sessions", "s"])
    assert played.exit_code == 0, played.output
    (transcript,) = (here / "s").glob("*.toml")
    assert runner.invoke(app, ["summary", str(transcript)]).exit_code == 2  # case not found
    summary = runner.invoke(app, ["summary", str(transcript), "--dir", str(case)])
    assert summary.exit_code == 0 and "Tiny case" in summary.stdout
    resumed = runner.invoke(app, ["resume", str(transcript), "--dir", str(case)])
    assert resumed.exit_code == 2 and "is finished" in resumed.stderr
    replay = ["replay", "s", "--dir", str(case), "--format", "json", "--include-dry-runs"]
    replayed = runner.invoke(app, replay)
    assert replayed.exit_code == 0, replayed.output
    totals = json.loads(replayed.stdout)["totals"]
    assert (totals["sessions"], totals["with_problems"]) == (1, 0)


def test_list_shows_role_ids_and_the_cases_of_this_folder(runner: CliRunner, here: Path) -> None:
    write_case(here / "workshop.toml", "lina")
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert result.stderr == ""  # a TOML file that is no case is passed over in silence
    assert "lina  Tiny case" in result.stdout
    assert "roles      police_es, reception_es, police_fr" in result.stdout
    assert "mariama  Mariama" in result.stdout and "police_es, prosecutor_es" in result.stdout
    listed = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert {case["id"]: case["role_ids"] for case in listed}["lina"] == [
        "police_es",
        "reception_es",
        "police_fr",
    ]
    assert max(map(len, result.stdout.splitlines())) <= 80


def test_the_bundled_folder_given_as_dir_is_listed_once(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--format", "json", "--dir", str(bundled_dir())])
    assert sorted(case["id"] for case in json.loads(result.stdout)) == ["basir", "mariama"]
