"""The transcripts under the paths a user names: one at a time, in sorted order, each once.

A national programme is 10^4 to 10^5 files, so nothing here holds a list of every file: the
folders are walked as the replay goes, each folder's names sorted on their own, which gives
the same order as sorting every path (a folder's name is sorted as `name/`). Only the names of
the folder being walked and of the folders above it are held at a time.
"""

from __future__ import annotations

import heapq
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

Key = tuple[int, int]
"""(device, inode): the file itself, whatever name reached it."""


@dataclass(frozen=True)
class Found:
    """A transcript file to replay: the name it was reached by, and which file it is."""

    path: str
    key: Key


@dataclass(frozen=True)
class Named:
    """What the paths a user gave hold, read once before the walk: files, folders, missing."""

    files: tuple[Found, ...]
    folders: tuple[str, ...]
    folder_keys: frozenset[Key]
    missing: tuple[str, ...]

    @classmethod
    def of(cls, paths: Sequence[Path]) -> Named:
        files: dict[Key, str] = {}
        folders: dict[Key, str] = {}
        missing = []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                missing.append(str(path))
                continue
            key = (info.st_dev, info.st_ino)
            into = folders if stat.S_ISDIR(info.st_mode) else files
            if key not in into or str(path) < into[key]:
                into[key] = str(path)
        return cls(
            tuple(sorted((Found(path, key) for key, path in files.items()), key=_path)),
            tuple(sorted(folders.values())),
            frozenset(folders),
            tuple(missing),
        )


def _path(found: Found) -> str:
    return found.path


def _first_path(item: tuple[Found, bool]) -> str:
    return item[0].path


def transcripts(named: Named) -> Iterator[Found]:
    """Every `*.toml` file named, or under a named folder, once each, sorted by path.

    Hidden names are skipped and linked folders are not followed; a named folder inside
    another is walked once. A file reached by two names (named and also in a named folder, a
    link, a hard link) counts once, under the name that sorts first: only files that can be
    reached twice (named, linked or with more than one hard link) are remembered for that.
    """
    watched = {found.key for found in named.files}
    seen: set[Key] = set()
    given = ((found, True) for found in named.files)
    walks = [_walk(folder, named.folder_keys) for folder in named.folders]
    for found, repeatable in heapq.merge(given, *walks, key=_first_path):
        if repeatable or found.key in watched:
            if found.key in seen:
                continue
            seen.add(found.key)
        yield found


def count_transcripts(named: Named) -> int:
    """About how many files `transcripts` gives, at the cost of listing the folders: no
    sorting and no file read (a file reached twice is counted twice). For a progress bar and
    for deciding whether worker processes are worth starting."""
    total = len(named.files)
    folders = list(named.folders)
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.endswith(".toml"):
                        total += 1
        except OSError:
            continue
    return total


def _walk(top: str, named_folders: frozenset[Key]) -> Iterator[tuple[Found, bool]]:
    """The `*.toml` files under `top` in sorted order, each with whether it may be reached by
    another name too (a link, or a file with more than one hard link).

    A folder's names are read, sorted and kept while its files and subfolders are given
    (folders as `name/`, so the order is that of the whole paths); then they are dropped.
    """
    stack: list[Iterator[str]] = [_names(top)]
    folders = [top]
    while stack:
        name = next(stack[-1], None)
        if name is None:
            stack.pop()
            folders.pop()
            continue
        path = os.path.join(folders[-1], name.rstrip("/"))
        if name.endswith("/"):
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) in named_folders:
                continue  # named itself: walked on its own
            stack.append(_names(path))
            folders.append(path)
            continue
        found = _file(path)
        if found is not None:
            yield found


def _names(folder: str) -> Iterator[str]:
    """The visible names in `folder` that matter, sorted: subfolders as `name/` (not linked
    ones), `*.toml` entries as they are.

    Kept as one text, the names separated by NUL (which no file name holds) rather than a
    list: a folder of 100,000 transcripts then holds 4 MB while it is walked, not 10.
    """
    names = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    names.append(entry.name + "/")
                elif entry.name.endswith(".toml"):
                    names.append(entry.name)
    except OSError:
        return
    names.sort()
    text = "\0".join(names)
    del names
    start = 0
    while start < len(text):
        end = text.find("\0", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def _file(path: str) -> tuple[Found, bool] | None:
    """A regular file (a link is followed), with whether it may be reached by another name."""
    try:
        info = os.stat(path, follow_symlinks=False)
        linked = stat.S_ISLNK(info.st_mode)
        if linked:
            info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return Found(path, (info.st_dev, info.st_ino)), linked or info.st_nlink > 1
