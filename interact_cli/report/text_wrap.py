"""Lines for a terminal of a given width: words kept whole, hanging indents, no trailing spaces.

rich wraps well but pads every line of a table or a padded block to its width; a guide or a
list written to a file then carries hundreds of trailing spaces. These lines carry none.
"""

from __future__ import annotations

import textwrap


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` in lines of at most `width` characters, its paragraphs (newlines) kept.

    `first` starts the first line (a bullet, a label), `rest` every other line. A word
    longer than a whole line is the only thing ever cut.
    """
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(
            paragraph,
            width,
            initial_indent=first if number == 0 else rest,
            subsequent_indent=rest,
            break_on_hyphens=False,
        ) or [(first if number == 0 else rest).rstrip()]
    return lines
