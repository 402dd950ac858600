"""Plain lines for the person at the terminal that are not part of a report: warnings."""

from __future__ import annotations

import sys

from interact_cli.i18n import _
from interact_cli.plain_text import printable


def warn(message: str) -> None:
    print(_("warning: {message}").format(message=printable(message)), file=sys.stderr)
