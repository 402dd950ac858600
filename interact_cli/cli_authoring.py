"""Case authoring commands: schema and new."""

from __future__ import annotations
