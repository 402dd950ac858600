"""Shared fixtures: a tiny case, a private sessions folder, and a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes transcripts into its own folder, never into the repo's sessions/."""
    folder = tmp_path / "sessions"
    monkeypatch.setenv("INTERACT_SESSIONS_DIR", str(folder))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return folder


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English unless they choose a language, whatever the machine's locale."""
    from interact_cli.i18n import use_language

    monkeypatch.setenv("INTERACT_LANG", "en")
    use_language("en")
    yield
    use_language("en")


@pytest.fixture
def tiny_case() -> Path:
    return DATA / "tiny.toml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the sessions folder that an attacker wants overwritten."""
    from tests.helpers import VICTIM_TEXT

    path = tmp_path / "victim.txt"
    path.write_bytes(VICTIM_TEXT)
    return path
