"""Where cases are: the bundled ones (inside the package once installed) and `--dir` folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interact_cli.errors import ScenarioError


def bundled_dir() -> Path:
    """The bundled cases: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "scenarios"
    return installed if installed.is_dir() else package.parent / "scenarios"


def demo_script() -> Path:
    return bundled_dir() / "scripts" / "mariama-demo.toml"


def case_files(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Every `*.toml` at the top of the bundled folder and of each extra folder."""
    files: list[Path] = []
    for folder in [bundled_dir(), *extra_dirs]:
        if not folder.is_dir():
            raise ScenarioError(f"{folder}: no such folder")
        files.extend(sorted(folder.glob("*.toml")))
    return files


def resolve_case(name: str, extra_dirs: Sequence[Path] = ()) -> Path:
    """A case path from a path or a case id (`<id>.toml` in the bundled or extra folders)."""
    candidate = Path(name)
    if candidate.suffix == ".toml" or "/" in name or "\\" in name or candidate.exists():
        return candidate
    for folder in [*extra_dirs, bundled_dir()]:
        path = folder / f"{name}.toml"
        if path.is_file():
            return path
    known = ", ".join(path.stem for path in case_files()) or "none"
    raise ScenarioError(f"{name}: no such case (bundled cases: {known}; or give a path)")
