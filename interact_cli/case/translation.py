"""Translating a case: its texts out to a PO file for a translator, the translations back in.

Pure: a case's TOML text (and a PO file's text) in, a PO text or a new TOML text out; the
commands read and write the files. Which keys are texts comes from the case format's own
declaration (`case.format`), so a text key added to the format is translatable at once.

The case file is edited with tomlkit, which keeps comments, order and layout: a text written
as dotted keys (`title.en = "…"`) gets a dotted line for the new language under its others, an
inline table (`{ en = "…" }`) gets one more entry, and a plain string becomes a table of the
fallback text and the new one, written the way the file writes its other text tables.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polib
import tomlkit
from tomlkit.container import Container
from tomlkit.items import InlineTable, Item, Table

from interact_cli.case.format import CASE, Array, Text
from interact_cli.case.format import Table as TableKind
from interact_cli.case.loader import errors_of, scenario_from_document
from interact_cli.errors import ScenarioError, TranslationError, ValidationFailed
from interact_cli.i18n import _, normalize
from interact_cli.record.toml_file import check_format, parse_toml

_SEGMENT = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class CaseText:
    """One text of a case: where it is, its fallback-language source, its translation if any."""

    path: str
    source: str
    translation: str | None
    note: str


@dataclass(frozen=True)
class LeftOut:
    """A PO entry that was not written, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Imported:
    """What an import makes of a case: its new text, and what changed or was left out."""

    text: str
    lang: str
    changed: tuple[str, ...]
    left_out: tuple[LeftOut, ...]
    added_language: bool
    untranslated: int


# ---------------------------------------------------------------- reading a case


def read_case(text: str, name: str) -> dict[str, Any]:
    """The case document; refuses a file that is not a valid case (fix it before translating)."""
    doc = parse_toml(text, name, ScenarioError)
    check_format(doc, "interact-scenario/1", name, "a case", ScenarioError)
    _scenario, findings = scenario_from_document(doc, name, warnings=False)
    if errors_of(findings):
        raise ValidationFailed(errors_of(findings))
    return doc


def fallback_of(doc: dict[str, Any]) -> str:
    value = doc.get("fallback_language")
    return value if isinstance(value, str) else "en"


def text_values(doc: dict[str, Any]) -> Iterator[tuple[str, str | dict[str, str]]]:
    """Every text of the case with its key path, in the order of the format's declaration."""
    yield from _texts_of(CASE, doc, "")


def _texts_of(
    kind: TableKind, table: dict[str, Any], prefix: str
) -> Iterator[tuple[str, str | dict[str, str]]]:
    for name, spec in kind.fields.items():
        if name not in table:
            continue
        path = f"{prefix}.{name}" if prefix else name
        value = table[name]
        if isinstance(spec.kind, Text):
            yield path, value
        elif isinstance(spec.kind, Array) and isinstance(spec.kind.item, TableKind):
            for index, item in enumerate(value if isinstance(value, list) else []):
                if isinstance(item, dict):
                    yield from _texts_of(spec.kind.item, item, f"{path}[{index}]")


def _in(value: str | dict[str, str], lang: str) -> str | None:
    if isinstance(value, str):
        return None
    return value.get(lang)


def _source(value: str | dict[str, str], fallback: str) -> str:
    return value if isinstance(value, str) else value[fallback]


def case_texts(doc: dict[str, Any], lang: str) -> list[CaseText]:
    """The case's texts for a translator into `lang`."""
    fallback = fallback_of(doc)
    notes = _Notes(doc, fallback)
    return [
        CaseText(path, _source(value, fallback), _in(value, lang), notes.of(path))
        for path, value in text_values(doc)
    ]


