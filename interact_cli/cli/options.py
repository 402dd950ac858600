"""What every command module shares: the error wrapper and the common options.

Command modules import this, never the app, so registering commands makes no import circle.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from interact_cli.errors import InteractError

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turn our errors into one line each on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InteractError as exc:
            for line in exc.message.splitlines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def default_out() -> Path:
    return Path(os.environ.get("INTERACT_SESSIONS_DIR", "sessions"))


OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for transcripts [default: ./sessions]", show_default=False),
]
DirsOption = Annotated[
    list[Path] | None, typer.Option("--dir", help="Another folder of cases (repeatable).")
]
LangOption = Annotated[str | None, typer.Option("--lang", help="Language of the case texts.")]
