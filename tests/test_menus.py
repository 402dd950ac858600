"""Round-scoped menus, the choice limit, the neutral order and corrections: what a role is
offered, what it may choose, and in which order it sees it, in the engine, scripts,
playthroughs, transcripts, replays and scores."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from statistics import fmean
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir
from interact_cli.case.loader import load_scenario, scenario_from_document
from interact_cli.case.model import Scenario
from interact_cli.case.order import neutral_order, ordered_menu, seed_from
from interact_cli.cli.app import app
from interact_cli.errors import ResponseError
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import Answer, Correct, Response, Session, Turn, run
from interact_cli.play.replayer import replay_session
from interact_cli.play.responders import IdealResponder, IdleResponder, RandomResponder
from interact_cli.record.events import Event
from interact_cli.record.transcript import Header, Transcript, header_to_dict, load_transcript
from interact_cli.score.scoring import assess
from tests.helpers import DATA, play_into, tiny
from tests.test_properties import cases

AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
BUNDLED = sorted(bundled_dir().glob("*.toml"))


def menus() -> Scenario:
    return load_scenario(DATA / "menus.toml")


class Plan:
    """Queued responses per (round, role); an empty answer otherwise."""

    def __init__(self, plan: dict[tuple[str, str], list[Response]]) -> None:
        self.plan = plan

    def respond(self, turn: Turn) -> Response:
        queue = self.plan.get((turn.round.id, turn.role.id), [])
        return queue.pop(0) if queue else Answer((), "", 10.0)


def play(scenario: Scenario, plan: dict[tuple[str, str], list[Response]]) -> list[Event]:
    events: list[Event] = []
    run(Session(scenario), Plan(plan), events.append, SimulatedClock(AT))
    return events


def check_offered_and_within_limit(scenario: Scenario, transcript: Transcript) -> None:
    """No answer chooses an action its round does not offer its role, or more than the limit."""
    for event in transcript.events:
        if event.kind in ("answer", "correction"):
            round_id, role_id = event.round or "", event.role or ""
            assert set(event.actions) <= scenario.menu_ids(round_id, role_id), event
            limit = scenario.choice_limit(round_id)
            assert limit is None or len(event.actions) <= limit, event


# ---------------------------------------------------------------- the case's menus


def test_each_round_offers_only_the_actions_from_until_allow() -> None:
    scenario = menus()
    offered = {
        (round_.id, role.id): sorted(scenario.menu_ids(round_.id, role.id))
        for round_ in scenario.rounds
        for role in scenario.roles
    }
    assert offered[("r1", "shelter")] == ["check_room", "log_call", "report_now", "wait_a_day"]
    assert offered[("r2", "shelter")] == ["log_call", "report_now"]
    assert offered[("r1", "police")] == ["log_call"]
    assert offered[("r2", "police")] == ["close_file", "log_call", "sis_alert"]
    assert offered[("r3", "police")] == ["close_file", "log_call", "safe_check", "sis_alert"]
    assert (scenario.choice_limit("r1"), scenario.choice_limit("r3")) == (2, 1)
    assert scenario.recall


def test_without_from_until_and_choices_every_round_offers_everything() -> None:
    scenario = tiny()
    assert scenario.menu_ids("r1", "police_es") == scenario.menu_ids("r3", "police_es")
    assert scenario.choice_limit("r1") is None


# ---------------------------------------------------------------- the engine


def test_the_engine_refuses_an_action_not_offered_in_that_round() -> None:
    with pytest.raises(ResponseError, match="'sis_alert' is not offered to role 'police'"):
        play(menus(), {("r1", "police"): [Answer(("sis_alert",))]})


def test_the_engine_still_refuses_an_action_outside_the_roles_menu() -> None:
    with pytest.raises(ResponseError, match="role 'police' cannot choose action 'report_now'"):
        play(menus(), {("r1", "police"): [Answer(("report_now",))]})


def test_the_engine_refuses_more_actions_than_the_limit() -> None:
    too_many = Answer(("check_room", "report_now", "log_call"))
    with pytest.raises(ResponseError, match="chose 3 actions in round 'r1'; at most 2"):
        play(menus(), {("r1", "shelter"): [too_many]})
    with pytest.raises(ResponseError, match="at most 1 may be chosen"):
        play(menus(), {("r3", "police"): [Answer(("safe_check", "log_call"))]})


def test_the_same_action_twice_counts_once_against_the_limit() -> None:
    events = play(menus(), {("r3", "police"): [Answer(("safe_check", "safe_check"))]})
    assert [e.actions for e in events if e.kind == "answer"][-1] == ("safe_check",)


def test_a_correction_replaces_the_answer_for_what_comes_next_and_for_scoring() -> None:
    scenario = menus()
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("wait_a_day",), "we wait", 20.0, "wait for her")],
        ("r1", "police"): [Correct("shelter", ("report_now", "check_room"), "reported")],
    }
    events = play(scenario, plan)
    kinds = [e.kind for e in events]
    assert kinds.index("correction") < kinds.index("round_end")
    # The inject for an unreported disappearance no longer comes: the report now counts.
    assert not [e for e in events if e.kind == "inject"]
    transcript = Transcript(Header("s", "menus", "1", "", "dry-run", "en", AT), tuple(events))
    assessment = assess(scenario, transcript)
    statuses = {result.step.id: result.status for result in assessment.steps}
    assert statuses["report_now"] == "on_time" and statuses["check_room"] == "on_time"
    assert assessment.harmful == ()


def test_a_correction_needs_an_answer_in_the_open_round() -> None:
    with pytest.raises(ResponseError, match="role 'police' has no answer in round 'r1'"):
        play(menus(), {("r1", "shelter"): [Correct("police", ())]})


def test_a_correction_is_checked_like_an_answer() -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "police"): [Correct("shelter", ("check_room", "report_now", "log_call"))]
    }
    with pytest.raises(ResponseError, match="at most 2"):
        play(menus(), plan)


def test_a_session_rebuilt_from_its_events_knows_the_corrected_answer() -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("wait_a_day",))],
        ("r1", "police"): [Correct("shelter", ("report_now",))],
    }
    events = play(menus(), plan)
    rebuilt = Session(menus(), events)
    assert [(g.round, g.role, g.actions) for g in rebuilt.given][0] == (
        "r1",
        "shelter",
        ("report_now",),
    )


# ---------------------------------------------------------------- playthroughs


def test_ideal_chooses_only_what_is_offered_within_the_limit_and_scores_100(
    tmp_path: Path,
) -> None:
    scenario = menus()
    played = play_into(scenario, IdealResponder(scenario), tmp_path)
    check_offered_and_within_limit(scenario, played.transcript)
    assessment = assess(scenario, played.transcript)
    assert assessment.count("on_time") == len(scenario.expected_steps)


def test_idle_and_random_only_choose_what_is_offered(tmp_path: Path) -> None:
    scenario = menus()
    for index, responder in enumerate([IdleResponder(), *map(RandomResponder, range(30))]):
        played = play_into(scenario, responder, tmp_path / str(index), f"random:{index}")
        check_offered_and_within_limit(scenario, played.transcript)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(doc=cases(menus=True), seed=st.integers(0, 10_000), menu_seed=st.integers(1, 2**31 - 1))
def test_no_random_answer_chooses_what_its_round_does_not_offer_or_more_than_the_limit(
    doc: dict[str, Any], seed: int, menu_seed: int
) -> None:
    scenario, findings = scenario_from_document(doc, "generated.toml")
    assume(not [finding for finding in findings if not finding.warning])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.toml"
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
        scenario = load_scenario(path)
        for responder in (RandomResponder(seed), IdealResponder(scenario)):
            played = play_into(scenario, responder, Path(folder) / "out", f"random:{menu_seed}")
            check_offered_and_within_limit(scenario, played.transcript)
            replayed = replay_session(scenario, load_transcript(played.path).transcript)
            assert replayed.drift == ()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000))
def test_random_playthroughs_of_the_bundled_cases_respect_menus_and_limits(
    path: Path, seed: int
) -> None:
    scenario = load_scenario(path)
    with tempfile.TemporaryDirectory() as folder:
        played = play_into(scenario, RandomResponder(seed), Path(folder), f"random:{seed}")
    check_offered_and_within_limit(scenario, played.transcript)


# ---------------------------------------------------------------- scripts


def script_result(runner: CliRunner, tmp_path: Path, body: str) -> Any:
    path = tmp_path / "team.toml"
    path.write_text('format = "interact-script/1"\ncase = "menus"\n' + body, encoding="utf-8")
    return runner.invoke(app, ["dry-run", str(DATA / "menus.toml"), "--script", str(path)])


def test_a_script_choosing_an_action_not_offered_in_that_round_is_refused(
    runner: CliRunner, tmp_path: Path, sessions_dir: Path
) -> None:
    result = script_result(runner, tmp_path, '[rounds.r1.police]\nactions = ["sis_alert"]\n')
    assert result.exit_code == 2
    assert result.stderr == (
        "error: team.toml: rounds.r1.police.actions[0]: action 'sis_alert' is not offered in "
        "round 'r1'\n"
    )
    assert not sessions_dir.exists()


def test_a_script_choosing_more_than_the_limit_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    body = '[rounds.r3.police]\nactions = ["safe_check", "sis_alert"]\n'
    result = script_result(runner, tmp_path, body)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: team.toml: rounds.r3.police.actions: 2 actions chosen; at most 1 may be "
        "chosen in round 'r3'\n"
    )


def test_a_script_says_what_a_role_said_before_its_checklist(
    runner: CliRunner, tmp_path: Path
) -> None:
    body = '[rounds.r1.shelter]\nactions = ["report_now"]\nsaid = "Call the police"\n'
    result = script_result(runner, tmp_path, body)
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.split("Transcript saved: ")[1].splitlines()[0])
    first = [e for e in load_transcript(path).transcript.events if e.kind == "answer"][0]
    assert (first.said, first.actions) == ("Call the police", ("report_now",))


# ---------------------------------------------------------------- the neutral order


def test_the_same_seed_gives_the_same_order_and_two_seeds_differ() -> None:
    scenario = load_scenario(BUNDLED[0])
    round_id, role_id = scenario.rounds[0].id, scenario.rounds[0].roles[0]
    menu = scenario.menu(round_id, role_id)
    assert len(menu) >= 6
    first = neutral_order(41, round_id, role_id, menu)
    assert neutral_order(41, round_id, role_id, tuple(reversed(menu))) == first
    assert neutral_order(42, round_id, role_id, menu) != first
    assert sorted(a.id for a in first) == sorted(a.id for a in menu)


def test_the_order_differs_between_rounds_and_roles() -> None:
    scenario = load_scenario(DATA / "tiny.toml")
    ids = sorted(scenario.actions, key=lambda a: a.id)
    orders = {
        (round_id, role_id): [a.id for a in neutral_order(9, round_id, role_id, ids)]
        for round_id in ("r1", "r2", "r3")
        for role_id in ("police_es", "police_fr")
    }
    assert len({tuple(order) for order in orders.values()}) > 1


def test_a_session_without_a_seed_keeps_case_order() -> None:
    scenario = tiny()
    assert ordered_menu(scenario, None, "r1", "police_es") == scenario.menu("r1", "police_es")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_expected_neutral_and_harmful_options_are_not_grouped(path: Path) -> None:
    """Across sessions, each kind of option sits on average in the middle of its menus."""
    scenario = load_scenario(path)
    expected = {step.action for step in scenario.expected_steps}
    harmful = {action.id for action in scenario.harmful_actions}
    places: dict[str, list[float]] = {"expected": [], "neutral": [], "harmful": []}
    for seed in range(1, 41):
        for round_ in scenario.rounds:
            for role_id in round_.roles:
                menu = ordered_menu(scenario, seed, round_.id, role_id)
                for index, action in enumerate(menu):
                    kind = (
                        "expected"
                        if action.id in expected
                        else "harmful"
                        if action.id in harmful
                        else "neutral"
                    )
                    places[kind].append(index / max(1, len(menu) - 1))
    for kind, shares in places.items():
        assert 0.4 < fmean(shares) < 0.6, (kind, fmean(shares))


def test_resume_and_replay_show_the_order_the_players_saw(tmp_path: Path) -> None:
    scenario = menus()
    played = play_into(scenario, RandomResponder(4), tmp_path, "random:4")
    header = played.transcript.header
    assert header.menu_seed == seed_from("random:4")
    loaded = load_transcript(played.path).transcript
    assert loaded.header.menu_seed == header.menu_seed
    live = Session(scenario, menu_seed=header.menu_seed)
    resumed = Session(scenario, loaded.events[:3], loaded.header.menu_seed)
    assert resumed.menu("r2", "police") == live.menu("r2", "police")
    replayed = replay_session(scenario, loaded)
    assert replayed.transcript.header.menu_seed == header.menu_seed


def test_dry_runs_of_the_same_source_get_the_same_orders(
    runner: CliRunner, sessions_dir: Path
) -> None:
    for _ in range(2):
        assert runner.invoke(app, ["dry-run", str(DATA / "menus.toml"), "--ideal"]).exit_code == 0
    seeds = {load_transcript(p).transcript.header.menu_seed for p in sessions_dir.glob("*.toml")}
    assert seeds == {seed_from("ideal")}


# ---------------------------------------------------------------- transcripts, old and new


def test_an_old_transcript_still_loads_replays_and_scores() -> None:
    old = load_transcript(DATA / "old" / "tiny-v1.toml")
    assert old.warnings == ()
    transcript = old.transcript
    assert transcript.header.menu_seed is None and not transcript.header.recall
    scenario = tiny()
    replayed = replay_session(scenario, transcript)
    assert replayed.drift == () and replayed.outcome == "completed"
    assessment = assess(scenario, transcript)
    assert assess(scenario, replayed.transcript) == assessment
    assert [(r.step.id, r.status) for r in assessment.steps] == [
        ("report_police_now", "missed"),
        ("sis_alert", "on_time"),
        ("safe_and_well_check", "on_time"),
    ]
    assert [c.action for c in assessment.harmful] == ["wait_24h"]


def test_an_old_transcript_with_a_table_keeps_it_and_is_written_back_as_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`table` came to interact-transcript/1 before /2 existed: such files keep their table."""
    text = (DATA / "old" / "tiny-v1.toml").read_text(encoding="utf-8")
    path = tmp_path / "with-table.toml"
    table = 'table = ["police_es", "reception_es", "police_fr"]'
    path.write_text(text.replace('lang = "en"', f'lang = "en"\n{table}'), encoding="utf-8")
    header = load_transcript(path).transcript.header
    assert header.table == ("police_es", "reception_es", "police_fr") and header.menu_seed is None
    result = runner.invoke(app, ["summary", str(path), "--dir", str(DATA), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["table"] == ["police_es", "reception_es", "police_fr"]
    written = header_to_dict(header)
    assert written["format"] == "interact-transcript/2" and written["table"] == list(header.table)
    assert "menu_seed" not in written and "recall" not in written


def test_an_old_transcript_shows_its_menus_in_case_order(runner: CliRunner) -> None:
    path = DATA / "old" / "tiny-v1.toml"
    result = runner.invoke(app, ["summary", str(path), "--dir", str(DATA), "--format", "json"])
    assert result.exit_code == 0, result.output
    session = Session(tiny(), load_transcript(path).transcript.events)
    assert session.menu("r1", "police_es") == tiny().menu("r1", "police_es")


def test_seed_recall_said_and_corrections_survive_the_transcript(tmp_path: Path) -> None:
    scenario = menus()
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("wait_a_day",), "n", 3.0, "Wait for her to call")],
        ("r1", "police"): [Correct("shelter", ("report_now",), "corrected")],
    }
    played = play_into(scenario, Plan(plan), tmp_path, "script:x")
    text = played.path.read_text(encoding="utf-8")
    assert text.startswith('format = "interact-transcript/2"\n')
    assert "\nrecall = true\n" in text and "\nmenu_seed = " in text
    assert 'said = "Wait for her to call"' in text and 'kind = "correction"' in text
    assert load_transcript(played.path).transcript == played.transcript


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("menu_seed = -1", "menu_seed: must be a whole number >= 0"),
        ("menu_seed = true", "menu_seed: wrong type (bool)"),
        ('recall = "yes"', "recall: wrong type (str)"),
    ],
)
def test_a_bad_header_key_is_named(tmp_path: Path, line: str, message: str) -> None:
    from interact_cli.errors import TranscriptError

    text = (DATA / "old" / "tiny-v1.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(text.replace('lang = "en"', f'lang = "en"\n{line}'), encoding="utf-8")
    with pytest.raises(TranscriptError, match=re.escape(message)):
        load_transcript(path)


def test_a_correction_without_a_role_is_refused(tmp_path: Path) -> None:
    from interact_cli.errors import TranscriptError

    text = (DATA / "old" / "tiny-v1.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    broken = '\n[[events]]\nkind = "correction"\nround = "r1"\nat = 2026-11-28 09:53:00+00:00\n'
    path.write_text(text.replace("\n[end]", broken + "\n[end]"), encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"events\[14\]\.role: missing required key"):
        load_transcript(path)


def test_replay_applies_a_correction_and_names_one_that_no_longer_fits(tmp_path: Path) -> None:
    scenario = menus()
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("wait_a_day",))],
        ("r1", "police"): [Correct("shelter", ("report_now", "log_call"))],
    }
    played = play_into(scenario, Plan(plan), tmp_path, "script:x")
    replayed = replay_session(scenario, played.transcript)
    assert replayed.drift == ()
    assert assess(scenario, replayed.transcript) == assess(scenario, played.transcript)
    narrower = (DATA / "menus.toml").read_text(encoding="utf-8")
    narrower = narrower.replace(
        'label = "Write the call down in the log"', 'label = "Write the call down"\nfrom = "r2"'
    )
    (tmp_path / "menus.toml").write_text(narrower, encoding="utf-8")
    drifted = replay_session(load_scenario(tmp_path / "menus.toml"), played.transcript)
    assert drifted.drift == (
        "events[2]: round 'r1': action 'log_call' is no longer offered to role 'shelter' in this "
        "round; not scored",
    )
    corrected = [e for e in drifted.transcript.events if e.kind == "correction"]
    assert [e.actions for e in corrected] == [("report_now",)]
