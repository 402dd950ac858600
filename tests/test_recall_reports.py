"""What roles said in their own words, and corrected answers, in `summary` and `replay`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.loader import load_scenario
from interact_cli.case.order import ordered_menu
from interact_cli.cli.app import app
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import Answer, Correct, Response, Turn
from interact_cli.play.runner import Played, new_header, play
from interact_cli.record.transcript import load_transcript
from interact_cli.score.aggregate import RECALL_EXAMPLES, Aggregate, FileResult, session_stats
from interact_cli.score.scoring import assess
from tests.helpers import DATA

SAID = "Search the house | then [bold]call[/bold] the <b>police</b>"


class Plan:
    def __init__(self, plan: dict[tuple[str, str], list[Response]], said: str = "") -> None:
        self.plan = plan
        self.said = said

    def respond(self, turn: Turn) -> Response:
        queue = self.plan.get((turn.round.id, turn.role.id), [])
        return queue.pop(0) if queue else Answer((), "", 10.0, self.said)


def session(folder: Path, day: int = 1, said: str = SAID, seed: int | None = None) -> Played:
    """The menus case: the shelter first ticks the harmful wait, then a correction."""
    scenario = load_scenario(DATA / "menus.toml")
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("wait_a_day", "log_call"), "", 30.0, said)],
        ("r1", "police"): [Correct("shelter", ("check_room", "report_now"), "fixed")],
    }
    clock = SimulatedClock(datetime(2026, 3, day, 9, tzinfo=UTC))
    header = new_header(scenario, clock, "live", "en", menu_seed=seed or day)
    return play(scenario, Plan(plan, "Nothing yet"), header, folder, clock)


def succeeds(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def summary(runner: CliRunner, path: Path, output: str) -> str:
    return succeeds(runner, "summary", str(path), "--dir", str(DATA), "--format", output)


def test_summary_json_lists_each_answer_as_scored_with_what_was_said(
    runner: CliRunner, tmp_path: Path
) -> None:
    played = session(tmp_path, seed=5)
    data = json.loads(summary(runner, played.path, "json"))
    assert data["recall"] is True
    first = data["answers"][0]
    scenario = load_scenario(DATA / "menus.toml")
    shown = [a.id for a in ordered_menu(scenario, 5, "r1", "shelter")]
    assert first == {
        "round": "r1",
        "role": "shelter",
        "said": SAID,
        "actions": sorted(["check_room", "report_now"], key=shown.index),
        "note": "fixed",
        "corrected": True,
    }
    assert data["answers"][1]["said"] == "Nothing yet"
    assert data["harmful"] == []  # the corrected answer is the one scored
    assert data["totals"]["on_time"] == 2


def test_summary_markdown_and_text_show_said_beside_chosen_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    played = session(tmp_path)
    markdown = summary(runner, played.path, "md")
    assert "## What each role said, then chose" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| r1 | shelter"))
    assert "Search the house \\| then" in row and row.count(" | ") == 3
    assert "Report her missing to the police" in row and "(corrected)" in row
    text = summary(runner, played.path, "text")
    assert "What each role said, then chose" in text
    assert "[bold]call[/bold]" in " ".join(text.split())  # shown as typed, never as markup
    assert "(corrected)" in text


def test_a_session_without_recall_keeps_its_summary_short(
    runner: CliRunner, tmp_path: Path
) -> None:
    played = session(tmp_path, said="")
    header = played.transcript.header
    assert header.recall  # the menus case asks for recall …
    text = played.path.read_text(encoding="utf-8").replace("recall = true\n", "")
    text = text.replace('said = "Nothing yet"\n', "")
    plain = tmp_path / "plain.toml"
    plain.write_text(text, encoding="utf-8")
    assert "What each role said" not in summary(runner, plain, "text")  # … this one did not
    assert json.loads(summary(runner, plain, "json"))["recall"] is False


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("programme")
    for day in range(1, 8):
        session(folder, day, f"Said on day {day} <script>x</script>")
    return folder


def replay(runner: CliRunner, folder: Path, output: str) -> str:
    return succeeds(runner, "replay", str(folder), "--dir", str(DATA), "--format", output)


def test_replay_json_counts_recalled_answers_with_the_first_examples(
    runner: CliRunner, programme: Path
) -> None:
    [case] = json.loads(replay(runner, programme, "json"))["cases"]
    rounds = {row["round"]: row for row in case["recall"]}
    assert rounds["r1"]["answers"] == 14  # shelter and police, in 7 sessions
    examples = rounds["r1"]["examples"]
    assert len(examples) == RECALL_EXAMPLES
    assert [e["session"] for e in examples] == sorted(e["session"] for e in examples)
    assert {e["said"] for e in examples} >= {"Said on day 1 <script>x</script>", "Nothing yet"}


def test_replay_markdown_and_html_show_them_escaped(runner: CliRunner, programme: Path) -> None:
    markdown = replay(runner, programme, "md")
    assert "## In their own words (recall)" in markdown
    assert "**menus, round r1 · Empty bed: 14 answers**" in markdown
    assert "Said on day 1 <script>x</script>" in markdown
    page = replay(runner, programme, "html")
    assert "In their own words (recall)" in page
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_recall_examples_do_not_depend_on_the_order_sessions_are_counted(
    tmp_path: Path,
) -> None:
    scenario = load_scenario(DATA / "menus.toml")
    results = []
    for day in range(1, 9):
        played = session(tmp_path / str(day), day, f"day {day}")
        transcript = load_transcript(played.path).transcript
        stats = session_stats(assess(scenario, transcript), transcript, True)
        results.append(FileResult(str(played.path), stats=stats))
    forward, backward, halves = Aggregate(), Aggregate(), Aggregate()
    for result in results:
        forward.add(result, scenario)
    for result in reversed(results):
        backward.add(result, scenario)
    first, second = Aggregate(), Aggregate()
    for result in results[4:]:
        first.add(result, scenario)
    for result in results[:4]:
        second.add(result, scenario)
    halves.merge(first)
    halves.merge(second)
    tallies = [agg.cases["menus"] for agg in (forward, backward, halves)]
    assert all(t.recall_examples == tallies[0].recall_examples for t in tallies)
    assert all(t.recalled == tallies[0].recalled for t in tallies)
