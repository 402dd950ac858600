"""Everything that differs between operating systems, in one place, with each fallback.

Sessions folders travel on USB sticks, so every file the tool creates or writes in one is
opened without following a symbolic link, new files exclusively, and whole files are
written to a temporary file first and renamed over the old one only once every byte is on
disk. What each platform offers for that, and what is done where it offers less:

- **Never write through a symbolic link.** POSIX: `O_NOFOLLOW`. Windows has none: after
  opening, the file opened must be the one `lstat` finds at the path, else it is refused
  (a swap between the two calls remains possible there).
- **One writer per session.** POSIX: `flock` on the transcript itself, so the lock follows
  the file's identity (device, inode), not its path. Windows: `msvcrt.locking` on one byte
  far past the end of the transcript (Windows locks are mandatory; readers of the text
  never touch that byte).
- **A rename that survives a power cut.** POSIX: fsync the folder after `os.replace`.
  Windows cannot open a folder to fsync it: skipped (NTFS journals the rename itself).
- **Files for their owner only.** POSIX: files 0600, sessions folders 0700. Windows ignores
  modes (only read-only is kept); the user profile's permissions apply.
- **A terminal to ask questions in.** `isatty()` everywhere. On Windows it is true in
  Windows Terminal, PowerShell and cmd, false in Git Bash (mintty): `in_git_bash()` lets
  the refusal say to start the command through `winpty`.

`CURRENT` holds what this machine offers; the functions read it at each call, so tests
simulate another platform by replacing it (`windows()` is the Windows one).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

LOCK_OFFSET = 1 << 40
"""Where the Windows lock byte sits: far past any transcript, so no reader ever touches it."""


@dataclass(frozen=True)
class Platform:
    """What the operating system offers for safe files and locks."""

    name: str
    nofollow: int
    """The `O_NOFOLLOW` flag, or 0 where the system has none."""
    flock: bool
    """`fcntl.flock` exists; otherwise `msvcrt.locking` does."""
    folder_fsync: bool
    """A folder can be opened and fsynced, making a rename durable."""
    binary: int
    """`O_BINARY` where text mode is the default (Windows), else 0."""


def probe() -> Platform:
    """This machine's platform, from what `os` and the standard library provide."""
    try:
        import fcntl  # noqa: F401
    except ImportError:
        has_flock = False
    else:
        has_flock = True
    windows = os.name == "nt"
    return Platform(
        name="windows" if windows else sys.platform,
        nofollow=getattr(os, "O_NOFOLLOW", 0),
        flock=has_flock,
        folder_fsync=not windows,
        binary=getattr(os, "O_BINARY", 0),
    )


def windows() -> Platform:
    """The Windows platform as `probe()` finds it there (for simulating it in tests)."""
    return Platform("windows", nofollow=0, flock=False, folder_fsync=False, binary=0)


CURRENT = probe()


# Opening files -------------------------------------------------------------------------


class NotRegularFile(OSError):
    """A device, pipe or socket where a file was expected: reading it might never end."""


def create_new(path: Path, mode: int = 0o600, append: bool = False) -> int:
    """A new file for writing; fails if anything (a file, a link) is already at `path`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | CURRENT.nofollow | CURRENT.binary
    return os.open(path, flags | (os.O_APPEND if append else 0), mode)


def open_existing(path: Path, flags: int) -> int:
    """An existing regular file, never through a symbolic link (OSError ELOOP if it is one)."""
    fd = os.open(path, flags | CURRENT.nofollow | CURRENT.binary)
    try:
        opened = os.fstat(fd)
        if not CURRENT.nofollow and not os.path.samestat(opened, os.lstat(path)):
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the regular file at `path` (links followed: reading is safe).

    The file is opened without blocking (a pipe would wait for a writer) and refused if it
    is not a regular file, so `/dev/zero` or a pipe named like a case never hangs a command.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | CURRENT.binary)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        parts: list[bytes] = []
        left = limit
        while left > 0:
            part = os.read(fd, min(left, 1 << 20))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)


def is_link(path: Path) -> bool:
    return os.path.islink(path)


def still_at(fd: int, path: Path) -> bool:
    """The open file is still the one at `path`: not deleted, moved or replaced."""
    try:
        opened = os.fstat(fd)
        return opened.st_nlink > 0 and os.path.samestat(opened, os.lstat(path))
    except OSError:
        return False


# Writing -------------------------------------------------------------------------------


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: `os.write` may write fewer than asked (a full disk, a signal)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable, where the platform can."""
    if not CURRENT.folder_fsync:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def set_mode(fd: int, path: Path, mode: int) -> None:
    """Give the open file `fd` (at `path`) exactly `mode`, whatever the umask.

    Windows has no `fchmod` before Python 3.13, and keeps only the read-only bit: there the
    mode is set through the path, as far as it goes.
    """
    if hasattr(os, "fchmod") and CURRENT.name != "windows":
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) readable by its owner only, if it is not there."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


class TextSink:
    """A text stream over a file descriptor that writes every byte (see `write_all`)."""

    encoding = "utf-8"
    _LIMIT = 1 << 20

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, text: str | bytes) -> int:
        data = text.encode("utf-8") if isinstance(text, str) else text
        self._parts.append(data)
        self._size += len(data)
        if self._size >= self._LIMIT:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            data = b"".join(self._parts)
            self._parts, self._size = [], 0
            write_all(self._fd, data)

    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def replacing(path: Path, mode: int = 0o600) -> Iterator[IO[str]]:
    """A text stream whose content replaces `path` only if the block ends without error.

    It goes to a new temporary file beside `path` (never through a link), every byte is
    written and fsynced, then the file is renamed over `path` and the folder fsynced. On any
    failure the temporary file is removed and `path` is left exactly as it was.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = create_new(temporary, mode)
    try:
        set_mode(fd, temporary, mode)
        sink = TextSink(fd)
        yield sink  # type: ignore[misc]
        sink.flush()
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temporary, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(path.parent)


def replace_file(path: Path, content: str | bytes, mode: int = 0o600) -> None:
    """Replace `path` with `content` atomically (see `replacing`), with mode `mode`."""
    with replacing(path, mode) as stream:
        stream.write(content)  # type: ignore[arg-type]


def write_new_file(path: Path, content: str | bytes, mode: int = 0o600) -> None:
    """Create `path` holding `content`; never overwrites, leaves nothing behind on failure."""
    fd = create_new(path, mode)
    try:
        write_all(fd, content.encode("utf-8") if isinstance(content, str) else content)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)
    fsync_folder(path.parent)


# Locks ---------------------------------------------------------------------------------


def try_lock(fd: int) -> bool:
    """Take the exclusive lock on the open file `fd`; False if another holder has it."""
    if CURRENT.flock:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt

    os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:  # msvcrt says "held" with several errnos (EACCES, EDEADLOCK)
        return False
    return True


def unlock(fd: int) -> None:
    """Give the lock back (closing the file would too; this says so at once)."""
    try:
        if CURRENT.flock:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            import msvcrt

            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        pass


# Terminals -----------------------------------------------------------------------------


def is_terminal(stream: Any) -> bool:
    """`stream` is an interactive terminal (False for pipes, files, or no stream at all)."""
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def in_git_bash() -> bool:
    """Windows' Git Bash (mintty): a terminal for people that `isatty()` does not see."""
    return CURRENT.name == "windows" and bool(os.environ.get("MSYSTEM"))
