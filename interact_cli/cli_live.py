"""Live play commands: run and resume."""

from __future__ import annotations
