"""A blank answer sheet to type a paper session into: `interact script new CASE`.

Laid out as the cards were, round by round and role by role, each answer under comments
naming the round and the options with their codes in the order the cards printed them, so
whoever types the sheets in reads the card and the file side by side. The result is a dry-run
script (`paper = true`) that `interact dry-run CASE --script FILE` scores as a team's session.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from interact_cli.case.codes import case_codes
from interact_cli.case.model import Action, Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.i18n import _, ngettext
from interact_cli.play.script import SCRIPT_FORMAT, card_limit


@dataclass(frozen=True)
class PaperTable:
    """What a paper pack was printed with, and so what its answers are read with."""

    menu_seed: int | None
    """None: not known (no pack given); the sheet lists options by code."""
    table: tuple[str, ...]
    """The roles at the table, in case order."""
    choices: int | None = None
    """The choice limit printed on the cards, when given (`--choices`)."""


def _comment(text: str) -> str:
    """One comment line: a case text never breaks out of it."""
    return "# " + " ".join(text.split())


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def blank_script(scenario: Scenario, lang: str, paper: PaperTable, score: str) -> str:
    """The blank script for `scenario` as printed with `paper`, in the case language `lang`;
    `score`: the command that scores it once filled."""
    codes = case_codes(scenario)
    out = [
        _comment(
            _("Answers typed in from the paper pack of '{title}' (case {case}, {version}).").format(
                title=scenario.title.get(lang), case=scenario.id, version=scenario.version
            )
        ),
        _comment(
            _(
                "For each role and round: in actions, the codes ticked on its card (for example "
                '["{code}"]); in note, what it wrote as a note.'
            ).format(code=_first_code(scenario, paper, codes))
        ),
    ]
    if scenario.recall:
        out.append(_comment(_("In said: what the role wrote in its own words.")))
    out += [
        _comment(_("Codes or action ids, in upper or lower case; a card left blank stays [].")),
        _comment(_("Then score it: {command}").format(command=score)),
        f"format = {_string(SCRIPT_FORMAT)}",
        f"case = {_string(scenario.id)}",
        "paper = true",
        f"table = {_string_list(paper.table)}",
    ]
    if paper.menu_seed is not None:
        out.append(f"menu_seed = {paper.menu_seed}")
    if paper.choices is not None:
        out.append(f"choices = {paper.choices}")
    for number, round_ in enumerate(scenario.rounds, start=1):
        at_table = [role for role in round_.roles if role in paper.table]
        if not at_table:
            continue
        out += ["", _comment(_round_heading(scenario, number, round_.id, lang, paper.choices))]
        for role_id in at_table:
            out += ["", _comment(scenario.role_by_id[role_id].name.get(lang))]
            for action in _as_printed(scenario, paper.menu_seed, round_.id, role_id, codes):
                label = " ".join(action.label.get(lang).split())
                out.append(f"#   {codes[action.id]:<5} {label}")
            out += [f"[rounds.{round_.id}.{role_id}]", "actions = []", 'note = ""']
            if scenario.recall:
                out.append('said = ""')
    return "\n".join(out) + "\n"


def _round_heading(
    scenario: Scenario, number: int, round_id: str, lang: str, choices: int | None
) -> str:
    round_ = scenario.rounds[number - 1]
    heading = _("Round {n} of {total}: {title} ({id})").format(
        n=number, total=len(scenario.rounds), title=round_.title.get(lang), id=round_id
    )
    limit = card_limit(scenario, round_id, choices)
    if limit is None:
        return heading
    return ngettext(
        "{heading}, at most {count} choice", "{heading}, at most {count} choices", limit
    ).format(heading=heading, count=limit)


def _first_code(scenario: Scenario, paper: PaperTable, codes: dict[str, str]) -> str:
    """The code of the first option on the first card: the example the sheet gives."""
    for round_ in scenario.rounds:
        for role_id in round_.roles:
            if role_id in paper.table:
                menu = _as_printed(scenario, paper.menu_seed, round_.id, role_id, codes)
                if menu:
                    return codes[menu[0].id]
    return next(iter(codes.values()), "AB1")


def _as_printed(
    scenario: Scenario, seed: int | None, round_id: str, role_id: str, codes: dict[str, str]
) -> tuple[Action, ...]:
    """The role's options in the order its card printed them; by code when that is unknown."""
    if seed is None:
        return tuple(sorted(scenario.menu(round_id, role_id), key=lambda a: codes[a.id]))
    return ordered_menu(scenario, seed, round_id, role_id)


def _string_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_string(item) for item in items) + "]"
