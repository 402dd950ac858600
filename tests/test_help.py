"""Every command explains itself: `--help` works and shows an example."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from interact_cli.cli.app import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_users_expect_exist() -> None:
    assert {"demo", "dry-run", "list", "summary", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: interact " + command in " ".join(result.stdout.split())


def test_python_dash_m_works(runner: CliRunner) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "interact_cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "dry-run" in result.stdout
