"""Small builders shared by tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.order import ordered_menu, seed_from
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.engine import Answer, Responder, Response, Session, Skip, Turn, run
from interact_cli.play.runner import Played, new_header, play
from interact_cli.record.events import Event
from interact_cli.record.transcript import End, Transcript

DATA = Path(__file__).parent / "data"
START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
VICTIM_TEXT = b"precious: not a transcript\n"
"""What the `victim` fixture's file holds: a file an attacker wants overwritten."""


def tiny() -> Scenario:
    return load_scenario(DATA / "tiny.toml")


def twice() -> Scenario:
    """Four rounds, a step expected twice, a step with `until`, an objective with `harmed_by`."""
    return load_scenario(DATA / "twice.toml")


def play_into(
    scenario: Scenario,
    responder: Responder,
    out: Path,
    source: str = "test",
    mode: str = "dry-run",
    table: Sequence[str] | None = None,
) -> Played:
    clock = SimulatedClock(START)
    header = new_header(
        scenario,
        clock,
        mode,
        scenario.fallback_language,
        "" if mode == "live" else source,
        table=table,
        menu_seed=seed_from(source),
    )
    return play(scenario, responder, header, out, clock)


def play_in_memory(scenario: Scenario, responder: Responder, source: str = "test") -> Transcript:
    """The transcript a dry-run would write, kept in memory: for tests that play many runs and
    check scores, not files (fsync per event would make them slow, and they test no file)."""
    clock = SimulatedClock(START)
    header = new_header(
        scenario, clock, "dry-run", scenario.fallback_language, source, menu_seed=seed_from(source)
    )
    events: list[Event] = []
    outcome = run(Session(scenario), responder, events.append, clock)
    end = End(clock.now(), "completed") if outcome == "completed" else None
    return Transcript(header, tuple(events), end)


class AtTheTable:
    """Scripted responses per (round, role), several in a row as a list; like live play, a
    role not at the table is skipped, and a role with nothing scripted takes no action."""

    def __init__(
        self, plan: dict[tuple[str, str], list[Response]], table: Sequence[str] | None = None
    ) -> None:
        self.plan = {key: list(value) for key, value in plan.items()}
        self.table = table

    def respond(self, turn: Turn) -> Response:
        if self.table is not None and turn.role.id not in self.table:
            return Skip()
        queue = self.plan.get((turn.round.id, turn.role.id))
        return queue.pop(0) if queue else Answer((), "", 12.5)


def installed_command(name: str) -> str:
    """A console script of this venv (beside the running python), else one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


HOLDER = """
import sys
from pathlib import Path
from interact_cli.record.locking import SessionLock
lock = SessionLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""


def hold_in_another_process(transcript: Path) -> subprocess.Popen[str]:
    """A process holding the session lock on `transcript` until its stdin is closed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(transcript)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


DOWN = "\x1b[B"
NO_ACTION = "\r" + "y" + "\r"
"""Enter with nothing ticked, yes to "No action this round?", an empty note."""


def ticks(scenario: Scenario, seed: int | None, round_id: str, role_id: str, *actions: str) -> str:
    """The keys that tick `actions` in the checklist as a session with `seed` orders it, then
    Enter: the test chooses by action id whatever order the menu comes in."""
    keys = ""
    menu = ordered_menu(scenario, seed, round_id, role_id)
    wanted = [index for index, action in enumerate(menu) if action.id in actions]
    assert len(wanted) == len(actions), f"not all of {actions} offered in {round_id}"
    for index, action in enumerate(menu[: max(wanted, default=-1) + 1]):
        keys += (" " if action.id in actions else "") + (DOWN if index < max(wanted) else "")
    return keys + "\r"