class _Notes:
    """Where a text shows and who sees it, for the translator (`#.` lines of the PO file)."""

    def __init__(self, doc: dict[str, Any], fallback: str) -> None:
        self.doc = doc
        self.fallback = fallback
        self.role_names = {
            role.get("id"): _source(role.get("name", role.get("id", "")), fallback)
            for role in _tables(doc, "roles")
        }

    def _roles(self, ids: object) -> str:
        names = ids if isinstance(ids, list) else list(self.role_names)
        return "; ".join(str(self.role_names.get(role, role)) for role in names)

    def of(self, path: str) -> str:
        segments = _segments(path)
        top, index = segments[0]
        if index is None:
            case = self.doc.get("id", "")
            if top == "opening":
                return _("Case {case} · the opening screen, read by every player").format(case=case)
            if top == "summary":
                return _(
                    "Case {case} · the facilitator's synopsis, ending included: never shown to "
                    "players"
                ).format(case=case)
            return _("Case {case}").format(case=case)
        item = _tables(self.doc, top)[index]
        if top == "roles":
            return _("Role {role} ({agency}, {country})").format(
                role=item.get("id", ""), agency=item.get("agency", ""), country=item.get("country")
            )
        if top == "actions":
            return _("Action {action} · in the menu of {roles}").format(
                action=item.get("id", ""), roles=self._roles(item.get("roles"))
            )
        if top == "rounds":
            values = {
                "number": index + 1,
                "round": item.get("id", ""),
                "roles": self._roles(item.get("roles")),
            }
            if len(segments) > 2 and segments[1][0] == "injects":
                inject = _tables(item, "injects")[segments[1][1] or 0]
                return _(
                    "Round {number} ({round}) · new information {inject} · seen by {roles}"
                ).format(inject=inject.get("id", ""), **values)
            return _("Round {number} ({round}) · seen by {roles}").format(**values)
        if top == "objectives":
            return _("Objective {objective} · in the after-action report").format(
                objective=item.get("id", "")
            )
        if top == "reserve":
            return _("Reserve information {inject} · released by the facilitator").format(
                inject=item.get("id", "")
            )
        return path


