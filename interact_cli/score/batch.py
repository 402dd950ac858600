"""Batch replay: find transcripts, replay and score each, in worker processes when many.

Every file gets a `FileResult`, good or bad, so one corrupt transcript never stops a batch.
Files come sorted (`score.walk`) and results come back in that order, so the output depends
neither on the order of the paths given nor on how many workers ran.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.errors import InteractError, ScenarioError
from interact_cli.i18n import _
from interact_cli.score.aggregate import Aggregate, FileResult, Problem, session_stats
from interact_cli.score.walk import Named
from interact_cli.workers import default_jobs, in_order

SERIAL_BELOW = 200
"""Fewer files than this are replayed in this process: starting workers would cost more."""
CHUNK = 50
_SAFE_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


@dataclass(frozen=True)
class Filters:
    """Which sessions to keep: by case id, tag, and first day (all optional); dry-runs only
    when asked, since they are practice runs, not teams."""

    case: str | None = None
    tag: str | None = None
    since: date | None = None
    include_dry_runs: bool = False


def missing_results(named: Named) -> list[FileResult]:
    """Paths given that do not exist, reported like any unreadable file."""
    return [
        FileResult(path, (Problem("unreadable", "no such file or folder"),))
        for path in named.missing
    ]


class CaseCache:
    """Each case loaded once per process; a case that cannot be loaded is remembered too."""

    def __init__(self, dirs: Sequence[Path]) -> None:
        self.dirs = list(dirs)
        self._cases: dict[str, Scenario | str] = {}

    def get(self, case_id: str) -> Scenario | str:
        """The current case, or why it cannot be had."""
        if case_id not in self._cases:
            self._cases[case_id] = self._load(case_id)
        return self._cases[case_id]

    def _load(self, case_id: str) -> Scenario | str:
        from interact_cli.case.catalog import find_case
        from interact_cli.case.loader import load_scenario

        if not _SAFE_CASE_ID.fullmatch(case_id) or case_id.endswith(".toml"):
            return f"case: {case_id!r} is not a case id"
        try:
            path = find_case(case_id, self.dirs)
        except ScenarioError:
            return f"case '{case_id}' not found (give its folder or file with --dir)"
        try:
            return load_scenario(path)
        except InteractError as exc:
            lines = exc.message.splitlines()
            more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
            return f"case '{case_id}' cannot be used: {lines[0]}{more}"


def replay_file(path: Path, filters: Filters, cases: CaseCache) -> FileResult:
    """Load, filter, replay against the current case and score one transcript."""
    from interact_cli.play.history import is_dry_run
    from interact_cli.record.fast_reader import parse_transcript
    from interact_cli.record.transcript import load_transcript
    from interact_cli.score.session import score_session

    shown = str(path)
    try:
        loaded = load_transcript(path, parse_transcript)
    except InteractError as exc:
        return FileResult(shown, (Problem("unreadable", _without_name(exc.message, path)),))
    header = loaded.transcript.header
    if (
        (filters.case is not None and header.case != filters.case)
        or (filters.tag is not None and header.tag != filters.tag)
        or (filters.since is not None and header.started.date() < filters.since)
    ):
        return FileResult(shown, filtered=True)
    if is_dry_run(header) and not filters.include_dry_runs:
        return FileResult(shown, dry_run_left_out=True)
    problems = [Problem("torn", _without_name(w, path)) for w in loaded.warnings]
    scenario = cases.get(header.case)
    if isinstance(scenario, str):
        return FileResult(shown, (*problems, Problem("no_case", scenario)))
    if scenario.sha256 != header.case_sha256:
        problems.append(
            Problem(
                "case_changed",
                f"case '{scenario.id}' changed since this session "
                f"({_versions(header.case_version, scenario.version)}); "
                "scored against the case as it is now",
            )
        )
    try:
        scored = score_session(scenario, loaded.transcript)
    except InteractError as exc:
        return FileResult(shown, (*problems, Problem("unreadable", f"cannot replay: {exc}")))
    replayed = scored.replayed
    problems += [Problem("drift", str(misfit)) for misfit in replayed.misfits]
    problems += [Problem("unplayed", note) for note in replayed.unplayed]
    assessment = scored.assessment
    stats = session_stats(assessment, replayed.transcript, assessment.progress.completed)
    return FileResult(shown, tuple(problems), stats)


def _versions(then: str, now: str) -> str:
    return f"version {then} then, {now} now" if then != now else f"still version {now}, edited"


def _without_name(message: str, path: Path) -> str:
    """Loader messages start with the file name; the report already says which file."""
    prefix = f"{path.name}: "
    if message.startswith(prefix):
        return message[len(prefix) :]
    if message.startswith(f"{path}: "):
        return message[len(f"{path}: ") :]
    return message


RowBuilder = Callable[[FileResult, Scenario, bool], list[list[str]]]
"""(scored file, its current case, pseudonymize) -> rows."""


@dataclass(frozen=True)
class Job:
    """What every worker needs to know, small enough to send with each chunk."""

    filters: Filters = Filters()
    dirs: tuple[str, ...] = ()
    rows: RowBuilder | None = None
    """Builds per-session rows (the CSV report's) in the workers, so only rows travel back;
    a module-level function, so it can be sent to worker processes."""
    pseudonymize: bool = False
    session_list: bool = True
    """Whether the report lists every session (the JSON report does)."""


@dataclass
class Share:
    """The outcome of one chunk of files: its totals, and its CSV rows when asked for."""

    aggregate: Aggregate
    rows: list[list[str]]
    files: int


def replay_chunk(paths: list[str], job: Job, cases: CaseCache | None = None) -> Share:
    """Replay a chunk of files and total them, so that only totals travel between processes."""
    cases = cases if cases is not None else _worker_cache(job.dirs)
    aggregate = Aggregate(keep_rows=job.session_list)
    rows: list[list[str]] = []
    for path in paths:
        result = _replay_one(Path(path), job.filters, cases)
        scenario = cases.get(result.stats.case) if result.stats is not None else None
        current = scenario if not isinstance(scenario, str) else None
        aggregate.add(result, current)
        if job.rows is not None and current is not None:
            rows += job.rows(result, current, job.pseudonymize)
    return Share(aggregate, rows, len(paths))


def _replay_one(path: Path, filters: Filters, cases: CaseCache) -> FileResult:
    """`replay_file`; whatever goes wrong with this one file is a problem of this file."""
    try:
        return replay_file(path, filters, cases)
    except Exception as exc:  # a hostile file must never stop the batch
        error = f"{type(exc).__name__}: {exc}"[:300]
        reason = _("cannot replay: {error}").format(error=error)
        return FileResult(str(path), (Problem("unreadable", reason),))


_WORKER_CACHES: dict[tuple[str, ...], CaseCache] = {}


def _worker_cache(dirs: tuple[str, ...]) -> CaseCache:
    if dirs not in _WORKER_CACHES:
        _WORKER_CACHES[dirs] = CaseCache([Path(d) for d in dirs])
    return _WORKER_CACHES[dirs]


def jobs_for(files: int, jobs: int | None) -> int:
    """Worker processes: as asked, else all cores for large batches and none for small ones
    (starting workers would cost more than they save)."""
    if jobs is not None:
        return jobs
    return default_jobs() if files >= SERIAL_BELOW else 1


def replay_files(
    files: Iterable[str],
    job: Job,
    cases: CaseCache,
    jobs: int = 1,
    chunk: int | None = None,
    on_started: Callable[[], None] | None = None,
) -> Iterator[Share]:
    """The chunks' outcomes, in the order of `files`, from `jobs` worker processes (this
    process when 1). `files` is drawn as the work goes, after the workers have started.

    `on_started` runs once the workers exist, so that a progress display's thread is never
    running while they are forked.
    """
    work = functools.partial(replay_chunk, job=job, cases=cases if jobs <= 1 else None)
    yield from in_order(work, _chunks(files, chunk or CHUNK), jobs, on_started)


def _chunks(names: Iterable[str], size: int) -> Iterator[list[str]]:
    part: list[str] = []
    for name in names:
        part.append(name)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part
