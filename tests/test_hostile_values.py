"""Hostile values in transcripts, cases and scripts (issue 13): each is one clear line for
its file in every command, never a traceback, never a stopped batch, never a hang."""

from __future__ import annotations

import errno
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli import replay_run
from interact_cli.cli.app import app
from interact_cli.errors import TranscriptError
from interact_cli.record import toml_file
from interact_cli.record.toml_file import MAX_KEY_PARTS
from interact_cli.score import batch

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
HOSTILE = sorted(
    BAD / name
    for name in (
        "transcript-seconds-1e308-middle.toml",
        "transcript-seconds-4000-digits-middle.toml",
        "transcript-seconds-5000-digits-middle.toml",
        "transcript-seconds-over-a-day-middle.toml",
        "transcript-started-date-only.toml",
        "transcript-started-year-9999.toml",
        "transcript-started-without-offset.toml",
        "transcript-event-year-1970-middle.toml",
        "transcript-case-is-a-path.toml",
        "transcript-deep-header.toml",
    )
)


@pytest.fixture
def programme(runner: CliRunner, tmp_path: Path) -> Path:
    """A folder with one good session (an --ideal dry-run: replays here count dry-runs) and
    every hostile transcript."""
    folder = tmp_path / "programme"
    result = runner.invoke(
        app, ["dry-run", str(DATA / "tiny.toml"), "--ideal", "--sessions", str(folder)]
    )
    assert result.exit_code == 0
    for path in HOSTILE:
        shutil.copy(path, folder / path.name)
    return folder


# 6. One bad file never stops a batch ---------------------------------------------------------


def test_each_hostile_value_is_one_line_and_the_good_session_is_still_scored(
    runner: CliRunner, programme: Path
) -> None:
    options = ["--dir", str(DATA), "--format", "json", "--jobs", "1", "--include-dry-runs"]
    result = runner.invoke(app, ["replay", str(programme), *options])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(HOSTILE)
    for path in HOSTILE:
        assert sum(path.name in line for line in errors) == 1, path.name
    assert '"sessions": 1' in result.stdout


