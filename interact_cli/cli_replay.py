"""Batch replay command."""

from __future__ import annotations
