"""Scores: one session against its case, the aggregate across sessions, and batch replay."""
