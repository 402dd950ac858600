"""The `interact` command: the typer app and the one place its commands are registered.

Command modules define plain functions over the shared options (cli.options) and never
import this module, so there is no import circle; each command imports what it uses when
it runs, so `interact --help` loads nothing heavy.
"""

from __future__ import annotations

import typer

from interact_cli.cli import (
    authoring,
    cases,
    live_commands,
    replay_command,
    sessions,
    translate_command,
)
from interact_cli.cli.options import interface_from_environment
from interact_cli.errors import EXIT_INTERRUPTED
from interact_cli.i18n import _

app = typer.Typer(
    name="interact",
    help="Run multi-agency exercises on cases of missing children in migration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Runs before every command: the interface language from the environment; `--lang` overrides.
app.callback()(interface_from_environment)

app.command("list")(cases.list_cases)
app.command()(cases.validate)
app.command("dry-run")(sessions.dry_run)
app.command()(sessions.summary)
app.command()(sessions.demo)
app.command()(live_commands.run)
app.command()(live_commands.resume)
app.command()(replay_command.replay)
app.command()(authoring.schema)
app.command()(authoring.new)
app.add_typer(translate_command.app, name="translate")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo(_("interrupted"), err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
