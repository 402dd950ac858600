"""Habits every command shares: -h, --version, one name per meaning, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from interact_cli import __version__
from interact_cli.cli import app as cli
from interact_cli.cli.app import app
from tests.helpers import installed_command

DATA = Path(__file__).parent / "data"

# Every option of every command, and what it means. A new option must be added here, with a
# meaning an existing name does not already have; the same name must mean the same thing
# wherever it appears: the same metavar, the same kind of value, the same words in its help.
MEANINGS: dict[str, tuple[str | None, str, str]] = {
    # name: (metavar, kind of value, words its help always holds)
    "--sessions": ("DIR", "folder", "folder of transcripts"),
    "--dir": ("DIR", "folder", "folder of cases"),
    "--output": ("FILE", "file", "file to write"),
    "--format": (None, "choice", ""),
    "--lang": ("LANG", "text", "language"),
    "--roles": ("ROLES", "text", "role ids"),
    "--tag": ("TAG", "text", "tag"),
    "--case": ("CASE", "text", "case id"),
    "--script": ("FILE", "file", "script"),
    "--seed": (None, "integer", "seed"),
    "--since": ("DATE", "text", "date"),
    "--jobs": ("N", "integer", "worker processes"),
    "--count": ("N", "integer", "how many sessions"),
    "--profile": ("FILE", "file", "team profile"),
    "--ideal": (None, "flag", ""),
    "--idle": (None, "flag", ""),
    "--random": (None, "flag", ""),
    "--include-dry-runs": (None, "flag", "dry-runs"),
    "--strict": (None, "flag", "warnings"),
    "--recall": (None, "flag", "own words"),
    "--pseudonymize": (None, "flag", "role ids instead of player names"),
    "--choices": ("N", "integer", "choices per role"),
    "--pack": ("DIR", "folder", "paper pack"),
    "--version": (None, "flag", "version"),
    "--help": (None, "flag", "show this message"),
}
WRITES_A_FOLDER = {"interact pack": ("DIR", "folder", "folder to write")}
"""Commands whose output is several files: their -o/--output names the folder they go in."""
SHORT = {"-o": "--output", "-h": "--help"}
"""The only short names, each always the same long option's."""


