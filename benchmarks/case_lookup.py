"""Finding a case by the id inside its file: what it costs beside loading the case itself.

Builds a folder of N copies of the bundled Mariama case (each with its own id, about 90 kB
each, file names that say nothing of the id) and times, each in a fresh process so no cache
helps, alternating runs:

  (a) the floor: `load_scenario` of the one case wanted, which every command pays anyway;
  (b) `find_case(ID, [folder])` for the id of the last file, then `load_scenario` of it:
      what `interact dry-run ID --dir folder` pays;
  (c) the naive way: tomllib on every file of the folder to read its id, then load.

Prints the medians and (b)/(a), (c)/(a). Target: (b)/(a) <= 1.5 at N = 50.

    python benchmarks/case_lookup.py [--n 50] [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interact_cli.case.catalog import bundled_dir  # noqa: E402

FLOOR = """
import sys
from pathlib import Path
from interact_cli.case.loader import load_scenario
load_scenario(Path(sys.argv[1]) / sys.argv[3])
"""
BY_ID = """
import sys
from pathlib import Path
from interact_cli.case.catalog import find_case
from interact_cli.case.loader import load_scenario
load_scenario(find_case(sys.argv[2], [Path(sys.argv[1])]))
"""
NAIVE = """
import sys, tomllib
from pathlib import Path
from interact_cli.case.loader import load_scenario
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    if tomllib.loads(path.read_text(encoding="utf-8")).get("id") == sys.argv[2]:
        load_scenario(path)
        break
"""


def build(folder: Path, count: int) -> tuple[str, str]:
    """`count` copies named case-NNN.toml with ids copy-NNN; the id and file of the last."""
    text = (bundled_dir() / "mariama.toml").read_text(encoding="utf-8")
    for number in range(count):
        copy = text.replace('id = "mariama"', f'id = "copy-{number:03d}"', 1)
        (folder / f"case-{number:03d}.toml").write_text(copy, encoding="utf-8")
    return f"copy-{count - 1:03d}", f"case-{count - 1:03d}.toml"


def timed(code: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        case_id, name = build(folder, options.n)
        args = (str(folder), case_id, name)
        times: dict[str, list[float]] = {"floor": [], "by id": [], "naive": []}
        for _ in range(options.runs):
            times["floor"].append(timed(FLOOR, *args))
            times["by id"].append(timed(BY_ID, *args))
            times["naive"].append(timed(NAIVE, *args))
    medians = {key: statistics.median(values) for key, values in times.items()}
    print(f"N = {options.n} cases ({options.runs} runs, medians)")
    for key, value in medians.items():
        print(f"  {key:6}  {value * 1000:7.0f} ms  ratio to floor {value / medians['floor']:.2f}")


if __name__ == "__main__":
    main()
