"""Find the Pythons installed on this machine, by minor version, for tests across versions.

Looks on PATH (`python3.9`) and in pyenv's folder; a pyenv shim that is not active answers
with an error, so each candidate is asked for its version before it is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path


def _candidates(name: str) -> list[Path]:
    found = [Path(path) for path in [shutil.which(name)] if path]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found.extend(sorted(pyenv.glob(f"*/bin/{name}")))
    return found


@cache
def python(major: int, minor: int) -> str | None:
    """A working `pythonX.Y` of this machine, or None."""
    for candidate in _candidates(f"python{major}.{minor}"):
        try:
            answer = subprocess.run(
                [str(candidate), "-c", "import sys; print(sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=20,
            )
        except OSError:
            continue
        if answer.returncode == 0 and answer.stdout.strip() == str((major, minor)):
            return str(candidate)
    return None
