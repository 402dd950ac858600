"""Time `interact --help` against a minimal one-command typer app in the same venv.

Runs alternate (interact, minimal, interact, …) so that machine noise hits both alike,
then prints the median of each and their ratio. Target: ratio <= 1.3.

    python benchmarks/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


app()
'''


def interact_command() -> list[str]:
    script = Path(sys.executable).parent / "interact"
    return [str(script)] if script.exists() else [sys.executable, "-m", "interact_cli"]


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, env=os.environ | {"COLUMNS": "100"}
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        commands = {
            "interact --help": [*interact_command(), "--help"],
            "minimal typer app --help": [sys.executable, str(minimal), "--help"],
        }
        for command in commands.values():  # warm the file cache
            time_once(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(time_once(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:28s} median {value * 1000:7.1f} ms over {runs} runs")
    ratio = medians["interact --help"] / medians["minimal typer app --help"]
    print(f"ratio interact/minimal: {ratio:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
