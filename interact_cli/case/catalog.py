"""Where cases are: the bundled ones (inside the package once installed) and `--dir` folders."""

from __future__ import annotations

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


def case_files(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Every `*.toml` at the top of the bundled folder and of each extra folder."""
    files: list[Path] = []
    for folder in [bundled_dir(), *extra_dirs]:
        if not folder.is_dir():
            raise ScenarioError(f"{folder}: no such folder")
        files.extend(sorted(folder.glob("*.toml")))
    return files


def resolve_case(name: str, extra_dirs: Sequence[Path] = ()) -> Path:
    """A case path from a path or a case id (`<id>.toml` in the bundled or extra folders)."""
    candidate = Path(name)
    if candidate.suffix == ".toml" or "/" in name or "\\" in name or candidate.exists():
        return candidate
    return find_case(name, extra_dirs)


def find_case(case_id: str, extra_dirs: Sequence[Path] = ()) -> Path:
    """The file of the case `case_id` in the extra or bundled folders; never a path as given.

    A transcript names its case by id, and a transcript may come from anyone: its case is
    looked up here only, so it can never point at a file of its choosing.
    """
    for folder in [*extra_dirs, bundled_dir()]:
        path = folder / f"{case_id}.toml"
        if path.is_file():
            return path
    known = ", ".join(path.stem for path in case_files()) or "none"
    raise ScenarioError(f"{case_id}: no such case (bundled cases: {known}; or give a path)")


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
            f"{Path(transcript.path).name}: case: cannot find case '{header.case}' "
            f"({exc.message}); use --dir"
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
