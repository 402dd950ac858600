"""Writing files someone else may care about: never over their data, never half a file.

A new file is created exclusively, never through a link (nothing there is overwritten or
followed). A file is replaced through a temporary file beside it, written in full and
fsynced, renamed over the target, then the folder fsynced: a crash leaves the old file or
the new one. Before replacing, the file must still hold what was read, so an edit made
meanwhile is not lost. The steps themselves, and what each platform offers for them, are
`platform_io`'s; this module adds the checks and the one-line errors.
"""

from __future__ import annotations

from pathlib import Path

from interact_cli import platform_io
from interact_cli.errors import InteractError
from interact_cli.i18n import _

fsync_folder = platform_io.fsync_folder


def create_file(path: Path, data: bytes, error: type[InteractError]) -> None:
    """Write a new file; refuses to overwrite one that exists."""
    try:
        platform_io.write_new_file(path, data, mode=0o644)
    except FileExistsError:
        raise error(
            _("{file}: already exists; it will not be overwritten").format(file=path)
        ) from None
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None


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
    try:
        platform_io.replace_file(path, data, mode)
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None


def _cannot_write(path: Path, exc: OSError) -> str:
    return _("{file}: cannot write ({reason}); nothing changed").format(
        file=path, reason=exc.strerror or exc
    )
