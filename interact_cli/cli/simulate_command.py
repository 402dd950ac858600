"""`interact simulate`: a training programme of simulated teams, as dry-run transcripts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interact_cli.cli.options import (
    CaseArgument,
    DirsOption,
    LangOption,
    SessionsOption,
    default_sessions,
    friendly,
)
from interact_cli.errors import UsageError
from interact_cli.i18n import _, ngettext
from interact_cli.plain_text import printable

if TYPE_CHECKING:
    from interact_cli.play.programme import Programme, Written

MAX_SESSIONS = 1_000_000


@friendly
def simulate(
    case: CaseArgument,
    count: Annotated[
        int,
        typer.Option(
            "--count", metavar="N", min=1, max=MAX_SESSIONS, help="How many sessions to simulate."
        ),
    ],
    profile: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            dir_okay=False,
            help="The team profile (interact-profile/1); by default the case's bundled one.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed: the same seed gives the same files.", min=0, max=2**63 - 1)
    ] = 0,
    sessions: SessionsOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="Worker processes (default: all cores for 200 sessions or more)."
        ),
    ] = None,
    lang: LangOption = None,
    dirs: DirsOption = None,
) -> None:
    """Simulate a training programme: sessions of teams drawn from a team profile.

    Each session is a dry-run transcript (source profile:NAME:SEED:INDEX) that summary and
    replay read; replay counts them with --include-dry-runs. The same case, profile and seed
    give the same files; run the same command again after an interruption to finish it.

    Example: interact simulate mariama --count 500 --seed 1
    """
    from interact_cli.case.catalog import bundled_profile, pick_lang, resolve_case
    from interact_cli.case.loader import load_scenario
    from interact_cli.play.profile import load_profile
    from interact_cli.play.programme import Programme
    from interact_cli.workers import default_jobs

    if jobs is not None and jobs < 1:
        raise UsageError(_("--jobs {jobs}: must be 1 or more").format(jobs=jobs))
    scenario = load_scenario(resolve_case(case, dirs or []))
    path = profile or bundled_profile(scenario.id)
    if path is None:
        raise UsageError(
            _("case '{case}' has no bundled team profile; give one with --profile FILE").format(
                case=scenario.id
            )
        )
    folder = sessions or default_sessions()
    team = load_profile(path, scenario)
    programme = Programme(scenario, team, seed, folder, pick_lang(scenario, lang))
    workers = jobs if jobs is not None else (default_jobs() if count >= 200 else 1)
    _report(programme, _run(programme, count, workers))


def _run(programme: Programme, count: int, jobs: int) -> Written:
    from interact_cli.cli.progress import with_progress
    from interact_cli.play.programme import Written, simulate

    done = Written()
    for part in with_progress(
        _("Simulating"),
        count,
        lambda started: simulate(programme, count, jobs, started),
        lambda part: part.sessions,
    ):
        done.merge(part)
    return done


def _report(programme: Programme, done: Written) -> None:
    """What was written, and how to see the programme's gaps."""
    folder, lines = programme.out, []
    lines.append(
        ngettext(
            "Simulated {count} session of case '{case}' from profile '{profile}' (seed {seed}) "
            "in {folder}.",
            "Simulated {count} sessions of case '{case}' from profile '{profile}' (seed {seed}) "
            "in {folder}.",
            done.sessions,
        ).format(
            count=done.sessions,
            case=programme.scenario.id,
            profile=programme.profile.name,
            seed=programme.seed,
            folder=folder,
        )
    )
    if done.kept:
        lines.append(
            ngettext(
                "{count} was already there, the same, and was kept.",
                "{count} were already there, the same, and were kept.",
                done.kept,
            ).format(count=done.kept)
        )
    if done.completed:
        lines.append(
            ngettext(
                "{count} cut short by an interruption was completed.",
                "{count} cut short by an interruption were completed.",
                done.completed,
            ).format(count=done.completed)
        )
    late = sum(n for (why, _id), n in done.unplayed.items() if why == "no_late_round")
    if late:
        lines.append(
            ngettext(
                "{count} step drawn late had no later round for the roles at its table, so it "
                "counts as missed (docs/profile-format.md).",
                "{count} steps drawn late had no later round for the roles at their table, so "
                "they count as missed (docs/profile-format.md).",
                late,
            ).format(count=late)
        )
    full = sum(n for (why, _id), n in done.unplayed.items() if why == "no_room")
    if full:
        lines.append(
            ngettext(
                "{count} drawn choice found no round left to play it in (the choice limit "
                "reached, or the action already chosen there for another step): a step counts "
                "as missed, a harmful action as not chosen (docs/profile-format.md).",
                "{count} drawn choices found no round left to play them in (the choice limit "
                "reached, or the action already chosen there for another step): steps count "
                "as missed, harmful actions as not chosen (docs/profile-format.md).",
                full,
            ).format(count=full)
        )
    lines.append(
        _("To see the programme's gaps: interact replay {folder} --include-dry-runs").format(
            folder=folder
        )
    )
    for line in lines:
        print(printable(line))
