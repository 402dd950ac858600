"""The offline bundles, built as README's "Offline install" builds them, used with no network.

Slow (marker `bundle`, about 30 s): the build asks the package index for the dependencies'
wheels once per run. Everything after the build runs with no network where the machine can
cut it (`unshare -rn`), always with `python -I` from an empty venv (no site-packages), a
fresh HOME, `PIP_NO_INDEX=1`, from a folder other than the checkout, and with the pyz's
folder read-only. Root ignores read-only permissions, so the folder's listing is compared
too: a start must never write next to the file (a USB stick may be read-only).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from interact_cli.entry import MINIMUM
from interact_cli.errors import EXIT_BAD_INPUT
from tests.old_pythons import python
from tests.pty_terminal import Terminal, play_rounds_two_and_three

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX folders, venv layout and pty"),
]

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny.toml"
TIMEOUT = 120


@cache
def offline_prefix() -> tuple[str, ...]:
    """`unshare -rn` (a new network namespace with no interfaces up) where it works."""
    if shutil.which("unshare") is None:
        return ()
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    return ("unshare", "-rn") if probe.returncode == 0 else ()


def bare_env(home: Path) -> dict[str, str]:
    """What a fresh laptop's shell has: no PIP_* or PYTHON* settings, an empty HOME."""
    return {
        "HOME": str(home),
        "PATH": os.defpath,
        "LANG": "C.UTF-8",
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    entries = {".": (0, folder.stat().st_mtime_ns)}
    for path in folder.rglob("*"):
        entries[str(path.relative_to(folder))] = (path.stat().st_size, path.stat().st_mtime_ns)
    return entries


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "bundle.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if build.returncode != 0:
        pytest.fail(f".ci/bundle.py failed:\n{build.stdout}\n{build.stderr}")
    return out


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """This Python with nothing installed: a venv without even pip."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return str(venv / "bin" / "python")


class Laptop:
    """A fresh HOME, a working folder, and the pyz on a read-only "USB stick"."""

    def __init__(self, root: Path, pyz: Path) -> None:
        self.home = root / "home"
        self.work = root / "work"
        self.usb = root / "usb"
        for folder in (self.home, self.work, self.usb):
            folder.mkdir()
        self.pyz = self.usb / "interact.pyz"
        shutil.copy2(pyz, self.pyz)
        self.pyz.chmod(0o444)
        self.usb.chmod(0o555)
        self.usb_before = listing(self.usb)

    def run(self, python: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*offline_prefix(), python, "-I", str(self.pyz), *args],
            cwd=self.work,
            env=bare_env(self.home),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )

    def unpacked(self) -> list[Path]:
        return sorted((self.home / ".shiv").glob("interact.pyz_*/site-packages"))


@pytest.fixture
def laptop(tmp_path: Path, dist: Path) -> Iterator[Laptop]:
    machine = Laptop(tmp_path, dist / "interact.pyz")
    yield machine
    after = listing(machine.usb)
    machine.usb.chmod(0o755)
    assert after == machine.usb_before, "something was written next to the pyz"


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_the_wheelhouse_is_pure_python_for_every_platform(dist: Path) -> None:
    wheels = sorted(path.name for path in (dist / "wheelhouse").glob("*.whl"))
    names = {wheel.split("-")[0] for wheel in wheels}
    assert {"interact_cli", "typer", "rich", "questionary", "tomli_w", "prompt_toolkit"} <= names
    assert "colorama" in names  # only Windows installs it, so the building machine would not
    assert all(wheel.endswith("-none-any.whl") for wheel in wheels), wheels


def test_the_pyz_holds_the_package_its_data_and_the_wheelhouse_versions(dist: Path) -> None:
    with zipfile.ZipFile(dist / "interact.pyz") as archive:
        inside = set(archive.namelist())
    package = ROOT / "interact_cli"
    for path in package.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"site-packages/interact_cli/{path.relative_to(package)}" in inside
    for path in (ROOT / "scenarios").rglob("*.toml"):
        relative = path.relative_to(ROOT / "scenarios")
        assert f"site-packages/interact_cli/scenarios/{relative}" in inside
    for wheel in (dist / "wheelhouse").glob("*.whl"):
        name, version = wheel.name.split("-")[:2]
        assert f"site-packages/{name}-{version}.dist-info/METADATA" in inside, wheel.name


def test_every_command_runs_offline_from_a_read_only_folder(
    laptop: Laptop, bare_python: str
) -> None:
    assert "Transcript saved" in ok(laptop.run(bare_python, "demo"))
    cases = json.loads(ok(laptop.run(bare_python, "list", "--format", "json")))
    (unpacked,) = laptop.unpacked()
    assert {case["id"] for case in cases} == {"basir", "mariama"}
    assert all(case["path"].startswith(str(unpacked)) for case in cases)
    shutil.copy(ROOT / "scenarios" / "basir.toml", laptop.work / "my-case.toml")
    ok(laptop.run(bare_python, "validate", "my-case.toml"))
    ok(
        laptop.run(
            bare_python, "dry-run", "mariama", "--random", "--seed", "7", "--sessions", "runs"
        )
    )
    (session,) = (laptop.work / "runs").glob("*.toml")
    summary = json.loads(ok(laptop.run(bare_python, "summary", str(session), "--format", "json")))
    assert summary["case"] == "mariama"
    replay = laptop.run(bare_python, "replay", "runs", "--format", "json", "--include-dry-runs")
    assert json.loads(ok(replay))["totals"]["sessions"] == 1  # the demo is a dry-run
    assert "interact-scenario/1" in ok(laptop.run(bare_python, "schema"))


def test_a_second_start_uses_what_the_first_unpacked(laptop: Laptop, bare_python: str) -> None:
    ok(laptop.run(bare_python, "--help"))
    (unpacked,) = laptop.unpacked()
    first = unpacked.stat().st_ino
    marker = unpacked / "left-by-the-test"
    marker.touch()
    ok(laptop.run(bare_python, "--help"))
    assert laptop.unpacked() == [unpacked]
    assert unpacked.stat().st_ino == first and marker.exists()


def test_a_whole_live_session_then_its_summary_and_replay(laptop: Laptop, bare_python: str) -> None:
    shutil.copy(TINY, laptop.work / "tiny.toml")
    sessions = laptop.work / "sessions"
    table = Terminal(
        sessions,
        [*offline_prefix(), bare_python, "-I", str(laptop.pyz), "run", "tiny.toml"],
        env=bare_env(laptop.home),
        cwd=laptop.work,
    )
    try:
        table.names()
        table.wait_for("Round 1 of 3")  # drawn once the transcript (and its menu seed) exists
        report = table.tick("r1", "reception_es", "report_police_now")
        table.answer("Reception centre, Spain", report, "told the police")
        table.answer("Police, Spain")
        play_rounds_two_and_three(table)
        table.debrief(3)
        table.wait_for("3 on time · 0 late · 0 missed of 3 expected steps")
        assert table.exit_code() == 0
    finally:
        table.child.close(force=True)
    (session,) = sessions.glob("*.toml")
    cases = ["--dir", str(laptop.work)]
    summary = ok(laptop.run(bare_python, "summary", str(session), *cases, "--format", "json"))
    assert json.loads(summary)["totals"]["on_time"] == 3
    replay = ok(laptop.run(bare_python, "replay", "sessions", "--dir", ".", "--format", "json"))
    assert json.loads(replay)["totals"]["sessions"] == 1


@pytest.mark.parametrize("version", [(3, 6), (3, 8), (3, 10)], ids=lambda v: f"python{v}")
def test_an_older_python_gets_one_line_from_the_pyz(
    laptop: Laptop, version: tuple[int, int]
) -> None:
    old = python(*version)
    if old is None:
        pytest.skip(f"no python{version[0]}.{version[1]} on this machine")
    result = laptop.run(old, "list")
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr.count("\n") == 1
    assert f"needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer" in result.stderr


@pytest.mark.parametrize("version", [(3, 12), (3, 13)], ids=lambda v: f"python{v}")
def test_a_newer_python_runs_the_pyz(laptop: Laptop, version: tuple[int, int]) -> None:
    newer = python(*version)
    if newer is None:
        pytest.skip(f"no python{version[0]}.{version[1]} on this machine")
    assert "Transcript saved" in ok(laptop.run(newer, "demo"))


def test_the_wheelhouse_installs_with_no_index_into_a_fresh_venv(
    dist: Path, tmp_path: Path
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    install = [str(venv / "bin" / "pip"), "install", "--no-index", "--find-links"]
    offline = [*offline_prefix()]
    subprocess.run(
        [*offline, *install, str(dist / "wheelhouse"), "interact-cli"],
        env=bare_env(home),
        cwd=work,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    demo = subprocess.run(
        [*offline, str(venv / "bin" / "interact"), "demo"],
        env=bare_env(home),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Transcript saved" in ok(demo)


SPAWN_AS_ON_MACOS_AND_WINDOWS = """
import multiprocessing, runpy, sys
pyz = sys.argv[1]
sys.argv = [pyz, *sys.argv[2:]]
sys.path.insert(0, pyz)  # what `python interact.pyz` does before running its __main__
sys.platform = "darwin"  # replay then asks for the platform's default start method: spawn
multiprocessing.set_start_method("spawn")
runpy._run_module_as_main("__main__", False)
"""


def test_replay_workers_start_from_the_pyz_when_spawned(laptop: Laptop, bare_python: str) -> None:
    """macOS and Windows spawn replay's workers: each must find the package in the cache."""
    runs = laptop.work / "runs"
    ok(laptop.run(bare_python, "dry-run", "basir", "--random", "--seed", "1", "--sessions", "runs"))
    (session,) = runs.glob("*.toml")
    for copy in range(1, 120):  # two chunks at least, so that workers start
        shutil.copy(session, runs / f"copy-{copy}-{session.name}")
    result = subprocess.run(
        [bare_python, "-I", "-c", SPAWN_AS_ON_MACOS_AND_WINDOWS, str(laptop.pyz)]
        + ["replay", "runs", "--format", "json", "--jobs", "2", "--include-dry-runs"],
        cwd=laptop.work,
        env=bare_env(laptop.home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert json.loads(ok(result))["totals"]["sessions"] == 120
