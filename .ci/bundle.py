"""Build the offline bundles: dist/wheelhouse/ and dist/interact.pyz.

    pip install '.[bundle]' && python .ci/bundle.py [--out dist]

The wheelhouse holds the project's wheel and a wheel of every dependency, all pure Python
(`py3-none-any`), so that `pip install --no-index --find-links dist/wheelhouse interact-cli`
works on Linux, macOS and Windows alike: pip is asked for wheels of platform "any" only
(wcwidth also ships a compiled Linux wheel, whose pure fallback is the same code), for the
oldest supported Python, plus colorama, which only Windows installs. The pyz is made by shiv
from that same wheelhouse with no index, so both bundles hold the same versions.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interact_cli.entry import MINIMUM  # noqa: E402  (the checkout, not an installed copy)

# Wanted by a dependency on Windows only (typer: `colorama; platform_system == "Windows"`),
# so pip on the building machine would leave it out.
WINDOWS_ONLY = ["colorama"]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def build_wheelhouse(wheelhouse: Path) -> Path:
    """Fill `wheelhouse` with the project's wheel and its dependencies; return the former."""
    wheelhouse.mkdir(parents=True, exist_ok=True)
    for old in wheelhouse.glob("*.whl"):
        old.unlink()
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheelhouse), str(ROOT))
    (project,) = wheelhouse.glob("interact_cli-*.whl")
    # The project's wheel by path: "interact-cli" on an index is someone else's package.
    pip(
        "download", "--quiet", "--dest", str(wheelhouse),
        "--only-binary=:all:", "--platform", "any", "--implementation", "py", "--abi", "none",
        "--python-version", ".".join(str(part) for part in MINIMUM),
        str(project), *WINDOWS_ONLY,
    )  # fmt: skip
    return project


def build_pyz(target: Path, wheelhouse: Path, project: Path) -> None:
    """Make the single-file app with shiv from the wheelhouse alone (no index)."""
    subprocess.run(
        [
            sys.executable, "-m", "shiv",
            "--console-script", "interact",
            "--output-file", str(target),
            # the same inputs give the same file, and the same cache folder (~/.shiv)
            "--reproducible",
            "--no-index", "--find-links", str(wheelhouse),
            str(project), *WINDOWS_ONLY,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="default: dist/")
    out: Path = parser.parse_args().out.resolve()
    wheelhouse = out / "wheelhouse"
    project = build_wheelhouse(wheelhouse)
    pyz = out / "interact.pyz"
    build_pyz(pyz, wheelhouse, project)
    wheels = sorted(path.name for path in wheelhouse.glob("*.whl"))
    print(f"{wheelhouse}: {len(wheels)} wheels")
    for name in wheels:
        print(f"  {name}")
    print(f"{pyz}: {pyz.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
