"""The interface language: gettext catalogs under `interact_cli/locale`, chosen once per command.

Messages are whole sentences with named placeholders, marked with `_()` (or `ngettext()` where
a count appears); module-level constants are marked with `N_()` and translated where they are
shown. Until a language is chosen, and for English, messages come back as written.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "interact"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


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
    global _translation
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[code] if code else [], fallback=True
    )
