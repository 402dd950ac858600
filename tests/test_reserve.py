"""Reserve injects fit some rounds: `[[reserve]]` `from`/`until`, checked, and offered first."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.catalog import bundled_dir
from interact_cli.case.format import json_schema
from interact_cli.case.loader import load_scenario
from interact_cli.cli.app import app

DATA = Path(__file__).parent / "data"
TINY = (DATA / "tiny.toml").read_text(encoding="utf-8")
RESERVE = '[[reserve]]\nid = "journalist"\n'


def with_span(tmp_path: Path, span: str) -> Path:
    assert RESERVE in TINY
    path = tmp_path / "case.toml"
    path.write_text(TINY.replace(RESERVE, RESERVE + span), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("span", "finding"),
    [
        ('from = "r9"\n', "case.toml: reserve[0].from: unknown round 'r9'"),
        (
            'until = "rr2"\n',
            "case.toml: reserve[0].until: unknown round 'rr2' (did you mean 'r2'?)",
        ),
        (
            'from = "r3"\nuntil = "r2"\n',
            "case.toml: reserve[0].until: round 'r2' comes before round 'r3' (`from`)",
        ),
        ("from = 2\n", "case.toml: reserve[0].from: expected a string, got an integer"),
    ],
)
def test_validate_checks_the_rounds_a_reserve_inject_fits(
    runner: CliRunner, tmp_path: Path, span: str, finding: str
) -> None:
    result = runner.invoke(app, ["validate", str(with_span(tmp_path, span))])
    assert result.exit_code == 1
    assert finding in result.stdout.splitlines()


def test_fitting_injects_come_first_the_others_stay(tmp_path: Path) -> None:
    text = TINY.replace(RESERVE, RESERVE + 'from = "r2"\nuntil = "r2"\n') + (
        '\n[[reserve]]\nid = "always"\ntitle = "Any time"\ntext = "Any time."\n'
    )
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    journalist, always = scenario.reserve

    def order(round_id: str) -> list[tuple[str, bool]]:
        return [(inject.id, fits) for inject, fits in scenario.reserve_for(round_id)]

    assert order("r1") == [("always", True), ("journalist", False)]
    assert order("r2") == [("journalist", True), ("always", True)]
    assert order("r3") == [("always", True), ("journalist", False)]
    assert (journalist.fits_from, journalist.fits_until) == ("r2", "r2")
    assert (always.fits_from, always.fits_until) == (None, None)


def test_the_bundled_reserve_injects_fit_only_where_they_make_sense() -> None:
    mariama = load_scenario(bundled_dir() / "mariama.toml")
    auntie = mariama.reserve_by_id["auntie_calls"]
    fits = [r.id for r in mariama.rounds if mariama.reserve_fits(auntie, r.id)]
    assert fits == ["empty_bed", "border", "sighting"]  # only while she is missing
    missing_again = mariama.reserve_by_id["missing_again"]
    assert not mariama.reserve_fits(missing_again, "centre")


def test_the_schema_declares_from_and_until() -> None:
    reserve = json_schema()["properties"]["reserve"]["items"]
    assert {"from", "until"} <= set(reserve["properties"])
    assert "from" not in reserve["required"]


def two_reserves(tmp_path: Path) -> Path:
    """tiny, with the journalist fitting round 2 only and another inject fitting any round."""
    path = tmp_path / "two.toml"
    path.write_text(
        TINY.replace(RESERVE, RESERVE + 'from = "r2"\nuntil = "r2"\n')
        + '\n[[reserve]]\nid = "always"\ntitle = "Any time"\ntext = "Any time."\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("keys", "released"), [("\r", "always"), ("\x1b[B\r", "journalist")])
def test_live_play_offers_the_fitting_injects_first_the_others_marked(
    tmp_path: Path, keys: str, released: str
) -> None:
    import io

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from interact_cli.live.prompts import LiveResponder
    from interact_cli.play.engine import ReleaseReserve, Session
    from interact_cli.play.stopwatch import Stopwatch
    from tests.helpers import START

    scenario = load_scenario(two_reserves(tmp_path))
    session = Session(scenario)
    session.open_next_round(START)  # round 1: the journalist does not fit yet
    turn = session.current_turn()
    assert turn is not None
    players = {role.id: "" for role in scenario.roles}
    console = Console(file=io.StringIO(), width=100, color_system=None)
    responder = LiveResponder(scenario, "en", players, Stopwatch(lambda: 0.0), console)
    assert responder.reserve_titles("r1") == [
        ("Any time", "always"),
        ("A journalist calls  (fits round 2)", "journalist"),
    ]
    with create_pipe_input() as pipe, create_app_session(pipe, DummyOutput()):
        pipe.send_text("\x1b[A \r" + "r\r" + keys)
        assert responder.respond(turn) == ReleaseReserve(released)
    in_round_2 = {inject: title for title, inject in responder.reserve_titles("r2")}
    assert list(in_round_2) == ["journalist", "always"]  # both fit round 2
    assert in_round_2[released].endswith("  (released before)")
