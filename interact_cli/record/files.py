"""Writing files someone else may care about: never over their data, never half a file.

A new file is created exclusively, never through a link (nothing there is overwritten or
followed). A file is replaced through a temporary file beside it, written in full and
fsynced, renamed over the target, then the folder fsynced: a crash leaves the old file or
the new one. Before replacing, the file must still hold what was read, so an edit made
meanwhile is not lost. The steps themselves, and what each platform offers for them, are
`platform_io`'s; this module adds the checks and the one-line errors.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from interact_cli import platform_io
from interact_cli.errors import InteractError, UsageError
from interact_cli.i18n import _

OUR_FORMATS = (b'format = "interact-transcript/', b'format = "interact-scenario/')
"""How transcripts and cases begin (after comments): a report never replaces one."""
SNIFF_BYTES = 64 * 1024

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


Regenerated = Literal["written", "kept", "completed"]


def write_regenerable(path: Path, data: bytes, error: type[InteractError]) -> Regenerated:
    """Write a file that the same inputs always give again (a simulated session), fsynced
    once; the folder is the caller's to fsync, once for all its files.

    A file already there holding `data` is kept ("kept"); one holding the start of `data`,
    cut short by an interruption, is completed ("completed"); any other is never touched:
    `error` says so. So running the same simulation again finishes an interrupted one.
    """
    try:
        fd = platform_io.create_new(path)
    except FileExistsError:
        return _complete(path, data, error)
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    try:
        platform_io.write_all(fd, data)
        os.fsync(fd)
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    finally:
        os.close(fd)
    return "written"


def _complete(path: Path, data: bytes, error: type[InteractError]) -> Regenerated:
    try:
        there = platform_io.read_regular_file(path, len(data) + 1)
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    if there == data:
        return "kept"
    if not data.startswith(there):
        raise error(
            _(
                "{file}: already exists and holds something else than this simulation gives; "
                "it will not be overwritten"
            ).format(file=path)
        )
    try:
        fd = platform_io.open_existing(path, os.O_WRONLY | os.O_APPEND)
        try:
            if os.fstat(fd).st_size != len(there):
                raise error(
                    _("{file}: changed while interact was working; nothing written").format(
                        file=path
                    )
                )
            platform_io.write_all(fd, data[len(there) :])
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise error(_cannot_write(path, exc)) from None
    return "completed"


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


@contextlib.contextmanager
def report_destination(output: Path | None, inputs: Iterable[Path | str]) -> Iterator[IO[str]]:
    """Standard output, or a stream whose content replaces `output` once it is complete.

    The report goes to a new temporary file beside `output`, readable by its owner only
    (reports hold player names), and is renamed over it only when every byte is written: a
    report killed half-way leaves the previous one. A report never replaces one of the
    command's `inputs`, nor any transcript or case.
    """
    if output is None:
        yield sys.stdout
        return
    _refuse_an_input(output, inputs)
    try:
        with platform_io.replacing(output) as stream:
            yield stream
    except OSError as exc:
        raise UsageError(_cannot_write(output, exc)) from None


def _refuse_an_input(output: Path, inputs: Iterable[Path | str]) -> None:
    """Exit code 2 before anything is written if `output` is an input, a transcript or a case."""
    try:
        target = output.stat()
    except OSError:
        return
    for name in inputs:
        with contextlib.suppress(OSError):
            if os.path.samestat(target, os.stat(name)):
                raise UsageError(
                    _("{file}: is one of this command's inputs; write the report elsewhere").format(
                        file=output
                    )
                )
    if stat.S_ISREG(target.st_mode) and _is_ours(output):
        raise UsageError(
            _("{file}: is a transcript or a case; a report never replaces one").format(file=output)
        )


def _is_ours(path: Path) -> bool:
    """A transcript or a case: its first line that is not a comment names our format."""
    try:
        head = platform_io.read_regular_file(path, SNIFF_BYTES)
    except OSError:
        return False
    for line in head.splitlines():
        line = line.strip()
        if line and not line.startswith(b"#"):
            return line.startswith(OUR_FORMATS)
    return False


def write_files(folder: Path, files: dict[str, bytes], error: type[InteractError]) -> None:
    """Write each file into `folder` (created if missing), in order, each whole or not at all:
    through a temporary file beside it and a rename, so a crash leaves each file old or new.
    The caller has decided which existing files may be replaced."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise error(
            _("{folder}: cannot create the folder ({reason})").format(
                folder=folder, reason=exc.strerror or exc
            )
        ) from None
    for name, data in files.items():
        path = folder / name
        try:
            platform_io.replace_file(path, data, mode=0o644)
        except OSError as exc:
            raise error(_cannot_write(path, exc)) from None
