"""The package layout is the architecture: import-linter checks its contracts (pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import installed_command

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package and contracts found in `project`, as CI runs it."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [installed_command("lint-imports"), "--no-cache", "--config", "pyproject.toml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "interact_cli", tmp_path / "interact_cli", ignore=shutil.ignore_patterns("*.pyc")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_an_import_up_the_layers_breaks_the_build(project_copy: Path) -> None:
    _append(project_copy / "interact_cli/record/events.py", "from interact_cli.cli import app")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "Layers: the command line on top" in result.stdout and "BROKEN" in result.stdout
    assert "interact_cli.record.events -> interact_cli.cli.app" in result.stdout


def test_rich_in_the_engine_breaks_the_build(project_copy: Path) -> None:
    _append(project_copy / "interact_cli/play/engine.py", "import rich  # noqa")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "The core never imports the terminal UI libraries BROKEN" in result.stdout


def test_live_play_reaching_into_reports_breaks_the_build(project_copy: Path) -> None:
    _append(project_copy / "interact_cli/live/prompts.py", "import interact_cli.report.summary")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "neither knows the other BROKEN" in result.stdout
