"""Choosing the interface language: --lang, INTERACT_LANG, the locale, then English."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.i18n import (
    INTERFACE_LANGUAGES,
    _,
    current_language,
    language_from_environment,
    normalize,
    use_language,
)
from interact_cli.record.transcript import load_transcript
from tests.helpers import installed_command

# The French, Greek and Dutch for "error: {message}" / "warning: {message}", as the catalogs
# have them: seeing these proves the catalog was found, loaded and chosen.
ERROR = {
    "en": "error: ",
    "fr": "erreur\u00a0: ",
    "el": "σφάλμα: ",
    "nl": "fout: ",
    "it": "errore: ",
}
WARNING_EL = "προειδοποίηση: "
TINY = Path(__file__).parent / "data" / "tiny.toml"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "nl_BE.UTF-8@euro"}, "nl"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "el_GR.UTF-8", "LANG": "fr_FR.UTF-8"}, "el"),
        ({"LC_ALL": "it_IT.UTF-8", "LC_MESSAGES": "el_GR", "LANG": "fr_FR"}, "it"),
        ({"LC_ALL": "", "LANG": "nl_NL.UTF-8"}, "nl"),
        ({"INTERACT_LANG": "EL", "LC_ALL": "fr_FR.UTF-8"}, "el"),
        ({"INTERACT_LANG": "fr-BE", "LANG": "C"}, "fr"),
        ({"INTERACT_LANG": "", "LANG": "it_IT"}, "it"),
    ],
)
def test_the_environment_picks_the_interface(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == (expected, None)


def test_an_interact_lang_with_no_interface_warns_and_falls_back_to_english() -> None:
    language, warning = language_from_environment({"INTERACT_LANG": "de", "LANG": "fr_FR"})
    assert language == "en"
    assert warning is not None and "INTERACT_LANG=de" in warning and "el" in warning


@pytest.mark.parametrize(
    ("code", "normal"),
    [
        ("FR", "fr"),
        ("fr", "fr"),
        ("fr-BE", "fr"),
        ("fr_be", "fr"),
        ("El", "el"),
        ("pt_br", "pt-BR"),
    ],
)
def test_codes_are_accepted_in_any_case(code: str, normal: str) -> None:
    assert normalize(code) == normal


@pytest.mark.parametrize("code", ["french", "f", "", "fr.UTF-8", "en us"])
def test_what_is_not_a_language_code(code: str) -> None:
    assert normalize(code) is None


def test_each_interface_language_has_its_catalog_at_run_time() -> None:
    for lang in INTERFACE_LANGUAGES:
        use_language(lang)
        assert current_language() == lang
        assert _("error: {message}") == ERROR[lang] + "{message}"


def _error_prefix(result_stderr: str) -> str:
    return result_stderr.split("missing.toml", 1)[0]


@pytest.mark.parametrize(
    ("environ", "prefix"),
    [
        ({"INTERACT_LANG": "fr"}, ERROR["fr"]),
        (
            {"INTERACT_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_BE.UTF-8"},
            ERROR["fr"],
        ),
        ({"INTERACT_LANG": "", "LC_ALL": "el_GR.UTF-8", "LANG": "fr_FR"}, ERROR["el"]),
        ({"INTERACT_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"}, ERROR["en"]),
    ],
)
def test_every_command_speaks_the_environment_language(
    runner: CliRunner, environ: dict[str, str], prefix: str
) -> None:
    result = runner.invoke(app, ["summary", "missing.toml"], env=environ)
    assert result.exit_code == 2
    assert result.stderr.startswith(prefix + "missing.toml")


def test_lang_sets_interface_and_case_texts_in_any_case(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--lang", "FR"])
    assert result.exit_code == 0, result.output
    assert "Petit cas" in result.stdout
    [path] = sessions_dir.glob("*.toml")
    assert load_transcript(path).transcript.header.lang == "fr"
    assert current_language() == "fr"


def test_lang_overrides_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["summary", "missing.toml", "--lang", "nl"], env={"INTERACT_LANG": "el"}
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(ERROR["nl"])


def test_without_lang_the_case_follows_the_interface_when_it_can(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle"], env={"INTERACT_LANG": "fr"})
    assert result.exit_code == 0, result.output
    assert "Petit cas" in result.stdout
    [path] = sessions_dir.glob("*.toml")
    assert load_transcript(path).transcript.header.lang == "fr"


def test_an_interface_language_the_case_lacks_plays_its_fallback_with_a_warning(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--lang", "el"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(WARNING_EL) and "tiny" in result.stderr
    assert "Tiny case" in result.stdout
    [path] = sessions_dir.glob("*.toml")
    assert load_transcript(path).transcript.header.lang == "en"


@pytest.mark.parametrize(
    ("lang", "suggestion"),
    [("french", "fr"), ("greek", "el"), ("Italiano", "it"), ("e", "en"), ("123", None)],
)
def test_a_lang_that_is_no_code_is_one_line_with_a_suggestion(
    runner: CliRunner, tiny_case: Path, lang: str, suggestion: str | None
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--lang", lang])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: --lang {lang}: not a language code")
    assert "en, fr, nl, el, it" in result.stderr
    if suggestion:
        assert f"did you mean '{suggestion}'?" in result.stderr
    else:
        assert "did you mean" not in result.stderr


def test_a_code_neither_the_case_nor_the_interface_has_is_refused(
    runner: CliRunner, tiny_case: Path
) -> None:
    result = runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--lang", "gr"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--lang gr: case 'tiny' is written in en, fr" in result.stderr
    assert "did you mean 'el'?" in result.stderr


def _commands_with_lang() -> list[tuple[str, ...]]:
    found = []
    root = get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        for sub_name, sub in (subcommands or {name: command}).items():
            path = (name, sub_name) if subcommands else (name,)
            if any("--lang" in param.opts for param in sub.params):
                found.append(path)
    return found


def test_the_commands_with_a_case_language_take_lang() -> None:
    assert {("run",), ("dry-run",), ("summary",), ("demo",), ("replay",)} <= set(
        _commands_with_lang()
    )


@pytest.mark.parametrize("command", [c for c in _commands_with_lang() if c[0] != "translate"])
def test_help_lists_the_interface_languages(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "en, fr, nl, el, it" in " ".join(result.stdout.split())


def test_json_keys_do_not_change_with_the_language(
    runner: CliRunner, tiny_case: Path, sessions_dir: Path
) -> None:
    assert runner.invoke(app, ["dry-run", str(tiny_case), "--idle"]).exit_code == 0
    [path] = sessions_dir.glob("*.toml")
    outputs = {}
    for lang in INTERFACE_LANGUAGES:
        result = runner.invoke(
            app, ["summary", str(path), "--format", "json", "--dir", "tests/data", "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        outputs[lang] = json.loads(result.stdout)

    def keys(value: object) -> object:
        if isinstance(value, dict):
            return {key: keys(item) for key, item in value.items()}
        if isinstance(value, list):
            return [keys(item) for item in value]
        return None

    assert all(keys(outputs[lang]) == keys(outputs["en"]) for lang in INTERFACE_LANGUAGES)


def test_the_installed_command_follows_the_locale(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "INTERACT_LANG"}
    env |= {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "el_GR.UTF-8"}
    result = subprocess.run(
        [installed_command("interact"), "summary", "missing.toml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(ERROR["el"] + "missing.toml")


def _live(tmp_path: Path, environ: dict[str, str], *args: str) -> Any:
    pexpect = pytest.importorskip("pexpect")
    env = {key: value for key, value in os.environ.items() if key != "INTERACT_LANG"}
    env |= {
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "INTERACT_SESSIONS_DIR": str(tmp_path / "sessions"),
        **environ,
    }
    return pexpect.spawn(
        installed_command("interact"),
        ["run", str(TINY), *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 200),
    )


def test_a_live_run_with_lang_el_speaks_greek_and_plays_the_fallback(tmp_path: Path) -> None:
    child = _live(tmp_path, {"LANG": "C.UTF-8"}, "--lang", "el")
    try:
        child.expect_exact(WARNING_EL + "το σενάριο «tiny»")
        child.expect_exact("Tiny case")
        child.expect_exact("Add player names or pseudonyms?")
    finally:
        child.close(force=True)


def test_a_live_run_follows_the_locale_for_interface_and_case(tmp_path: Path) -> None:
    child = _live(tmp_path, {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_BE.UTF-8"})
    try:
        child.expect_exact("Petit cas")
        child.expect_exact("Add player names or pseudonyms?")
    finally:
        child.close(force=True)
