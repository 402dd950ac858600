"""Clocks: the system clock for live play, a simulated one for scripts, replays and tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, to the second."""
        ...

    def elapse(self, seconds: float) -> None:
        """Tell the clock a player spent `seconds`; only a simulated clock moves for it."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    def elapse(self, seconds: float) -> None:
        """Real time passes by itself."""


class SimulatedClock:
    """Moves only when told, so scripted runs give the same transcript every time."""

    def __init__(self, start: datetime) -> None:
        self._now = start.replace(microsecond=0)
        self._fraction = 0.0

    def now(self) -> datetime:
        return self._now

    def elapse(self, seconds: float) -> None:
        self._fraction += seconds
        whole = int(self._fraction)
        self._fraction -= whole
        self._now += timedelta(seconds=whole)
