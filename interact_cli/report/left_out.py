"""Words for steps left out of the scores, shared by the session summary and the replay report.

A trainer reading "25 missed of 36" must also read why the other steps were not counted, in
the same words wherever the numbers appear.
"""

from __future__ import annotations

from collections.abc import Mapping

from interact_cli.i18n import _, ngettext


def status_word(status: str, reason: str | None = None) -> str:
    """A step's status in a table cell."""
    words = {
        "on_time": _("on time"),
        "late": _("late"),
        "missed": _("MISSED"),
        "not_reached": _("not reached"),
        "not_at_table": _("not assessed (not at the table)"),
        "skipped": _("not assessed (skipped)"),
        "drift": _("not assessed (answers no longer fit the case)"),
    }
    return words[reason if status == "not_assessed" and reason else status]


def left_out_sentence(reason: str, count: int) -> str:
    """Why `count` expected steps were left out of the totals, as one sentence."""
    if reason == "not_at_table":
        text = ngettext(
            "{count} expected step not assessed: its roles were not at the table.",
            "{count} expected steps not assessed: their roles were not at the table.",
            count,
        )
    elif reason == "skipped":
        text = ngettext(
            "{count} expected step not assessed: its roles were skipped in every round "
            "of its window.",
            "{count} expected steps not assessed: their roles were skipped in every round of their "
            "window.",
            count,
        )
    elif reason == "drift":
        text = ngettext(
            "{count} expected step not assessed: a recorded answer that could have met it no "
            "longer fits the case.",
            "{count} expected steps not assessed: recorded answers that could have met them no "
            "longer fit the case.",
            count,
        )
    else:
        text = ngettext(
            "{count} expected step not reached: play stopped before its window ended.",
            "{count} expected steps not reached: play stopped before their window ended.",
            count,
        )
    return text.format(count=count)


def left_out_sentences(counts: Mapping[str, int]) -> list[str]:
    """One sentence per reason that left steps out, in a fixed order; none when none did."""
    return [left_out_sentence(reason, count) for reason, count in counts.items() if count]
