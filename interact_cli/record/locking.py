"""One writer per session: an OS lock on `<session>.lock` next to the transcript.

The lock is an advisory OS lock (flock, or msvcrt on Windows), not the file's existence,
so the operating system drops it when the holder dies: a lock file left behind by a killed
or crashed process is stale by construction and never blocks a resume. The file holds the
holder's pid only to say who has the session open.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from interact_cli.errors import SessionLocked, TranscriptError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(transcript: Path) -> Path:
    return transcript.with_suffix(".lock")


class SessionLock:
    """Held while a process writes a transcript; a second holder gets `SessionLocked`."""

    def __init__(self, transcript: Path) -> None:
        self.transcript = transcript
        self.path = lock_path(transcript)
        self._fd = -1

    def acquire(self) -> None:
        # A few rounds: the holder removes the file on release, so the file we opened may
        # be gone (unlinked) by the time we lock it, and then it locks nothing.
        for _ in range(10):
            fd = self._open()
            if not _try_lock(fd):
                holder = _read_pid(fd)
                os.close(fd)
                who = f"process {holder}" if holder else "another process"
                raise SessionLocked(
                    f"session {self.transcript.stem} is already open in {who}; "
                    "finish it or save and quit there first"
                )
            if _same_file(fd, self.path):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self._fd = fd
                return
            os.close(fd)
        raise SessionLocked(f"{self.path}: could not take the lock; try again")

    def release(self) -> None:
        if self._fd < 0:
            return
        # Removed while still locked, so nobody can lock the old file after us. Windows
        # cannot remove an open file; the next holder reuses it then.
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        _unlock(self._fd)
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

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TranscriptError(f"{self.path}: cannot create ({exc.strerror or exc})") from None


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:  # msvcrt says "held" with several errnos
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        raise TranscriptError(f"cannot lock the session ({exc.strerror or exc})") from None
    return True


def _unlock(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        pass  # closing the file releases it anyway


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0) if hasattr(os, "pread") else b""
        return int(text.decode().strip())
    except (OSError, ValueError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False
