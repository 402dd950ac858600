"""The wheel ships the bundled cases: `interact list` finds them from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_plain_install_finds_the_bundled_cases_from_another_folder(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("interact_cli-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    bundled = sorted(path.name for path in (ROOT / "scenarios").glob("*.toml"))
    assert bundled, "the repo has bundled cases"
    for name in bundled:
        assert f"interact_cli/scenarios/{name}" in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "interact_cli", "list", "--format", "json"],
        cwd=elsewhere,
        env=os.environ | {"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(result.stdout)
    assert sorted(Path(case["path"]).name for case in listed) == bundled
    assert all(case["path"].startswith(str(site)) for case in listed)
