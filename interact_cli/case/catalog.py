"""Where cases are: `--dir` folders and files, the current folder, the bundled cases.

A case is found by the `id` inside its file, never by the file's name: after
`interact new lina` (in `lina.toml`) or a renamed copy (`lina-v2.toml`), `lina` finds it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.errors import ScenarioError, UsageError
from interact_cli.i18n import INTERFACE_LANGUAGES, _, current_language, interface_language, suggest
from interact_cli.record.transcript import Header, Transcript
from interact_cli.terminal import warn


def bundled_dir() -> Path:
    """The bundled cases: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "scenarios"
    return installed if installed.is_dir() else package.parent / "scenarios"


def demo_script() -> Path:
    return bundled_dir() / "scripts" / "mariama-demo.toml"


def bundled_profile(case_id: str) -> Path | None:
    """The team profile bundled for a case (`scenarios/profiles/<id>.toml`), if any."""
    path = bundled_dir() / "profiles" / f"{case_id}.toml"
    return path if path.is_file() else None


HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
"""The first table header: the case's own keys (`format`, `id`) all come before it."""


def search_places(extra: Sequence[Path] = ()) -> list[Path]:
    """Where cases are looked for, first to last: `--dir` folders and files, this folder,
    the bundled cases. A place already listed (by its real path) is not searched twice."""
    places: list[Path] = []
    seen: set[Path] = set()
    for place in [*extra, Path("."), bundled_dir()]:
        key = place.resolve()
        if key not in seen:
            seen.add(key)
            places.append(place)
    return places


def files_of(place: Path) -> list[Path]:
    """The `*.toml` files at the top of a folder, or the case file itself."""
    if place.is_file():
        return [place]
    if not place.is_dir():
        raise ScenarioError(_("{folder}: no such folder or case file").format(folder=place))
    return sorted(place.glob("*.toml"))


def case_files(extra_dirs: Sequence[Path] = ()) -> list[tuple[Path, bool]]:
    """Every candidate case file, with whether it was asked for (bundled or `--dir`).

    Files of the current folder are only candidates: there, a TOML file that is not a case
    (a script, a project file) is passed over in silence.
    """
    here = Path(".").resolve()
    return [
        (path, place.resolve() != here)
        for place in search_places(extra_dirs)
        for path in files_of(place)
    ]


def resolve_case(name: str, extra_dirs: Sequence[Path] = ()) -> Path:
    """A case path from a path or a case id (the `id` inside a file of the searched places)."""
    candidate = Path(name)
    if candidate.suffix == ".toml" or "/" in name or "\\" in name or candidate.is_file():
        return candidate
    return find_case(name, extra_dirs)


def find_case(case_id: str, extra_dirs: Sequence[Path] = ()) -> Path:
    """The file of the case `case_id`: the first place whose file holds `id = case_id`.

    In a folder, `<id>.toml` is read first, then the other files. A transcript names its
    case by id, and a transcript may come from anyone: its case is looked up here only,
    by the id inside the files, so it can never point at a file of its choosing.
    """
    places = search_places(extra_dirs)
    for place in places:
        files = files_of(place)
        named = [path for path in files if path.name == f"{case_id}.toml"]
        for path in [*named, *(path for path in files if path not in named)]:
            if case_id_of(path) == case_id:
                return path
    raise ScenarioError(_no_such_case(case_id, places))


def _no_such_case(case_id: str, places: Sequence[Path]) -> str:
    import difflib

    known = sorted(
        {found for place in places for path in files_of(place) if (found := case_id_of(path))}
    )
    close = difflib.get_close_matches(case_id, known, n=1, cutoff=0.6)
    values = {
        "case": case_id,
        "known": ", ".join(known) or "-",
        "suggestion": close[0] if close else "",
    }
    if close:
        return _(
            "{case}: no such case (did you mean '{suggestion}'?); cases found: {known}"
        ).format(**values)
    return _(
        "{case}: no such case; cases found: {known} (give a case file, or its folder with --dir)"
    ).format(**values)


