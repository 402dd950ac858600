"""One `interact` process in a pseudo-terminal, driven by pexpect with the keys a table types.

Every step waits for the prompt's text before typing (no sleeps): an answer is on disk
before the next prompt is drawn, so what a test sees on screen is already saved.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pexpect

TIMEOUT = 20
UP_TO_FACILITATOR = "\x1b[A \r"
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

    def answer(self, role: str, keys: str = "\r", note: str = "") -> None:
        """At `role`'s prompt: toggle actions with `keys` (ending with enter), then a note."""
        self.wait_for(f"{role}: what do you do now?")
        self.child.send(keys)
        self.wait_for("a note for the record (optional):")
        self.child.send(note + "\r")

    def facilitator(self, role: str | None, letter: str) -> None:
        """Open the facilitator menu from `role`'s prompt (None: the prompt is already up)."""
        if role is not None:
            self.wait_for(f"{role}: what do you do now?")
        self.child.send(UP_TO_FACILITATOR)
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
    terminal.answer(label.get("police_es", "Police, Spain"), DOWN + " \r", "SIS alert entered")
    terminal.answer(label.get("reception_es", "Reception centre, Spain"))
    terminal.answer(label.get("police_fr", "Police, France"))
    terminal.wait_for("The SIS alert gives a hit.")
    terminal.answer(label.get("police_fr", "Police, France"), DOWN + " \r", "she is safe")
