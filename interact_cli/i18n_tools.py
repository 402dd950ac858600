"""Keep the interface catalogs in step with the code (development only; needs Babel).

    python -m interact_cli.i18n_tools update     # extract the messages, merge, compile
    python -m interact_cli.i18n_tools check      # what is left to translate or fix
    python -m interact_cli.i18n_tools compile    # PO files to MO files only
    python -m interact_cli.i18n_tools init de    # start a catalog for a new language

The PO files under `interact_cli/locale/<lang>/LC_MESSAGES/` are the source of truth; the MO
files beside them are compiled from them and committed, so a source checkout, an editable
install and a wheel all find them. `check` (and the test suite) refuses a catalog with an
empty or fuzzy entry, a placeholder lost or added, the wrong number of plural forms, a
message the code no longer has or lacks one it has, and a MO file that differs from its PO.
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import string
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from interact_cli import __version__
from interact_cli.i18n import DOMAIN, INTERFACE_LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

if TYPE_CHECKING:
    import polib
    from babel.messages.catalog import Catalog

PACKAGE_DIR = Path(__file__).resolve().parent
TOOL = "python -m interact_cli.i18n_tools"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAG = "Translators:"
# GNU gettext's rules, which translators' tools know. Babel's CLDR rules add a form for
# round millions in French and Italian; no count in this tool comes near a million.
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
}
LANGUAGE_NAMES = {"fr": "French", "nl": "Dutch", "el": "Greek", "it": "Italian"}


def translated_languages() -> tuple[str, ...]:
    return tuple(lang for lang in INTERFACE_LANGUAGES if lang != SOURCE_LANGUAGE)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


# ---------------------------------------------------------------- extraction


def extract() -> Catalog:
    """Every message marked in the package's code, as a template catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(
        project="interact",
        version=__version__,
        domain=DOMAIN,
        charset="utf-8",
        msgid_bugs_address="the interact issue tracker",
        header_comment="# Messages of the interact interface (template).\n"
        "# Made by: python -m interact_cli.i18n_tools update",
    )
    found = extract_from_dir(
        PACKAGE_DIR,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = (f"{PACKAGE_DIR.name}/{Path(filename).as_posix()}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def message_keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    """The messages of a catalog as (id, context); a plural message's id is its pair."""
    return {(message.id, message.context) for message in catalog if message.id}


def template_problems() -> list[str]:
    """What the committed template lacks, or has too many, against the code."""
    from babel.messages.pofile import read_po

    if not TEMPLATE.is_file():
        return [f"{TEMPLATE}: missing; run: {TOOL} update"]
    with TEMPLATE.open("rb") as handle:
        committed = message_keys(read_po(handle))
    extracted = message_keys(extract())
    problems = [
        f"{TEMPLATE.name}: not in the template: {_shown(key[0])}"
        for key in sorted(extracted - committed, key=str)
    ]
    problems += [
        f"{TEMPLATE.name}: no longer in the code: {_shown(key[0])}"
        for key in sorted(committed - extracted, key=str)
    ]
    return problems


def _shown(message: object) -> str:
    text = message[0] if isinstance(message, tuple) else str(message)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# ---------------------------------------------------------------- writing files


def _render_po(catalog: Catalog) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def _render_mo(catalog: Catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _read(path: Path, lang: str | None = None) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def update_template() -> Catalog:
    """Write the template from the code; its date changes only when its messages do."""
    catalog = extract()
    if TEMPLATE.is_file():
        catalog.creation_date = _read(TEMPLATE).creation_date
        if _render_po(catalog) == TEMPLATE.read_bytes():
            return catalog
        catalog.creation_date = datetime.now().astimezone()
    _write_if_changed(TEMPLATE, _render_po(catalog))
    return catalog


def update() -> list[Path]:
    """Extract, merge into every catalog (changed messages come back fuzzy), and compile."""
    template = update_template()
    changed = []
    for lang in translated_languages():
        if not po_path(lang).exists():
            changed.append(init(lang))
            continue
        catalog = _read(po_path(lang), lang)
        catalog.update(template)
        if _write_if_changed(po_path(lang), _render_po(catalog)):
            changed.append(po_path(lang))
    return changed + compile_all()


def compile_all() -> list[Path]:
    """Compile every PO file to its MO file (fuzzy entries left out, as gettext does)."""
    return [
        mo_path(lang)
        for lang in translated_languages()
        if _write_if_changed(mo_path(lang), _render_mo(_read(po_path(lang), lang)))
    ]


def init(lang: str) -> Path:
    """A new, empty catalog for `lang` from the template, with its plural rule."""
    from babel.messages.catalog import Catalog

    path = po_path(lang)
    if path.exists():
        raise SystemExit(f"{path}: already exists")
    template = _read(TEMPLATE)
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="interact",
        version=__version__,
        charset="utf-8",
        fuzzy=False,
        msgid_bugs_address="the interact issue tracker",
        last_translator="interact translators",
        language_team=LANGUAGE_NAMES.get(lang, lang),
        revision_date=datetime.now().astimezone(),
        header_comment=f"# The interact interface in {LANGUAGE_NAMES.get(lang, lang)}.\n"
        "# The source of truth: edit this file, then run\n"
        "#   python -m interact_cli.i18n_tools compile",
    )
    if lang in PLURAL_FORMS:
        headers = [(name, value) for name, value in catalog.mime_headers if name != "Plural-Forms"]
        catalog.mime_headers = [*headers, ("Plural-Forms", PLURAL_FORMS[lang])]
    catalog.update(template)
    _write_if_changed(path, _render_po(catalog))
    return path


# ---------------------------------------------------------------- checks


def placeholders(text: str) -> set[str]:
    """The `{names}` of a message; raises ValueError on unbalanced braces."""
    return {
        name.split(".")[0].split("[")[0]
        for _literal, name, _spec, _conversion in string.Formatter().parse(text)
        if name is not None
    }


def catalog_problems(lang: str, path: Path | None = None) -> list[str]:
    """Everything wrong with one language's catalog, one line each.

    Read with polib, which keeps the file as written (Babel pads or drops plural forms).
    """
    import polib

    path = path or po_path(lang)
    if not path.is_file():
        return [f"{path}: missing; run: {TOOL} init {lang}"]
    catalog = polib.pofile(str(path))
    name = f"{lang}/{path.name}"
    problems = []
    plural_forms = catalog.metadata.get("Plural-Forms", "")
    expected_plural = PLURAL_FORMS.get(lang)
    if expected_plural and plural_forms != expected_plural:
        problems.append(f"{name}: Plural-Forms is {plural_forms!r}, not {expected_plural!r}")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    forms_wanted = int(match.group(1)) if match else 2
    for entry in catalog:
        problems += [f"{name}: {_shown(entry.msgid)}: {p}" for p in _entry(entry, forms_wanted)]
    if TEMPLATE.is_file():
        template = _keys(polib.pofile(str(TEMPLATE)))
        own = _keys(catalog)
        problems += [f"{name}: missing {_shown(key[0])}" for key in sorted(template - own)]
        problems += [
            f"{name}: not in the template {_shown(key[0])}" for key in sorted(own - template)
        ]
    return problems


def _keys(catalog: polib.POFile) -> set[tuple[str, str, str]]:
    return {
        (entry.msgid, entry.msgid_plural or "", entry.msgctxt or "")
        for entry in catalog
        if not entry.obsolete
    }


# Our convention: the number in a plural message is `{count}` (or `{n}`); a singular form may
# leave it out ("une seule étape"), nothing else may go, and no placeholder may be added.
COUNT_NAMES = frozenset({"count", "n"})


def _entry(entry: polib.POEntry, forms_wanted: int) -> list[str]:
    if entry.obsolete:
        return []
    if "fuzzy" in entry.flags:
        return ["fuzzy: review the translation, then remove the fuzzy mark"]
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        if len(forms) != forms_wanted:
            return [f"{len(forms)} plural forms, the language has {forms_wanted}"]
    else:
        forms = [entry.msgstr]
    if not all(forms):
        return ["not translated"]
    try:
        allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        exact = not entry.msgid_plural
        problems = []
        for number, form in enumerate(forms):
            names = placeholders(form)
            required = allowed if exact or number == len(forms) - 1 else allowed - COUNT_NAMES
            if not required <= names <= allowed:
                problems.append(f"placeholders {sorted(names)}, expected {sorted(allowed)}")
        return problems
    except ValueError as exc:
        return [f"unbalanced braces ({exc})"]


def compiled_problems(lang: str) -> list[str]:
    """The committed MO file must say what its PO file says, as the runtime reads both."""
    mo = mo_path(lang)
    if not mo.is_file():
        return [f"{mo}: missing; run: {TOOL} compile"]
    fresh = _render_mo(_read(po_path(lang), lang))
    if _runtime_view(mo.read_bytes()) != _runtime_view(fresh):
        return [f"{lang}/{mo.name}: differs from its PO file; run: {TOOL} compile"]
    return []


def _runtime_view(data: bytes) -> dict[object, str]:
    # gettext keeps what it read in `_catalog`; comparing that compares what users would see.
    return dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]


def all_problems() -> list[str]:
    problems = template_problems()
    for lang in translated_languages():
        problems += catalog_problems(lang) + compiled_problems(lang)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m interact_cli.i18n_tools", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "update", help="extract the messages, merge them into every catalog, compile"
    )
    commands.add_parser("compile", help="compile every PO file to its MO file")
    commands.add_parser("check", help="list what is left to translate or fix (exit 1 if anything)")
    new = commands.add_parser("init", help="start a catalog for a new language")
    new.add_argument("lang")
    args = parser.parse_args(argv)
    if args.command == "update":
        changed = update()
    elif args.command == "compile":
        changed = compile_all()
    elif args.command == "init":
        changed = [init(args.lang)]
    else:
        problems = all_problems()
        for line in problems:
            print(line)
        return 1 if problems else 0
    for path in changed:
        print(f"wrote {path.relative_to(PACKAGE_DIR.parent)}")
    problems = all_problems()
    if problems:
        print(f"{len(problems)} problem(s) left; see: {TOOL} check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
