"""Active time for live play: wall time minus paused time.

Paused time must never count as a role's decision time, and a round's timebox runs only
while the clock runs, so both read the same stopwatch.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Stopwatch:
    """Seconds the clock has run; `monotonic` is injectable so tests can move time by hand."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, paused: bool = False):
        self._monotonic = monotonic
        self._banked = 0.0
        self._since: float | None = None if paused else monotonic()

    @property
    def paused(self) -> bool:
        return self._since is None

    def pause(self) -> None:
        if self._since is not None:
            self._banked += self._monotonic() - self._since
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self._monotonic()

    def active(self) -> float:
        """Seconds run so far, not counting any pause."""
        running = self._monotonic() - self._since if self._since is not None else 0.0
        return self._banked + running


def clock_text(seconds: float) -> str:
    """`m:ss`, or `h:mm:ss` past an hour: short enough for a prompt line."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
