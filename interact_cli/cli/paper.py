"""What `interact pack` and `interact script new` do: a paper pack out, a blank answer sheet
to type it back in with the same menu seed, table and choice limit."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from interact_cli.case.catalog import pick_lang, resolve_case
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.table import pick_roles
from interact_cli.errors import ScriptError, UsageError
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable
from interact_cli.play.blank_script import PaperTable
from interact_cli.play.follow_up import case_places
from interact_cli.record.pack_manifest import MANIFEST, PackManifest, read_manifest
from interact_cli.terminal import warn

README = "README.txt"
ANSWERS = "answers.toml"
"""The answer sheet's name in the commands a pack prints."""


def _command(places: tuple[Path, ...], *parts: str) -> str:
    """`interact PARTS…` as a shell line, with the `--dir` that finds the case again."""
    import shlex

    extra = [item for place in places for item in ("--dir", str(place))]
    return shlex.join(["interact", *parts, *extra])


@dataclass(frozen=True)
class PackRequest:
    case: str
    lang: str | None
    roles: str | None
    choices: int | None
    seed: int | None
    output: Path | None
    dirs: list[Path]


def make_pack(request: PackRequest) -> None:
    """Write the pack's files into the folder, each whole or not at all, `pack.toml` last."""
    from interact_cli.case.order import draw_menu_seed
    from interact_cli.record.files import write_files

    case_file = resolve_case(request.case, request.dirs)
    scenario = load_scenario(case_file)
    lang = pick_lang(scenario, request.lang)
    table = tuple(pick_roles(scenario, request.roles))
    folder = request.output or Path(f"{scenario.id}-pack-{lang}")
    places = case_places(scenario.id, case_file, request.dirs)
    commands = (
        _command(places, "script", "new", scenario.id, "--pack", str(folder), "-o", ANSWERS),
        _command(places, "dry-run", scenario.id, "--script", ANSWERS),
    )
    earlier = earlier_pack(folder, scenario)
    if request.seed is not None:
        seed = request.seed
    elif earlier is not None:
        seed = earlier.menu_seed
    else:
        seed = draw_menu_seed()
    if earlier is not None:
        warn(
            _("{folder}: replacing the earlier pack of case '{case}' there").format(
                folder=folder, case=scenario.id
            )
        )
    paper = PaperTable(seed, table, request.choices)
    documents, counts = pack_documents(scenario, lang, paper, commands)
    manifest = PackManifest(
        case=scenario.id,
        case_version=scenario.version,
        case_sha256=scenario.sha256,
        lang=lang,
        menu_seed=seed,
        table=table,
        choices=request.choices,
        files=(*documents, README),
    )
    files = {name: text.encode("utf-8") for name, text in documents.items()}
    files[README] = readme(scenario, lang, paper, commands).encode("utf-8")
    files[MANIFEST] = _manifest_bytes(manifest)
    write_files(folder, files, UsageError)
    print(printable(_pack_written(scenario, folder, lang, seed, counts)))
    after = _("After the exercise, type the answers in: {command}")
    print(printable(after.format(command=commands[0])))


def _manifest_bytes(manifest: PackManifest) -> bytes:
    from interact_cli.record.pack_manifest import manifest_text

    comment = _("How this paper pack was printed: keep it with the files (see {readme}).")
    return manifest_text(manifest, comment.format(readme=README)).encode("utf-8")


def pack_documents(
    scenario: Scenario, lang: str, paper: PaperTable, commands: tuple[str, str]
) -> tuple[dict[str, str], dict[str, int]]:
    """Each document's file name and HTML; how many role cards, inject cards and sheets."""
    from interact_cli.report import pack_content, pack_html
    from interact_cli.report.guide import facilitator_guide

    cards = pack_content.role_cards(scenario, lang, paper)
    injects = pack_content.inject_cards(scenario, lang)
    sheets = pack_content.evaluator_sheets(scenario, lang, paper.table)
    guide = facilitator_guide(scenario, lang, paper.choices)
    extras = pack_html.GuideExtras(paper, lang, commands, injects)
    guide_name, cards_name, injects_name, sheets_name = pack_html.FILE_NAMES
    documents = {
        guide_name: pack_html.guide_page(scenario, guide, extras),
        cards_name: pack_html.role_cards_page(scenario, lang, cards),
        injects_name: pack_html.inject_cards_page(scenario, lang, injects),
        sheets_name: pack_html.evaluator_page(scenario, lang, sheets),
    }
    counts = {"cards": len(cards), "injects": len(injects), "sheets": len(sheets)}
    return documents, counts


def earlier_pack(folder: Path, scenario: Scenario) -> PackManifest | None:
    """The earlier pack of this case in `folder`, which may be replaced; None for a new or
    empty folder. Any other file in the way of the pack's files is refused, before writing."""
    from interact_cli.report.pack_html import FILE_NAMES

    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder}: is not a folder").format(folder=folder))
    if (folder / MANIFEST).exists():
        manifest = read_manifest(folder)
        if manifest.case != scenario.id:
            raise UsageError(
                _(
                    "{folder}: holds the paper pack of case '{other}'; write the pack of "
                    "'{case}' to another folder"
                ).format(folder=folder, other=manifest.case, case=scenario.id)
            )
        return manifest
    for name in (*FILE_NAMES, README):
        if (folder / name).exists() or (folder / name).is_symlink():
            raise UsageError(
                _(
                    "{file}: already exists and is not part of an earlier pack of this case; "
                    "nothing written"
                ).format(file=folder / name)
            )
    return None


