"""Case authoring commands: schema and new."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import friendly
from interact_cli.plain_text import printable


@friendly
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the case format, for editor completion.

    Example: interact schema > interact-case.schema.json
    """
    import json

    from interact_cli.case.format import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@friendly
def new(
    case_id: Annotated[
        str,
        typer.Argument(
            metavar="CASE_ID", help="Id of the new case (also its file name).", show_default=False
        ),
    ],
    roles: Annotated[
        str | None,
        typer.Option(metavar="ROLES", help="Comma-separated role ids, e.g. police_es,guardian_es."),
    ] = None,
    folder: Annotated[
        Path,
        typer.Option(
            "--dir",
            metavar="DIR",
            file_okay=False,
            help="The folder of cases to write it in (default: this folder).",
            show_default=False,
        ),
    ] = Path("."),
) -> None:
    """Write a commented starter case that validates and plays.

    Example: interact new lina --roles police_fr,guardian_fr,hotline_be
    """
    from interact_cli.case.template import DEFAULT_ROLES, starter_case
    from interact_cli.errors import UsageError
    from interact_cli.record.files import create_file

    role_ids = tuple(r.strip() for r in roles.split(",")) if roles else DEFAULT_ROLES
    text = starter_case(case_id, role_ids)
    path = folder / f"{case_id}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
    create_file(path, text.encode("utf-8"), UsageError)
    typer.echo(printable(next_steps(case_id, path)))


def next_steps(case_id: str, path: Path) -> str:
    """What to do with a new case, each command typed as printed from this folder."""
    import shlex

    from interact_cli.i18n import _
    from interact_cli.play.follow_up import case_places

    places = [arg for place in case_places(case_id, path, []) for arg in ("--dir", str(place))]
    return _(
        "Wrote {file}.\nCheck it: {validate}\nRead it as a facilitator: {show}\n"
        "Play it without people: {dry_run}"
    ).format(
        file=path,
        validate=shlex.join(["interact", "validate", str(path)]),
        show=shlex.join(["interact", "show", case_id, *places]),
        dry_run=shlex.join(["interact", "dry-run", case_id, "--ideal", *places]),
    )
