"""Round menus, choice limits and corrections meet the one judgement of a recorded history.

`play.history` judges a session against its case for `summary`, `resume` and `replay`: a
facilitator's correction of the open round fits (and its answer is the one scored, also when
replayed), a correction that could never have been made does not, and an action recorded in a
round that no longer offers it, or beyond a lower choice limit, is drift named as such whose
steps are not assessed rather than missed.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.cli.app import app
from interact_cli.errors import HistoryMismatch
from interact_cli.play.engine import Answer, Correct, Response
from interact_cli.play.history import check_history, require_fit
from interact_cli.play.replayer import replay_session
from interact_cli.record.events import Event
from interact_cli.record.transcript import Transcript
from interact_cli.score.session import score_session
from tests.helpers import DATA, AtTheTable, play_into

CORRECTED: dict[tuple[str, str], list[Response]] = {
    ("r1", "shelter"): [Answer(("wait_a_day",), "", 20.0, "Wait for her to call")],
    ("r1", "police"): [
        Correct("shelter", ("report_now", "check_room"), "meant to report"),
        Answer(("log_call",), "", 15.0),
    ],
}


def menus() -> Scenario:
    return load_scenario(DATA / "menus.toml")


def edited(tmp_path: Path, *edits: tuple[str, str]) -> Scenario:
    """The menus case with (old, new) edits, as a trainer might make after a session."""
    text = (DATA / "menus.toml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    (tmp_path / "menus.toml").write_text(text, encoding="utf-8")
    return load_scenario(tmp_path / "menus.toml")


def corrected_session(folder: Path) -> Transcript:
    return play_into(menus(), AtTheTable(CORRECTED), folder, mode="live").transcript


def statuses(scenario: Scenario, transcript: Transcript) -> dict[str, str]:
    steps = score_session(scenario, transcript).assessment.steps
    return {result.step.action: result.outcome for result in steps}


def test_a_correction_of_the_open_round_fits_and_its_answer_is_scored(tmp_path: Path) -> None:
    transcript = corrected_session(tmp_path)
    assert check_history(menus(), transcript.events) == ()
    require_fit(menus(), transcript)  # resume accepts it
    scored = score_session(menus(), transcript)
    assert scored.assessment.harmful == ()  # the harmful wait was corrected away
    assert statuses(menus(), transcript)["report_now"] == "on_time"
    assert statuses(menus(), transcript)["check_room"] == "on_time"
    replayed = [e for e in scored.replayed.transcript.events if e.kind == "correction"]
    assert [(e.role, e.actions, e.note) for e in replayed] == [
        ("shelter", ("report_now", "check_room"), "meant to report")
    ]


def _moved_after_round_end(events: tuple[Event, ...]) -> tuple[Event, ...]:
    correction = next(e for e in events if e.kind == "correction")
    rest = [e for e in events if e is not correction]
    end = next(i for i, e in enumerate(rest) if e.kind == "round_end")
    return (*rest[: end + 1], correction, *rest[end + 1 :])


def test_a_correction_after_its_round_ended_is_named_and_the_answer_stands(
    tmp_path: Path,
) -> None:
    transcript = corrected_session(tmp_path)
    events = _moved_after_round_end(transcript.events)
    index = events.index(next(e for e in events if e.kind == "correction"))
    tampered = dataclasses.replace(transcript, events=events)
    assert [str(m) for m in check_history(menus(), events)] == [
        f"events[{index}]: round 'r1': the correction of role 'shelter' comes after the round "
        "ended; not scored"
    ]
    with pytest.raises(HistoryMismatch, match=r"comes after the round ended"):
        require_fit(menus(), tampered)
    scored = score_session(menus(), tampered)
    assert [c.action for c in scored.assessment.harmful] == ["wait_a_day"]
    # The correction might have met these steps: their outcome is unknown, not missed.
    assert statuses(menus(), tampered)["report_now"] == "drift"


def test_summary_names_a_correction_with_no_answer_to_replace_and_exits_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    transcript = corrected_session(tmp_path)
    path = Path(transcript.path)
    text = path.read_text(encoding="utf-8")
    block = 'kind = "correction"\nround = "r1"\nrole = "shelter"'
    assert block in text
    path.write_text(text.replace(block, block.replace("shelter", "police")), encoding="utf-8")
    result = runner.invoke(app, ["summary", str(path), "--dir", str(DATA), "--format", "json"])
    assert result.exit_code == 1
    message = (
        "round 'r1': the correction of role 'police' has no answer in this round to replace; "
        "not scored"
    )
    assert message in result.stderr
    data = json.loads(result.stdout)
    assert data["drift"] == [f"events[2]: {message}"]
    assert data["answers"] and not any(answer["corrected"] for answer in data["answers"])


def _index(transcript: Transcript, round_id: str, role: str) -> int:
    return next(
        i
        for i, e in enumerate(transcript.events)
        if e.kind == "answer" and (e.round, e.role) == (round_id, role)
    )


def test_an_action_a_round_no_longer_offers_is_drift_and_its_step_not_assessed(
    tmp_path: Path,
) -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("report_now",))],
        ("r2", "police"): [Answer(("sis_alert",))],
    }
    transcript = play_into(menus(), AtTheTable(plan), tmp_path, mode="live").transcript
    later = edited(
        tmp_path,
        (
            'label = "Enter an alert in the SIS"\nfrom = "r2"',
            'label = "Enter an alert in the SIS"\nfrom = "r3"',
        ),
        ('roles = ["police"]\nchoices = 1', 'roles = ["police"]\nchoices = 2'),
    )
    index = _index(transcript, "r2", "police")
    assert [str(m) for m in check_history(later, transcript.events)] == [
        f"events[{index}]: round 'r2': action 'sis_alert' is no longer offered to role 'police' "
        "in this round; not scored"
    ]
    outcome = statuses(later, transcript)
    assert outcome["sis_alert"] == "drift"  # not missed: the team did choose it in r2
    assert outcome["report_now"] == "on_time"


def test_actions_beyond_a_lower_choice_limit_are_drift_the_first_recorded_kept(
    tmp_path: Path,
) -> None:
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("report_now",))],
        ("r2", "police"): [Answer(("log_call", "sis_alert"))],
    }
    transcript = play_into(menus(), AtTheTable(plan), tmp_path, mode="live").transcript
    stricter = edited(
        tmp_path,
        (
            'briefing = "She was seen across the border."',
            'briefing = "She was seen across the border."\nchoices = 1',
        ),
    )
    index = _index(transcript, "r2", "police")
    assert [str(m) for m in check_history(stricter, transcript.events)] == [
        f"events[{index}]: round 'r2': role 'police' chose 2 actions, more than the 1 the case "
        "now allows; action 'sis_alert' is not scored"
    ]
    replayed = replay_session(stricter, transcript)
    police = [e for e in replayed.transcript.events if e.kind == "answer" and e.round == "r2"]
    assert police[-1].actions == ("log_call",)
    assert statuses(stricter, transcript)["sis_alert"] == "drift"


def test_a_corrected_answer_s_drift_is_named_but_touches_no_step(tmp_path: Path) -> None:
    """The answer chose an action the case no longer offers; the correction replaced it, so
    that action could not have met any step and the steps keep their verdict."""
    plan: dict[tuple[str, str], list[Response]] = {
        ("r1", "shelter"): [Answer(("log_call",))],
        ("r1", "police"): [Correct("shelter", ("report_now",))],
    }
    transcript = play_into(menus(), AtTheTable(plan), tmp_path, mode="live").transcript
    later = edited(
        tmp_path,
        (
            'label = "Write the call down in the log"',
            'label = "Write the call down in the log"\nfrom = "r2"',
        ),
    )
    misfits = check_history(later, transcript.events)
    assert [m.action for m in misfits] == ["log_call"] and misfits[0].span is None
    assert statuses(later, transcript)["report_now"] == "on_time"


def test_a_correction_still_counts_when_the_case_now_asks_the_roles_in_another_order(
    tmp_path: Path,
) -> None:
    transcript = corrected_session(tmp_path)
    reordered = edited(
        tmp_path,
        (
            'briefing = "Her bed is empty."',
            'briefing = "Her bed is empty."\nroles = ["police", "shelter"]',
        ),
    )
    assert check_history(reordered, transcript.events) == ()
    replayed = replay_session(reordered, transcript)
    shelter = next(
        e for e in replayed.transcript.events if e.kind == "answer" and e.role == "shelter"
    )
    assert shelter.actions == ("report_now", "check_room")  # folded into its answer
    assert shelter.said == "Wait for her to call"
    assert statuses(reordered, transcript)["report_now"] == "on_time"