def _tables(table: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = table.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _segments(path: str) -> list[tuple[str, int | None]]:
    return [
        (match.group(1), int(match.group(2)) if match.group(2) is not None else None)
        for match in (_SEGMENT.fullmatch(part) for part in path.split("."))
        if match
    ]


# ---------------------------------------------------------------- export


def export_po(doc: dict[str, Any], lang: str, generator: str) -> str:
    """A PO file of every text of the case: key path as context, fallback text as source."""
    fallback = fallback_of(doc)
    if lang == fallback:
        raise TranslationError(
            _(
                "--lang {lang}: that is the case's fallback language, the source of every text"
            ).format(lang=lang)
        )
    catalog = polib.POFile(wrapwidth=78)
    catalog.header = _(
        "Case '{case}' (version {version}): translation into {lang}.\n"
        "The source texts are in {fallback}. Fill in each msgstr, then import with:\n"
        "  interact translate import CASE_FILE THIS_FILE.po"
    ).format(case=doc.get("id"), version=doc.get("version"), lang=lang, fallback=fallback)
    catalog.metadata = {
        "Project-Id-Version": f"{doc.get('id')} {doc.get('version')}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": generator,
        "X-Interact-Case": str(doc.get("id")),
        "X-Interact-Source-Language": fallback,
    }
    for text in case_texts(doc, lang):
        catalog.append(
            polib.POEntry(
                msgctxt=text.path,
                msgid=text.source,
                msgstr=text.translation or "",
                comment=text.note,
            )
        )
    return str(catalog)


# ---------------------------------------------------------------- import


def read_po(text: str, name: str) -> polib.POFile:
    """The PO file, or one line naming it and what is wrong."""
    try:
        catalog = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError, UnicodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TranslationError(
            _("{file}: not a PO file ({reason})").format(file=name, reason=reason)
        ) from None
    if not len(catalog):
        raise TranslationError(_("{file}: not a PO file (no entries)").format(file=name))
    return catalog


def import_po(
    case_text: str, case_name: str, po_text: str, po_name: str, lang: str | None = None
) -> Imported:
    """The case with the PO file's translations written in; stale entries are left out.

    Refuses (TranslationError) a result that would not validate, so a bad translation never
    reaches the file.
    """
    doc = read_case(case_text, case_name)
    catalog = read_po(po_text, po_name)
    language = _language_of(catalog, po_name, lang)
    fallback = fallback_of(doc)
    if language == fallback:
        raise TranslationError(
            _("{file}: translates into {lang}, the case's fallback language").format(
                file=po_name, lang=language
            )
        )
    made_for = catalog.metadata.get("X-Interact-Case")
    if made_for and made_for != doc.get("id"):
        raise TranslationError(
            _("{file}: made for case '{other}', not '{case}'").format(
                file=po_name, other=made_for, case=doc.get("id")
            )
        )
    texts = dict(text_values(doc))
    updates, left_out, untranslated = _updates(catalog, texts, language, fallback)
    if not updates:
        return Imported(case_text, language, (), tuple(left_out), False, untranslated)
    document = tomlkit.parse(case_text)
    style = _table_style(document, texts)
    for path, translation in updates.items():
        _write_text(document, path, language, translation, fallback, style)
    added = language not in doc.get("languages", [])
    if added:
        document["languages"].append(language)
    new_text = tomlkit.dumps(document)
    _check_result(doc, new_text, updates, language, added, case_name)
    return Imported(new_text, language, tuple(updates), tuple(left_out), added, untranslated)


def _language_of(catalog: polib.POFile, po_name: str, lang: str | None) -> str:
    given = lang or catalog.metadata.get("Language", "").strip()
    if not given:
        raise TranslationError(
            _("{file}: no Language in its header; give --lang").format(file=po_name)
        )
    code = normalize(given)
    if code is None:
        raise TranslationError(
            _("{file}: Language {lang}: not a language code").format(file=po_name, lang=given)
        )
    return code


def _updates(
    catalog: polib.POFile, texts: dict[str, str | dict[str, str]], lang: str, fallback: str
) -> tuple[dict[str, str], list[LeftOut], int]:
    """The translations to write, the entries left out, and how many are not translated yet."""
    updates: dict[str, str] = {}
    left_out: list[LeftOut] = []
    seen: set[str] = set()
    untranslated = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        path = entry.msgctxt or ""
        reason = None
        if not path:
            reason = _("no context: not an entry of interact translate export")
        elif path in seen:
            reason = _("a second entry for the same text")
        elif path not in texts:
            reason = _("not a text of this case")
        elif entry.msgid_plural:
            reason = _("a plural entry; case texts have none")
        elif entry.msgid != _source(texts[path], fallback):
            reason = _("the {fallback} text changed since the export").format(fallback=fallback)
        elif entry.fuzzy and entry.msgstr:
            reason = _("marked fuzzy: review it, then remove the mark")
        seen.add(path)
        if reason:
            left_out.append(LeftOut(path or entry.msgid[:40], reason))
        elif not entry.msgstr:
            untranslated += 1
        elif entry.msgstr != _in(texts[path], lang):
            updates[path] = entry.msgstr
    return updates, left_out, untranslated


def _check_result(
    doc: dict[str, Any],
    new_text: str,
    updates: dict[str, str],
    lang: str,
    added: bool,
    case_name: str,
) -> None:
    """The new file must say exactly what was meant, and be a valid case."""
    expected = copy.deepcopy(doc)
    fallback = fallback_of(doc)
    for path, translation in updates.items():
        parent, key = _locate(expected, path)
        value = parent[key]
        parent[key] = {
            **({fallback: value} if isinstance(value, str) else value),
            lang: translation,
        }
    if added:
        expected["languages"].append(lang)
    written = tomllib.loads(new_text)
    if written != expected:
        raise TranslationError(
            _(
                "{file}: not written: these translations could not be written into this "
                "file's layout (please report this)"
            ).format(file=case_name)
        )
    _scenario, findings = scenario_from_document(written, case_name, warnings=False)
    if errors_of(findings):
        lines = [str(finding) for finding in errors_of(findings)]
        raise TranslationError(
            _("{file}: not written: with these translations the case would not be valid").format(
                file=case_name
            )
            + "\n"
            + "\n".join(lines)
        )


def _locate(doc: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    segments = _segments(path)
    table: Any = doc
    for name, index in segments[:-1]:
        table = table[name] if index is None else table[name][index]
    return table, segments[-1][0]


# ---------------------------------------------------------------- writing into the TOML layout


def _entries(container: Container, key: str) -> list[tuple[int, Any, Item]]:
    return [
        (index, name, item)
        for index, (name, item) in enumerate(container.body)
        if name is not None and name.key == key
    ]


def _container(document: tomlkit.TOMLDocument, path: str) -> tuple[Any, Container, str]:
    """The table that holds the text at `path`, its tomlkit container, and the text's key."""
    segments = _segments(path)
    node: Any = document
    for name, index in segments[:-1]:
        node = node[name] if index is None else node[name][index]
    container = node if isinstance(node, Container) else node.value
    return node, container, segments[-1][0]


def _table_style(document: tomlkit.TOMLDocument, texts: dict[str, Any]) -> str:
    """How this file writes its text tables: "dotted" (`title.en = …`) unless mostly inline."""
    dotted = inline = 0
    for path, value in texts.items():
        if isinstance(value, str):
            continue
        _node, container, key = _container(document, path)
        entries = _entries(container, key)
        if any(name.is_dotted() for _index, name, _item in entries):
            dotted += 1
        elif entries and isinstance(entries[0][2], InlineTable):
            inline += 1
    return "inline" if inline > dotted else "dotted"


def _string(text: str) -> Item:
    return tomlkit.string(text, multiline="\n" in text)


def _write_text(
    document: tomlkit.TOMLDocument, path: str, lang: str, text: str, fallback: str, style: str
) -> None:
    node, container, key = _container(document, path)
    entries = _entries(container, key)
    dotted = [(index, item) for index, name, item in entries if name.is_dotted()]
    if dotted:
        for _index, table in dotted:
            if lang in table:
                table[lang] = _string(text)
                return
        dotted[-1][1].add(lang, _string(text))
        return
    index, _name, item = entries[0]
    if isinstance(item, InlineTable):
        pairs = [(name.key, value) for name, value in item.value.body if name is not None]
        pairs = [(name, value) for name, value in pairs if name != lang]
        node[key] = _inline(pairs + [(lang, _string(text))], item.as_string())
    elif isinstance(item, Table):
        if lang in item:
            item[lang] = _string(text)
        else:
            item.add(lang, _string(text))
    elif style == "inline":
        node[key] = _inline([(fallback, item), (lang, _string(text))], "{ ")
    else:
        _plain_to_dotted(container, index, key, item, fallback, lang, text)


def _inline(pairs: list[tuple[str, Item]], like: str) -> Item:
    """An inline table of `pairs`, spaced like `like` (`{ en = … }` or `{en = …}`)."""
    inside = ", ".join(f"{name} = {value.as_string()}" for name, value in pairs)
    spaced = like.startswith("{ ")
    source = f"x = {{ {inside} }}\n" if spaced else f"x = {{{inside}}}\n"
    return tomlkit.parse(source)["x"]


def _plain_to_dotted(
    container: Container, index: int, key: str, item: Item, fallback: str, lang: str, text: str
) -> None:
    """`key = "…"` becomes `key.<fallback> = "…"` and `key.<lang> = "…"`, on the same spot.

    tomlkit has no public way to insert at a position, so this uses `Container._insert_at`
    (tested by the round-trip tests on every bundled case and on a plain-string case).
    """
    piece = tomlkit.parse(f"{key}.{fallback} = 0\n")
    dotted_key, table = piece.body[0]
    table[fallback] = item
    table.add(lang, _string(text))
    container.remove(key)
    container._insert_at(index, dotted_key, table)
