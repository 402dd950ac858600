"""`interact replay`: many transcripts re-scored, problems reported per file, every format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.responders import RandomResponder
from interact_cli.play.runner import new_header, play
from tests.helpers import DATA, tiny

PLAYERS = {"police_es": "Ana García", "reception_es": "=HYPERLINK(1)", "police_fr": "Jean Dupont"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve sessions of teams (random answers) over three months and two venues, with names."""
    folder = tmp_path_factory.mktemp("corpus")
    scenario = tiny()
    for seed in range(12):
        clock = SimulatedClock(datetime(2026, 1 + seed % 3, 10 + seed, 9, tzinfo=UTC))
        header = new_header(scenario, clock, "live", "en", tag=f"venue-{seed % 2}", players=PLAYERS)
        play(scenario, RandomResponder(seed), header, folder / f"m{seed % 3}", clock)
    return folder


def replay(runner: CliRunner, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["replay", *map(str, args), "--dir", str(DATA)])
    return result.exit_code, result.stdout, result.stderr


def as_json(runner: CliRunner, *args: str | Path) -> dict:  # type: ignore[type-arg]
    code, out, err = replay(runner, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_json_aggregate_counts_every_session_and_step(runner: CliRunner, corpus: Path) -> None:
    report = as_json(runner, corpus)
    assert report["format"] == "interact-replay/2"
    assert report["totals"]["sessions"] == 12 and report["totals"]["clean"] == 12
    assert report["totals"]["expected_steps"] == 36
    assert sum(row["sessions"] for row in report["months"]) == 12
    assert [row["month"] for row in report["months"]] == ["2026-01", "2026-02", "2026-03"]
    assert {row["tag"]: row["sessions"] for row in report["tags"]} == {
        "venue-0": 6,
        "venue-1": 6,
    }
    case = report["cases"][0]
    assert {o["rating"] for o in case["objectives"]} <= {"P", "S", "M", "U"}
    assert all(role["decision_seconds"]["answers"] > 0 for role in case["roles"])


def test_summary_and_replay_of_one_session_agree(runner: CliRunner, corpus: Path) -> None:
    path = sorted(corpus.rglob("*.toml"))[3]
    summary = json.loads(
        runner.invoke(app, ["summary", str(path), "--dir", str(DATA), "--format", "json"]).stdout
    )
    report = as_json(runner, path)
    case = report["cases"][0]
    for step in summary["steps"]:
        row = next(r for r in case["steps"] if r["id"] == step["id"])
        assert row[step["status"]] == 1
    for key in ("on_time", "late", "missed", "harmful"):
        assert report["totals"][key] == summary["totals"][key]
    for role in case["roles"]:
        timing = summary["timing"][role["id"]]
        assert role["decision_seconds"]["answers"] == timing["answers"]
        assert role["decision_seconds"]["median"] == pytest.approx(timing["median_seconds"])
    for objective in summary["objectives"]:
        mine = next(o for o in case["objectives"] if o["id"] == objective["id"])
        assert mine["rating"] == objective["rating"] and mine["ratings"][objective["rating"]] == 1


def test_serial_and_parallel_runs_give_the_same_report(
    runner: CliRunner, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interact_cli.score import batch

    monkeypatch.setattr(batch, "CHUNK", 2)
    serial = replay(runner, corpus, "--format", "json", "--jobs", "1")
    parallel = replay(runner, corpus, "--format", "json", "--jobs", "2")
    assert serial == parallel and serial[0] == 0


def test_the_order_of_the_paths_does_not_change_the_report(runner: CliRunner, corpus: Path) -> None:
    files = sorted(corpus.rglob("*.toml"))
    forward = replay(runner, *files, "--format", "csv")
    backward = replay(runner, *reversed(files), "--format", "csv")
    assert forward == backward


def mixed(corpus: Path, tmp_path: Path) -> Path:
    """Good sessions, plus a corrupt, a torn, a non-transcript and an unknown-case file."""
    folder = tmp_path / "mixed"
    shutil.copytree(corpus, folder)
    good = sorted(folder.rglob("*.toml"))[0].read_text(encoding="utf-8")
    (folder / "corrupt.toml").write_text("format = [\n", encoding="utf-8")
    (folder / "torn.toml").write_text(good[: good.rindex("[[events]]") + 25], encoding="utf-8")
    (folder / "ghost.toml").write_text(
        good.replace('case = "tiny"', 'case = "ghost"'), encoding="utf-8"
    )
    shutil.copy(DATA / "tiny.toml", folder / "a-case-not-a-session.toml")
    return folder


def test_bad_files_are_reported_one_line_each_and_good_ones_still_count(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    folder = mixed(corpus, tmp_path)
    code, out, err = replay(runner, folder, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["totals"]["sessions"] == 13  # the torn one is scored up to its cut
    kinds = {Path(p["file"]).name: p["kind"] for p in report["problems"]}
    assert kinds == {
        "corrupt.toml": "unreadable",
        "torn.toml": "torn",
        "ghost.toml": "no_case",
        "a-case-not-a-session.toml": "unreadable",
    }
    lines = err.strip().splitlines()
    assert len(lines) == 4 and "Traceback" not in err
    for name in kinds:
        assert sum(name in line for line in lines) == 1
    assert "invalid TOML" in err and "'ghost' not found" in err and "not a transcript" in err


def test_a_corrected_case_rescores_old_sessions_and_names_the_drift(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    # The corrected case drops the harmful 'wait 24 hours' choice from the menus.
    start = text.index('[[actions]]\nid = "wait_24h"')
    end = text.index("[[actions]]", start + 5)
    (cases / "tiny.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    result = runner.invoke(app, ["replay", str(corpus), "--dir", str(cases), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    kinds = {p["kind"] for p in report["problems"]}
    assert kinds == {"case_changed", "drift"}
    assert report["totals"]["sessions"] == 12 and report["totals"]["harmful"] == 0
    assert "action 'wait_24h'" in result.stderr and "is no longer in the case" in result.stderr


def test_exit_code_2_when_nothing_could_be_read(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "junk.toml").write_bytes(b"\x00\x01")
    code, _, err = replay(runner, tmp_path / "junk.toml", tmp_path / "missing.toml")
    assert code == 2
    assert "junk.toml: binary file" in err and "missing.toml: no such file or folder" in err


def test_an_empty_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = replay(runner, tmp_path)
    assert code == 2 and "no transcripts" in err


def test_filters_keep_only_matching_sessions(runner: CliRunner, corpus: Path) -> None:
    assert as_json(runner, corpus, "--tag", "venue-1")["totals"]["sessions"] == 6
    assert as_json(runner, corpus, "--since", "2026-03-01")["totals"]["sessions"] == 4
    assert as_json(runner, corpus, "--case", "other")["totals"]["filtered_out"] == 12
    code, _, err = replay(runner, corpus, "--since", "March")
    assert code == 2 and "--since March" in err


def test_csv_has_one_row_per_session_and_expected_step(runner: CliRunner, corpus: Path) -> None:
    code, out, _ = replay(runner, corpus, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 12 * 3
    assert {row["status"] for row in rows} <= {"on_time", "late", "missed"}
    assert len({row["session"] for row in rows}) == 12
    done = [row for row in rows if row["done_by"] == "police_es"]
    assert done and all(row["player"] == "Ana García" for row in done)
    reception = [row for row in rows if row["roles"] == "reception_es"]
    assert all(row["player"] == "'=HYPERLINK(1)" for row in reception)  # never a formula


def test_pseudonymize_replaces_player_names_in_every_format(
    runner: CliRunner, corpus: Path
) -> None:
    for output in ("text", "md", "csv", "json", "html"):
        code, out, _ = replay(runner, corpus, "--format", output, "--pseudonymize")
        assert code == 0
        for name in PLAYERS.values():
            assert name not in out
    _, out, _ = replay(runner, corpus, "--format", "csv", "--pseudonymize")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["player"] for row in rows if row["done_by"] == "police_es"} == {"police_es"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.figures: dict[str, str] = {}
        self.text: list[str] = []
        self._figure: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("src", "href"):
            if values.get(key):
                self.external.append(f"{tag} {key}={values[key]}")
        if tag == "link" or tag == "script":
            self.external.append(tag)
        if "data-figure" in values:
            self._figure = values["data-figure"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._figure is not None and data.strip():
            self.figures[self._figure] = data.strip()
            self._figure = None


def test_html_is_one_self_contained_page_with_the_key_figures(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    sneaky = text.replace('en = "Tiny case"', 'en = "Tiny <script>alert(1)</script> & co"')
    (cases / "tiny.toml").write_text(sneaky, encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        ["replay", str(corpus), "--dir", str(cases), "--format", "html", "--output", str(out)],
    )
    assert result.exit_code == 1  # the case changed under the sessions
    report = json.loads(
        runner.invoke(app, ["replay", str(corpus), "--dir", str(cases), "--format", "json"]).stdout
    )
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.external == []
    totals = report["totals"]
    assert page.figures["sessions"] == "12"
    assert page.figures["missed"] == str(totals["missed"])
    assert page.figures["on time"] == str(totals["on_time"])
    assert page.figures["harmful choices"] == str(totals["harmful"])
    body = " ".join(page.text)
    assert "Tiny <script>alert(1)</script> & co" in body  # shown as text, never run
    top = report["gaps"][0]
    assert top["label"] in body and "Improvement plan" in body


def test_markdown_report_has_an_improvement_plan_for_the_top_gaps(
    runner: CliRunner, corpus: Path
) -> None:
    code, out, _ = replay(runner, corpus, "--format", "md")
    report = as_json(runner, corpus)
    assert code == 0 and out.startswith("# After-action report")
    plan = out[out.index("## Improvement plan") :]
    for number, gap in enumerate(report["gaps"][:5], start=1):
        assert f"### {number}. {gap['label']}" in plan
    assert plan.count("**Recommendation:**") == min(5, len(report["gaps"]))
    assert "**Guidance:** S" in plan
    assert "- **U** (unable to be performed)" in out


def test_terminal_report_has_tables_and_a_bar_chart(runner: CliRunner, corpus: Path) -> None:
    code, out, err = replay(runner, corpus)
    assert code == 0 and err == ""
    assert "Replayed 12 session(s)" in out and "Top knowledge gaps" in out
    assert re.search(r"█+ \d+%", out)
    assert "By role" in out and "Sessions by tag" in out


def test_out_writes_the_report_to_a_file(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "gaps.json"
    code, out, _ = replay(runner, corpus, "--format", "json", "--output", target)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["totals"]["sessions"] == 12


def test_a_progress_bar_shows_on_a_terminal_only(corpus: Path, tmp_path: Path) -> None:
    import sys

    import pexpect

    interact = Path(sys.executable).parent / "interact"
    args = ["replay", str(corpus), "--dir", str(DATA), "--format", "json"]
    child = pexpect.spawn(
        str(interact),
        [*args, "--output", str(tmp_path / "r.json")],
        encoding="utf-8",
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "100"},
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Replaying" in child.before and "12/12" in child.before


def test_the_plan_names_the_harmful_choice_made_instead_of_a_missed_step(
    runner: CliRunner, tmp_path: Path
) -> None:
    from interact_cli.play.engine import Answer
    from tests.helpers import play_into
    from tests.test_replayer import Plan

    scenario = tiny()
    for _ in range(3):
        plan = Plan({("r1", "reception_es"): [Answer(("wait_24h",), "", 40.0)]})
        play_into(scenario, plan, tmp_path / "s")
    code, out, _ = replay(runner, tmp_path / "s", "--format", "md", "--include-dry-runs")
    first = out[out.index("### 1.") : out.index("### 2.")]
    assert code == 0 and "Report her missing to the police now" in first
    assert "Reception centre, Spain (reception_es), in round r1 (Day 4, 07:00)" in first
    assert 'chose "Wait 24 hours in case she comes back" 3 time(s) in 3 sessions' in first
    assert "the first hours matter most" in first
