"""Time `python3 interact.pyz --help`, first and later starts, against the installed command.

The pyz's first start on a machine unpacks its packages into the user's cache (~/.shiv, here
a fresh SHIV_ROOT for every first-start run); later starts find them there. Runs alternate
(installed, later, first, installed, …) so that machine noise hits all three alike, then
prints the median of each and their ratios to the installed `interact --help`. The pyz runs
with `-I` on an empty venv of the same Python, as on a laptop with nothing installed.
Targets: later starts <= 1.2 times the installed command; the first start under 1 s.

    python .ci/bundle.py && python benchmarks/pyz.py [--pyz dist/interact.pyz] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import interact_command

ROOT = Path(__file__).resolve().parent.parent


def time_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyz", type=Path, default=ROOT / "dist" / "interact.pyz")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    base_env = os.environ | {"COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        bare = scratch / "bare"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", bare], check=True)
        pyz = [str(bare / "bin" / "python"), "-I", str(options.pyz), "--help"]
        installed = [*interact_command(), "--help"]
        warm = base_env | {"SHIV_ROOT": str(scratch / "warm")}
        time_once(installed, base_env)  # warm the file cache, and unpack once for later starts
        time_once(pyz, warm)
        times: dict[str, list[float]] = {"installed": [], "later": [], "first": []}
        for run in range(options.runs):
            times["installed"].append(time_once(installed, base_env))
            times["later"].append(time_once(pyz, warm))
            cold = scratch / f"cold-{run}"
            times["first"].append(time_once(pyz, base_env | {"SHIV_ROOT": str(cold)}))
            shutil.rmtree(cold)
    medians = {name: statistics.median(values) for name, values in times.items()}
    labels = {
        "installed": "interact --help (installed)",
        "later": "interact.pyz --help, later start",
        "first": "interact.pyz --help, first start",
    }
    for name, value in medians.items():
        ratio = value / medians["installed"]
        print(f"{labels[name]:34s} median {value * 1000:7.1f} ms  x{ratio:.2f}")
    print(f"over {options.runs} runs each; targets: later <= x1.2, first < 1000 ms")


if __name__ == "__main__":
    main()
