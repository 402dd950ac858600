"""What each command does, between parsing (the command modules) and the layers below."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from interact_cli.case.catalog import (
    case_changed,
    case_files,
    case_id_of,
    case_of,
    demo_script,
    pick_lang,
    resolve_case,
)
from interact_cli.case.loader import check_scenario_file, load_scenario
from interact_cli.case.model import Scenario
from interact_cli.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, InteractError
from interact_cli.plain_text import printable, printable_json
from interact_cli.record.transcript import Transcript, find_session, load_transcript
from interact_cli.terminal import warn


def case_info(scenario: Scenario, path: Path) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title.get(None),
        "version": scenario.version,
        "path": str(path),
        "languages": list(scenario.languages),
        "countries": list(scenario.countries),
        "roles": len(scenario.roles),
        "role_ids": [role.id for role in scenario.roles],
        "rounds": len(scenario.rounds),
        "expected_steps": len(scenario.expected_steps),
        "harmful_actions": len(scenario.harmful_actions),
        "conditional_injects": len(scenario.conditional_injects),
        "reserve_injects": len(scenario.reserve),
        "objectives": len(scenario.objectives),
    }


def list_cases(dirs: list[Path], output: str) -> None:
    infos = []
    seen: set[Path] = set()
    for path, asked in case_files(dirs):
        if path.resolve() in seen or (not asked and case_id_of(path) is None):
            continue
        seen.add(path.resolve())
        try:
            infos.append(case_info(load_scenario(path), path))
        except InteractError as exc:
            warn(f"skipped {path}: {exc.message.splitlines()[0]}")
    if output == "json":
        print(printable_json(json.dumps(infos, indent=2, ensure_ascii=False)))
        return
    from interact_cli.report.case_list import print_cases

    print_cases(infos)


def show(
    case: str, lang: str | None, report_format: str, output: Path | None, dirs: list[Path]
) -> None:
    """The facilitator's guide to a case, on the screen or in a file."""
    from interact_cli.record.files import report_destination
    from interact_cli.report.guide import facilitator_guide, guide_markdown, print_guide

    case_file = resolve_case(case, dirs)
    scenario = load_scenario(case_file)
    guide = facilitator_guide(scenario, pick_lang(scenario, lang))
    with report_destination(output, [case_file]) as stream:
        if report_format == "md":
            stream.write(printable(guide_markdown(guide)))
        else:
            print_guide(guide, stream)


def validate(files: list[Path], strict: bool = False) -> int:
    """Print every finding and warning of each file; the exit code (`strict`: warnings count)."""
    from interact_cli.case.lint import translated_shares
    from interact_cli.i18n import _

    worst = EXIT_OK
    for path in files:
        try:
            scenario, findings = check_scenario_file(path)
        except InteractError as exc:
            print(f"error: {printable(exc.message)}", file=sys.stderr)
            worst = max(worst, EXIT_BAD_INPUT)
            continue
        for finding in findings:
            print(printable(str(finding)))
        if any(strict or not finding.warning for finding in findings):
            worst = max(worst, EXIT_FINDINGS)
        elif not any(not finding.warning for finding in findings):
            print(
                printable(
                    f"{path.name}: ok ({len(scenario.roles)} roles, {len(scenario.rounds)} rounds, "
                    f"{len(scenario.expected_steps)} expected steps)"
                )
            )
        shares = translated_shares(scenario)
        if len(shares) > 1:
            each = ", ".join(
                f"{lang} {done * 100 // total if total else 100}%"
                for lang, (done, total) in shares.items()
            )
            print(printable(_("{file}: translated: {shares}").format(file=path.name, shares=each)))
    return worst


def dry_run(
    case: str,
    mode: str,
    script: Path | None,
    seed: int,
    sessions: Path,
    default_sessions: Path,
    lang: str | None,
    dirs: list[Path],
) -> Transcript:
    from interact_cli.play.dry_run import dry_run_source, start_dry_run
    from interact_cli.play.follow_up import saved_line, whereabouts
    from interact_cli.report.summary import show_summary

    case_file = resolve_case(case, dirs)
    scenario = load_scenario(case_file)
    language = pick_lang(scenario, lang)
    played = start_dry_run(scenario, dry_run_source(mode, script, seed), language, sessions)
    show_summary(scenario, played.transcript, "text", language)
    session = played.transcript.header.session
    found = whereabouts(
        played.path, session, sessions, default_sessions, scenario.id, case_file, dirs
    )
    print(printable(saved_line(played.path, found)))
    return played.transcript


def demo(sessions: Path, default_sessions: Path, lang: str | None) -> None:
    dry_run("mariama", "script", demo_script(), 0, sessions, default_sessions, lang, [])


def summary(
    name: str,
    report_format: str,
    output: Path | None,
    sessions: Path,
    dirs: list[Path],
    lang: str | None,
    pseudonymize: bool = False,
) -> int:
    """Show the session's summary, or write it to `output` (never over an input).

    The exit code: 1 when recorded answers no longer fit the case.
    """
    import contextlib

    from interact_cli.record.files import report_destination
    from interact_cli.report.summary import show_summary

    path = find_session(name, sessions)
    loaded = load_transcript(path)
    for message in loaded.warnings:
        warn(message)
    transcript = loaded.transcript
    scenario = case_of(transcript, dirs)
    changed = case_changed(scenario, transcript.header)
    if changed:
        warn(changed)
    language = pick_lang(scenario, lang) if lang else transcript.header.lang
    with (
        report_destination(output, [path, scenario.source]) as stream,
        contextlib.redirect_stdout(stream),
    ):
        assessment = show_summary(scenario, transcript, report_format, language, pseudonymize)
    return EXIT_FINDINGS if assessment.misfits else EXIT_OK