def case_id_of(path: Path) -> str | None:
    """The id inside a case file, or None if the file is not a readable case."""
    try:
        status = path.stat()
    except OSError:
        return None
    return _case_id(path.resolve(), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=1024)
def _case_id(path: Path, mtime_ns: int, size: int) -> str | None:
    """Read once per file version: only the keys before the first table, when they parse."""
    from interact_cli import platform_io
    from interact_cli.case.loader import MAX_CASE_BYTES
    from interact_cli.record.toml_file import parse_toml

    try:
        text = platform_io.read_regular_file(path, MAX_CASE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header = HEADER.search(text)
    for part in ([text[: header.start()]] if header else []) + [text]:
        try:
            doc = parse_toml(part, path.name, ScenarioError)
        except ScenarioError:
            continue  # cut inside a multi-line string or array: read the whole file
        if not str(doc.get("format", "")).startswith("interact-scenario/"):
            return None
        found = doc.get("id")
        return found if isinstance(found, str) else None
    return None


def pick_lang(scenario: Scenario, lang: str | None) -> str:
    """The language of the case texts: `lang` if the case is written in it.

    Without `lang`, the interface language when the case is written in it, else the case's
    fallback. An interface language the case lacks is allowed (the interface shows in it, the
    case texts in the fallback, with a warning): a Greek team can play an English-only case.
    """
    if lang is None:
        return _written_in(scenario, current_language()) or scenario.fallback_language
    found = _written_in(scenario, lang)
    if found:
        return found
    if interface_language(lang):
        warn(
            _("case '{case}' is not written in {lang}: its texts are shown in {fallback}").format(
                case=scenario.id, lang=lang, fallback=scenario.fallback_language
            )
        )
        return scenario.fallback_language
    known = dict.fromkeys([*scenario.languages, *INTERFACE_LANGUAGES])
    suggestion = suggest(lang, known)
    values = {
        "lang": lang,
        "case": scenario.id,
        "languages": ", ".join(scenario.languages),
        "interface": ", ".join(INTERFACE_LANGUAGES),
        "suggestion": suggestion,
    }
    if suggestion:
        message = _(
            "--lang {lang}: case '{case}' is written in {languages}; interface languages: "
            "{interface} (did you mean '{suggestion}'?)"
        )
    else:
        message = _(
            "--lang {lang}: case '{case}' is written in {languages}; interface languages: "
            "{interface}"
        )
    raise UsageError(message.format(**values))


def _written_in(scenario: Scenario, lang: str) -> str | None:
    """The case's own code for `lang` (`FR` → `fr`; `pt-BR` → `pt` if that is all it has)."""
    wanted = lang.lower()
    for code in scenario.languages:
        if code.lower() == wanted:
            return code
    primary = wanted.partition("-")[0]
    for code in scenario.languages:
        if code.lower().partition("-")[0] == primary:
            return code
    return None


def case_of(transcript: Transcript, dirs: Sequence[Path]) -> Scenario:
    """The case a transcript was played with, as it is now (found by its id)."""
    from interact_cli.case.loader import load_scenario

    header = transcript.header
    try:
        return load_scenario(find_case(header.case, dirs))
    except ScenarioError as exc:
        raise ScenarioError(
            _("{file}: case: cannot find case '{case}' ({problem}); use --dir").format(
                file=Path(transcript.path).name, case=header.case, problem=exc.message
            )
        ) from None


def case_changed(scenario: Scenario, header: Header) -> str | None:
    """Why scores may differ from the day: the case was edited since the session."""
    if scenario.sha256 == header.case_sha256:
        return None
    return (
        f"case '{scenario.id}' changed since this session "
        f"(version {header.case_version} then, {scenario.version} now); "
        "scored against the case as it is now"
    )
