"""Mistakes on the command line as one plain line, like every other error of the tool.

typer prints them as a boxed, multi-line usage screen. `main()` runs the app without click's
standalone handling and hands each usage error here; click's own exception classes are
private to typer (it vendors click), so they are told apart by what they carry.
"""

from __future__ import annotations

from typing import Any

from interact_cli.i18n import N_, _
from interact_cli.plain_text import printable

RENAMED = {
    "--out": N_(
        "--out was renamed: --sessions DIR for the folder of transcripts, "
        "-o/--output FILE for a report file"
    ),
    "--cases": N_("--cases was renamed --dir (a folder of cases, or a case file)"),
}
"""Options of earlier versions, and what replaced them (the old spellings are gone)."""


def one_line(error: Any) -> str | None:
    """The error as one line for stderr, or None when it is a help screen (no arguments)."""
    message = error.format_message()
    if not message.strip() or "\n" in message.strip():
        return None
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "interact"
    option = getattr(error, "option_name", None)
    if option is not None:
        problem = _unknown_option(option, getattr(error, "possibilities", None) or [])
    else:
        problem = _bad_value(error, message)
    return printable(
        _("error: {command}: {problem} (see {command} --help)").format(
            command=command, problem=problem
        )
    )


def _unknown_option(option: str, possibilities: list[str]) -> str:
    if option in RENAMED:
        return _(RENAMED[option])
    if possibilities:
        return _("no option {option} (did you mean {suggestion}?)").format(
            option=option, suggestion=" or ".join(sorted(possibilities)[:2])
        )
    return _("no option {option}").format(option=option)


def _bad_value(error: Any, message: str) -> str:
    """`--format: 'pdf' is not one of …`; `CASE is missing`; else click's own words."""
    parameter = getattr(error, "param", None)
    if parameter is None:
        return message.rstrip(".")
    if parameter.param_type_name == "argument":
        name = parameter.human_readable_name
    else:
        name = max(parameter.opts, key=len)
    detail = getattr(error, "message", "")
    if not detail:
        return _("{name} is missing").format(name=name)
    return _("{name}: {detail}").format(name=name, detail=detail.rstrip("."))
