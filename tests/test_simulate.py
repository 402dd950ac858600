"""`interact simulate`: a programme of simulated teams as dry-run transcripts, reproducible,
finished by running it again, read by summary and replay like any session."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir, bundled_profile
from interact_cli.case.loader import load_scenario
from interact_cli.cli.app import app
from interact_cli.play.profile import Profile, Rule, load_profile
from interact_cli.play.simulated_team import PlannedResponder, plan_session
from interact_cli.record.transcript import load_transcript
from tests.helpers import DATA, installed_command, play_into

CASE = DATA / "programme.toml"
PROFILE = DATA / "programme-profile.toml"


def simulate(runner: CliRunner, out: Path, *more: str) -> tuple[int, str, str]:
    args = ["simulate", str(CASE), "--profile", str(PROFILE), "--sessions", str(out), *more]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.toml"))}


def test_the_same_seed_gives_the_same_files_byte_for_byte_however_many_workers(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert simulate(runner, tmp_path / "a", "--count", "120", "--seed", "7", "--jobs", "1")[0] == 0
    assert simulate(runner, tmp_path / "b", "--count", "120", "--seed", "7", "--jobs", "2")[0] == 0
    assert simulate(runner, tmp_path / "c", "--count", "120", "--seed", "8")[0] == 0
    first, again, other = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert len(first) == 120 and first == again
    assert not set(first) & set(other)
    assert sorted(first.values()) != sorted(other.values())


def test_each_session_is_a_dry_run_that_summary_and_replay_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, out, _ = simulate(runner, tmp_path / "s", "--count", "6", "--seed", "3")
    assert code == 0
    assert "Simulated 6 sessions of case 'programme' from profile 'planted' (seed 3)" in out
    assert f"interact replay {tmp_path / 's'} --include-dry-runs" in out
    paths = sorted((tmp_path / "s").glob("*.toml"))
    for path in paths:
        header = load_transcript(path).transcript.header
        assert header.mode == "dry-run" and header.source.startswith("profile:planted:3:")
        assert header.session == path.stem and header.tag in {"BE", "FR", "GR", "IT", "SE", "UK"}
        assert set(header.table) <= {"reception_es", "police_es", "hotline_fr", "police_fr"} | {
            "police_be",
            "guardian_be",
        }
    summary = runner.invoke(app, ["summary", str(paths[0]), "--dir", str(DATA)])
    assert summary.exit_code == 0, summary.stderr
    left_out = runner.invoke(
        app, ["replay", str(tmp_path / "s"), "--dir", str(DATA), "--format", "json"]
    )
    assert json.loads(left_out.stdout)["totals"]["dry_runs_left_out"] == 6
    counted = runner.invoke(
        app,
        ["replay", str(tmp_path / "s"), "--dir", str(DATA), "--format", "json"]
        + ["--include-dry-runs"],
    )
    assert json.loads(counted.stdout)["totals"]["sessions"] == 6


def test_running_again_keeps_what_was_written_and_completes_what_was_cut_short(
    runner: CliRunner, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    assert simulate(runner, reference, "--count", "10")[0] == 0
    folder = tmp_path / "s"
    assert simulate(runner, folder, "--count", "10")[0] == 0
    paths = sorted(folder.glob("*.toml"))
    cut = paths[3].read_bytes()
    paths[3].write_bytes(cut[: len(cut) // 2])
    paths[5].unlink()
    code, out, _ = simulate(runner, folder, "--count", "10")
    assert code == 0
    assert "8 were already there, the same, and were kept." in out
    assert "1 cut short by an interruption was completed." in out
    assert files(folder) == files(reference)


def test_a_file_that_holds_something_else_is_never_overwritten(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "s"
    assert simulate(runner, folder, "--count", "3")[0] == 0
    path = sorted(folder.glob("*.toml"))[1]
    path.write_text("precious: a session someone edited\n", encoding="utf-8")
    code, _, err = simulate(runner, folder, "--count", "3")
    assert code == 2
    assert err.count("\n") == 1 and path.name in err and "will not be overwritten" in err
    assert path.read_text(encoding="utf-8") == "precious: a session someone edited\n"


def test_resuming_a_simulated_session_says_how_to_finish_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "s"
    assert simulate(runner, folder, "--count", "1", "--seed", "5")[0] == 0
    (path,) = folder.glob("*.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n[[events]]", len(text) // 2)], encoding="utf-8")
    result = runner.invoke(app, ["resume", str(path), "--dir", str(DATA)])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: this session was simulated from team profile 'planted' with seed 5: run the "
        "same interact simulate command again, which completes it\n"
    )
    assert simulate(runner, folder, "--count", "1", "--seed", "5")[0] == 0
    assert load_transcript(path).transcript.end is not None


def test_the_bundled_profile_is_the_default_and_a_case_without_one_is_told(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["simulate", "mariama", "--count", "2", "--sessions", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    sources = {load_transcript(p).transcript.header.source for p in tmp_path.glob("*.toml")}
    assert sources == {"profile:mariama:0:0", "profile:mariama:0:1"}
    result = runner.invoke(app, ["simulate", str(CASE), "--count", "2"])
    assert result.exit_code == 2
    assert "case 'programme' has no bundled team profile; give one with --profile FILE" in (
        result.stderr
    )


def test_every_bundled_case_has_a_profile_that_fits_it() -> None:
    """Cases change (step ids, roles): this fails as soon as a bundled profile no longer fits."""
    cases = sorted(bundled_dir().glob("*.toml"))
    assert cases
    for path in cases:
        scenario = load_scenario(path)
        profile_path = bundled_profile(scenario.id)
        assert profile_path is not None, f"no scenarios/profiles/{scenario.id}.toml"
        profile = load_profile(profile_path, scenario)
        assert profile.name == scenario.id and profile.description
        assert len(profile.tags) == 6  # INTERACT's six countries
    assert sorted(p.stem for p in (bundled_dir() / "profiles").glob("*.toml")) == [
        p.stem for p in cases
    ]


def test_a_choice_limit_places_the_choices_with_the_fewest_places_first_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """reception_es may choose one action in round r1, where its two steps and wait_24h can
    only go (report_police_now could go late in r2, but it is drawn on time): each has one
    place, the harmful action goes first on a tie (a team that chooses it has that much less
    room for the right ones), and the two steps are crowded out, counted, and missed."""
    scenario = dataclasses.replace(load_scenario(CASE), choices=1)
    profile = Profile(
        "tight",
        "programme",
        default=Rule(1.0, 0.0),
        harmful={"wait_24h": 1.0},
    )
    plan = plan_session(scenario, profile, profile.rules(scenario), random.Random(1))
    assert plan.answers[("r1", "reception_es")] == ("wait_24h",)
    assert plan.unplayed == (("no_room", "report_police_now"), ("no_room", "quick_checks"))
    assert all(len(actions) <= 1 for actions in plan.answers.values())
    played = play_into(scenario, PlannedResponder(plan), tmp_path, source="t")
    assert played.outcome == "completed"


def test_a_progress_bar_shows_on_a_terminal(tmp_path: Path) -> None:
    import pexpect

    child = pexpect.spawn(
        installed_command("interact"),
        ["simulate", str(CASE), "--profile", str(PROFILE), "--count", "60"]
        + ["--sessions", str(tmp_path / "s")],
        encoding="utf-8",
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "100", "INTERACT_LANG": "en"},
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Simulating" in child.before and "60/60" in child.before
    assert "Simulated 60 sessions" in child.before
