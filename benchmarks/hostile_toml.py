"""Time per megabyte of hostile TOML through the loader's parse, against tomllib's own floor.

Each shape is about 1 MB. "refused" shapes stop at `refuse_deep_keys` before tomllib runs;
the others are the worst tomllib does with keys as deep as MAX_KEY_PARTS allows. The floor
is tomllib on the plainest input of the same size (one short table per line). Prints s/MB
per shape and its ratio to the floor. Usage: python benchmarks/hostile_toml.py [--runs 3]
"""

from __future__ import annotations

import argparse
import time
import tomllib
from collections.abc import Callable

from interact_cli.errors import ScenarioError
from interact_cli.record.toml_file import MAX_KEY_PARTS, parse_toml

MEGABYTE = 1_000_000
DEPTH = MAX_KEY_PARTS
QUOTED = '"a.b"'


def fill(line: Callable[[int], str], head: str = "") -> str:
    parts, size, index = [head], len(head), 0
    while size < MEGABYTE:
        text = line(index)
        parts.append(text)
        size += len(text)
        index += 1
    return "".join(parts)


def dotted(count: int, part: str = "a") -> str:
    return ".".join([part] * count)


SHAPES: dict[str, str] = {
    "floor: one short table per line": fill(lambda i: f"[t{i}]\nk = 1\n"),
    "a header of 200,000 parts (issue 13)": "[" + dotted(200_000) + "]\n",
    "a dotted key of 200,000 quoted parts": dotted(200_000, '"a"') + " = 1\n",
    "headers at the limit": fill(lambda i: f"[{dotted(DEPTH - 1)}.k{i}]\n"),
    "keys at the limit under a header at the limit": fill(
        lambda i: f"{dotted(DEPTH - 1)}.k{i} = 1\n", head=f"[{dotted(DEPTH, 'h')}]\n"
    ),
    "quoted keys at the limit": fill(
        lambda i: f'{dotted(DEPTH - 1, chr(34) + "a.b" + chr(34))}."k{i}" = 1\n'
    ),
    "inline tables with keys at the limit": fill(lambda i: f"t{i} = {{{dotted(DEPTH)} = 1}}\n"),
    "one text full of one-word sentences": 'x = "' + "Go. " * (MEGABYTE // 4) + '"\n',
}


def seconds(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        parse_toml(text, "bench.toml", ScenarioError)
        outcome = "parsed"
    except ScenarioError as exc:
        outcome = "refused" if "dotted parts" in exc.message else "error"
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    floor_text = SHAPES["floor: one short table per line"]
    tomllib.loads(floor_text)  # warm up
    results = {}
    for name, text in SHAPES.items():
        best = min(seconds(text)[0] for _ in range(runs))
        results[name] = (best / (len(text) / MEGABYTE), seconds(text)[1], len(text))
    floor = results["floor: one short table per line"][0]
    print(f"MAX_KEY_PARTS = {MAX_KEY_PARTS}, best of {runs}")
    print(f"{'shape':48} {'MB':>5} {'outcome':>8} {'s/MB':>6} {'/floor':>7}")
    for name, (per_mb, outcome, size) in results.items():
        print(f"{name:48} {size / MEGABYTE:5.2f} {outcome:>8} {per_mb:6.2f} {per_mb / floor:7.2f}")


if __name__ == "__main__":
    main()
