"""The wheel ships the bundled cases and the package's data files (catalogs): `interact list`
finds the cases from any folder, and the offline bundles, built from this wheel, carry both."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(project: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(project)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("interact_cli-*.whl"))


def test_a_plain_install_finds_the_bundled_cases_from_another_folder(tmp_path: Path) -> None:
    wheel = build_wheel(ROOT, tmp_path / "dist")
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


def test_catalogs_under_the_package_ship_in_the_wheel(tmp_path: Path) -> None:
    """Compiled interface catalogs (issue 11) will live in interact_cli/locale: nothing in the
    build configuration or .gitignore may leave them out of the wheel, hence the bundles."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "__pycache__")
    )
    catalog = "interact_cli/locale/fr/LC_MESSAGES/interact.mo"
    (project / catalog).parent.mkdir(parents=True, exist_ok=True)
    (project / catalog).write_bytes(b"a compiled catalog")
    wheel = build_wheel(project, tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        assert catalog in archive.namelist()
