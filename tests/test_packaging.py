"""The wheel ships the bundled cases and the package's data files (catalogs): `interact list`
finds the cases from any folder, and the offline bundles, built from this wheel, carry both."""

from __future__ import annotations

import json
import os
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
    for name in bundled:  # each case's team profile, for `interact simulate CASE`
        assert f"interact_cli/scenarios/profiles/{name}" in names
    simulated = subprocess.run(
        [sys.executable, "-m", "interact_cli", "simulate", Path(bundled[0]).stem, "--count", "2"]
        + ["--sessions", str(elsewhere / "programme")],
        cwd=elsewhere,
        env=os.environ | {"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
    )
    assert simulated.returncode == 0, simulated.stderr
    assert len(list((elsewhere / "programme").glob("*.toml"))) == 2


def test_the_interface_catalogs_ship_in_the_wheel_and_are_found(tmp_path: Path) -> None:
    """The real catalogs of interact_cli/locale: in the wheel (hence the bundles), and read."""
    wheel = build_wheel(ROOT, tmp_path / "dist")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    for lang in ("fr", "nl", "el", "it"):
        for suffix in ("po", "mo"):
            assert f"interact_cli/locale/{lang}/LC_MESSAGES/interact.{suffix}" in names
    french = subprocess.run(
        [sys.executable, "-m", "interact_cli", "summary", "missing.toml"],
        cwd=tmp_path,
        env=os.environ | {"PYTHONPATH": str(site), "INTERACT_LANG": "fr"},
        capture_output=True,
        text=True,
    )
    assert french.returncode == 2
    assert french.stderr.startswith("erreur\u00a0: missing.toml")
