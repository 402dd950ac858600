"""Dry-runs: a case played by a script or a built-in playthrough, on simulated time.

Started and resumed here, so `interact dry-run` and `interact resume` of a dry-run go the
same way; what is shown of the result is the caller's business.
"""

from __future__ import annotations

import re
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.errors import TranscriptError, UsageError
from interact_cli.i18n import _
from interact_cli.play.clock import SimulatedClock, SystemClock
from interact_cli.play.engine import Responder
from interact_cli.play.runner import Played, continue_session, new_header, play
from interact_cli.record.transcript import LoadedTranscript

SEED = re.compile(r"-?[0-9]{1,19}")
"""A seed as `--seed` takes it (64 bits): ASCII digits only, where `isdigit` also takes '²'."""


def dry_run_source(mode: str, script: Path | None, seed: int) -> str:
    """How a dry-run answers, as its transcript header records it, so resume can go on.

    A script typed in from a paper pack (`paper = true`) is `paper:FILE`: a team played it.
    """
    if mode == "script":
        from interact_cli.play.script import is_paper_script

        return f"{'paper' if script and is_paper_script(script) else 'script'}:{script}"
    return f"random:{seed}" if mode == "random" else mode


def responder_for(scenario: Scenario, source: str, script: Path | None = None) -> Responder:
    """The responder a dry-run source names; `script` overrides a recorded script path."""
    from interact_cli.play import responders
    from interact_cli.play.script import load_script

    kind, _colon, argument = source.partition(":")
    if kind in ("script", "paper"):
        path = script or Path(argument)
        if not path.is_file():
            raise UsageError(f"the script of this dry-run ({argument}) is gone; give --script FILE")
        return responders.ScriptedResponder(load_script(path, scenario))
    if kind == "ideal":
        return responders.IdealResponder(scenario)
    if kind == "idle":
        return responders.IdleResponder()
    if kind == "random" and SEED.fullmatch(argument):
        return responders.RandomResponder(int(argument))
    if kind == "profile":
        name, _colon, seed = argument.rpartition(":")[0].partition(":")
        raise TranscriptError(
            _(
                "this session was simulated from team profile '{profile}' with seed {seed}: "
                "run the same interact simulate command again, which completes it"
            ).format(profile=name, seed=seed)
        )
    raise TranscriptError(f"source: cannot replay a dry-run of source {source!r}")


def start_dry_run(scenario: Scenario, source: str, lang: str, out: Path) -> Played:
    """Play the whole case into a new transcript with the responder `source` names.

    A script's own menu seed and table (a paper pack's) go into the header; otherwise the
    seed derives from the source and every role is at the table.
    """
    from interact_cli.case.order import seed_from
    from interact_cli.play.responders import ScriptedResponder

    responder = responder_for(scenario, source)
    script = responder.script if isinstance(responder, ScriptedResponder) else None
    seed = script.menu_seed if script and script.menu_seed is not None else seed_from(source)
    clock = SimulatedClock(SystemClock().now())
    table = script.table if script else None
    header = new_header(scenario, clock, "dry-run", lang, source, table=table, menu_seed=seed)
    return play(scenario, responder, header, out, clock)


def resume_dry_run(loaded: LoadedTranscript, scenario: Scenario, script: Path | None) -> Played:
    """Finish an interrupted dry-run with the responder its header names, on simulated time."""
    transcript = loaded.transcript
    responder = responder_for(scenario, transcript.header.source, script)
    events = transcript.events
    clock = SimulatedClock(events[-1].at if events else transcript.header.started)
    return continue_session(scenario, responder, loaded, clock)
