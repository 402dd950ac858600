"""`pack.toml`: what a paper pack was printed with, kept beside its files.

The menu seed, the roles at the table and the choice limit printed on the cards are what the
answers typed in afterwards must be read with (`interact script new CASE --pack DIR`), and a
later `interact pack` into the same folder recognises an earlier pack of the same case by it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from interact_cli.errors import UsageError
from interact_cli.i18n import _
from interact_cli.record.toml_file import check_format, read_toml

PACK_FORMAT = "interact-pack/1"
MANIFEST = "pack.toml"
MAX_MANIFEST_BYTES = 100_000


@dataclass(frozen=True)
class PackManifest:
    case: str
    case_version: str
    case_sha256: str
    lang: str
    menu_seed: int
    table: tuple[str, ...]
    choices: int | None
    files: tuple[str, ...]


def manifest_text(manifest: PackManifest, comment: str) -> str:
    """The manifest as TOML, under a comment line saying what the folder is."""
    lines = [f"# {' '.join(comment.split())}", f'format = "{PACK_FORMAT}"']
    for key in ("case", "case_version", "case_sha256", "lang"):
        lines.append(f"{key} = {json.dumps(getattr(manifest, key), ensure_ascii=False)}")
    lines.append(f"menu_seed = {manifest.menu_seed}")
    lines.append(f"table = {json.dumps(list(manifest.table))}")
    if manifest.choices is not None:
        lines.append(f"choices = {manifest.choices}")
    lines.append(f"files = {json.dumps(list(manifest.files), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def read_manifest(folder: Path) -> PackManifest:
    """The pack in `folder`; a usage error naming the file and key if it is not one."""
    path = folder / MANIFEST
    name = str(path)
    _text, doc = read_toml(path, UsageError, MAX_MANIFEST_BYTES)
    check_format(doc, PACK_FORMAT, name, "a paper pack", UsageError)

    def wrong(key: str) -> UsageError:
        return UsageError(
            _("{file}: {key}: missing or of the wrong type").format(file=name, key=key)
        )

    texts = {}
    for key in ("case", "case_version", "case_sha256", "lang"):
        texts[key] = doc.get(key)
        if not isinstance(texts[key], str):
            raise wrong(key)
    seed, choices = doc.get("menu_seed"), doc.get("choices")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise wrong("menu_seed")
    if choices is not None and (isinstance(choices, bool) or not isinstance(choices, int)):
        raise wrong("choices")
    lists = {}
    for key in ("table", "files"):
        lists[key] = doc.get(key)
        if not isinstance(lists[key], list) or not all(isinstance(i, str) for i in lists[key]):
            raise wrong(key)
    return PackManifest(
        case=texts["case"],
        case_version=texts["case_version"],
        case_sha256=texts["case_sha256"],
        lang=texts["lang"],
        menu_seed=seed,
        table=tuple(lists["table"]),
        choices=choices,
        files=tuple(lists["files"]),
    )
