"""One writer per session: an OS lock on the transcript file itself.

The lock is taken on the open transcript (flock, or msvcrt on Windows: see `platform_io`),
so it belongs to the file's identity (device and inode), not to the name it was reached
by: a second writer through a hard link is refused like one through the same name, and a
transcript that is a symbolic link is not opened at all. The operating system drops the
lock when its holder dies, so a killed or crashed process never blocks a resume.

`<session>.lock` beside the transcript only says who holds the session (the holder's pid,
for the refusal message); it locks nothing, and one left behind by a killed process is
simply replaced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from interact_cli import platform_io
from interact_cli.errors import SessionLocked, TranscriptError
from interact_cli.i18n import _


def lock_path(transcript: Path) -> Path:
    return transcript.with_suffix(".lock")


class SessionLock:
    """Held while a process writes a transcript; a second holder gets `SessionLocked`."""

    def __init__(self, transcript: Path) -> None:
        self.transcript = transcript
        self.path = lock_path(transcript)
        self._fd = -1
        self._noted = False

    def acquire(self) -> None:
        fd = _open_transcript(self.transcript)
        if not platform_io.try_lock(fd):
            os.close(fd)
            holder = _read_pid(self.path)
            who = _("process {pid}").format(pid=holder) if holder else _("another process")
            raise SessionLocked(
                _(
                    "session {session} is already open in {who}; "
                    "finish it or save and quit there first"
                ).format(session=self.transcript.stem, who=who)
            )
        self._fd = fd
        try:
            self._note_holder()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        if self._fd < 0:
            return
        if self._noted:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self._noted = False
        platform_io.unlock(self._fd)
        os.close(self._fd)
        self._fd = -1

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()

    def _note_holder(self) -> None:
        """Write our pid into `<session>.lock` (replacing it whole, never through a link)."""
        if platform_io.is_link(self.path):
            raise TranscriptError(
                _("{path}: is a symbolic link, not a lock file; remove it and try again").format(
                    path=self.path
                )
            )
        try:
            platform_io.replace_file(self.path, f"{os.getpid()}\n")
            self._noted = True
        except OSError as exc:
            raise TranscriptError(
                _("{path}: cannot write ({reason})").format(
                    path=self.path, reason=exc.strerror or exc
                )
            ) from None


def _open_transcript(path: Path) -> int:
    try:
        return platform_io.open_existing(path, os.O_RDONLY)
    except FileNotFoundError:
        raise TranscriptError(_("{path}: no such transcript").format(path=path)) from None
    except OSError as exc:
        if platform_io.is_link(path):
            message = _(
                "{path}: is a symbolic link; interact writes only into the transcript "
                "itself: give its own path"
            )
            raise TranscriptError(message.format(path=path)) from None
        raise TranscriptError(
            _("{path}: cannot open ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None


def _read_pid(path: Path) -> int | None:
    try:
        fd = platform_io.open_existing(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return int(os.read(fd, 32).decode("ascii").strip())
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
