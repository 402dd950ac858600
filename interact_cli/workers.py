"""Work shared out to worker processes, results back in order: replay and simulate use it.

The workers start before the first part of the work is drawn, so they inherit nothing the
source of that work builds (a folder's names, for replay); at most a few parts per worker are
in flight, so memory stays flat however many parts there are.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")

IN_FLIGHT = 3
"""Parts sent ahead per worker: enough to keep every worker busy, few enough to stay small."""


def in_order(
    work: Callable[[Part], Result],
    parts: Iterable[Part],
    jobs: int,
    on_started: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """`work(part)` for each part, in the order of `parts`, in `jobs` worker processes (in
    this process when `jobs` is 1). `work` and the parts must be picklable where workers are
    started fresh (not on Linux, where they are forked).

    `on_started` runs once the workers exist, so that a progress display's thread is never
    running while they are forked.
    """
    if jobs <= 1:
        if on_started is not None:
            on_started()
        for part in parts:
            yield work(part)
        return
    gc.freeze()  # what the workers inherit stays shared: their collector never touches it
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context())
    try:
        pool.submit(_ready).result()  # forks every worker now, before any part is drawn
        if on_started is not None:
            on_started()
        pending: deque[Future[Result]] = deque()
        for part in parts:
            if len(pending) >= jobs * IN_FLIGHT:
                yield pending.popleft().result()
            pending.append(pool.submit(work, part))
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()


def _ready() -> None:
    """A task that does nothing: submitting it starts the workers."""


def _context() -> BaseContext:
    """Fork on Linux: workers start at once with everything already imported. Elsewhere
    fork is unsafe (macOS) or missing (Windows), so workers start fresh."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
