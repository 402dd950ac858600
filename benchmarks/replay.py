"""How fast `interact replay` is against the floor of just parsing the files, and its memory.

Builds N transcripts in a temporary folder (random sessions of the bundled cases, or of the
tiny test case when none is bundled yet, copied with fresh session ids), then measures:

  (a) the floor: read and parse every file with tomllib, in this one process;
  (b) `interact replay FOLDER --format json -o FILE`, as a user runs it.

It prints both times, the ratio b/a (target <= 1.0 on 2 cores), and the peak resident memory
of the replay (all its processes together) for N = 2,000 and the full N (target ratio <= 1.2).

    python benchmarks/replay.py            # N = 10,000
    python benchmarks/replay.py --n 4000 --base 40
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interact_cli.case.catalog import bundled_dir  # noqa: E402
from interact_cli.case.loader import load_scenario  # noqa: E402
from interact_cli.case.model import Scenario  # noqa: E402
from interact_cli.errors import InteractError  # noqa: E402
from interact_cli.play.clock import SimulatedClock  # noqa: E402
from interact_cli.play.responders import RandomResponder  # noqa: E402
from interact_cli.play.runner import new_header, play  # noqa: E402

SMALL = 2_000
_SESSION = re.compile(r'^session = "([^"]+)"$', re.MULTILINE)


def cases() -> tuple[list[Scenario], list[str]]:
    """The bundled cases that load, or the tiny test case (with the --dir it needs)."""
    found = []
    for path in sorted(bundled_dir().glob("*.toml")):
        try:
            found.append(load_scenario(path))
        except InteractError:
            continue
    if found:
        return found, []
    tiny = ROOT / "tests" / "data"
    return [load_scenario(tiny / "tiny.toml")], ["--dir", str(tiny)]


def build(folder: Path, n: int, base: int, scenarios: list[Scenario]) -> list[Path]:
    """`base` random sessions per case (recorded as live: replay leaves dry-runs out), then
    copies with new session ids, tags and months."""
    seeds = folder / "seeds"
    templates: list[str] = []
    for scenario in scenarios:
        for seed in range(base):
            clock = SimulatedClock(datetime(2026, 1 + seed % 12, 1 + seed % 28, 9, tzinfo=UTC))
            header = new_header(scenario, clock, "live", scenario.fallback_language)
            played = play(scenario, RandomResponder(seed), header, seeds, clock)
            templates.append(played.path.read_text(encoding="utf-8"))
    out = folder / "all"
    out.mkdir()
    files = []
    for index in range(n):
        text = templates[index % len(templates)]
        session = f"bench-{index:06d}"
        text = _SESSION.sub(f'session = "{session}"\ntag = "venue-{index % 7}"', text, count=1)
        path = out / f"{session}.toml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    shutil.rmtree(seeds)
    return files


def floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def _tree(root: int) -> list[int]:
    """A process and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """Summed RSS (counts pages shared by forked workers once per process) and PSS (shares
    them out), in bytes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def replay(folder: Path, extra: list[str], report: Path, sample: bool) -> tuple[float, int, int]:
    """Wall time; with `sample`, also the peak RSS and PSS of the whole process tree.

    Sampling /proc costs CPU the replay would otherwise use, so timed runs do not sample.
    """
    command = [sys.executable, "-m", "interact_cli", "replay", str(folder)]
    command += ["--format", "json", "--output", str(report), *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    if sample:
        while process.poll() is None:
            rss, pss = _memory(_tree(process.pid))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)
    process.wait()
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"replay failed with exit code {process.returncode}")
    return elapsed, peak_rss, peak_pss


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="transcripts (default 10,000)")
    parser.add_argument("--base", type=int, default=50, help="distinct dry-runs per case")
    args = parser.parse_args()
    scenarios, extra = cases()
    print(f"cases: {', '.join(s.id for s in scenarios)}; cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="interact-bench-") as temporary:
        folder = Path(temporary)
        files = build(folder, args.n, args.base, scenarios)
        size = sum(path.stat().st_size for path in files)
        print(f"built {len(files):,} transcripts, {size / 2**20:.1f} MiB")
        small = folder / "small"
        small.mkdir()
        for path in files[: min(SMALL, len(files))]:
            os.link(path, small / path.name)
        a = floor(files)
        b, _, _ = replay(folder / "all", extra, folder / "report.json", sample=False)
        print(f"(a) tomllib floor, one process: {a:.2f} s")
        print(f"(b) interact replay --format json: {b:.2f} s")
        print(f"ratio b/a: {b / a:.2f} (target <= 1.0)")
        _, small_rss, small_pss = replay(small, extra, folder / "small.json", sample=True)
        _, rss, pss = replay(folder / "all", extra, folder / "report.json", sample=True)
        n_small = min(SMALL, len(files))
        print(
            f"peak memory, all processes, N={n_small:,}: RSS {mib(small_rss)}, PSS {mib(small_pss)}"
        )
        print(f"peak memory, all processes, N={len(files):,}: RSS {mib(rss)}, PSS {mib(pss)}")
        print(f"memory ratio: RSS {rss / small_rss:.2f}, PSS {pss / small_pss:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
