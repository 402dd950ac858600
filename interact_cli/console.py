"""The rich console every command and live play draw with: untrusted text stays plain text.

Case texts, player names, tags and file names come from anyone. On this console a string is
never read as rich markup or emoji codes, never highlighted, and its control characters are
shown (`plain_text.printable`), so `[/]` cannot crash a report and `[link=…]` is no link.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from interact_cli.plain_text import printable

if TYPE_CHECKING:
    from rich.console import Console


def plain_console(**options: Any) -> Console:
    """A rich Console for untrusted text (options as for `rich.console.Console`).

    Styled text is passed as `rich.text.Text`; a Text made from untrusted text must be
    made from `printable(text)`, as rich draws a Text as it is.
    """
    console: Console = _plain_console_class()(markup=False, emoji=False, highlight=False, **options)
    return console


@cache
def _plain_console_class() -> type[Console]:
    from rich.console import Console

    class PlainConsole(Console):
        def render_str(self, text: str, **options: Any) -> Any:
            options.update(markup=False, emoji=False)
            return super().render_str(printable(text), **options)

    return PlainConsole
