"""`interact translate`: a case's texts out to a PO file for a translator, and back in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from interact_cli.cli.options import CaseArgument, Command, DirsOption, friendly
from interact_cli.errors import EXIT_FINDINGS, TranslationError
from interact_cli.i18n import _, ngettext, normalize

MAX_PO_BYTES = 4_000_000

app = typer.Typer(
    help=(
        "Translate a case: export its texts to a PO file for a translator (Poedit, Weblate, "
        "any PO editor), then import the translated file back into the case.\n\n"
        "Example: interact translate export mariama --lang it -o mariama.it.po"
    ),
    no_args_is_help=True,
)


@app.command("export", cls=Command)
@friendly
def export(
    case: CaseArgument,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", metavar="LANG", help="The language to translate into, e.g. it, el, pt-BR."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            dir_okay=False,
            help="The file to write the PO file to (default: CASE.LANG.po in this folder; - for "
            "the screen); never overwritten.",
            show_default=False,
        ),
    ] = None,
    dirs: DirsOption = None,
) -> None:
    """Write a PO file with every text of a case, for a translator.

    Each entry has the text's key path as context (rounds[2].briefing), the fallback-language
    text as source, the translation the case already has, and a note on who sees it.

    Example: interact translate export mariama --lang it -o mariama.it.po
    """
    from interact_cli import __version__
    from interact_cli.case.catalog import resolve_case
    from interact_cli.case.loader import MAX_CASE_BYTES
    from interact_cli.case.translation import case_texts, export_po, read_case
    from interact_cli.errors import ScenarioError
    from interact_cli.record.files import create_file
    from interact_cli.record.toml_file import read_text

    target = _target_language(lang)
    path = resolve_case(case, dirs or [])
    doc = read_case(read_text(path, ScenarioError, MAX_CASE_BYTES), path.name)
    text = export_po(doc, target, f"interact {__version__}")
    if output == Path("-"):
        sys.stdout.write(text)
        return
    destination = output or Path(f"{doc['id']}.{target}.po")
    create_file(destination, text.encode("utf-8"), TranslationError)
    texts = case_texts(doc, target)
    done = sum(1 for item in texts if item.translation)
    typer.echo(
        ngettext(
            "{file}: {count} text of case '{case}' to translate into {lang} "
            "({done} already translated)",
            "{file}: {count} texts of case '{case}' to translate into {lang} "
            "({done} already translated)",
            len(texts),
        ).format(file=destination, count=len(texts), case=doc["id"], lang=target, done=done)
    )


@app.command("import", cls=Command)
@friendly
def import_translation(
    case: CaseArgument,
    po_file: Annotated[
        Path,
        typer.Argument(metavar="PO_FILE", help="The translated PO file.", show_default=False),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The language of the translation, if its header lacks it.",
        ),
    ] = None,
    dirs: DirsOption = None,
) -> None:
    """Write a PO file's translations into a case, keeping its comments, order and layout.

    Entries whose text is no longer in the case, or whose source text changed since the
    export, are reported and left out (exit code 1); the others are written. A result that
    would not validate is not written.

    Example: interact translate import scenarios/mariama.toml mariama.it.po
    """
    from interact_cli.case.catalog import resolve_case
    from interact_cli.case.loader import MAX_CASE_BYTES
    from interact_cli.case.translation import import_po
    from interact_cli.errors import ScenarioError
    from interact_cli.record.files import replace_file
    from interact_cli.record.toml_file import read_text
    from interact_cli.terminal import warn

    path = resolve_case(case, dirs or [])
    _refuse_installed_copy(path)
    case_text = read_text(path, ScenarioError, MAX_CASE_BYTES)
    po_text = read_text(po_file, TranslationError, MAX_PO_BYTES).removeprefix("\ufeff")
    result = import_po(
        case_text, str(path), po_text, str(po_file), _target_language(lang) if lang else None
    )
    for left in result.left_out:
        warn(
            _("{file}: {path}: {reason}; left out").format(
                file=po_file, path=left.path, reason=left.reason
            )
        )
    if result.changed:
        replace_file(path, result.text.encode("utf-8"), case_text.encode("utf-8"), TranslationError)
        count = len(result.changed)
        typer.echo(
            ngettext(
                "{file}: {count} translation into {lang} written",
                "{file}: {count} translations into {lang} written",
                count,
            ).format(file=path, count=count, lang=result.lang)
        )
        if result.added_language:
            typer.echo(
                _("{file}: {lang} added to the case's languages").format(
                    file=path, lang=result.lang
                )
            )
    else:
        typer.echo(_("{file}: nothing to write; the case is unchanged").format(file=path))
    if result.untranslated:
        typer.echo(
            ngettext(
                "{file}: {count} text not translated yet",
                "{file}: {count} texts not translated yet",
                result.untranslated,
            ).format(file=po_file, count=result.untranslated)
        )
    if result.left_out:
        raise typer.Exit(EXIT_FINDINGS)


def _target_language(value: str) -> str:
    code = normalize(value)
    if code is None:
        raise TranslationError(
            _("--lang {value}: not a language code such as it, el or pt-BR").format(value=value)
        )
    return code


def _refuse_installed_copy(path: Path) -> None:
    """The bundled cases inside an installed package are not to be edited in place."""
    installed = Path(__file__).resolve().parent.parent / "scenarios"
    if installed.is_dir() and path.resolve().is_relative_to(installed.resolve()):
        raise TranslationError(
            _(
                "{file}: a bundled case inside the installed package; copy it to your own "
                "folder and import into the copy"
            ).format(file=path)
        )