def commands(group: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    group = group or get_command(app)
    yield " ".join(("interact", *path)), group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


def options() -> Iterator[tuple[str, Any]]:
    for where, command in commands():
        context = command.make_context(where, [], resilient_parsing=True)
        for parameter in command.get_params(context):
            if parameter.param_type_name == "option":
                yield where, parameter


def kind(parameter: Any) -> str:
    if parameter.is_flag:
        return "flag"
    type_name = type(parameter.type).__name__
    if type_name.endswith("Path"):
        return "folder" if parameter.type.dir_okay else "file"
    if type_name.endswith("Choice"):
        return "choice"
    return "integer" if type_name in ("IntRange", "IntParamType") else "text"


def test_every_option_is_one_of_the_known_meanings_with_one_name() -> None:
    problems = []
    for where, parameter in options():
        long_names = [name for name in parameter.opts if name.startswith("--")]
        shorts = [name for name in [*parameter.opts, *parameter.secondary_opts] if len(name) == 2]
        (name,) = long_names
        if name not in MEANINGS:
            problems.append(f"{where}: {name} has no meaning in MEANINGS")
            continue
        metavar, value_kind, words = MEANINGS[name]
        if name == "--output" and where in WRITES_A_FOLDER:
            metavar, value_kind, words = WRITES_A_FOLDER[where]
        if metavar is not None and parameter.metavar != metavar:
            problems.append(f"{where}: {name} shows {parameter.metavar}, elsewhere {metavar}")
        if kind(parameter) != value_kind:
            problems.append(f"{where}: {name} takes a {kind(parameter)}, elsewhere a {value_kind}")
        if words not in (parameter.help or "").lower():
            problems.append(f"{where}: {name}'s help does not say '{words}'")
        for short in shorts:
            if SHORT.get(short) != name:
                problems.append(
                    f"{where}: {short} is short for {name}, elsewhere {SHORT.get(short)}"
                )
        if name == "--output" and "-o" not in shorts:
            problems.append(f"{where}: --output without -o")
    assert problems == []


def test_no_two_names_share_a_meaning() -> None:
    """The bug this replaces: --out was a folder in five commands and a file in replay."""
    helps: dict[str, set[str]] = {}
    for _where, parameter in options():
        for words in ("folder of transcripts", "folder of cases", "file to write"):
            if words in (parameter.help or "").lower():
                helps.setdefault(words, set()).add(max(parameter.opts, key=len))
    assert helps == {
        "folder of transcripts": {"--sessions"},
        "folder of cases": {"--dir"},
        "file to write": {"--output"},
    }


def test_the_commands_that_use_cases_sessions_or_reports_share_the_names() -> None:
    have: dict[str, set[str]] = {}
    for where, parameter in options():
        have.setdefault(max(parameter.opts, key=len), set()).add(where.removeprefix("interact "))
    assert {"dry-run", "summary", "demo", "run", "resume", "simulate"} <= have["--sessions"]
    cases = {"list", "show", "dry-run", "summary", "run", "resume", "replay", "new"}
    assert cases <= have["--dir"]
    assert {"summary", "replay", "show", "translate export"} <= have["--output"]


@pytest.mark.parametrize("where", [where for where, _ in commands()])
def test_dash_h_is_help_everywhere(where: str) -> None:
    from typer.testing import CliRunner

    args = where.split()[1:]
    result = CliRunner().invoke(app, [*args, "-h"])
    assert result.exit_code == 0
    assert f"Usage: {where}" in result.stdout


def test_usage_shows_bare_metavars() -> None:
    usages = {}
    for where, command in commands():
        context = command.make_context(where, [], resilient_parsing=True)
        usages[where] = command.get_usage(context)
    assert not [usage for usage in usages.values() if "{" in usage]
    assert usages["interact run"].endswith("[OPTIONS] CASE")
    assert usages["interact dry-run"].endswith("[OPTIONS] CASE")
    assert usages["interact show"].endswith("[OPTIONS] CASE")
    assert usages["interact summary"].endswith("[OPTIONS] SESSION")
    assert usages["interact resume"].endswith("[OPTIONS] SESSION")
    assert usages["interact replay"].endswith("[OPTIONS] PATH...")
    assert usages["interact simulate"].endswith("[OPTIONS] CASE")


def test_version() -> None:
    result = subprocess.run(
        [installed_command("interact"), "--version"], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"interact {__version__}\n", "")


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """`interact ARGS` as the installed command runs it: through `main()`."""
    monkeypatch.setattr(sys, "argv", ["interact", *args])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    captured = capsys.readouterr()
    return int(ended.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["summary", "x", "--format", "pdf"], "interact summary: --format: 'pdf' is not one of"),
        (["list", "--format", "pdf"], "interact list: --format: 'pdf' is not one of"),
        (["replay", "x", "--format", "pdf"], "interact replay: --format: 'pdf' is not one of"),
        (["replay", "x", "--jobs", "zz"], "interact replay: --jobs: 'zz' is not a valid int"),
        (["replay", "x", "--jobs", "0"], "--jobs 0: must be 1 or more"),
        (["replay", "x", "--since", "2026-13-01"], "--since 2026-13-01: expected a date"),
        (["dry-run", "--ideal"], "interact dry-run: CASE is missing"),
        (["summary", "x", "--fomat", "md"], "no option --fomat (did you mean --format?)"),
        (["summary", "x", "--out", "summary.md"], "--out was renamed: --sessions DIR"),
        (["replay", "x", "--cases", "."], "--cases was renamed --dir"),
        (["dry-run", "mariama", "--ideal", "--lang", "french"], "did you mean 'fr'?"),
        (["run", "mariamma"], "mariamma: no such case (did you mean 'mariama'?)"),
        (["run", "mariama", "--roles", "police_ez"], "(did you mean 'police_es'?)"),
        (["run", "mariama", "--roles", "police_es,coastguard"], "no role coastguard in case"),
    ],
)
def test_a_bad_option_value_is_one_plain_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert says in err
    assert "╭" not in err and "Usage:" not in err


def test_no_arguments_show_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys)
    assert code == 2 and "Usage: interact" in out + err and "error" not in err


def test_help_and_version_through_main_exit_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(monkeypatch, capsys, "-h")[0] == 0
    assert run_main(monkeypatch, capsys, "--version")[:2] == (0, f"interact {__version__}\n")
    assert run_main(monkeypatch, capsys, "validate", str(DATA / "tiny.toml"))[0] == 0
