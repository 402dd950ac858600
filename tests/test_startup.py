"""`interact --help` must not pay for what it does not use (checked by import, not by clock)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "questionary",
    "prompt_toolkit",
    "tomli_w",
    "interact_cli.play.engine",
    "interact_cli.score.scoring",
    "interact_cli.record.transcript",
    "interact_cli.case.loader",
    "interact_cli.case.translation",
    "tomlkit",
    "polib",
    "babel",
)

PROBE = f"""
import sys
from interact_cli.entry import main  # where the installed command and the pyz start
sys.argv = ["interact", "--help"]
try:
    main()
except SystemExit:
    pass
print("LOADED", [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)
"""


def test_help_loads_no_prompts_writer_engine_or_scoring() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    assert "Usage: interact" in result.stdout
    assert "LOADED []" in result.stderr
