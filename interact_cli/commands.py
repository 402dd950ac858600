"""What each command does, between parsing (cli.py) and the core modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from interact_cli.catalog import case_files, demo_script, resolve_case
from interact_cli.clock import SimulatedClock, SystemClock
from interact_cli.engine import Responder
from interact_cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    InteractError,
    ScenarioError,
    TranscriptError,
    UsageError,
)
from interact_cli.scenario import Scenario
from interact_cli.scenario_loader import check_scenario_file, load_scenario
from interact_cli.transcript import LoadedTranscript, Transcript, load_transcript


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def case_info(scenario: Scenario, path: Path) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title.get(None),
        "version": scenario.version,
        "path": str(path),
        "languages": list(scenario.languages),
        "countries": list(scenario.countries),
        "roles": len(scenario.roles),
        "rounds": len(scenario.rounds),
        "expected_steps": len(scenario.expected_steps),
        "harmful_actions": len(scenario.harmful_actions),
        "conditional_injects": len(scenario.conditional_injects),
        "reserve_injects": len(scenario.reserve),
        "objectives": len(scenario.objectives),
    }


def list_cases(dirs: list[Path], output: str) -> None:
    infos = []
    for path in case_files(dirs):
        try:
            infos.append(case_info(load_scenario(path), path))
        except InteractError as exc:
            warn(f"skipped {path}: {exc.message.splitlines()[0]}")
    if output == "json":
        print(json.dumps(infos, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "title", "languages", "countries", "roles", "rounds", "steps")
    for info in infos:
        table.add_row(
            info["id"],
            info["title"],
            ", ".join(info["languages"]),
            ", ".join(info["countries"]),
            str(info["roles"]),
            str(info["rounds"]),
            str(info["expected_steps"]),
        )
    Console().print(table)


def validate(files: list[Path]) -> int:
    worst = EXIT_OK
    for path in files:
        try:
            scenario, findings = check_scenario_file(path)
        except InteractError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            worst = max(worst, EXIT_BAD_INPUT)
            continue
        for finding in findings:
            print(finding)
        if findings:
            worst = max(worst, EXIT_FINDINGS)
        else:
            print(
                f"{path.name}: ok ({len(scenario.roles)} roles, {len(scenario.rounds)} rounds, "
                f"{len(scenario.expected_steps)} expected steps)"
            )
    return worst


def pick_lang(scenario: Scenario, lang: str | None) -> str:
    if lang is None:
        return scenario.fallback_language
    if lang not in scenario.languages:
        raise UsageError(
            f"--lang {lang}: case '{scenario.id}' is written in {', '.join(scenario.languages)}"
        )
    return lang


def dry_run_source(mode: str, script: Path | None, seed: int) -> str:
    """How a dry-run answers, as its transcript header records it, so resume can go on."""
    if mode == "script":
        return f"script:{script}"
    return f"random:{seed}" if mode == "random" else mode


def responder_for(scenario: Scenario, source: str, script: Path | None = None) -> Responder:
    """The responder a dry-run source names; `script` overrides a recorded script path."""
    from interact_cli import responders
    from interact_cli.script import load_script

    kind, _, argument = source.partition(":")
    if kind == "script":
        path = script or Path(argument)
        if not path.is_file():
            raise UsageError(f"the script of this dry-run ({argument}) is gone; give --script FILE")
        return responders.ScriptedResponder(load_script(path, scenario))
    if kind == "ideal":
        return responders.IdealResponder(scenario)
    if kind == "idle":
        return responders.IdleResponder()
    if kind == "random" and argument.isdigit():
        return responders.RandomResponder(int(argument))
    raise TranscriptError(f"source: cannot replay a dry-run of source {source!r}")


def dry_run(
    case: str,
    mode: str,
    script: Path | None,
    seed: int,
    out: Path,
    lang: str | None,
    dirs: list[Path],
) -> Transcript:
    from interact_cli.sessions import new_header, play

    scenario = load_scenario(resolve_case(case, dirs))
    language = pick_lang(scenario, lang)
    source = dry_run_source(mode, script, seed)
    responder = responder_for(scenario, source)
    clock = SimulatedClock(SystemClock().now())
    header = new_header(scenario, clock, "dry-run", language, source)
    played = play(scenario, responder, header, out, clock)
    show_summary(scenario, played.transcript, "text", language)
    print(f"Transcript saved: {played.path}")
    return played.transcript


def resume_dry_run(loaded: LoadedTranscript, scenario: Scenario, script: Path | None) -> None:
    """Finish an interrupted dry-run with the responder its header names, on simulated time."""
    from interact_cli.sessions import continue_session

    transcript = loaded.transcript
    responder = responder_for(scenario, transcript.header.source, script)
    events = transcript.events
    clock = SimulatedClock(events[-1].at if events else transcript.header.started)
    played = continue_session(scenario, responder, loaded, clock)
    show_summary(scenario, played.transcript, "text", transcript.header.lang)
    print(f"Transcript saved: {played.path}")


def demo(out: Path, lang: str | None) -> None:
    dry_run("mariama", "script", demo_script(), 0, out, lang, [])


def find_session(name: str, out: Path) -> Path:
    path = Path(name)
    if path.suffix == ".toml" or "/" in name or path.exists():
        return path
    candidate = out / f"{name}.toml"
    if candidate.is_file():
        return candidate
    raise TranscriptError(f"{name}: no such session in {out}/ (give the transcript's path)")


def case_of(transcript: Transcript, dirs: list[Path]) -> Scenario:
    header = transcript.header
    try:
        scenario = load_scenario(resolve_case(header.case, dirs))
    except ScenarioError as exc:
        raise ScenarioError(
            f"{Path(transcript.path).name}: case: cannot find case '{header.case}' "
            f"({exc.message}); use --dir"
        ) from None
    if scenario.sha256 != header.case_sha256:
        warn(
            f"case '{scenario.id}' changed since this session "
            f"(version {header.case_version} then, {scenario.version} now); "
            "scored against the case as it is now"
        )
    return scenario


def summary(
    name: str,
    output: str,
    out: Path,
    dirs: list[Path],
    lang: str | None,
    pseudonymize: bool = False,
) -> None:
    loaded = load_transcript(find_session(name, out))
    for message in loaded.warnings:
        warn(message)
    transcript = loaded.transcript
    scenario = case_of(transcript, dirs)
    show_summary(scenario, transcript, output, lang or transcript.header.lang, pseudonymize)


def show_summary(
    scenario: Scenario,
    transcript: Transcript,
    output: str,
    lang: str | None,
    pseudonymize: bool = False,
) -> None:
    """The scored summary; `pseudonymize` shows role ids where player names would be."""
    from interact_cli import report
    from interact_cli.scoring import assess

    assessment = assess(scenario, transcript)
    names = transcript.header.players
    players = {role: role for role in names} if pseudonymize else dict(names)
    if output == "json":
        print(report.summary_json(assessment, scenario, lang, players))
    elif output == "md":
        print(report.summary_markdown(assessment, scenario, lang, players), end="")
    else:
        report.print_summary(assessment, scenario, lang, players=players)
