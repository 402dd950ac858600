"""`interact validate`: every problem reported, one line each, with the file and key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app

TINY = (Path(__file__).parent / "data" / "tiny.toml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, name: str = "case.toml") -> Path:
    assert old in TINY, f"test setup: {old!r} not in tiny.toml"
    path = tmp_path / name
    path.write_text(TINY.replace(old, new, 1), encoding="utf-8")
    return path


def validate(runner: CliRunner, *paths: Path) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["validate", *map(str, paths)])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_valid_case_passes_with_its_warnings_and_translated_shares(
    runner: CliRunner, tiny_case: Path
) -> None:
    code, lines, _ = validate(runner, tiny_case)
    assert code == 0
    assert lines == [
        "tiny.toml: warning: rounds[1]: menu of role 'police_fr': the expected options average "
        "34 characters, the others 26 (1.31 times as long); the right answers may stand out by "
        "their length",
        "tiny.toml: warning: actions[2]: offered to police_es from round 1 (r1), but the step "
        "expecting it opens in round 2 (r2): an early choice is not credited",
        "tiny.toml: warning: actions[3]: offered to police_fr from round 2 (r2), but the step "
        "expecting it opens in round 3 (r3): an early choice is not credited",
        "tiny.toml: warning: languages: 'fr': 8% of the texts are translated (21 of 23 "
        "missing); players in this language see the fallback language there",
        "tiny.toml: ok (3 roles, 3 rounds, 3 expected steps)",
        "tiny.toml: translated: en 100%, fr 8%",
    ]


def test_strict_turns_warnings_into_findings(runner: CliRunner, tiny_case: Path) -> None:
    result = runner.invoke(app, ["validate", "--strict", str(tiny_case)])
    assert result.exit_code == 1
    assert "tiny.toml: ok" not in result.stdout
    assert "tiny.toml: warning: languages: 'fr'" in result.stdout


def test_a_case_without_warnings_passes_strict(runner: CliRunner, tmp_path: Path) -> None:
    text = TINY.replace('title = { en = "Tiny case", fr = "Petit cas" }', 'title = "Tiny case"')
    text = text.replace('languages = ["en", "fr"]', 'languages = ["en"]')
    text = text.replace(
        'label = { en = "Report her missing to the police now", fr = "Signaler sa disparition '
        'maintenant" }',
        'label = "Report her missing to the police now"',
    )
    text = text.replace('label = "Check she is safe and well"', 'label = "Check she is well"')
    text = text.replace(
        'label = "Enter a missing-minor alert in SIS"', 'label = "Enter an alert in SIS"'
    )
    text = text.replace(
        'roles = ["police_es", "police_fr"]\nlabel',
        'roles = ["police_es", "police_fr"]\nfrom = "r2"\nlabel',
    )
    text = text.replace('roles = ["police_fr"]\nlabel', 'roles = ["police_fr"]\nfrom = "r3"\nlabel')
    path = tmp_path / "plain.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    assert (result.exit_code, result.stdout) == (
        0,
        "plain.toml: ok (3 roles, 3 rounds, 3 expected steps)\n",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            'action = "report_police_now"',
            'action = "fil_report"',
            "case.toml: rounds[0].expect[0].action: unknown action 'fil_report'",
            id="unknown-action",
        ),
        pytest.param(
            'agency = "police"\ncountry = "ES"',
            'country = "ES"',
            "case.toml: roles[0].agency: missing required key",
            id="missing-key",
        ),
        pytest.param(
            'briefing = "Her bed',
            'breifing = "x"\nbriefing = "Her bed',
            "case.toml: rounds[0].breifing: unknown key (did you mean 'briefing'?)",
            id="unknown-key",
        ),
        pytest.param(
            "timebox = 15",
            'timebox = "15"',
            "case.toml: rounds[1].timebox: expected a whole number of minutes, got a string",
            id="wrong-type",
        ),
        pytest.param(
            'id = "police_fr"',
            'id = "police_es"',
            "case.toml: roles[2].id: duplicate role id 'police_es'",
            id="duplicate-id",
        ),
        pytest.param(
            'role = "reception_es"\ncritical',
            'role = "reception_xx"\ncritical',
            "case.toml: rounds[0].expect[0].role: unknown role 'reception_xx' "
            "(did you mean 'reception_es'?)",
            id="unknown-role",
        ),
        pytest.param(
            'by = "r3"',
            'by = "r9"',
            "case.toml: rounds[1].expect[0].by: unknown round 'r9'",
            id="unknown-round",
        ),
        pytest.param(
            'role = "reception_es"\ncritical',
            'role = "police_es"\ncritical',
            "case.toml: rounds[0].expect[0].role: role 'police_es' cannot choose action "
            "'report_police_now'",
            id="role-cannot-choose",
        ),
        pytest.param(
            'by = "r3"',
            'by = "r1"',
            "case.toml: rounds[1].expect[0].by: round 'r1' comes before the round that expects "
            "this step",
            id="by-before-round",
        ),
        pytest.param(
            'when = "missed:report_police_now"',
            'when = "missed:report_polize_now"',
            "case.toml: rounds[1].injects[0].when: condition 'missed:report_polize_now': "
            "unknown action 'report_polize_now' (did you mean 'report_police_now'?)",
            id="condition-unknown-action",
        ),
        pytest.param(
            'title = { en = "Tiny case", fr = "Petit cas" }',
            'title = { fr = "Petit cas" }',
            "case.toml: title: missing the fallback language 'en'",
            id="text-missing-fallback",
        ),
        pytest.param(
            'by = "r3"',
            'by = "r3"\nuntil = "r4"',
            "case.toml: rounds[1].expect[0].until: unknown round 'r4'",
            id="until-unknown-round",
        ),
        pytest.param(
            'by = "r3"',
            'by = "r3"\nuntil = "r2"',
            "case.toml: rounds[1].expect[0].until: round 'r2' comes before the round 'r3' by "
            "which the step is due",
            id="until-before-by",
        ),
        pytest.param(
            'steps = ["report_police_now", "sis_alert"]',
            'steps = ["report_police_now", "sis_alert"]\nharmed_by = ["wait_42h"]',
            "case.toml: objectives[0].harmed_by[0]: unknown action 'wait_42h' "
            "(did you mean 'wait_24h'?)",
            id="harmed-by-unknown-action",
        ),
        pytest.param(
            'steps = ["report_police_now", "sis_alert"]',
            'steps = ["report_police_now", "sis_alert"]\nharmed_by = ["sis_alert"]',
            "case.toml: objectives[0].harmed_by[0]: action 'sis_alert' is not marked harmful "
            "(give it `harmful`)",
            id="harmed-by-not-harmful",
        ),
    ],
)
def test_each_error_class_is_reported_with_its_key_path(
    runner: CliRunner, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    code, lines, _ = validate(runner, broken(tmp_path, old, new))
    assert code == 1
    assert expected in lines


def test_syntax_error_names_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    code, lines, stderr = validate(runner, broken(tmp_path, 'version = "1"', "version = 1."))
    assert code == 2
    assert lines == []
    assert stderr.startswith("error: ")
    assert "case.toml: invalid TOML:" in stderr
    assert "(at line 3, column" in stderr


def test_every_problem_is_reported_not_only_the_first(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    text = TINY.replace('action = "report_police_now"', 'action = "fil_report"')
    text = text.replace('by = "r3"', 'by = "r9"').replace('agency = "police"\n', "", 1)
    path.write_text(text, encoding="utf-8")
    code, lines, _ = validate(runner, path)
    assert code == 1
    assert len(lines) >= 3
    assert all(line.startswith("case.toml: ") for line in lines)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            'id = "r3"\ntitle = "Found"\nclock = "Day 12"\nbriefing = "French police find her."\n'
            'roles = ["police_fr"]',
            'id = "r3"\ntitle = "Found"\nclock = "Day 12"\nbriefing = "French police find her."\n'
            'roles = ["reception_es"]',
            "case.toml: rounds[2].expect[0].action: no playthrough can meet this step: "
            "none of its roles plays in a round that offers 'safe_and_well_check' from round "
            "'r3' on",
            id="step-no-playthrough-can-meet",
        ),
        pytest.param(
            'find her."\nroles = ["police_fr"]',
            'find her."\nroles = []',
            "case.toml: rounds[2].roles: no role can act in this round, so no playthrough "
            "reaches it with a choice",
            id="round-no-one-can-reach",
        ),
        pytest.param(
            'roles = ["police_fr"]\nlabel = "Check',
            'roles = []\nlabel = "Check',
            "case.toml: actions[3].roles: no role may choose this action",
            id="action-no-role-may-choose",
        ),
        pytest.param(
            'when = "missed:report_police_now"',
            'when = "done:safe_and_well_check"',
            "case.toml: rounds[1].injects[0].when: condition 'done:safe_and_well_check' can "
            "never hold: no role that may choose 'safe_and_well_check' plays before round 'r2'",
            id="inject-never-released",
        ),
        pytest.param(
            'by = "r3"',
            'by = "r2"\nuntil = "r2"',
            None,
            id="until-keeps-a-playable-window",
        ),
        pytest.param(
            'role = "police_fr"\nref = "S30',
            'role = "police_fr"\nuntil = "r3"\nref = "S30',
            None,
            id="until-the-last-round-is-fine",
        ),
    ],
)
def test_lint_finds_unplayable_cases(
    runner: CliRunner, tmp_path: Path, old: str, new: str, expected: str | None
) -> None:
    code, lines, _ = validate(runner, broken(tmp_path, old, new))
    if expected is None:
        assert code == 0, lines
        return
    assert code == 1
    assert expected in lines


def test_lint_knows_a_step_cannot_be_met_once_its_until_round_is_over(
    runner: CliRunner, tmp_path: Path
) -> None:
    # police_fr plays only in r3; the step of r2 closes in r2, and police_es plays r2 but
    # cannot be its role: no playthrough can meet it.
    path = broken(
        tmp_path,
        'roles = ["police_es", "police_fr"]\nby = "r3"',
        'role = "police_fr"\nby = "r2"\nuntil = "r2"',
    )
    text = path.read_text(encoding="utf-8").replace(
        'briefing = "A girl who matches her was seen in France."',
        'briefing = "A girl who matches her was seen in France."\nroles = ["police_es", '
        '"reception_es"]',
    )
    path.write_text(text, encoding="utf-8")
    code, lines, _ = validate(runner, path)
    assert code == 1
    assert (
        "case.toml: rounds[1].expect[0].action: no playthrough can meet this step: none of its "
        "roles plays in a round that offers 'sis_alert' between round 'r2' and round 'r2'"
    ) in lines


EARLY = "but the step expecting it opens in round"


@pytest.mark.parametrize(
    ("old", "new", "warned"),
    [
        pytest.param(
            'roles = ["police_es", "police_fr"]\nlabel',
            'roles = ["police_es", "police_fr"]\nfrom = "r2"\nlabel',
            ["actions[3]: offered to police_fr from round 2 (r2)"],
            id="from-the-round-of-the-step",
        ),
        pytest.param(
            'roles = ["police_es", "police_fr"]\nby = "r3"',
            'role = "police_fr"\nby = "r3"',
            ["actions[3]: offered to police_fr from round 2 (r2)"],
            id="a-role-no-step-expects-it-of",
        ),
        pytest.param(
            'ref = "S24 Greek reporting note: report at once"',
            'ref = "S24 Greek reporting note: report at once"\n\n[[rounds.expect]]\n'
            'id = "early_alert"\naction = "sis_alert"\nrole = "police_es"\nref = "S15"',
            ["actions[3]: offered to police_fr from round 2 (r2)"],
            id="an-earlier-step-on-the-same-action",
        ),
        pytest.param(
            'roles = ["police_fr"]\nlabel',
            'roles = ["police_fr"]\nfrom = "r3"\nlabel',
            ["actions[2]: offered to police_es from round 1 (r1)"],
            id="the-other-action-fixed",
        ),
    ],
)
def test_an_action_offered_before_its_step_opens_is_warned_of_per_role(
    runner: CliRunner, tmp_path: Path, old: str, new: str, warned: list[str]
) -> None:
    """One choice meets one step and a step opens where it is declared: an early choice
    earns nothing. Only roles and rounds that no step expecting the action has opened for."""
    code, lines, _ = validate(runner, broken(tmp_path, old, new))
    assert code == 0, lines
    early = [line.removeprefix("case.toml: warning: ") for line in lines if EARLY in line]
    assert [line.split(", but")[0] for line in early] == warned


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b'name = "not a case"\n', "format: missing; not a case", id="not-a-case"),
        pytest.param(
            b'format = "interact-scenario/9"\n',
            "format: unknown version 'interact-scenario/9'",
            id="unknown-version",
        ),
        pytest.param(
            b'format = "interact-transcript/1"\n',
            "format: this is a transcript, not a case",
            id="a-transcript",
        ),
        pytest.param(b"\x00\x01\x02binary", "binary file, not TOML text", id="binary"),
        pytest.param(b'title = "caf\xe9"\n', "not UTF-8 text", id="invalid-utf8"),
        pytest.param(b"", "format: missing; not a case", id="empty"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "odd.toml"
    path.write_bytes(content)
    code, _, stderr = validate(runner, path)
    assert code == 2
    assert stderr.count("\n") == 1
    assert "odd.toml: " in stderr and expected in stderr
    assert "Traceback" not in stderr


def test_missing_file_and_directory_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    code, _, stderr = validate(runner, tmp_path / "nope.toml", tmp_path)
    assert code == 2
    assert "nope.toml: no such file" in stderr
    assert "is a directory, not a file" in stderr


def test_worst_exit_code_wins_across_files(
    runner: CliRunner, tmp_path: Path, tiny_case: Path
) -> None:
    invalid = broken(tmp_path, 'by = "r3"', 'by = "r9"')
    assert validate(runner, tiny_case, invalid)[0] == 1
    assert validate(runner, tiny_case, invalid, tmp_path / "gone.toml")[0] == 2
