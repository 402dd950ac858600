"""The bad-input corpus: every broken file gives a clear error naming it, the right exit code,
no traceback, through every command that reads that kind of file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
TINY = DATA / "tiny.toml"

UNREADABLE_CASES = {
    "case-syntax-unclosed-string.toml",
    "case-syntax-duplicate-key.toml",
    "case-syntax-bad-table.toml",
    "case-empty.toml",
    "case-only-comment.toml",
    "case-binary.toml",
    "case-invalid-utf8.toml",
    "case-utf16.toml",
    "case-not-a-case.toml",
    "case-format-unknown-version.toml",
    "case-format-is-script.toml",
    "case-format-not-string.toml",
    "case-deeply-nested-array.toml",
    "case-5mb.toml",
    "case-deep-header.toml",
}


def corpus(prefix: str) -> list[Path]:
    return sorted(BAD.glob(f"{prefix}-*.toml"))


@pytest.fixture(scope="session")
def five_megabyte_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "case-5mb.toml"
    padding = "# " + "x" * 98 + "\n"
    path.write_text(TINY.read_text(encoding="utf-8") + padding * 50_000, encoding="utf-8")
    return path


def check_clean_failure(result: object, path: Path, code: int) -> None:
    exit_code = result.exit_code  # type: ignore[attr-defined]
    output = result.stdout + result.stderr  # type: ignore[attr-defined]
    assert exit_code == code, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    problems = [line for line in output.splitlines() if line.strip()]
    assert problems
    errors = [line for line in problems if line.startswith("error: ")]
    if code == 2:
        assert len(errors) == 1, output
        assert path.name in errors[0]
    else:
        findings = [line.removeprefix("error: ") for line in problems]
        assert all(line.startswith(path.name + ": ") for line in findings), output


def test_the_corpus_has_at_least_40_files_of_three_kinds() -> None:
    assert len(corpus("case")) + len(corpus("script")) + len(corpus("transcript")) >= 40
    assert corpus("script") and corpus("transcript")


@pytest.mark.parametrize("path", corpus("case"), ids=lambda p: p.stem)
def test_bad_cases_through_validate_and_dry_run(runner: CliRunner, path: Path) -> None:
    code = 2 if path.name in UNREADABLE_CASES else 1
    check_clean_failure(runner.invoke(app, ["validate", str(path)]), path, code)
    check_clean_failure(runner.invoke(app, ["dry-run", str(path), "--idle"]), path, code)


def test_a_5mb_case_is_refused_in_one_line(runner: CliRunner, five_megabyte_case: Path) -> None:
    result = runner.invoke(app, ["validate", str(five_megabyte_case)])
    check_clean_failure(result, five_megabyte_case, 2)
    assert "too large" in result.stderr


@pytest.mark.parametrize("path", corpus("case")[:5], ids=lambda p: p.stem)
def test_list_skips_a_bad_case_with_a_warning(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    (tmp_path / path.name).write_bytes(path.read_bytes())
    result = runner.invoke(app, ["list", "--dir", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert f"skipped {tmp_path / path.name}" in result.stderr


@pytest.mark.parametrize("path", corpus("script"), ids=lambda p: p.stem)
def test_bad_scripts_through_dry_run(runner: CliRunner, path: Path, sessions_dir: Path) -> None:
    result = runner.invoke(app, ["dry-run", str(TINY), "--script", str(path)])
    check_clean_failure(result, path, 2)
    assert not sessions_dir.exists()


@pytest.mark.parametrize("path", corpus("transcript"), ids=lambda p: p.stem)
def test_bad_transcripts_through_summary(runner: CliRunner, path: Path) -> None:
    before = path.read_bytes()
    for command in (["summary", str(path), "--dir"], ["resume", str(path), "--dir"]):
        result = runner.invoke(app, [*command, str(DATA)])
        check_clean_failure(result, path, 2)
    replayed = runner.invoke(app, ["replay", str(path), "--dir", str(DATA), "--include-dry-runs"])
    assert replayed.exit_code == 2 and "Traceback" not in replayed.output
    assert path.name in replayed.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("path", corpus("profile"), ids=lambda p: p.stem)
def test_bad_profiles_through_simulate(runner: CliRunner, path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sessions"
    case = DATA / "programme.toml"
    args = ["simulate", str(case), "--count", "2", "--profile", str(path), "--sessions", str(out)]
    check_clean_failure(runner.invoke(app, args), path, 2)
    assert not out.exists()


PROFILE_ERRORS = {
    "profile-typo-in-step.toml": "steps.report_polce_now: case 'programme' has no step "
    "'report_polce_now'; did you mean 'report_police_now'?",
    "profile-chances-add-up-above-one.toml": "steps.sis_alert: on_time and late add up to 1.2, "
    "more than 1",
    "profile-late-without-a-later-round.toml": "steps.quick_checks.late: step 'quick_checks' "
    "cannot be late: no round after its due round 'r1' offers 'quick_checks' to one of its roles",
    "profile-harmful-not-harmful.toml": "harmful.report_police_now: action 'report_police_now' "
    "is not harmful in case 'programme'",
    "profile-for-another-case.toml": "case: the profile is for case 'tiny', not 'programme'",
    "profile-format-is-script.toml": "format: this is a dry-run script, not a team profile",
}


@pytest.mark.parametrize(("name", "error"), PROFILE_ERRORS.items(), ids=lambda v: str(v)[:40])
def test_each_bad_profile_says_what_is_wrong_where(
    runner: CliRunner, name: str, error: str
) -> None:
    args = ["simulate", str(DATA / "programme.toml"), "--count", "1", "--profile", str(BAD / name)]
    result = runner.invoke(app, args)
    assert result.stderr == f"error: {name}: {error}\n"


LINTS = {
    "case-action-from-unknown-round.toml": "actions[3].from: unknown round 'r9'",
    "case-action-until-before-from.toml": "actions[3].until: round 'r2' comes before round 'r3'",
    "case-step-not-offered-in-its-window.toml": "rounds[2].expect[0].action: no playthrough can "
    "meet this step: none of its roles plays in a round that offers 'safe_and_well_check'",
    "case-round-lists-a-role-twice.toml": "rounds[0].roles[2]: role 'reception_es' is listed "
    "twice in this round",
    "case-missed-in-the-first-round.toml": "rounds[0].injects[0].when: condition "
    "'missed:sis_alert' always holds: nothing is played before the first round",
    "case-missed-never-offered-before.toml": "rounds[1].injects[0].when: condition "
    "'missed:safe_and_well_check' always holds",
    "case-when-can-never-hold.toml": "rounds[2].injects[0].when: conditions 'done:wait_24h' and "
    "'missed:wait_24h' can never both hold",
    "case-missed-before-it-is-due.toml": "rounds[1].injects[0].when: condition "
    "'missed:report_police_now' is judged at the start of round 'r2', but step "
    "'report_police_now' can still be done on time in that round",
    "case-harmful-without-ref.toml": "actions[1].ref: missing: required with `harmful`",
    "case-choices-cannot-fit.toml": "rounds[2].choices: role 'police_fr' has 2 expected steps it "
    "can only meet in round 'r3' (safe_and_well_check, alert_again), but may choose at most 1 "
    "action there",
    "case-choices-zero.toml": "choices: must be between 1 and 1000, got 0",
}


@pytest.mark.parametrize(("name", "finding"), LINTS.items(), ids=lambda value: str(value)[:40])
def test_each_lint_has_a_case_that_fails_for_that_reason(
    runner: CliRunner, name: str, finding: str
) -> None:
    result = runner.invoke(app, ["validate", str(BAD / name)])
    assert result.exit_code == 1
    assert f"{name}: {finding}" in result.stdout


WARNINGS = {
    "warn-untranslated.toml": "languages: 'fr': 8% of the texts are translated (21 of 23 missing)",
    "warn-right-answers-stand-out.toml": "rounds[1]: menu of role 'police_fr': the expected "
    "options average 34 characters, the others 26 (1.31 times as long)",
    "warn-spoiler-opening-names-the-last-city.toml": "opening: names 'Lille', which first "
    "appears in round 3 (flat)",
    "warn-offered-before-its-step-opens.toml": "actions[3]: offered to police_fr from round 2 "
    "(r2), but the step expecting it opens in round 3 (r3): an early choice is not credited",
}


@pytest.mark.parametrize(("name", "warning"), WARNINGS.items())
def test_warnings_keep_exit_0_unless_strict(runner: CliRunner, name: str, warning: str) -> None:
    path = BAD / name
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{name}: warning: {warning}")
    strict = runner.invoke(app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert all(line.startswith(f"{name}: ") for line in strict.stdout.splitlines())
    assert runner.invoke(app, ["dry-run", str(path), "--idle"]).exit_code == 0
