"""`interact list` for people: each case with its role ids, languages, rounds and file."""

from __future__ import annotations

from typing import Any

from interact_cli.console import plain_console
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable
from interact_cli.report.text_wrap import wrap


def print_cases(infos: list[dict[str, Any]]) -> None:
    """One block per case, wrapped at the terminal's width, role ids in full."""
    from rich.text import Text

    console = plain_console()
    width = max(console.width, 40)
    for info in infos:
        console.print(
            Text.assemble((printable(info["id"]), "bold"), "  ", printable(info["title"])),
            soft_wrap=True,
        )
        rounds = ngettext(
            "{rounds} rounds, {steps} expected step",
            "{rounds} rounds, {steps} expected steps",
            info["expected_steps"],
        ).format(rounds=info["rounds"], steps=info["expected_steps"])
        facts = [
            (_("roles"), ", ".join(info["role_ids"])),
            (_("languages"), ", ".join(info["languages"])),
            (_("countries"), ", ".join(info["countries"])),
            (_("rounds"), rounds),
            (_("file"), info["path"]),
        ]
        label_width = max(len(label) for label, _value in facts) + 2
        for label, value in facts:
            first = "  " + label.ljust(label_width)
            for line in wrap(value, width, first, " " * len(first)):
                console.print(Text(printable(line)), soft_wrap=True)
        console.print()
    if infos:
        console.print(_("The facilitator's guide to a case: interact show CASE"), soft_wrap=True)
