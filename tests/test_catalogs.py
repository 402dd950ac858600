"""The interface catalogs: complete, faithful to their placeholders, compiled, and current.

These guard the final catalogs: a message added to the code without a translation, a
translation that drops `{count}`, a MO file not recompiled, all fail here.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import polib
import pytest

from interact_cli import i18n_tools
from interact_cli.i18n import INTERFACE_LANGUAGES, LOCALE_DIR, use_language
from interact_cli.i18n_tools import (
    PLURAL_FORMS,
    catalog_problems,
    compiled_problems,
    placeholders,
    po_path,
    template_problems,
    translated_languages,
)

LANGUAGES = translated_languages()


def test_every_interface_language_but_english_has_a_catalog() -> None:
    assert set(LANGUAGES) == set(INTERFACE_LANGUAGES) - {"en"} == {"fr", "nl", "el", "it"}
    for lang in LANGUAGES:
        assert po_path(lang).is_file() and po_path(lang).with_suffix(".mo").is_file()


def test_the_template_holds_every_message_of_the_code_and_no_other() -> None:
    assert template_problems() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    assert catalog_problems(lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_says_what_the_po_file_says(lang: str) -> None:
    assert compiled_problems(lang) == []


def _plural_entry(lang: str) -> polib.POEntry:
    """A message with plural forms (whichever the code has), as the catalog translates it."""
    entries = [entry for entry in polib.pofile(str(po_path(lang))) if entry.msgid_plural]
    if not entries:
        pytest.skip("no message with plural forms in the code yet")
    return entries[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_follow_the_language(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "interact.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.info()["plural-forms"] == PLURAL_FORMS[lang]
    entry = _plural_entry(lang)
    one = catalog.ngettext(entry.msgid, entry.msgid_plural, 1)
    many = catalog.ngettext(entry.msgid, entry.msgid_plural, 5)
    assert (one, many) == (entry.msgstr_plural[0], entry.msgstr_plural[1]) and one != many
    # French counts 0 as singular ("0 texte"); Dutch, Greek and Italian as plural.
    assert (catalog.ngettext(entry.msgid, entry.msgid_plural, 0) == one) is (lang == "fr")


def test_the_runtime_translates_and_english_stays_as_written() -> None:
    from interact_cli.i18n import _

    use_language("it")
    assert _("interrupted") == "interrotto"
    use_language("en")
    assert _("interrupted") == "interrupted"
    use_language("de")
    assert _("interrupted") == "interrupted"


@pytest.fixture
def broken_catalog(tmp_path: Path) -> Path:
    """A copy of the French catalog, to be broken one way per test."""
    copy = tmp_path / "interact.po"
    shutil.copy(po_path("fr"), copy)
    return copy


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('msgstr "interrompu"', 'msgstr ""', "not translated"),
        (
            'msgid "interrupted"\nmsgstr "interrompu"',
            '#, fuzzy\nmsgid "interrupted"\nmsgstr "interrompu"',
            "fuzzy",
        ),
        ("erreur\u00a0: {message}", "erreur", "placeholders [], expected ['message']"),
        ("erreur\u00a0: {message}", "erreur\u00a0: {messsage}", "placeholders ['messsage']"),
        ("erreur\u00a0: {message}", "erreur\u00a0: {message", "unbalanced braces"),
        (
            "Plural-Forms: nplurals=2; plural=(n > 1);",
            "Plural-Forms: nplurals=2; plural=(n != 1);",
            "Plural-Forms is",
        ),
        ('msgid "interrupted"\nmsgstr "interrompu"\n', "", "missing 'interrupted'"),
    ],
)
def test_the_checks_catch_a_broken_catalog(
    broken_catalog: Path, old: str, new: str, problem: str
) -> None:
    assert catalog_problems("fr", broken_catalog) == []
    _replace(broken_catalog, old, new)
    found = catalog_problems("fr", broken_catalog)
    assert any(problem in line for line in found), found


def _break_plural_forms(path: Path, forms: list[str]) -> None:
    """Give the first plural message of a PO file these `forms`."""
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgid_plural)
    entry.msgstr_plural = dict(enumerate(forms))
    catalog.save(str(path))


def test_the_checks_catch_a_missing_plural_form(broken_catalog: Path) -> None:
    entry = _plural_entry("fr")
    _break_plural_forms(broken_catalog, [entry.msgstr_plural[0]])
    found = catalog_problems("fr", broken_catalog)
    assert any("1 plural forms, the language has 2" in line for line in found), found


def test_the_checks_catch_an_extra_plural_form(broken_catalog: Path) -> None:
    entry = _plural_entry("fr")
    _break_plural_forms(broken_catalog, [*entry.msgstr_plural.values(), "{count}"])
    found = catalog_problems("fr", broken_catalog)
    assert any("3 plural forms, the language has 2" in line for line in found), found


def test_a_singular_form_may_leave_out_the_count_but_nothing_else(broken_catalog: Path) -> None:
    entry = _plural_entry("fr")
    assert "{count}" in entry.msgid_plural
    singular, plural = entry.msgstr_plural[0], entry.msgstr_plural[1]
    _break_plural_forms(broken_catalog, [singular.replace("{count}", "un"), plural])
    assert catalog_problems("fr", broken_catalog) == []
    _break_plural_forms(broken_catalog, [singular.replace("{count}", "un"), "sans rien"])
    assert any("placeholders" in line for line in catalog_problems("fr", broken_catalog))


def test_placeholders_are_the_names_of_the_fields() -> None:
    assert placeholders("{file}: {count:>3} {items[0]} {{literal}}") == {"file", "count", "items"}


def test_a_stale_mo_file_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    monkeypatch.setattr(i18n_tools, "LOCALE_DIR", locale)
    assert compiled_problems("nl") == []
    _replace(
        locale / "nl" / "LC_MESSAGES" / "interact.po", 'msgstr "onderbroken"', 'msgstr "gestopt"'
    )
    assert "differs from its PO file" in compiled_problems("nl")[0]


def test_a_message_added_to_the_code_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.catalog import Catalog

    real = i18n_tools.extract

    def with_a_new_message() -> Catalog:
        catalog = real()
        catalog.add("A brand new message", locations=[("interact_cli/new.py", 1)])
        return catalog

    monkeypatch.setattr(i18n_tools, "extract", with_a_new_message)
    assert template_problems() == ["interact.pot: not in the template: 'A brand new message'"]
