"""`interact translate`: a case out to a PO file and back, changing only what was translated.

Parametrized over every bundled case and the test cases, so the round trip holds for whatever
the cases say as they are rewritten.
"""

from __future__ import annotations

import difflib
import shutil
import tomllib
from pathlib import Path
from typing import Any

import polib
import pytest
import tomlkit
from typer.testing import CliRunner

from interact_cli.case.template import starter_case
from interact_cli.case.translation import text_values
from interact_cli.cli.app import app
from interact_cli.i18n import INTERFACE_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "scenarios").glob("*.toml")) + [ROOT / "tests" / "data" / "tiny.toml"]
NEW_LANGUAGES = ("it", "el", "de", "pt-BR")


@pytest.fixture(params=[*CASES, "starter"], ids=lambda case: getattr(case, "stem", case))
def case_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a case to translate: each bundled case, tiny.toml, and a plain-string starter."""
    copy = tmp_path / "case.toml"
    if request.param == "starter":
        copy.write_text(starter_case("starter"), encoding="utf-8")
    else:
        shutil.copy(request.param, copy)
    return copy


def _doc(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _export(runner: CliRunner, case: Path, lang: str, out: Path) -> polib.POFile:
    result = runner.invoke(app, ["translate", "export", str(case), "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return polib.pofile(str(out))


def _import(runner: CliRunner, case: Path, po: Path, *options: str) -> Any:
    return runner.invoke(app, ["translate", "import", str(case), str(po), *options])


def _languages(case: Path) -> list[str]:
    doc = _doc(case)
    fallback = doc.get("fallback_language", "en")
    wanted = [*doc["languages"], *INTERFACE_LANGUAGES, NEW_LANGUAGES[0]]
    return [lang for lang in dict.fromkeys(wanted) if lang != fallback]


def _new_language(case: Path) -> str:
    languages = _doc(case)["languages"]
    return next(lang for lang in NEW_LANGUAGES if lang not in languages)


def test_tomlkit_keeps_every_case_byte_for_byte() -> None:
    for case in CASES:
        text = case.read_text(encoding="utf-8")
        assert tomlkit.dumps(tomlkit.parse(text)) == text, case


def test_export_then_import_unchanged_leaves_the_file_byte_for_byte(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    before = case_file.read_bytes()
    for lang in _languages(case_file):
        po = tmp_path / f"{lang}.po"
        _export(runner, case_file, lang, po)
        result = _import(runner, case_file, po)
        assert result.exit_code == 0, result.output
        assert "nothing to write" in result.stdout
        assert case_file.read_bytes() == before, lang


def test_export_has_one_entry_per_text_with_its_path_source_and_translation(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    doc = _doc(case_file)
    fallback = doc.get("fallback_language", "en")
    texts = dict(text_values(doc))
    for lang in _languages(case_file):
        catalog = _export(runner, case_file, lang, tmp_path / f"{lang}.po")
        assert catalog.metadata["Language"] == lang
        assert [entry.msgctxt for entry in catalog] == list(texts)
        for entry in catalog:
            value = texts[entry.msgctxt]
            assert entry.msgid == (value if isinstance(value, str) else value[fallback])
            expected = value.get(lang, "") if isinstance(value, dict) else ""
            assert entry.msgstr == expected
            assert entry.comment


def test_the_translator_notes_say_where_a_text_shows_and_who_sees_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    catalog = _export(runner, ROOT / "tests" / "data" / "tiny.toml", "it", tmp_path / "it.po")
    notes = {entry.msgctxt: entry.comment for entry in catalog}
    assert notes["rounds[0].briefing"] == (
        "Round 1 (r1) · seen by Reception centre, Spain; Police, Spain"
    )
    assert notes["rounds[1].injects[0].text"].startswith("Round 2 (r2) · new information no_report")
    assert notes["actions[1].label"] == (
        "Action wait_24h · in the menu of Reception centre, Spain; Police, Spain"
    )
    assert notes["roles[0].name"] == "Role police_es (police, ES)"
    assert notes["reserve[0].text"].startswith("Reserve information journalist")


def test_the_translator_notes_tell_the_opening_for_players_from_the_summary_for_facilitators(
    runner: CliRunner, tmp_path: Path
) -> None:
    catalog = _export(runner, ROOT / "tests" / "data" / "secrets.toml", "it", tmp_path / "it.po")
    notes = {entry.msgctxt: entry.comment for entry in catalog}
    assert notes["opening"] == "Case secrets · the opening screen, read by every player"
    assert " ".join(notes["summary"].split()) == (  # a long note is wrapped in the file
        "Case secrets · the facilitator's synopsis, ending included: never shown to players"
    )
    assert notes["title"] == "Case secrets"


def _translate_one(catalog: polib.POFile, index: int, text: str) -> str:
    entry = list(catalog)[index]
    entry.msgstr = text
    return entry.msgctxt


def _expected_after(doc: dict[str, Any], path: str, lang: str, text: str) -> dict[str, Any]:
    """The document with one text translated, navigated by its key path."""
    import copy
    import re

    expected = copy.deepcopy(doc)
    parts = [re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part) for part in path.split(".")]
    node: Any = expected
    for match in parts[:-1]:
        assert match
        node = node[match.group(1)]
        if match.group(2) is not None:
            node = node[int(match.group(2))]
    key = parts[-1].group(1)  # type: ignore[union-attr]
    value = node[key]
    fallback = doc.get("fallback_language", "en")
    node[key] = {**({fallback: value} if isinstance(value, str) else value), lang: text}
    return expected


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_one_new_translation_changes_exactly_that_text(
    runner: CliRunner, case_file: Path, tmp_path: Path, where: str
) -> None:
    lang = _new_language(case_file)
    doc, before = _doc(case_file), case_file.read_text(encoding="utf-8")
    po = tmp_path / "new.po"
    catalog = _export(runner, case_file, lang, po)
    index = {"first": 0, "middle": len(catalog) // 2, "last": len(catalog) - 1}[where]
    translation = "Traduzione di prova: «una riga»"
    path = _translate_one(catalog, index, translation)
    catalog.save(str(po))

    result = _import(runner, case_file, po)
    assert result.exit_code == 0, result.output
    assert "1 translation into" in result.stdout and f"{lang} added" in result.stdout
    after = case_file.read_text(encoding="utf-8")
    expected = _expected_after(doc, path, lang, translation)
    expected["languages"].append(lang)
    assert tomllib.loads(after) == expected
    removed, added = _changed_lines(before, after)
    languages_line = [line for line in removed if line.startswith("languages")]
    assert len(languages_line) == 1 and len(removed) <= 2, (removed, added)
    text_lines = [line for line in added if not line.startswith("languages")]
    key = path.rsplit(".", 1)[-1]
    # dotted keys: one new line; an inline table: one changed line; a plain string: two lines.
    assert 1 <= len(text_lines) <= 2 and all(line.startswith(key) for line in text_lines), (
        removed,
        added,
    )
    assert any(translation in line for line in text_lines)


def test_changing_an_existing_translation_changes_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    for source in CASES:
        case = tmp_path / source.name
        shutil.copy(source, case)
        doc = _doc(case)
        lang = next(lang for lang in doc["languages"] if lang != doc.get("fallback_language", "en"))
        po = tmp_path / f"{source.stem}.po"
        catalog = _export(runner, case, lang, po)
        index = next(i for i, entry in enumerate(catalog) if entry.msgstr)
        path = _translate_one(catalog, index, "Une autre traduction")
        catalog.save(str(po))
        before = case.read_text(encoding="utf-8")
        result = _import(runner, case, po)
        assert result.exit_code == 0, result.output
        after = case.read_text(encoding="utf-8")
        removed, added = _changed_lines(before, after)
        assert len(removed) == len(added) == 1, (removed, added)
        assert tomllib.loads(after) == _expected_after(doc, path, lang, "Une autre traduction")


def test_a_multi_line_translation_stays_readable(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "mariama.toml"
    shutil.copy(ROOT / "scenarios" / "mariama.toml", case)
    po = tmp_path / "it.po"
    catalog = _export(runner, case, "it", po)
    title = next(i for i, entry in enumerate(catalog) if entry.msgctxt == "title")
    path = _translate_one(catalog, title, "Prima riga.\nSeconda riga.")
    catalog.save(str(po))
    assert _import(runner, case, po).exit_code == 0
    text = case.read_text(encoding="utf-8")
    assert f'{path}.it = """Prima riga.\nSeconda riga."""' in text
    assert _doc(case)[path]["it"] == "Prima riga.\nSeconda riga."


def test_stale_entries_are_reported_and_left_out(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "tiny.toml"
    shutil.copy(ROOT / "tests" / "data" / "tiny.toml", case)
    po = tmp_path / "it.po"
    catalog = _export(runner, case, "it", po)
    entries = list(catalog)
    entries[0].msgstr = "Caso minuscolo"
    entries[1].msgid = "Police, Spain (as it was written before)"
    entries[1].msgstr = "Polizia, Spagna"
    entries[2].flags.append("fuzzy")
    entries[2].msgstr = "Centro di accoglienza, Spagna"
    catalog.append(polib.POEntry(msgctxt="rounds[9].title", msgid="Gone", msgstr="Sparito"))
    catalog.append(polib.POEntry(msgid="No context", msgstr="Senza contesto"))
    catalog.save(str(po))

    result = _import(runner, case, po)
    assert result.exit_code == 1
    warnings = result.stderr.splitlines()
    assert len(warnings) == 4
    assert any("roles[0].name: the en text changed since the export" in w for w in warnings)
    assert any("roles[1].name: marked fuzzy" in w for w in warnings)
    assert any("rounds[9].title: not a text of this case" in w for w in warnings)
    assert any("No context: no context" in w for w in warnings)
    assert all(w.startswith(f"warning: {po}: ") and w.endswith("; left out") for w in warnings)
    doc = _doc(case)
    assert doc["title"]["it"] == "Caso minuscolo"
    assert doc["roles"][0]["name"] == "Police, Spain"
    assert doc["roles"][1]["name"] == "Reception centre, Spain"
    assert "1 translation into it written" in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'msgid "a"\nmsgstr "b" trailing\n', "not a PO file (Syntax error in po file (line 2)"),
        (b"just some words\n", "not a PO file"),
        (b"", "not a PO file (no entries)"),
        (b'msgid "a"\nmsgstr "\xff"\n', "not UTF-8"),
        (b"\xde\x12\x04\x95\x00\x00\x00\x00", "binary file"),
    ],
)
def test_an_invalid_po_file_is_one_line_naming_it(
    runner: CliRunner, tmp_path: Path, content: bytes, reason: str
) -> None:
    case = tmp_path / "tiny.toml"
    shutil.copy(ROOT / "tests" / "data" / "tiny.toml", case)
    before = case.read_bytes()
    po = tmp_path / "broken.po"
    po.write_bytes(content)
    result = _import(runner, case, po, "--lang", "it")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {po}: ") and reason in result.stderr
    assert case.read_bytes() == before


def test_a_missing_po_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = _import(runner, ROOT / "tests" / "data" / "tiny.toml", tmp_path / "nope.po")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.po'}: no such file\n"


def test_a_translation_that_would_not_validate_is_not_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    case = tmp_path / "tiny.toml"
    shutil.copy(ROOT / "tests" / "data" / "tiny.toml", case)
    before = case.read_bytes()
    po = tmp_path / "it.po"
    catalog = _export(runner, case, "it", po)
    list(catalog)[0].msgstr = "Un titolo"
    list(catalog)[3].msgstr = "   "
    catalog.save(str(po))
    result = _import(runner, case, po)
    assert result.exit_code == 2
    assert "would not be valid" in result.stderr
    assert "roles[2].name.it: must not be empty" in result.stderr
    assert case.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_po_file_for_another_case_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    po = tmp_path / "mariama.it.po"
    _export(runner, ROOT / "scenarios" / "mariama.toml", "it", po)
    result = _import(runner, ROOT / "tests" / "data" / "tiny.toml", po)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "made for case 'mariama', not 'tiny'" in result.stderr


def test_export_never_overwrites_and_names_its_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["translate", "export", "mariama", "--lang", "IT"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "mariama.it.po"
    assert written.is_file() and str(written.name) in result.stdout
    before = written.read_bytes()
    again = runner.invoke(app, ["translate", "export", "mariama", "--lang", "it"])
    assert again.exit_code == 2
    assert "already exists; it will not be overwritten" in again.stderr
    assert written.read_bytes() == before


def test_export_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["translate", "export", "tiny", "--dir", "tests/data", "--lang", "it", "-o", "-"]
    )
    assert result.exit_code == 0
    assert 'msgctxt "title"' in result.stdout and "X-Interact-Case: tiny" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lang", "en"], "--lang en: that is the case's fallback language"),
        (["--lang", "italian!"], "--lang italian!: not a language code"),
    ],
)
def test_export_bad_language(runner: CliRunner, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["translate", "export", "tiny", "--dir", "tests/data", *options])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_an_invalid_case_is_not_translated(runner: CliRunner) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "case-typo-in-role.toml"
    result = runner.invoke(app, ["translate", "export", str(bad), "--lang", "it", "-o", "-"])
    assert result.exit_code == 1
    assert "case-typo-in-role.toml" in result.stderr


def test_import_keeps_the_file_mode(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "tiny.toml"
    shutil.copy(ROOT / "tests" / "data" / "tiny.toml", case)
    case.chmod(0o640)
    po = tmp_path / "it.po"
    catalog = _export(runner, case, "it", po)
    list(catalog)[0].msgstr = "Caso minuscolo"
    catalog.save(str(po))
    assert _import(runner, case, po).exit_code == 0
    assert case.stat().st_mode & 0o777 == 0o640
    assert _doc(case)["title"] == {"en": "Tiny case", "fr": "Petit cas", "it": "Caso minuscolo"}


def test_the_interface_of_translate_follows_the_language(runner: CliRunner, tmp_path: Path) -> None:
    po = tmp_path / "it.po"
    result = runner.invoke(
        app,
        ["translate", "export", "tiny", "--dir", "tests/data", "--lang", "it", "-o", str(po)],
        env={"INTERACT_LANG": "el"},
    )
    assert result.exit_code == 0
    assert "κείμενα του σεναρίου «tiny»" in result.stdout
    assert "Γύρος 1 (r1)" in po.read_text(encoding="utf-8")
