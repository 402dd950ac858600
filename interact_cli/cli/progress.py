"""A progress bar on stderr for long batches (replay, simulate), shown on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from interact_cli import platform_io
from interact_cli.console import plain_console

Item = TypeVar("Item")
Started = Callable[[], None]


def with_progress(
    description: str,
    total: int,
    run: Callable[[Started | None], Iterator[Item]],
    size: Callable[[Item], int],
) -> Iterator[Item]:
    """The items of `run(on_started)`, advancing a bar by `size(item)` of `total`.

    `run` calls `on_started` once its worker processes exist: the bar's thread starts only
    then, never while they are forked.
    """
    if not platform_io.is_terminal(sys.stderr):
        yield from run(None)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}", style="progress.description"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=plain_console(stderr=True),
        transient=True,
    )
    task = progress.add_task(description, total=total)
    try:
        for item in run(progress.start):
            progress.advance(task, size(item))
            yield item
    finally:
        progress.stop()
