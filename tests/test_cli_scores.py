"""Scores that mean something, through the commands a trainer runs: `summary` and `replay`
count only what the team had a chance at, say what they left out and why, keep dry-runs
apart from teams, and name the recorded answers that no longer fit the case."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.play.engine import Answer, Stop
from interact_cli.play.responders import IdealResponder, IdleResponder, RandomResponder
from interact_cli.record.transcript import load_transcript
from interact_cli.score.aggregate import Aggregate, FileResult, session_stats
from interact_cli.score.batch import Filters
from interact_cli.score.scoring import StepResult, assess
from interact_cli.score.view import aggregate_dict
from tests.helpers import DATA, AtTheTable, play_into, tiny, twice

TABLE = ("reception_es", "police_es")


@pytest.fixture
def part_played(tmp_path: Path) -> Path:
    """A live session of `twice` with the guardian not at the table, saved in round 3 of 4.

    report_first is missed (its window closed in r2), sis_alert on time, visit_child not
    assessed (the guardian was not at the table), report_second and safe_check not reached;
    reception chose the harmful 'wait 24 hours' in r2.
    """
    plan = {
        ("r1", "police_es"): [Answer(("sis_alert",), "", 40.0)],
        ("r2", "reception_es"): [Answer(("wait_24h",), "", 30.0)],
        ("r3", "reception_es"): [Stop("saved")],
    }
    scenario = twice()
    played = play_into(scenario, AtTheTable(plan, TABLE), tmp_path / "s", mode="live", table=TABLE)
    return played.path


def summary(runner: CliRunner, path: Path, *options: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["summary", str(path), "--dir", str(DATA), *options])
    return result.exit_code, result.stdout, result.stderr


def replay(runner: CliRunner, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["replay", *map(str, args), "--dir", str(DATA)])
    return result.exit_code, result.stdout, result.stderr


def test_the_transcript_records_who_was_at_the_table(part_played: Path) -> None:
    header = load_transcript(part_played).transcript.header
    assert header.table == TABLE
    assert 'table = [\n    "reception_es",\n    "police_es",\n]' in part_played.read_text()


def test_summary_counts_only_what_was_assessed_and_reached(
    runner: CliRunner, part_played: Path
) -> None:
    code, out, err = summary(runner, part_played, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["totals"] == {
        "expected_steps": 5,
        "assessed": 2,
        "on_time": 1,
        "late": 0,
        "missed": 1,
        "not_assessed": 1,
        "not_reached": 2,
        "left_out": {"not_at_table": 1, "skipped": 0, "drift": 0, "not_reached": 2},
        "harmful": 1,
    }
    assert data["table"] == list(TABLE) and data["completed"] is False
    assert data["stopped_in"] == {"round": "r3", "number": 3, "of": 4}
    statuses = {s["id"]: (s["status"], s["reason"]) for s in data["steps"]}
    assert statuses == {
        "report_first": ("missed", None),
        "sis_alert": ("on_time", None),
        "visit_child": ("not_assessed", "not_at_table"),
        "report_second": ("not_reached", None),
        "safe_check": ("not_reached", None),
    }
    ratings = {o["id"]: o["rating"] for o in data["objectives"]}
    assert ratings == {"report": "U", "care": None}  # care: nothing of it was assessed

    code, text, _ = summary(runner, part_played)
    lines = text.splitlines()
    assert code == 0 and "not finished: stopped in round 3 of 4" in lines[0]
    assert "1 on time · 0 late · 1 missed of 2 expected steps assessed · 1 harmful" in text
    assert "1 expected step not assessed: its roles were not at the table." in text
    assert "2 expected steps not reached: play stopped before their window ended." in text
    assert "not reached" in text and "Visit her at the centre" not in text

    code, md, _ = summary(runner, part_played, "--format", "md")
    first = md.splitlines()[0]
    assert first.startswith("# Gone twice: session ") and "stopped in round 3 of 4" in first
    assert "1 on time, 0 late, 1 missed of 2 expected steps assessed, 1 harmful" in md
    assert "1 step of roles not at the table is not listed" in md
    assert "| Visit her at the centre |" not in md  # counted above, not listed
    assert "| police_es | Check she is safe and well | r4 | - | not reached |" in md


def test_replay_counts_only_what_was_assessed_and_reached_in_every_format(
    runner: CliRunner, part_played: Path
) -> None:
    folder = part_played.parent
    code, out, err = replay(runner, folder, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    totals = report["totals"]
    assert (totals["sessions"], totals["completed"], totals["dry_runs_left_out"]) == (1, 0, 0)
    assert (totals["expected_steps"], totals["assessed"]) == (5, 2)
    assert (totals["on_time"], totals["late"], totals["missed"]) == (1, 0, 1)
    assert (totals["not_assessed"], totals["not_reached"]) == (1, 2)
    case = report["cases"][0]
    steps = {s["id"]: s for s in case["steps"]}
    assert (steps["visit_child"]["sessions"], steps["visit_child"]["missed"]) == (0, 0)
    assert steps["visit_child"]["left_out"]["not_at_table"] == 1
    assert steps["report_first"]["missed_share"] == 1.0
    roles = {r["id"]: r for r in case["roles"]}
    # The guardian never had a turn: nothing is missed against it, not even the report it
    # shares with the reception centre.
    assert (roles["guardian_es"]["missed"], roles["guardian_es"]["assessed"]) == (0, 0)
    assert roles["reception_es"]["missed"] == 1
    objectives = {o["id"]: o for o in case["objectives"]}
    assert objectives["care"]["not_rated"] == 1 and objectives["care"]["rating"] is None
    assert report["sessions"] == [
        {
            "file": str(part_played),
            "session": part_played.stem,
            "case": "twice",
            "started": "2026-11-28T09:00:00+00:00",
            "tag": "",
            "mode": "live",
            "dry_run": False,
            "completed": False,
            "stopped_in": "r3",
            "drift": 0,
            "assessed": 2,
            "on_time": 1,
            "late": 0,
            "missed": 1,
            "not_assessed": 1,
            "not_reached": 2,
        }
    ]
    assert [gap["id"] for gap in report["gaps"]] == ["report_first"]

    code, md, _ = replay(runner, folder, "--format", "md")
    assert "- 1 session did not finish" in md
    assert "- Expected steps: 2 assessed of 5: 1 on time, 0 late, 1 missed." in md
    assert "- 1 expected step not assessed: its roles were not at the table." in md
    assert "missed in 1 of the 1 sessions where assessed (100%), late in 0." in md

    code, html, _ = replay(runner, folder, "--format", "html")
    assert 'data-figure="not reached"><b>2</b>' in html
    assert 'data-figure="steps assessed"><b>2</b>' in html
    assert "missed in 1 of the 1 sessions where assessed (100%)" in html

    code, text, _ = replay(runner, folder)
    assert "1 on time · 0 late · 1 missed of 2 expected steps assessed" in text
    assert "2 expected steps not reached: play stopped before their window ended." in text

    code, out, _ = replay(runner, folder, "--format", "csv")
    rows = {row["step"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["visit_child"]["status"] == "not_assessed"
    assert rows["visit_child"]["reason"] == "not_at_table"
    assert rows["safe_check"]["status"] == "not_reached"
    assert {row["stopped_in"] for row in rows.values()} == {"r3"}
    assert {(row["mode"], row["dry_run"]) for row in rows.values()} == {("live", "no")}


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Two sessions played by teams and three dry-runs (ideal, idle and random)."""
    scenario = tiny()
    folder = tmp_path / "programme"
    for seed in (1, 2):
        play_into(scenario, RandomResponder(seed), folder, mode="live")
    play_into(scenario, IdealResponder(scenario), folder, source="ideal")
    play_into(scenario, IdleResponder(), folder, source="idle")
    play_into(scenario, RandomResponder(3), folder, source="random:3")
    return folder


