"""The commands the tool prints for what comes next, with every option they need.

After save-and-quit, Ctrl-C or the end of a session the tool says how to continue or to see
the score again. Typed exactly as printed, from the same folder, such a command must find
the session (`--sessions` when it is not the default folder) and its case by id (`--dir`
when the case is not where the id alone finds it: a case file named otherwise, a folder
that is not searched).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interact_cli.case.catalog import find_case
from interact_cli.errors import ScenarioError
from interact_cli.i18n import _


@dataclass(frozen=True)
class Whereabouts:
    """Where a later command finds a session and its case."""

    session: str
    """The session id, or the transcript's path when it is not in the sessions folder."""
    sessions: Path | None
    """`--sessions`, when the transcript is in a folder other than the default one."""
    dirs: tuple[Path, ...]
    """`--dir` entries, in the order that finds the case that was played."""

    def command(self, verb: str, *extra: str) -> str:
        """`interact VERB SESSION …` as a shell line, ready to be typed."""
        parts = ["interact", verb, self.session, *extra]
        if self.sessions is not None:
            parts += ["--sessions", str(self.sessions)]
        for place in self.dirs:
            parts += ["--dir", str(place)]
        return shlex.join(parts)


def saved_line(path: Path, found: Whereabouts) -> str:
    """The end of a finished session: where it is, and how to see its score again."""
    return _("Transcript saved: {path}\nTo see this summary again: {command}").format(
        path=path, command=found.command("summary")
    )


def whereabouts(
    transcript: Path,
    session_id: str,
    sessions: Path,
    default_sessions: Path,
    case_id: str,
    case_file: Path | None,
    dirs: Sequence[Path],
) -> Whereabouts:
    """What to print so that the session and the case `case_file` are found again."""
    if _same_folder(transcript.parent, sessions):
        session = session_id
        folder = None if _same_folder(sessions, default_sessions) else sessions
    else:
        session, folder = str(transcript), None
    return Whereabouts(session, folder, case_places(case_id, case_file, dirs))


def case_places(case_id: str, case_file: Path | None, dirs: Sequence[Path]) -> tuple[Path, ...]:
    """The `--dir` entries that find `case_file` by its id: `dirs`, else its folder or itself
    first."""
    if case_file is None or _finds(case_id, dirs, case_file):
        return tuple(dirs)
    folder_first = (case_file.parent, *dirs)
    if _finds(case_id, folder_first, case_file):
        return folder_first
    return (case_file, *dirs)


def _finds(case_id: str, dirs: Sequence[Path], case_file: Path) -> bool:
    try:
        found = find_case(case_id, dirs)
    except ScenarioError:
        return False
    return _same_file(found, case_file)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _same_folder(one: Path, other: Path) -> bool:
    return _same_file(one, other) or one.resolve() == other.resolve()
