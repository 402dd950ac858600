"""Batch replay: find transcripts, replay and score each, in worker processes when many.

Every file gets a `FileResult`, good or bad, so one corrupt transcript never stops a batch.
Files are sorted before they are shared out and results come back in that order, so the
output depends neither on the order of the paths given nor on how many workers ran.
"""

from __future__ import annotations

import gc
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing.context import BaseContext
from pathlib import Path

from interact_cli.case.model import Scenario
from interact_cli.errors import InteractError, ScenarioError
from interact_cli.i18n import _
from interact_cli.score.aggregate import Aggregate, FileResult, Problem, session_stats

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


def find_transcripts(paths: Sequence[Path]) -> tuple[list[str], list[FileResult]]:
    """Every `*.toml` file named or under a named folder, once each, in a stable order.

    Paths that do not exist come back as failed results, so they are reported like any
    unreadable file. A file reached twice (named, and inside a named folder) counts once.
    """
    found: dict[tuple[int, int], str] = {}
    missing: list[FileResult] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            missing.append(
                FileResult(str(path), (Problem("unreadable", "no such file or folder"),))
            )
            continue
        if stat.S_ISDIR(info.st_mode):
            candidates = _walk(str(path))
        else:
            candidates = iter([(str(path), (info.st_dev, info.st_ino))])
        for shown, key in candidates:
            if key not in found or shown < found[key]:
                found[key] = shown
    return sorted(found.values()), missing


def _walk(top: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """`*.toml` files under `top` with their (device, inode), skipping hidden names.

    os.scandir rather than Path.rglob: it gives the inode without a stat per file, which
    matters for folders of ten thousand transcripts. Linked folders are not followed.
    """
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            device = os.stat(folder).st_dev
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith(".toml") and entry.is_file():
                yield entry.path, (device, entry.inode())


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


@dataclass
class Share:
    """The outcome of one chunk of files: its totals, and its CSV rows when asked for."""

    aggregate: Aggregate
    rows: list[list[str]]
    files: int


def replay_chunk(paths: list[str], job: Job, cases: CaseCache | None = None) -> Share:
    """Replay a chunk of files and total them, so that only totals travel between processes."""
    cases = cases if cases is not None else _worker_cache(job.dirs)
    aggregate = Aggregate()
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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def replay_files(
    files: Sequence[str | Path],
    job: Job,
    cases: CaseCache,
    jobs: int | None = None,
    chunk: int | None = None,
    on_started: Callable[[], None] | None = None,
) -> Iterator[Share]:
    """The chunks' outcomes, in the order of `files`, from `jobs` worker processes.

    By default all cores work on large batches and small ones stay in this process; `jobs=1`
    forces a serial run. `on_started` runs once the workers exist, so that a progress
    display's thread is never running while they are forked.
    """
    names = [str(path) for path in files]
    size = chunk or CHUNK
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    if jobs is None:
        jobs = default_jobs() if len(files) >= SERIAL_BELOW else 1
    if jobs <= 1 or len(chunks) < 2:
        if on_started is not None:
            on_started()
        for part in chunks:
            yield replay_chunk(part, job, cases)
        return
    workers = min(jobs, len(chunks))
    window = workers * 3  # chunks in flight: enough to keep workers busy, bounded memory
    gc.freeze()  # what the workers inherit stays shared: their collector never touches it
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            pending = deque(pool.submit(replay_chunk, part, job) for part in chunks[:window])
            if on_started is not None:
                on_started()
            for part in chunks[window:]:
                yield pending.popleft().result()
                pending.append(pool.submit(replay_chunk, part, job))
            while pending:
                yield pending.popleft().result()
    finally:
        gc.unfreeze()


def _context() -> BaseContext:
    """Fork on Linux: workers start at once with everything already imported. Elsewhere
    fork is unsafe (macOS) or missing (Windows), so workers start fresh."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
