"""Writing files someone else may care about: never over their data, never half a file.

A new file is created with `O_EXCL | O_NOFOLLOW` (nothing there is overwritten or followed).
A file is replaced through a temporary file beside it, written in full and fsynced, renamed
over the target, then the folder fsynced: a crash leaves the old file or the new one. Before
replacing, the file must still hold what was read, so an edit made meanwhile is not lost.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from interact_cli.errors import InteractError
from interact_cli.i18n import _

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def create_file(path: Path, data: bytes, error: type[InteractError]) -> None:
    """Write a new file; refuses to overwrite one that exists."""
    try:
        fd = os.open(path, _NEW, 0o644)
    except FileExistsError:
        raise error(
            _("{file}: already exists; it will not be overwritten").format(file=path)
        ) from None
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    try:
        _write_all(fd, data)
    except OSError as exc:
        os.close(fd)
        _remove(path)
        raise error(_cannot_write(path, exc)) from None
    os.close(fd)
    fsync_folder(path.parent)


def replace_file(path: Path, data: bytes, was: bytes, error: type[InteractError]) -> None:
    """Replace `path`, which must still hold `was`, keeping its permissions."""
    try:
        current = path.read_bytes()
        mode = path.stat().st_mode & 0o7777
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    if current != was:
        raise error(
            _("{file}: changed while interact was working; nothing written").format(file=path)
        )
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, _NEW, 0o600)
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise error(_cannot_write(path, exc)) from None
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a new or renamed entry in `folder` durable (best effort where unsupported)."""
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


def _write_all(fd: int, data: bytes) -> None:
    written = 0
    while written < len(data):
        written += os.write(fd, data[written:])
    os.fsync(fd)


def _cannot_write(path: Path, exc: OSError) -> str:
    return _("{file}: cannot write ({reason}); nothing changed").format(
        file=path, reason=exc.strerror or exc
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
