"""Text from anyone, made safe to print: its control characters shown, never obeyed.

Cases, transcripts, player names and file names come from anyone, and a terminal obeys the
control characters it is sent (clear the screen, set the window title, plant a hyperlink).
Everything the tool prints of them goes through `printable` (or `printable_json`).
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL; newline and tab are text."""
_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable(text: str) -> str:
    """`text` with every control character but newline and tab shown as `\\x1b`-style text."""
    return CONTROL_CHARACTERS.sub(_visible, text)


def printable_json(text: str) -> str:
    """JSON text with DEL and C1 characters written as `\\u` escapes: the same data, safe to
    print (json.dumps escapes C0 characters itself, but not these)."""
    return _JSON_UNESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
