"""Text from a case or a transcript made inert in Markdown: shown as written, never as markup.

A case title such as `*Urgent* [call](http://x)` or a line starting with `#` must not turn
into emphasis, a link or a heading in a report a partner opens.
"""

from __future__ import annotations

import html
import re

_ANYWHERE = re.compile(r"([\\`*_\[\]|~])")
"""Characters that act anywhere in a line: code, emphasis, links, table cells, strikethrough."""
_AT_START = re.compile(r"^(\d*)([#+=.)-])")
"""What acts at the start of a line: a heading, a list item (`-`, `+`, `1.`, `1)`), an
underline (`>` is already `&gt;`)."""


def inline(text: str) -> str:
    """`text` as literal Markdown on one line: newlines become spaces, markup is escaped.

    `<` and `&` become entities, so no HTML tag or entity reaches the reader.
    """
    one_line = " ".join(text.split())
    escaped = _ANYWHERE.sub(r"\\\1", html.escape(one_line, quote=False))
    return _AT_START.sub(r"\1\\\2", escaped)
