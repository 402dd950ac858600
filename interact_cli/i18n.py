"""The interface language: gettext catalogs under `interact_cli/locale`, chosen once per command.

Messages are whole sentences with named placeholders, marked with `_()` (or `ngettext()` where
a count appears); module-level constants are marked with `N_()` and translated where they are
shown. Until a language is chosen, and for English, messages come back as written.

The language comes from `--lang` when the command has it, else from `INTERACT_LANG`, else from
the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set), else English.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

DOMAIN = "interact"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
INTERFACE_LANGUAGES = ("en", "fr", "nl", "el", "it")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# What people type instead of a code; "gr" is Greece's country code, not Greek's language code.
_ALIASES = {
    "english": "en",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "dutch": "nl",
    "flemish": "nl",
    "nederlands": "nl",
    "vlaams": "nl",
    "greek": "el",
    "gr": "el",
    "ελληνικά": "el",
    "ellinika": "el",
    "italian": "it",
    "italiano": "it",
}
_CODE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the interface language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits `count`, in the interface language."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for translation without translating it yet (for module constants)."""
    return message


def use_language(code: str | None) -> None:
    """Show the interface in `code` from now on (English when there is no catalog for it)."""
    global _translation, _language
    interface = interface_language(code) if code else None
    _language = interface or SOURCE_LANGUAGE
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
    )


def current_language() -> str:
    """The interface language in use (one of INTERFACE_LANGUAGES)."""
    return _language


def normalize(code: str) -> str | None:
    """`code` as a language code (`FR` → `fr`, `fr_BE` → `fr-BE`), or None if it is not one.

    An interface language loses its region (`fr-BE` → `fr`): the interface has one French.
    """
    cleaned = code.strip().replace("_", "-")
    if not _CODE.fullmatch(cleaned):
        return None
    primary, _sep, region = cleaned.partition("-")
    primary = primary.lower()
    if primary in INTERFACE_LANGUAGES or not region:
        return primary
    return f"{primary}-{region.upper() if len(region) == 2 else region}"


def interface_language(code: str) -> str | None:
    """The interface language `code` asks for (`fr-BE` → `fr`), or None if there is none."""
    normal = normalize(code)
    primary = normal.partition("-")[0] if normal else None
    return primary if primary in INTERFACE_LANGUAGES else None


def locale_language(value: str) -> str:
    """The interface language of a locale value such as `fr_BE.UTF-8` (English when none)."""
    name = value.split(".", 1)[0].split("@", 1)[0]
    if name in ("C", "POSIX", ""):
        return SOURCE_LANGUAGE
    return interface_language(name) or SOURCE_LANGUAGE


def language_from_environment(environ: Mapping[str, str]) -> tuple[str, str | None]:
    """The interface language the environment asks for, and a warning if it asks badly.

    `INTERACT_LANG` first (a value that names no interface language is worth a warning: it
    is ours and was set on purpose), then the first locale variable set, as POSIX reads them.
    """
    chosen = environ.get("INTERACT_LANG", "").strip()
    if chosen:
        language = interface_language(chosen)
        if language:
            return language, None
        # Not translated: this warning is only ever shown with the interface in English.
        warning = (
            f"INTERACT_LANG={chosen}: not an interface language "
            f"({', '.join(INTERFACE_LANGUAGES)}); the interface is in English"
        )
        return SOURCE_LANGUAGE, warning
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return locale_language(value), None
    return SOURCE_LANGUAGE, None


def suggest(code: str, known: Iterable[str]) -> str | None:
    """The language code `code` was probably meant to be, among `known`, or None."""
    import difflib

    known = list(known)
    word = code.strip().lower()
    alias = _ALIASES.get(word)
    if alias in known:
        return alias
    normal = normalize(code)
    if normal and normal.partition("-")[0] in known:
        return normal.partition("-")[0]
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    return close[0] if close else None
