"""Nothing a player sees before the debrief comes from the facilitator's side of a case.

Every screen of live play is captured: what rich prints (the opening, round panels, inject
panels, messages, the resume screen) and everything prompt_toolkit draws (checklists, the
facilitator menu, confirmations). The summary, harmful explanations, refs, conditions,
objectives and reserve injects never released must appear nowhere in it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from typer.testing import CliRunner

from interact_cli.case import order
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.cli.app import app
from interact_cli.live import session as live_session
from tests.helpers import DATA, NO_ACTION

CTRL_F = "\x06"
CTRL_C = "\x03"
SECRETS = DATA / "secrets.toml"
BUNDLED = sorted((Path(__file__).parent.parent / "scenarios").glob("*.toml"))
BOX = re.compile(r"[\u2500-\u257f]")
"""Box-drawing characters: the borders of panels and tables, cut out before reading."""


def readable(screen: str) -> str:
    """The screen as one line of words: no borders, every run of whitespace one space, so a
    text wrapped over several lines of a panel is found whole."""
    return " ".join(BOX.sub(" ", screen).split())


def facilitator_texts(scenario: Scenario, lang: str) -> list[str]:
    """What only the facilitator and the after-action report may show."""
    texts = [scenario.text(scenario.summary, lang)]
    for action in scenario.actions:
        texts += [scenario.text(action.harmful, lang), action.ref or ""]
    texts += [step.ref for step in scenario.expected_steps]
    conditional = scenario.conditional_injects
    texts += [str(condition) for inject in conditional for condition in inject.when]
    texts += [objective.title.get(lang) for objective in scenario.objectives]
    return [readable(text) for text in texts if text.strip()]


def reserve_texts(scenario: Scenario, lang: str, but: str = "") -> list[str]:
    return [
        readable(scenario.text(text, lang))
        for inject in scenario.reserve
        if inject.id != but
        for text in (inject.title, inject.text)
    ]


class Table:
    """A live session through the CLI: keys in, every screen out."""

    def __init__(self, keys: PipeInput, drawn: io.StringIO, runner: CliRunner) -> None:
        self.keys = keys
        self.drawn = drawn
        self.runner = runner
        self.printed = ""

    def interact(self, typed: str, *args: str | Path) -> int:
        self.keys.send_text(typed)
        result = self.runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)
        self.printed += result.output
        return result.exit_code

    def before_the_debrief(self) -> str:
        printed, debrief, _ = self.printed.partition("Debrief (hot wash)")
        assert debrief, "the session did not reach the debrief"
        return readable(printed + "\n" + self.drawn.getvalue())


@pytest.fixture
def table(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner, sessions_dir: Path
) -> Iterator[Table]:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(live_session, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(order, "draw_menu_seed", lambda: 7)
    drawn = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(pipe, PlainTextOutput(drawn)):
        yield Table(pipe, drawn, runner)


def no_action_keys(scenario: Scenario, rounds: slice = slice(None)) -> str:
    """Every role answers with no action, round after round (a role offered nothing this
    round is told so and asked only for its note)."""
    keys = ""
    for round_ in scenario.rounds[rounds]:
        for role in round_.roles:
            keys += NO_ACTION if scenario.menu(round_.id, role) else "\r"
    return keys


def test_the_facilitator_texts_are_found_when_a_screen_shows_them() -> None:
    """The reading is sound: a long text wrapped inside a panel at 80 columns is found."""
    from rich.console import Console
    from rich.panel import Panel

    scenario = load_scenario(SECRETS)
    screen = io.StringIO()
    Console(file=screen, width=40).print(Panel(scenario.text(scenario.summary, "en")))
    assert len(screen.getvalue().splitlines()) > 3
    assert facilitator_texts(scenario, "en")[0] in readable(screen.getvalue())


def test_no_facilitator_text_reaches_the_players_of_a_whole_session(table: Table) -> None:
    scenario = load_scenario(SECRETS)
    controls = CTRL_F + "p\r" + CTRL_F + "p\r" + CTRL_F + "n\r" + "a note\r"  # never a reserve
    keys = "n" + controls + no_action_keys(scenario) + CTRL_C
    assert table.interact(keys, "run", SECRETS) == 130
    shown = table.before_the_debrief()
    assert readable(scenario.text(scenario.opening, "en")) in shown
    assert "At the morning headcount the bed of Idris is empty." in shown
    assert "Nobody has looked for him for two days." in shown  # released: missed report
    assert "Facilitator, round 1" in shown  # the menu was drawn, and lists no reserve title
    for secret in facilitator_texts(scenario, "en") + reserve_texts(scenario, "en"):
        assert secret not in shown
    assert "The alert gives a hit in the next town." not in shown  # not released
    assert "consequence_of_the_late_report" not in shown  # an untitled inject: no id either
    assert "New information · A hit on the alert" not in shown


def test_a_reserve_inject_shows_only_once_released_and_the_others_never(table: Table) -> None:
    scenario = load_scenario(SECRETS)
    release = CTRL_F + "r\r" + "\r"  # the first reserve inject: the journalist
    keys = "n" + release + no_action_keys(scenario) + CTRL_C
    assert table.interact(keys, "run", SECRETS) == 130
    shown = table.before_the_debrief()
    assert "Reserve text: a journalist asks for his photo." in shown
    for secret in facilitator_texts(scenario, "en"):
        assert secret not in shown
    assert "Reserve text: a man who says he is the uncle wants him back." not in shown


def test_save_and_quit_then_resume_shows_no_facilitator_text(
    table: Table, sessions_dir: Path
) -> None:
    scenario = load_scenario(SECRETS)
    first = "n" + no_action_keys(scenario, slice(0, 1)) + CTRL_F + "q\r"
    assert table.interact(first, "run", SECRETS) == 0
    (saved,) = sessions_dir.glob("*.toml")
    rest = no_action_keys(scenario, slice(1, None)) + CTRL_C
    assert table.interact(rest, "resume", saved, "--dir", DATA) == 130
    shown = table.before_the_debrief()
    assert "Resuming session" in shown
    for secret in facilitator_texts(scenario, "en") + reserve_texts(scenario, "en"):
        assert secret not in shown


@pytest.mark.parametrize("case", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_a_bundled_case_played_to_the_debrief_shows_players_no_facilitator_text(
    table: Table, case: Path
) -> None:
    scenario = load_scenario(case)
    lang = scenario.languages[-1]  # not the fallback: the texts players in it would read
    keys = "n" + no_action_keys(scenario) + CTRL_C
    assert table.interact(keys, "run", case, "--lang", lang) == 130
    shown = table.before_the_debrief()
    assert readable(scenario.rounds[-1].briefing.get(lang)) in shown
    for secret in facilitator_texts(scenario, lang) + reserve_texts(scenario, lang):
        assert secret not in shown, secret


def opening_screen(scenario: Scenario, players: dict[str, str]) -> str:
    from rich.console import Console

    from interact_cli.live.prompts import show_opening

    screen = io.StringIO()
    show_opening(Console(file=screen, width=80), scenario, "en", players)
    return screen.getvalue()


def test_the_opening_screen_shows_the_opening_and_never_the_summary() -> None:
    scenario = load_scenario(SECRETS)
    shown = readable(opening_screen(scenario, {"police": "Ana"}))
    assert "A boy at the harbour" in shown
    assert readable(scenario.text(scenario.opening, "en")) in shown
    assert "Synopsis for the facilitator" not in shown
    assert "Harbour police (Ana)" in shown
    assert "Reception centre (not played: skipped)" in shown


def test_a_case_without_an_opening_shows_only_its_title_and_roles() -> None:
    import dataclasses

    scenario = dataclasses.replace(load_scenario(SECRETS), opening=None)
    shown = opening_screen(scenario, {"police": "", "centre": ""})
    assert "A boy at the harbour" in shown
    assert "Harbour police" in shown and "Reception centre" in shown
    assert "Idris" not in shown  # neither an opening nor the summary
    assert "Synopsis" not in shown


def test_the_summary_report_keeps_the_summary_for_the_facilitator(
    runner: CliRunner, tmp_path: Path
) -> None:
    from interact_cli.play.responders import IdleResponder
    from tests.helpers import play_into

    scenario = load_scenario(SECRETS)
    played = play_into(scenario, IdleResponder(), tmp_path)
    synopsis = scenario.text(scenario.summary, "en")
    for output, shown in (("md", f"> {synopsis}"), ("json", f'"case_summary": "{synopsis}"')):
        args = ["summary", str(played.path), "--dir", str(DATA), "--format", output]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert shown in result.stdout