def _pack_written(
    scenario: Scenario, folder: Path, lang: str, seed: int, counts: dict[str, int]
) -> str:
    cards = ngettext("{count} role card", "{count} role cards", counts["cards"]).format(
        count=counts["cards"]
    )
    injects = ngettext("{count} inject card", "{count} inject cards", counts["injects"]).format(
        count=counts["injects"]
    )
    sheets = ngettext(
        "{count} evaluator sheet", "{count} evaluator sheets", counts["sheets"]
    ).format(count=counts["sheets"])
    return _(
        "{folder}: the paper pack of case '{case}' in {lang} (menu seed {seed}): the "
        "facilitator's guide, {cards}, {injects}, {sheets}"
    ).format(
        folder=folder,
        case=scenario.id,
        lang=lang,
        seed=seed,
        cards=cards,
        injects=injects,
        sheets=sheets,
    )


def readme(scenario: Scenario, lang: str, paper: PaperTable, commands: tuple[str, str]) -> str:
    """The folder's README: what each file is, and how the answers come back in."""
    from interact_cli.report.pack_html import FILE_NAMES

    guide, cards, injects, sheets = FILE_NAMES
    lines = [
        _("Paper pack of '{title}' (case {case}, version {version}), in {lang}.").format(
            title=" ".join(scenario.title.get(lang).split()),
            case=scenario.id,
            version=scenario.version,
            lang=lang,
        ),
        _("Menu seed {seed}; at the table: {roles}.").format(
            seed=paper.menu_seed, roles=", ".join(paper.table)
        ),
        "",
        _("{file}: the facilitator's guide, not for players.").format(file=guide),
        _("{file}: a card per round and role; hand each role its card as the round starts.").format(
            file=cards
        ),
        _("{file}: new information to hand out when the guide says so.").format(file=injects),
        _("{file}: a sheet per objective, for evaluators.").format(file=sheets),
        _("{file}: how this pack was printed; keep it with the files.").format(file=MANIFEST),
        "",
        _("Print them before the day, on A4, from any web browser (File, Print)."),
        _("Afterwards, type the ticked codes in and score them as this team's session:"),
        *(f"  {command}" for command in commands),
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ScriptRequest:
    case: str
    pack: Path | None
    roles: str | None
    choices: int | None
    seed: int | None
    lang: str | None
    output: Path | None
    dirs: list[Path]


def new_script(request: ScriptRequest) -> None:
    """Write the blank answer sheet, to a new file (never over typed-in answers) or stdout."""
    from interact_cli.play.blank_script import blank_script
    from interact_cli.record.files import create_file

    case_file = resolve_case(request.case, request.dirs)
    scenario = load_scenario(case_file)
    printed = _printed_with(scenario, request)
    lang = pick_lang(scenario, request.lang or (printed.lang if printed else None))
    if printed is None or request.roles is not None:
        table = tuple(pick_roles(scenario, request.roles))
    else:
        table = printed.table
    paper = PaperTable(
        menu_seed=_given(request.seed, printed.menu_seed if printed else None),
        table=table,
        choices=_given(request.choices, printed.choices if printed else None),
    )
    places = case_places(scenario.id, case_file, request.dirs)
    score = _command(places, "dry-run", scenario.id, "--script", str(request.output or ANSWERS))
    text = blank_script(scenario, lang, paper, score)
    if request.output is None:
        sys.stdout.write(text)
        return
    create_file(request.output, text.encode("utf-8"), ScriptError)
    print(
        printable(
            _("{file}: a blank answer sheet for case '{case}'; then: {command}").format(
                file=request.output, case=scenario.id, command=score
            )
        )
    )


def _printed_with(scenario: Scenario, request: ScriptRequest) -> PackManifest | None:
    """The pack the answers come from (`--pack`), checked to be of this case."""
    if request.pack is None:
        return None
    if not (request.pack / MANIFEST).is_file():
        raise UsageError(
            _("--pack {folder}: no {manifest} there; give the folder of the paper pack").format(
                folder=request.pack, manifest=MANIFEST
            )
        )
    manifest = read_manifest(request.pack)
    if manifest.case != scenario.id:
        raise UsageError(
            _("--pack {folder}: the pack is of case '{other}', not '{case}'").format(
                folder=request.pack, other=manifest.case, case=scenario.id
            )
        )
    unknown = [role for role in manifest.table if role not in scenario.role_by_id]
    if unknown:
        raise UsageError(
            _("{file}: table: no role {roles} in case '{case}'").format(
                file=request.pack / MANIFEST, roles=", ".join(unknown), case=scenario.id
            )
        )
    if manifest.case_sha256 and manifest.case_sha256 != scenario.sha256:
        warn(
            _(
                "case '{case}' changed since the pack was printed (version {then}, now "
                "{now}): check the codes on the cards against the comments of the sheet"
            ).format(case=scenario.id, then=manifest.case_version, now=scenario.version)
        )
    return manifest


def _given(option: int | None, printed: int | None) -> int | None:
    """An option given on the command line wins over what the pack was printed with."""
    return option if option is not None else printed
