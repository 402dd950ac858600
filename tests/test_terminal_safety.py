"""Text from cases, transcripts and file names is shown, never obeyed (issue 13, items 4-5):
rich markup in it is printed as written, and its control characters are made visible, in
every command, in errors and warnings too."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.console import plain_console
from interact_cli.live import session as live_session
from interact_cli.live.prompts import role_label
from interact_cli.plain_text import printable, printable_json
from tests.helpers import NO_ACTION, tiny

DATA = Path(__file__).parent / "data"
MARKUP = "[/] [bold red]Ana[/] [link=file:///etc/passwd]docs[/link] :smile:"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;file:///etc/passwd\x1b\\link\x9b31m"
IN_FILE_NAMES = "\x1b[2J\x1b]0;pwned\x07\x9b31m"  # no '/' in a file name
HOSTILE = f"{MARKUP} {ESCAPES}"


def assert_inert(output: str) -> None:
    """Nothing of HOSTILE acts: no escape reaches the terminal, markup shows as written."""
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "Traceback" not in output and "MarkupError" not in output


@pytest.fixture
def hostile_session(runner: CliRunner, tmp_path: Path) -> Path:
    """A finished session whose player names and tag carry markup and escapes."""
    out = tmp_path / "sessions"
    result = runner.invoke(
        app, ["dry-run", str(DATA / "tiny.toml"), "--ideal", "--sessions", str(out)]
    )
    assert result.exit_code == 0
    (path,) = out.glob("*.toml")
    header, rest = path.read_text(encoding="utf-8").split("\n[[events]]", 1)
    extra = tomli_w.dumps({"tag": HOSTILE, "players": {"police_es": HOSTILE, "police_fr": "Cy"}})
    path.write_text(header + "\n" + extra + "\n[[events]]" + rest, encoding="utf-8")
    return path


@pytest.fixture
def hostile_case(tmp_path: Path) -> Path:
    """A valid case whose title and an action label carry rich markup (no control chars)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    text = text.replace('en = "Tiny case"', f'en = "Tiny {MARKUP}"')
    text = text.replace(
        'label = "Wait 24 hours in case she comes back"', f'label = "Wait {MARKUP}"'
    )
    path = folder / "tiny.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_printable_shows_control_characters_and_keeps_newlines_and_tabs() -> None:
    assert printable("a\x1b[2Jb\x07\x9b\x7f\tc\nd") == "a\\x1b[2Jb\\x07\\x9b\\x7f\tc\nd"
    assert json.loads(printable_json(json.dumps("\x9b\x7f", ensure_ascii=False))) == "\x9b\x7f"


def test_the_plain_console_never_reads_markup_even_with_colours_on() -> None:
    out = io.StringIO()
    console = plain_console(file=out, force_terminal=True, color_system="truecolor")
    console.print(HOSTILE)
    shown = out.getvalue()
    assert MARKUP in shown and "\\x1b]0;pwned" in shown
    assert "\x1b]8;" not in shown and "\x1b]0;" not in shown and "\x1b[2J" not in shown


def test_summary_shows_markup_and_escapes_in_names_and_tags_as_text(
    runner: CliRunner, hostile_session: Path
) -> None:
    for output in ("text", "md", "json"):
        result = runner.invoke(
            app, ["summary", str(hostile_session), "--dir", str(DATA), "--format", output]
        )
        assert result.exit_code == 0, result.output
        assert_inert(result.output)
        if output != "json":
            assert MARKUP in result.stdout
    shown = json.loads(
        runner.invoke(
            app, ["summary", str(hostile_session), "--dir", str(DATA), "--format", "json"]
        ).stdout
    )
    assert shown["players"]["police_es"] == HOSTILE, "JSON keeps the data exact"


@pytest.mark.parametrize("output", ["text", "md", "json", "csv", "html"])
def test_replay_shows_markup_and_escapes_as_text_in_every_format(
    runner: CliRunner, hostile_session: Path, output: str
) -> None:
    result = runner.invoke(
        app, ["replay", str(hostile_session), "--dir", str(DATA), "--format", output]
    )
    assert result.exit_code in (0, 1), result.output
    assert_inert(result.output)


def test_a_case_with_markup_lists_validates_and_plays(
    runner: CliRunner, hostile_case: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["validate", str(hostile_case)]).exit_code == 0
    listed = runner.invoke(app, ["list", "--dir", str(hostile_case.parent)])
    assert listed.exit_code == 0, listed.output
    assert "[bold red]Ana[/]" in listed.stdout
    played = runner.invoke(
        app, ["dry-run", str(hostile_case), "--random", "--seed", "1", "--sessions", str(tmp_path)]
    )
    assert played.exit_code == 0, played.output
    assert f"Tiny {MARKUP}" in played.stdout and "Transcript saved" in played.stdout
    (session,) = tmp_path.glob("*.toml")
    replayed = runner.invoke(app, ["replay", str(session), "--dir", str(hostile_case.parent)])
    assert replayed.exit_code in (0, 1), replayed.output
    assert_inert(replayed.output)


def test_validate_rejects_control_characters_in_case_texts_with_their_key(
    runner: CliRunner,
) -> None:
    path = DATA / "bad" / "case-control-character-in-title.toml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path.name}: title: contains the control character U+001B" in result.stdout
    assert_inert(result.output)


def test_a_hostile_toml_key_and_file_name_reach_no_terminal(
    runner: CliRunner, tmp_path: Path
) -> None:
    case = tmp_path / f"evil{IN_FILE_NAMES}.toml"
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    case.write_text(text + '\n"\\u001b]0;pwned\\u0007" = 1\n', encoding="utf-8")
    validated = runner.invoke(app, ["validate", str(case)])
    assert validated.exit_code == 1
    assert "\\x1b]0;pwned\\x07: unknown key" in validated.stdout
    assert_inert(validated.output)
    missing = runner.invoke(app, ["summary", str(tmp_path / f"gone{IN_FILE_NAMES}.toml")])
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")
    assert_inert(missing.output)
    transcript = tmp_path / "sessions" / f"x{IN_FILE_NAMES}.toml"
    transcript.parent.mkdir()
    transcript.write_text("not toml [", encoding="utf-8")
    replayed = runner.invoke(app, ["replay", str(transcript.parent)])
    assert replayed.exit_code == 2
    assert "x\\x1b[2J" in replayed.stderr
    assert_inert(replayed.output)


def test_live_prompts_show_player_names_as_text() -> None:
    role = tiny().role_by_id["police_es"]
    label = role_label(role, {"police_es": HOSTILE}, "en")
    assert "\x1b" not in label and "\x07" not in label and MARKUP in label


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    monkeypatch.setattr(live_session, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def test_a_live_run_with_markup_in_names_and_the_case_plays_to_the_end(
    runner: CliRunner, keys: PipeInput, hostile_case: Path, tmp_path: Path
) -> None:
    names = "y" + f"{MARKUP}\r" + "\r" + "Cy\r"
    keys.send_text(names + NO_ACTION * 6 + "\r\r" * 3)
    result = runner.invoke(
        app, ["run", str(hostile_case), "--sessions", str(tmp_path / "s")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f"Tiny {MARKUP}" in result.stdout
    assert f"police_es ({MARKUP})" in result.stdout
    assert_inert(result.output)
