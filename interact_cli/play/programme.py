"""A simulated training programme: many sessions of simulated teams, each a dry-run transcript.

Each session is played through the engine in memory and written in one go, fsynced once
(live play fsyncs every event because people's answers are at stake; here nothing is lost by
a crash that the same command cannot give again). Session `i` depends only on the case, the
profile, the seed and `i`: its id, start time, team and choices all derive from them, so the
same command gives the same files byte for byte, and running it again after an interruption
keeps what was written and completes the rest.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from interact_cli import platform_io
from interact_cli.case.model import Scenario
from interact_cli.case.order import seed_from
from interact_cli.errors import TranscriptError
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.profile import Profile, Rule
from interact_cli.play.runner import new_header, play_in_memory, transcript_path
from interact_cli.play.simulated_team import PlannedResponder, plan_session
from interact_cli.record.files import write_regenerable
from interact_cli.record.transcript import Transcript, transcript_text
from interact_cli.workers import in_order

PART = 50
"""Sessions per part of the work handed to a worker."""
FIRST_MINUTE, LAST_MINUTE = 8 * 60, 16 * 60
"""Sessions start between 08:00 and 16:00 UTC on a day of the programme."""


@dataclass(frozen=True)
class Programme:
    scenario: Scenario
    profile: Profile
    seed: int
    out: Path
    lang: str

    @property
    def source(self) -> str:
        """The transcripts' `source`, without the session's index."""
        return f"profile:{self.profile.name}:{self.seed}"

    @property
    def run(self) -> str:
        """Six hex digits naming this profile and seed in the session ids."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:6]


@dataclass
class Written:
    """What a part of the programme did: files written, kept as they were (identical), and
    completed (cut short by an interruption), and the drawn choices that could not be played."""

    sessions: int = 0
    written: int = 0
    kept: int = 0
    completed: int = 0
    unplayed: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(reason, step or action id) -> how many sessions (`Plan.unplayed`)."""

    def merge(self, other: Written) -> None:
        self.sessions += other.sessions
        self.written += other.written
        self.kept += other.kept
        self.completed += other.completed
        self.unplayed.update(other.unplayed)


def simulate(
    programme: Programme,
    count: int,
    jobs: int = 1,
    on_started: Callable[[], None] | None = None,
) -> Iterator[Written]:
    """Write sessions 0 to `count - 1`, a part at a time (in `jobs` worker processes when
    more than 1), yielding what each part did; the folder is fsynced once at the end."""
    platform_io.make_private_folder(programme.out)
    parts = (range(start, min(start + PART, count)) for start in range(0, count, PART))
    work = functools.partial(_simulate_part, programme=programme)
    yield from in_order(work, parts, jobs, on_started)
    platform_io.fsync_folder(programme.out)


def _simulate_part(indexes: range, programme: Programme) -> Written:
    done = Written()
    rules = programme.profile.rules(programme.scenario)
    for index in indexes:
        transcript, unplayed = simulated_session(programme, rules, index)
        path = transcript_path(programme.out, transcript.header.session)
        what = write_regenerable(path, transcript_text(transcript).encode(), TranscriptError)
        done.sessions += 1
        done.written += what == "written"
        done.kept += what == "kept"
        done.completed += what == "completed"
        done.unplayed.update(unplayed)
    return done


def simulated_session(
    programme: Programme, rules: tuple[Rule, ...], index: int
) -> tuple[Transcript, tuple[tuple[str, str], ...]]:
    """Session `index` of the programme, played in memory, and what of its plan could not be
    played (`Plan.unplayed`)."""
    scenario, profile = programme.scenario, programme.profile
    rng = random.Random(f"{programme.source}:{index}")
    day = profile.start + timedelta(days=rng.randrange(profile.days))
    minute = rng.randrange(FIRST_MINUTE, LAST_MINUTE)
    started = datetime.combine(day, time(minute // 60, minute % 60), UTC)
    plan = plan_session(scenario, profile, rules, rng)
    source = f"{programme.source}:{index}"
    clock = SimulatedClock(started)
    header = new_header(
        scenario,
        clock,
        "dry-run",
        programme.lang,
        source,
        tag=plan.tag,
        table=plan.table,
        menu_seed=seed_from(source),
        session=f"{started:%Y-%m-%d}-{scenario.id}-{programme.run}-{index:06d}",
    )
    return play_in_memory(scenario, PlannedResponder(plan), header, clock), plan.unplayed
