"""The command's first step: refuse a Python too old to read the rest, in one line.

The rest of the package is Python 3.11 syntax (match, `X | Y` types, StrEnum, tomllib), so
importing it on an older Python stops with a SyntaxError or a traceback that tells a trainer
nothing. This module is written so that old Pythons can still read it (no annotations, no
f-strings, no `from __future__`; type hints are comments) and imports the app only once the
version is known to be enough. The installed `interact`, `python -m interact_cli` and the
single-file `interact.pyz` all start here.
"""

import sys

MINIMUM = (3, 11)
# The same code as errors.EXIT_BAD_INPUT, which cannot be imported before the check.
EXIT_UNSUPPORTED_PYTHON = 2


def _(message):
    # type: (str) -> str
    """Mark the refusal for the catalogs: it is printed before a language can be chosen."""
    return message


def refusal(version_info):
    # type: (tuple) -> str
    """The one line to print on a Python older than MINIMUM, or "" when it is new enough."""
    if tuple(version_info[:2]) >= MINIMUM:
        return ""
    return _(
        "interact needs Python {needed} or newer, and this is Python {found}: "
        "run it with a newer python3 (python.org/downloads)."
    ).format(
        needed=".".join(str(part) for part in MINIMUM),
        found=".".join(str(part) for part in version_info[:3]),
    )


def main():
    # type: () -> None
    """Start the `interact` command, or refuse in one line on an old Python (exit code 2)."""
    message = refusal(sys.version_info)
    if message:
        sys.stderr.write(message + "\n")
        raise SystemExit(EXIT_UNSUPPORTED_PYTHON)
    from interact_cli.cli.app import main as run_command

    run_command()
