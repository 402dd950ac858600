"""The code stays ruff-clean: lint and format are checked with the tests, in CI too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import installed_command

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["interact_cli", "tests", "benchmarks", ".ci"]


def ruff() -> str:
    return installed_command("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=" ".join)
def test_ruff_is_clean(command: list[str]) -> None:
    result = subprocess.run([ruff(), *command, *FOLDERS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
