"""Property tests: notes survive transcripts, generated cases play, loaders fail cleanly."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interact_cli.case.loader import load_scenario, scenario_from_document
from interact_cli.errors import InteractError
from interact_cli.play.responders import RandomResponder
from interact_cli.record.events import Event
from interact_cli.record.transcript import Header, TranscriptWriter, load_transcript
from interact_cli.score.scoring import assess
from tests.helpers import play_into

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
HEADER = Header("s-1", "tiny", "1", "0" * 64, "dry-run", "en", AT)


@SETTINGS
@given(note=st.text(max_size=3000))
def test_any_note_round_trips_exactly_through_a_transcript(note: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        event = Event("answer", AT, "r1", "police_es", ("sis_alert",), note, 12.5)
        with TranscriptWriter.create(path, HEADER) as writer:
            writer.write(event)
        loaded = load_transcript(path)
    assert loaded.warnings == ()
    assert loaded.transcript.events == (event,)


IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@st.composite
def cases(draw: st.DrawFn, menus: bool = False) -> dict[str, Any]:
    """Valid cases of random shape: every step reachable, every condition satisfiable.

    With `menus`, actions are offered in some rounds only (`from`/`until`) and a round may
    limit how many actions a role may choose (`choices`).
    """
    role_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    action_ids = draw(st.lists(IDS, min_size=1, max_size=7, unique=True))
    round_count = draw(st.integers(1, 4))
    actions = []
    for action_id in action_ids:
        roles = draw(st.lists(st.sampled_from(role_ids), min_size=1, unique=True))
        action: dict[str, Any] = {"id": action_id, "roles": roles, "label": f"do {action_id}"}
        if draw(st.booleans()) and len(action_ids) > 1:
            action["harmful"] = "it harms the child"
            action["ref"] = "S1 test guidance"
        if menus and draw(st.booleans()):
            first = draw(st.integers(0, round_count - 1))
            action["from"] = f"round{first}"
            action["until"] = f"round{draw(st.integers(first, round_count - 1))}"
        actions.append(action)
    if all("harmful" in action for action in actions):
        del actions[0]["harmful"]
        del actions[0]["ref"]

    def window(action: dict[str, Any]) -> range:
        first = int(action.get("from", "round0").removeprefix("round"))
        last = int(action.get("until", f"round{round_count - 1}").removeprefix("round"))
        return range(first, last + 1)

    rounds = []
    for index in range(round_count):
        expectable = [a for a in actions if "harmful" not in a and index in window(a)]
        round_: dict[str, Any] = {
            "id": f"round{index}",
            "title": f"Round {index}",
            "clock": f"Day {index + 1}",
            "briefing": "Something happens.",
        }
        expect = []
        for number in range(draw(st.integers(0, 3) if expectable else st.just(0))):
            action = draw(st.sampled_from(expectable))
            step: dict[str, Any] = {
                "id": f"s{index}_{number}",
                "action": action["id"],
                "by": f"round{draw(st.integers(index, round_count - 1))}",
                "critical": draw(st.booleans()),
                "ref": "S1 test guidance",
            }
            roles = draw(st.lists(st.sampled_from(action["roles"]), min_size=1, unique=True))
            step.update({"role": roles[0]} if len(roles) == 1 else {"roles": roles})
            expect.append(step)
        round_["expect"] = expect
        if menus and draw(st.booleans()):
            round_["choices"] = draw(st.integers(1, 3))
        # A condition on an action offered before this round, and (for `missed:`) no step on
        # it still open and not yet due: anything else is a lint finding.
        earlier = [a["id"] for a in actions if min(window(a)) < index]
        still_due = {
            step["action"]
            for before in rounds
            for step in before["expect"]
            if int(before["id"].removeprefix("round")) < index <= int(step["by"][5:])
        }
        if earlier and draw(st.booleans()):
            kind = draw(st.sampled_from(["done", "missed"]))
            action_id = draw(st.sampled_from(earlier))
            if kind == "done" or action_id not in still_due:
                round_["injects"] = [
                    {"id": f"i{index}", "when": f"{kind}:{action_id}", "text": "!"}
                ]
        rounds.append(round_)
    return {
        "format": "interact-scenario/1",
        "id": "generated",
        "version": "1",
        "title": "Generated",
        "languages": ["en"],
        "countries": ["AA"],
        "roles": [
            {"id": r, "agency": "agency", "country": "AA", "name": r.upper()} for r in role_ids
        ],
        "actions": actions,
        "rounds": rounds,
    }


@SETTINGS
@given(doc=cases(), seed=st.integers(0, 10_000))
def test_generated_cases_load_play_and_account_for_every_step(
    doc: dict[str, Any], seed: int
) -> None:
    scenario, findings = scenario_from_document(doc, "generated.toml")
    assert [finding for finding in findings if not finding.warning] == []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.toml"
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
        scenario = load_scenario(path)
        played = play_into(scenario, RandomResponder(seed), Path(folder) / "out")
    assessment = assess(scenario, played.transcript)
    counted = sum(assessment.count(status) for status in ("on_time", "late", "missed"))
    assert counted == len(scenario.expected_steps)


TOML_SCALARS = (
    st.text(max_size=20)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.datetimes(timezones=st.just(UTC))
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
CASE_KEYS = st.sampled_from(
    ["format", "id", "version", "title", "languages", "countries", "roles", "actions", "rounds"]
)


@SETTINGS
@given(
    doc=st.dictionaries(CASE_KEYS | st.text(min_size=1, max_size=8), TOML_VALUES, max_size=8),
    with_format=st.booleans(),
)
def test_the_case_loader_raises_only_its_own_errors_on_any_toml(
    doc: dict[str, Any], with_format: bool
) -> None:
    if with_format:
        doc["format"] = "interact-scenario/1"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.toml"
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
        try:
            load_scenario(path)
        except InteractError as error:
            assert "any.toml" in error.message


@SETTINGS
@given(data=st.binary(max_size=400))
def test_the_case_loader_raises_only_its_own_errors_on_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junk.toml"
        path.write_bytes(data)
        try:
            load_scenario(path)
        except InteractError as error:
            assert "junk.toml" in error.message
