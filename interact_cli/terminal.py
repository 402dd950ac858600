"""Plain lines for the person at the terminal that are not part of a report: warnings."""

from __future__ import annotations

import sys


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
