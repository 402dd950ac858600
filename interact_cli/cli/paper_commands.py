"""`interact pack` and `interact script new`: the exercise on paper, and its answers back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import CaseArgument, Command, DirsOption, LangOption, friendly

RolesOption = Annotated[
    str | None,
    typer.Option(
        metavar="ROLES",
        help="Role ids played at this table, comma-separated (interact show CASE lists "
        "them); the others get no cards.",
    ),
]
ChoicesOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        min=1,
        max=1000,
        help="The most choices per role and round printed on the cards, when lower than "
        "the case's.",
        show_default=False,
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=2**63 - 1,
        help="The menu seed: the order of the options on the cards (default: the earlier "
        "pack's in that folder, else drawn).",
        show_default=False,
    ),
]


@friendly
def pack(
    case: CaseArgument,
    lang: LangOption = None,
    roles: RolesOption = None,
    choices: ChoicesOption = None,
    seed: SeedOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="DIR",
            file_okay=False,
            help="The folder to write the pack to (default: CASE-pack-LANG); only an earlier "
            "pack of the same case there is replaced.",
            show_default=False,
        ),
    ] = None,
    dirs: DirsOption = None,
) -> None:
    """Write a paper pack to print, for when the laptop fails.

    The facilitator's guide, a role card per round and role (the options in the neutral
    order of live play, each with a tick box and its code), inject cards to hand out and an
    evaluator sheet per objective: HTML files for A4, with no script and nothing to fetch.
    The answers come back in with interact script new CASE --pack DIR.

    Example: interact pack mariama --lang fr --roles police_es,reception_es -o mariama-pack
    """
    from interact_cli.cli.paper import PackRequest, make_pack

    make_pack(PackRequest(case, lang, roles, choices, seed, output, dirs or []))


app = typer.Typer(
    help=(
        "Dry-run scripts: a blank answer sheet to type a paper session into.\n\n"
        "Example: interact script new mariama --pack mariama-pack -o answers.toml"
    ),
    no_args_is_help=True,
)


@app.command("new", cls=Command)
@friendly
def new(
    case: CaseArgument,
    pack: Annotated[
        Path | None,
        typer.Option(
            "--pack",
            metavar="DIR",
            file_okay=False,
            help="The folder of the paper pack the answers come from: its menu seed, table "
            "and choice limit.",
            show_default=False,
        ),
    ] = None,
    roles: RolesOption = None,
    choices: ChoicesOption = None,
    seed: SeedOption = None,
    lang: LangOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            dir_okay=False,
            help="The file to write the blank script to (default: the screen); never overwritten.",
            show_default=False,
        ),
    ] = None,
    dirs: DirsOption = None,
) -> None:
    """Write a blank dry-run script to type the answers of a paper session into.

    Round by round and role by role, each answer under comments listing the options with
    the codes printed on the cards. Fill actions with the ticked codes (or action ids), then
    score it: interact dry-run CASE --script FILE. It is recorded as a team's session
    (source paper:FILE), not as a dry-run.

    Example: interact script new mariama --pack mariama-pack -o answers.toml
    """
    from interact_cli.cli.paper import ScriptRequest, new_script

    new_script(ScriptRequest(case, pack, roles, choices, seed, lang, output, dirs or []))
