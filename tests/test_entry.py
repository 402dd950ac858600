"""On a Python older than the supported one, every way of starting interact says so in one line.

The version check is faked on this Python (the fake also proves the app is not imported
before the check), and run for real on whichever older Pythons this machine has.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from interact_cli import entry
from interact_cli.errors import EXIT_BAD_INPUT
from tests.helpers import installed_command
from tests.old_pythons import python

ROOT = Path(__file__).resolve().parent.parent
OLDER = [(2, 7), (3, 6), (3, 7), (3, 8), (3, 9), (3, 10)]
ONE_LINE_FOR_3_9 = entry.refusal((3, 9, 18, "final", 0)) + "\n"

FAKE_OLD_PYTHON = """
import runpy, sys
sys.version_info = (3, 9, 18, "final", 0)
try:
    runpy.{run}({target!r}, run_name="__main__")
except SystemExit as stop:
    loaded = [name for name in ("typer", "interact_cli.cli.app") if name in sys.modules]
    print("EXIT", stop.code, "LOADED", loaded)
"""


def fake_old_python(run: str, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FAKE_OLD_PYTHON.format(run=run, target=target)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_supported_python_passes_the_check() -> None:
    assert entry.refusal((3, 11, 0, "final", 0)) == ""
    assert entry.refusal((3, 13, 1, "final", 0)) == ""
    assert entry.refusal(sys.version_info) == ""


def test_an_older_python_gets_one_line_naming_both_versions() -> None:
    line = entry.refusal((3, 10, 13, "final", 0))
    assert "Python 3.11 or newer" in line and "Python 3.10.13" in line
    assert "\n" not in line


def test_python_m_refuses_before_importing_the_app() -> None:
    result = fake_old_python("run_module", "interact_cli")
    assert result.stdout.strip() == f"EXIT {EXIT_BAD_INPUT} LOADED []"
    assert result.stderr == ONE_LINE_FOR_3_9


def test_the_installed_command_refuses_before_importing_the_app() -> None:
    script = installed_command("interact")
    result = fake_old_python("run_path", script)
    assert result.stdout.strip() == f"EXIT {EXIT_BAD_INPUT} LOADED []"
    assert result.stderr == ONE_LINE_FOR_3_9


def test_the_console_script_starts_at_the_check() -> None:
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="interact")
    assert script.value == "interact_cli.entry:main"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["interact"] == "interact_cli.entry:main"


def test_pyproject_states_the_version_the_check_enforces() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = ".".join(str(part) for part in entry.MINIMUM)
    assert project["requires-python"] == f">={needed}"
    assert f"Programming Language :: Python :: {needed}" in project["classifiers"]
    assert entry.EXIT_UNSUPPORTED_PYTHON == EXIT_BAD_INPUT


@pytest.mark.parametrize("name", ["__init__.py", "__main__.py", "entry.py"])
def test_what_runs_before_the_check_is_readable_by_old_pythons(name: str) -> None:
    """No annotations, f-strings or `from __future__`: Python 2.7 and 3.6+ can parse it."""
    tree = ast.parse((ROOT / "interact_cli" / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        assert not isinstance(node, ast.JoinedStr | ast.AnnAssign | ast.NamedExpr), node.lineno
        if isinstance(node, ast.FunctionDef):
            assert node.returns is None, node.name
            assert all(arg.annotation is None for arg in node.args.args), node.name
        if isinstance(node, ast.ImportFrom):
            assert node.module != "__future__", node.lineno


@pytest.mark.parametrize("version", OLDER, ids=lambda v: f"python{v[0]}.{v[1]}")
def test_a_real_older_python_gets_the_one_line(version: tuple[int, int], tmp_path: Path) -> None:
    old = python(*version)
    if old is None:
        pytest.skip(f"no python{version[0]}.{version[1]} on this machine")
    result = subprocess.run(
        [old, "-m", "interact_cli", "list"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_BAD_INPUT
    found = result.stderr.splitlines()
    assert len(found) == 1 and f"this is Python {version[0]}.{version[1]}." in found[0], found
