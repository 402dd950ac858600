"""How fast `interact replay` is against the floor of just parsing the files, and its memory.

Builds transcripts in a temporary folder (random sessions of the bundled cases, or of the
tiny test case when none is bundled, recorded as live since replay leaves dry-runs out, copied
with fresh session ids and tags), then measures, side by side in one run:

  (a1) the one-process floor: read and parse N files with tomllib in this process;
  (a2) the two-process floor: the same N files, half each in two processes at once;
  (b)  `interact replay FOLDER --format json -o FILE` of the N files, as a user runs it.

(a2) and (b) alternate `--repeat` times and every ratio b/a2 is printed (target <= 1.0 on
2 cores), so the spread that other work on the machine causes is visible, with the ratio of
their CPU seconds (all processes of each), which that work moves far less. Then the peak memory
of the replay, all its processes together (RSS, and PSS which shares out the pages the forked
workers share), at N and at `--big` files (target: big over N <= 1.2).

    python benchmarks/replay.py                      # N = 10,000, big = 100,000
    python benchmarks/replay.py --n 4000 --big 20000 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
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


def templates(folder: Path, base: int, scenarios: list[Scenario]) -> list[str]:
    """`base` random sessions per case, recorded as live (replay leaves dry-runs out)."""
    seeds = folder / "seeds"
    texts: list[str] = []
    for scenario in scenarios:
        for seed in range(base):
            clock = SimulatedClock(datetime(2026, 1 + seed % 12, 1 + seed % 28, 9, tzinfo=UTC))
            header = new_header(scenario, clock, "live", scenario.fallback_language)
            played = play(scenario, RandomResponder(seed), header, seeds, clock)
            texts.append(played.path.read_text(encoding="utf-8"))
    shutil.rmtree(seeds)
    return texts


def build(out: Path, n: int, texts: list[str]) -> list[Path]:
    """`n` copies of the templates with new session ids and tags, in one folder (as a
    programme's sessions/ folder is: the walk's worst case)."""
    out.mkdir()
    files = []
    for index in range(n):
        text = texts[index % len(texts)]
        session = f"bench-{index:06d}"
        text = _SESSION.sub(f'session = "{session}"\ntag = "venue-{index % 7}"', text, count=1)
        path = out / f"{session}.toml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def parse(files: list[Path]) -> float:
    """Parse the files; the CPU seconds it took (this process)."""
    start = time.process_time()
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))
    return time.process_time() - start


def floor(files: list[Path]) -> float:
    """(a1): one process."""
    start = time.perf_counter()
    parse(files)
    return time.perf_counter() - start


def floor_two(files: list[Path], pool: ProcessPoolExecutor) -> tuple[float, float]:
    """(a2): two processes (already started), half the files each: wall and CPU seconds."""
    half = len(files) // 2
    start = time.perf_counter()
    parts = [pool.submit(parse, files[:half]), pool.submit(parse, files[half:])]
    cpu = sum(part.result() for part in parts)
    return time.perf_counter() - start, cpu


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


def replay(
    folders: list[Path], extra: list[str], report: Path, sample: bool
) -> tuple[float, int, int, float]:
    """Wall time; with `sample`, also the peak RSS and PSS of the whole process tree; and the
    CPU seconds of the whole tree (its workers are waited for, so they count).

    Sampling /proc costs CPU the replay would otherwise use, so timed runs do not sample.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "interact_cli", "replay", *map(str, folders)]
    command += ["--format", "json", "-o", str(report), *extra]
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(f"replay failed with exit code {process.returncode}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, peak_rss, peak_pss, cpu


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="timed transcripts (10,000)")
    parser.add_argument("--big", type=int, default=100_000, help="memory run (100,000)")
    parser.add_argument("--base", type=int, default=50, help="distinct sessions per case")
    parser.add_argument("--repeat", type=int, default=3, help="timed pairs (a2, b)")
    parser.add_argument("--no-memory", action="store_true", help="time only")
    args = parser.parse_args()
    scenarios, extra = cases()
    print(f"cases: {', '.join(s.id for s in scenarios)}; cores: {os.cpu_count()}")
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="interact-bench-") as temporary:
        folder = Path(temporary)
        texts = templates(folder, args.base, scenarios)
        timed = build(folder / "small", args.n, texts)
        size = sum(path.stat().st_size for path in timed)
        print(f"built N = {args.n:,} transcripts ({size / 2**20:.1f} MiB)")
        a1 = floor(timed)
        print(f"(a1) tomllib floor, one process: {a1:.2f} s")
        ratios: list[float] = []
        cpus: list[float] = []
        with ProcessPoolExecutor(2) as pool:
            pool.submit(parse, []).result()
            for _ in range(args.repeat):
                a2, a2_cpu = floor_two(timed, pool)
                b, _, _, b_cpu = replay(
                    [folder / "small"], extra, folder / "report.json", sample=False
                )
                ratios.append(b / a2)
                cpus.append(b_cpu / a2_cpu)
                print(
                    f"(a2) two processes: {a2:.2f} s ({a2_cpu:.1f} s CPU); (b) interact replay: "
                    f"{b:.2f} s ({b_cpu:.1f} s CPU); b/a2 {b / a2:.2f}, b/a1 {b / a1:.2f}; "
                    f"CPU b/a2 {b_cpu / a2_cpu:.2f}"
                )
        print(
            f"b/a2 median {statistics.median(ratios):.2f} (spread {min(ratios):.2f}-"
            f"{max(ratios):.2f}; target <= 1.0); CPU b/a2 median {statistics.median(cpus):.2f} "
            f"(less moved by other work); load average now: {load()}"
        )
        if args.no_memory:
            return
        build(folder / "big", args.big, texts)
        print(f"built {args.big:,} more transcripts in another folder")
        _, small_rss, small_pss, _ = replay(
            [folder / "small"], extra, folder / "small.json", sample=True
        )
        _, rss, pss, _ = replay([folder / "big"], extra, folder / "big.json", sample=True)
        n, big = f"{args.n:,}", f"{args.big:,}"
        print(f"peak memory, all processes, N={n}: RSS {mib(small_rss)}, PSS {mib(small_pss)}")
        print(f"peak memory, all processes, N={big}: RSS {mib(rss)}, PSS {mib(pss)}")
        print(f"memory ratio: RSS {rss / small_rss:.2f}, PSS {pss / small_pss:.2f} (target <= 1.2)")
        print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
