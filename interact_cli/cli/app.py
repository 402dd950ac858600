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
    paper_commands,
    replay_command,
    sessions,
    simulate_command,
    translate_command,
)
from interact_cli.cli.options import Command, start
from interact_cli.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INTERRUPTED
from interact_cli.i18n import _

app = typer.Typer(
    name="interact",
    help="Run multi-agency exercises on cases of missing children in migration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Inherited by every command's context: -h is --help everywhere.
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Runs before every command: --version, and the interface language from the environment.
app.callback()(start)

app.command("list", cls=Command)(cases.list_cases)
app.command(cls=Command)(cases.show)
app.command(cls=Command)(cases.validate)
app.command("dry-run", cls=Command)(sessions.dry_run)
app.command(cls=Command)(sessions.summary)
app.command(cls=Command)(sessions.demo)
app.command(cls=Command)(live_commands.run)
app.command(cls=Command)(live_commands.resume)
app.command(cls=Command)(replay_command.replay)
app.command(cls=Command)(simulate_command.simulate)
app.command(cls=Command)(authoring.schema)
app.command(cls=Command)(authoring.new)
app.command(cls=Command)(paper_commands.pack)
app.add_typer(paper_commands.app, name="script")
app.add_typer(translate_command.app, name="translate")


def main() -> None:
    """Run the command; a usage mistake is one line on stderr and exit code 2."""
    from interact_cli.cli.usage_errors import one_line

    try:
        code = app(standalone_mode=False, prog_name="interact")
    except KeyboardInterrupt:
        typer.echo(_("interrupted"), err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except typer.TyperException as error:  # click's usage errors derive from it
        line = one_line(error)
        if line is not None:
            typer.echo(line, err=True)
        raise SystemExit(getattr(error, "exit_code", EXIT_BAD_INPUT)) from None
    except typer.Abort:
        typer.echo(_("aborted"), err=True)
        raise SystemExit(EXIT_FINDINGS) from None
    raise SystemExit(code if isinstance(code, int) else 0)
