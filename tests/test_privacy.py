"""Player names are shown where they help, and never with --pseudonymize."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.responders import IdleResponder
from interact_cli.play.runner import new_header, play
from tests.helpers import START, tiny

PLAYERS = {"police_es": "Ana Ruiz", "reception_es": "Jonas Peeters", "police_fr": ""}


@pytest.fixture
def named_session(sessions_dir: Path) -> Path:
    clock = SimulatedClock(START)
    header = new_header(tiny(), clock, "live", "en", players=PLAYERS)
    return play(tiny(), IdleResponder(), header, sessions_dir, clock).path


@pytest.mark.parametrize("output", ["text", "json", "md"])
def test_summary_names_the_players_unless_pseudonymized(
    runner: CliRunner, named_session: Path, output: str
) -> None:
    base = ["summary", str(named_session), "--dir", "tests/data", "--format", output]
    shown = runner.invoke(app, base).stdout
    hidden = runner.invoke(app, [*base, "--pseudonymize"]).stdout
    assert "Ana Ruiz" in shown and "Jonas Peeters" in shown
    assert "Ana Ruiz" not in hidden and "Jonas Peeters" not in hidden
    if output == "json":
        assert json.loads(hidden)["players"] == {r: r for r in PLAYERS}


def test_a_transcript_with_names_is_readable_by_its_owner_only(named_session: Path) -> None:
    assert stat.S_IMODE(named_session.stat().st_mode) == 0o600