def test_any_failure_of_one_file_is_a_problem_of_that_file(
    runner: CliRunner, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replay = batch.replay_file

    def breaks_on_one(path: Path, *args: object) -> object:
        if path.name.startswith("transcript-started-year"):
            raise OverflowError("date value out of range")
        return real_replay(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "replay_file", breaks_on_one)
    options = ["--dir", str(DATA), "--jobs", "1", "--include-dry-runs"]
    result = runner.invoke(app, ["replay", str(programme), *options])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot replay: OverflowError: date value out of range" in result.stderr


def test_an_existing_report_is_kept_whole_when_the_batch_fails(
    runner: CliRunner, programme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "after-action.md"
    report.write_text("last month's report\n")

    def broken(*args: object) -> None:
        raise RuntimeError("a bug while rendering")

    monkeypatch.setattr(replay_run, "_render", broken)
    result = runner.invoke(
        app,
        ["replay", str(programme), "--dir", str(DATA), "--format", "md", "--output", str(report)],
    )
    assert isinstance(result.exception, RuntimeError)
    assert report.read_text() == "last month's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after-action.md", "programme"]


def test_a_full_disk_while_writing_a_report_is_one_line_and_keeps_the_old_report(
    runner: CliRunner, programme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "after-action.md"
    report.write_text("last month's report\n")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    result = runner.invoke(
        app,
        ["replay", str(programme), "--dir", str(DATA), "--format", "md", "--output", str(report)],
    )
    monkeypatch.undo()
    assert result.exit_code == 2
    assert f"error: {report}: cannot write (No space left on device)" in result.stderr
    assert "Traceback" not in result.output
    assert report.read_text() == "last month's report\n"


def test_a_report_is_never_written_over_a_transcript_it_reads(
    runner: CliRunner, programme: Path
) -> None:
    (session,) = (p for p in programme.glob("*.toml") if p.name.startswith("20"))
    before = session.read_bytes()
    result = runner.invoke(
        app, ["replay", str(programme), "--dir", str(DATA), "--output", str(session)]
    )
    assert result.exit_code == 2
    assert "is one of this command's inputs" in result.stderr
    assert session.read_bytes() == before


# 7. A transcript's case is an id, never a path ----------------------------------------------


def test_a_case_that_is_a_path_is_refused_without_opening_it(runner: CliRunner) -> None:
    path = BAD / "transcript-case-is-a-path.toml"
    for command in ("summary", "resume"):
        result = runner.invoke(app, [command, str(path), "--dir", str(DATA)])
        assert result.exit_code == 2
        assert "case: '/dev/zero' is not a case id" in result.stderr


def test_a_case_id_is_looked_up_in_the_case_folders_only(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(
        app, ["dry-run", str(DATA / "tiny.toml"), "--idle", "--sessions", str(tmp_path / "s")]
    )
    (session,) = (tmp_path / "s").glob("*.toml")
    monkeypatch.chdir(tmp_path)
    Path("tiny").write_text("not a case: a file the transcript must not reach\n")
    result = runner.invoke(app, ["summary", str(session), "--dir", str(DATA)])
    assert result.exit_code == 0, result.output
    assert "Tiny case" in result.stdout


def test_devices_are_not_read_as_case_files(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "/dev/zero"])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


# 8. Keys too deep are refused before tomllib sees them ----------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["summary", str(BAD / "transcript-deep-header.toml")],
        ["replay", str(BAD / "transcript-deep-header.toml")],
        ["summary", str(BAD / "transcript-deep-dotted-key.toml")],
        ["validate", str(BAD / "case-deep-header.toml")],
        ["dry-run", str(DATA / "tiny.toml"), "--script", str(BAD / "script-deep-header.toml")],
    ],
    ids=lambda command: f"{command[0]}-{Path(command[-1]).stem}",
)
def test_a_key_too_deep_is_refused_before_parsing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    real_loads = tomllib.loads

    def parse_only_small(text: str) -> dict[str, object]:
        assert text.count(".") < 1000, "a deep key reached tomllib"
        return real_loads(text)

    monkeypatch.setattr(tomllib, "loads", parse_only_small)
    result = runner.invoke(app, command)
    assert result.exit_code in (1, 2), result.output
    assert f"a key of more than {MAX_KEY_PARTS} dotted parts" in result.stderr


@pytest.mark.parametrize(
    "line",
    [
        "[" + ".".join(["a"] * (MAX_KEY_PARTS + 1)) + "]",
        "[[" + " . ".join(["a"] * (MAX_KEY_PARTS + 1)) + "]]",
        ".".join(['"a,b"'] * (MAX_KEY_PARTS + 1)) + " = 1",
        "x = {" + ".".join(["'a'"] * (MAX_KEY_PARTS + 1)) + " = 1}",
    ],
    ids=["header", "spaced-array-header", "quoted-parts", "inline-table"],
)
def test_every_spelling_of_a_deep_key_is_found(line: str) -> None:
    with pytest.raises(TranscriptError, match="dotted parts"):
        toml_file.refuse_deep_keys(line + "\n", "f.toml", TranscriptError)


def test_keys_as_deep_as_the_limit_and_dots_in_texts_are_read() -> None:
    fine = "[" + ".".join(["a"] * MAX_KEY_PARTS) + "]\n"
    prose = 'note = "' + "Call. Then wait. Go. Go. Go. " * 200 + '"\n'
    steps = 'briefing = """\n' + "1. Call. 2. Wait. 3. Go. 4. Report. 5. Rest.\n" * 50 + '"""\n'
    literal = "x = '" + "a." * 100 + "'\n# a.a.a.a.a.a.a.a.a.a.a.a.a\n"
    version = 'v = "' + ".".join(["1"] * 40) + '"\n'
    for text in (fine, prose, steps, literal, version):
        toml_file.refuse_deep_keys(text, "f.toml", TranscriptError)
        tomllib.loads(text)