def test_replay_leaves_dry_runs_out_and_says_so(runner: CliRunner, mixed_folder: Path) -> None:
    code, out, err = replay(runner, mixed_folder, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["totals"]["sessions"] == 2
    assert report["totals"]["dry_runs_left_out"] == 3 and report["totals"]["dry_runs"] == 0
    assert {row["mode"] for row in report["sessions"]} == {"live"}
    sentence = (
        "3 dry-runs left out: practice runs (scripts, --ideal, --idle, --random, demo) are not "
        "teams; --include-dry-runs counts them."
    )
    _, text, _ = replay(runner, mixed_folder)
    assert sentence in text.splitlines()[1]
    _, md, _ = replay(runner, mixed_folder, "--format", "md")
    assert f"- {sentence}" in md.split("## Objectives")[0]
    _, html, _ = replay(runner, mixed_folder, "--format", "html")
    assert sentence in html.split("<h2>")[0]


def test_include_dry_runs_counts_them_and_marks_each_session(
    runner: CliRunner, mixed_folder: Path
) -> None:
    code, out, _ = replay(runner, mixed_folder, "--format", "json", "--include-dry-runs")
    report = json.loads(out)
    assert code == 0 and report["totals"]["sessions"] == 5
    assert report["totals"]["dry_runs_left_out"] == 0 and report["totals"]["dry_runs"] == 3
    assert sorted(row["dry_run"] for row in report["sessions"]) == [False] * 2 + [True] * 3
    assert report["filters"]["include_dry_runs"] is True
    _, out, _ = replay(runner, mixed_folder, "--format", "csv", "--include-dry-runs")
    in_csv = {(row["session"], row["dry_run"]) for row in csv.DictReader(io.StringIO(out))}
    in_json = {(row["session"], "yes" if row["dry_run"] else "no") for row in report["sessions"]}
    assert in_csv == in_json and len(in_csv) == 5
    _, text, _ = replay(runner, mixed_folder, "--include-dry-runs")
    assert "3 of the sessions are dry-runs, counted as asked (--include-dry-runs)." in text


def test_a_folder_of_dry_runs_only_says_how_to_count_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    play_into(tiny(), IdleResponder(), tmp_path, source="idle")
    code, out, err = replay(runner, tmp_path, "--format", "json")
    assert code == 0 and json.loads(out)["totals"]["sessions"] == 0
    assert "every session found is a dry-run; --include-dry-runs counts them" in err


def test_a_paper_session_counts_as_a_team(runner: CliRunner, tmp_path: Path) -> None:
    play_into(tiny(), IdleResponder(), tmp_path, source="paper:table-3.pdf")
    report = json.loads(replay(runner, tmp_path, "--format", "json")[1])
    assert report["totals"]["sessions"] == 1
    assert report["sessions"][0]["dry_run"] is False


RENAMED = ("report_police_now", "report_missing_now")


@pytest.fixture
def renamed_case(tmp_path: Path) -> Path:
    """tiny.toml with the police report action renamed (its step keeps its id)."""
    old, new = RENAMED
    return edited_tiny(
        tmp_path / "cases",
        (f'id = "{old}"', f'id = "{new}"'),
        (f'action = "{old}"', f'id = "{old}"\naction = "{new}"'),
        (f'when = "missed:{old}"', f'when = "missed:{new}"'),
    )


def edited_tiny(folder: Path, *replacements: tuple[str, str]) -> Path:
    """A folder holding tiny.toml as a case author edited it."""
    folder.mkdir()
    text = (DATA / "tiny.toml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"test setup: {old!r} not in tiny.toml"
        text = text.replace(old, new)
    (folder / "tiny.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def team_sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "teams"
    for seed in range(16):
        play_into(tiny(), RandomResponder(seed), folder, mode="live")
    return folder


def test_summary_names_the_drift_of_a_renamed_action_and_exits_1(
    runner: CliRunner, renamed_case: Path, tmp_path: Path
) -> None:
    plan = {("r1", "reception_es"): [Answer(("report_police_now", "wait_24h"), "", 20.0)]}
    path = play_into(tiny(), AtTheTable(plan), tmp_path / "one", mode="live").path
    result = runner.invoke(
        app, ["summary", str(path), "--dir", str(renamed_case), "--format", "json"]
    )
    assert result.exit_code == 1
    drift = [line for line in result.stderr.splitlines() if "events[" in line]
    assert drift == [
        f"warning: {path.name}: events[1]: round 'r1': action 'report_police_now' "
        "(role 'reception_es') is no longer in the case; not scored"
    ]
    data = json.loads(result.stdout)
    assert data["drift"] == [drift[0].split(f"{path.name}: ", 1)[1]]
    step = next(s for s in data["steps"] if s["id"] == "report_police_now")
    assert (step["status"], step["reason"]) == ("not_assessed", "drift")
    assert data["harmful"][0]["action"] == "wait_24h"  # the rest of the answer still counts


def test_replay_of_a_renamed_action_equals_the_sessions_without_the_drifted_steps(
    runner: CliRunner, renamed_case: Path, team_sessions: Path
) -> None:
    result = runner.invoke(
        app, ["replay", str(team_sessions), "--dir", str(renamed_case), "--format", "json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    from interact_cli.case.loader import load_scenario

    renamed = load_scenario(renamed_case / "tiny.toml")
    expected = Aggregate()
    drifted = 0
    for path in sorted(team_sessions.glob("*.toml")):
        transcript = load_transcript(path).transcript
        # What the renamed case cannot judge: sessions where the reception centre chose the
        # old report action (in its window: any round); there, the step is left out.
        chose = any(e.kind == "answer" and RENAMED[0] in e.actions for e in transcript.events)
        drifted += chose
        original = assess(tiny(), transcript)
        steps = tuple(
            StepResult(renamed.expected_steps[i], "not_assessed", reason="drift")
            if result.step.id == RENAMED[0] and chose
            else dataclasses.replace(result, step=renamed.expected_steps[i])
            for i, result in enumerate(original.steps)
        )
        objectives = tuple(
            dataclasses.replace(
                objective,
                steps=tuple(s for s in steps if s.step.id in objective.objective.steps),
            )
            for objective in original.objectives
        )
        without = dataclasses.replace(original, steps=steps, objectives=objectives)
        expected.add(FileResult(str(path), (), session_stats(without, transcript, True)), renamed)
    want = aggregate_dict(expected, {"tiny": renamed}, Filters(), None)
    assert 0 < drifted == report["totals"]["drifted"]
    assert report["cases"][0]["steps"] == want["cases"][0]["steps"]
    assert report["cases"][0]["objectives"] == want["cases"][0]["objectives"]
    assert report["cases"][0]["roles"] == want["cases"][0]["roles"]
    assert report["gaps"] == want["gaps"]
    for key in ("assessed", "on_time", "late", "missed", "not_assessed", "left_out"):
        assert report["totals"][key] == want["totals"][key], key
    step = next(step for step in report["cases"][0]["steps"] if step["id"] == RENAMED[0])
    assert step["left_out"]["drift"] == drifted and step["on_time"] == step["late"] == 0
    assert step["missed"] > 0  # the sessions that never chose it still count as missed


MISFITS = """format = "interact-transcript/1"
session = "2026-11-28-tiny-bad001"
case = "tiny"
case_version = "1"
case_sha256 = "{sha}"
mode = "dry-run"
lang = "en"
started = 2026-11-28 09:00:00+00:00
source = "idle"

[[events]]
kind = "round_start"
round = "r1"
at = 2026-11-28 09:00:00+00:00

[[events]]
kind = "answer"
round = "r1"
role = "reception_es"
actions = ["report_police_now"]
seconds = 10.0
at = 2026-11-28 09:00:10+00:00

[[events]]
kind = "answer"
round = "r1"
role = "police_fr"
actions = ["sis_alert"]
seconds = 10.0
at = 2026-11-28 09:00:20+00:00

[[events]]
kind = "answer"
round = "r1"
role = "reception_es"
actions = ["wait_24h"]
seconds = 10.0
at = 2026-11-28 09:00:30+00:00

[[events]]
kind = "answer"
round = "r1"
role = "police_es"
seconds = 10.0
at = 2026-11-28 09:00:40+00:00

[[events]]
kind = "round_end"
round = "r1"
reason = "completed"
at = 2026-11-28 09:00:40+00:00

[[events]]
kind = "round_start"
round = "r2"
at = 2026-11-28 09:00:40+00:00

[[events]]
kind = "answer"
round = "r2"
role = "ghost_es"
actions = ["sis_alert"]
seconds = 10.0
at = 2026-11-28 09:00:50+00:00

[[events]]
kind = "stop"
round = "r2"
reason = "saved"
at = 2026-11-28 09:01:00+00:00
"""

EXPECTED_MISFITS = [
    "events[2]: round 'r1': role 'police_fr' does not play in this round; its answer is not scored",
    "events[3]: round 'r1': role 'reception_es' already answered or was skipped in this round; "
    "this answer is not scored",
    "events[7]: round 'r2': role 'ghost_es' is not in the case; its answer is not scored",
]


def test_impossible_events_are_the_same_findings_in_summary_resume_and_replay(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "2026-11-28-tiny-bad001.toml"
    path.write_text(MISFITS.format(sha=tiny().sha256), encoding="utf-8")
    before = path.read_bytes()

    def findings(stderr: str, prefix: str) -> list[str]:
        return [line.split(prefix, 1)[1] for line in stderr.splitlines() if prefix in line]

    code, out, err = summary(runner, path, "--format", "json")
    assert code == 1
    assert findings(err, f"warning: {path.name}: ") == EXPECTED_MISFITS
    assert json.loads(out)["drift"] == EXPECTED_MISFITS
    # Neither the harmful second answer nor the ghost's alert is scored.
    assert json.loads(out)["totals"]["harmful"] == 0

    resumed = runner.invoke(app, ["resume", str(path), "--dir", str(DATA)])
    assert resumed.exit_code == 1 and "Traceback" not in resumed.output
    assert findings(resumed.stderr, f"error: {path.name}: ") == EXPECTED_MISFITS
    assert path.read_bytes() == before  # refused before anything was written

    code, out, err = replay(runner, folder, "--format", "json", "--include-dry-runs")
    assert code == 1
    assert findings(err, f"warning: {path}: ") == EXPECTED_MISFITS
    report = json.loads(out)
    assert [p["message"] for p in report["problems"] if p["kind"] == "drift"] == EXPECTED_MISFITS
    assert report["totals"]["drifted"] == 1


def test_a_hand_edited_renamed_round_is_named_for_each_answer(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "2026-11-28-tiny-bad002.toml"
    text = MISFITS.format(sha="0").replace('round = "r2"', 'round = "r2b"')
    path.write_text(text, encoding="utf-8")
    code, _, err = summary(runner, path)
    assert code == 1
    assert (
        "events[7]: round 'r2b' is no longer in the case: the answer of role 'ghost_es' is "
        "not scored"
    ) in err
    assert re.search(r"events\[6\]: round 'r2b' is no longer in the case\n", err) is None


def test_old_transcripts_without_a_table_take_it_from_the_players(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Live play wrote every role at the table into `players`, named or not."""
    plan = {("r1", "reception_es"): [Answer(("report_police_now",))]}
    path = play_into(tiny(), AtTheTable(plan, ("reception_es",)), tmp_path, mode="live").path
    text = path.read_text(encoding="utf-8")
    start = text.index("table = [")
    old = text[:start] + text[text.index("]\n", start) + 2 :]
    old = old.replace("\n[[events]]", '\n[players]\nreception_es = ""\n\n[[events]]', 1)
    path.write_text(old, encoding="utf-8")
    assert load_transcript(path).transcript.header.table == ()
    data = json.loads(summary(runner, path, "--format", "json")[1])
    assert data["table"] == ["reception_es"]
    assert data["totals"]["left_out"]["not_at_table"] == 2


def test_a_session_stopped_in_the_debrief_says_so_and_counts_every_round(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = play_into(tiny(), IdealResponder(tiny()), tmp_path, mode="live").path
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n[end]")] + "\n", encoding="utf-8")
    code, out, _ = summary(runner, path)
    first = out.splitlines()[0]
    assert code == 0 and "not finished: stopped after the last round, during the debrief" in first
    assert "3 on time · 0 late · 0 missed of 3 expected steps assessed" in out


def test_a_role_added_to_a_played_round_is_noted_not_drift(
    runner: CliRunner, tmp_path: Path, team_sessions: Path
) -> None:
    added = (
        'roles = ["reception_es", "police_es"]',
        'roles = ["reception_es", "police_es", "police_fr"]',
    )
    folder = edited_tiny(tmp_path / "grown", added)
    path = sorted(team_sessions.glob("*.toml"))[0]
    result = runner.invoke(app, ["summary", str(path), "--dir", str(folder), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["drift"] == []
    assert "round 'r1': role 'police_fr' now plays this round; it has no recorded answer" in (
        result.stderr
    )
    result = runner.invoke(app, ["replay", str(path), "--dir", str(folder), "--format", "json"])
    report = json.loads(result.stdout)
    assert {p["kind"] for p in report["problems"]} == {"case_changed", "unplayed"}
    assert report["totals"]["drifted"] == 0
