"""One `interact` process in a pseudo-terminal, driven by pexpect with the keys a table types.

Every step waits for the prompt's text before typing (no sleeps): an answer is on disk
before the next prompt is drawn, so what a test sees on screen is already saved.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pexpect

from interact_cli.record.transcript import load_transcript
from tests.helpers import ticks, tiny

TIMEOUT = 20
CTRL_F = "\x06"  # the facilitator controls, at any prompt of a turn
UP = "\x1b[A"
DOWN = "\x1b[B"


class Terminal:
    """`command` (the installed `interact`, or `python interact.pyz`) in a pseudo-terminal."""

    def __init__(
        self,
        sessions: Path,
        command: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.sessions = sessions
        env = {
            **(os.environ if env is None else env),
            "TERM": "xterm",
            "NO_COLOR": "1",
            "COLUMNS": "200",
            # A pty answers no cursor-position requests; without this each prompt waits 1 s.
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "INTERACT_SESSIONS_DIR": str(sessions),
        }
        self.child = pexpect.spawn(
            command[0],
            list(command[1:]),
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(50, 200),
            cwd=cwd,
        )

    def wait_for(self, text: str) -> None:
        self.child.expect_exact(text)

    def seed(self) -> int | None:
        """The menu seed this session drew (in its transcript's header, written first: wait
        for the first round's panel before asking)."""
        (path,) = self.sessions.glob("*.toml")
        return load_transcript(path).transcript.header.menu_seed

    def tick(self, round_id: str, role_id: str, *actions: str) -> str:
        """The keys that tick `actions` of tests/data/tiny.toml in this session's order."""
        return ticks(tiny(), self.seed(), round_id, role_id, *actions)

    def answer(self, role: str, keys: str = "\r", note: str = "") -> None:
        """At `role`'s prompt: toggle actions with `keys` (ending with enter), then a note.
        Nothing ticked: yes to "No action this round?" first."""
        self.wait_for(f"{role}: what do you do now?")
        self.child.send(keys)
        if keys == "\r":
            self.wait_for("No action this round for")
            self.child.send("y")
        self.wait_for("a note for the record (optional):")
        self.child.send(note + "\r")

    def facilitator(self, role: str | None, letter: str) -> None:
        """Open the facilitator menu from `role`'s prompt (None: the prompt is already up)."""
        if role is not None:
            self.wait_for(f"{role}: what do you do now?")
        self.child.send(CTRL_F)
        self.wait_for("Facilitator, round")
        self.child.send(letter + "\r")

    def names(self, *names: str) -> None:
        self.wait_for("Add player names or pseudonyms?")
        if not names:
            self.child.send("n")
            return
        self.child.send("y")
        for name in names:
            self.wait_for("pseudonym (optional):")
            self.child.send(name + "\r")

    def debrief(self, roles: int) -> None:
        for _ in range(roles):
            self.wait_for("what went well?")
            self.child.send("\r")
            self.wait_for("what would you do better?")
            self.child.send("\r")

    def exit_code(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus)


def play_rounds_two_and_three(terminal: Terminal, names: dict[str, str] | None = None) -> None:
    """Rounds 2 and 3 of tests/data/tiny.toml: the SIS alert, then the safe-and-well check."""
    label = names or {}
    sis_alert = terminal.tick("r2", "police_es", "sis_alert")
    terminal.answer(label.get("police_es", "Police, Spain"), sis_alert, "SIS alert entered")
    terminal.answer(label.get("reception_es", "Reception centre, Spain"))
    terminal.answer(label.get("police_fr", "Police, France"))
    terminal.wait_for("The SIS alert gives a hit.")
    safe = terminal.tick("r3", "police_fr", "safe_and_well_check")
    terminal.answer(label.get("police_fr", "Police, France"), safe, "she is safe")
