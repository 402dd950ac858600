"""What `interact replay` does: replay a batch, show progress, report problems, write a format.

Results go to stdout or -o/--output; problems and the progress bar go to stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from interact_cli.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError
from interact_cli.i18n import _
from interact_cli.plain_text import printable, printable_json
from interact_cli.record.files import report_destination
from interact_cli.score.aggregate import FATAL_PROBLEMS, Aggregate
from interact_cli.score.batch import (
    CaseCache,
    Filters,
    Job,
    Share,
    jobs_for,
    missing_results,
    replay_files,
)
from interact_cli.score.walk import Named, count_transcripts, transcripts

MAX_PROBLEM_LINES = 50
"""Beyond this, stderr says how many more; the report itself lists every one."""


@dataclass(frozen=True)
class ReplayOptions:
    filters: Filters
    report_format: str = "text"
    output: Path | None = None
    pseudonymize: bool = False
    lang: str | None = None
    jobs: int | None = None


def replay(paths: Sequence[Path], dirs: Sequence[Path], options: ReplayOptions) -> int:
    """Replay every transcript under `paths`, write the report, and return the exit code.

    The files are walked as the replay goes (`score.walk`) and the list of sessions, which
    only the JSON report shows, goes to a temporary file, so memory stays flat however many
    transcripts there are.
    """
    from interact_cli.score.aggregate import SpooledRows
    from interact_cli.score.view import aggregate_dict

    named = Named.of(paths)
    total = count_transcripts(named)
    if not total and not named.missing:
        raise UsageError(
            _("no transcripts (*.toml) found in {paths}").format(paths=", ".join(map(str, paths)))
        )
    cases = CaseCache(dirs)
    csv = options.report_format == "csv"
    listed = options.report_format == "json"
    from interact_cli.report import csv_rows as report_csv

    rows = report_csv.step_rows if csv else None
    job = Job(options.filters, tuple(map(str, dirs)), rows, options.pseudonymize, listed)
    jobs = jobs_for(total, options.jobs)
    with (
        SpooledRows() if listed else contextlib.nullcontext() as spool,
        report_destination(options.output, _inputs(named, options.output)) as stream,
    ):
        aggregate = Aggregate(spool, keep_rows=listed)
        for result in missing_results(named):
            aggregate.add(result, None)
        files = (found.path for found in transcripts(named))
        if csv:
            report_csv.write_header(stream)
        for share in _with_progress(files, total, job, cases, jobs):
            aggregate.merge(share.aggregate)
            if csv:
                report_csv.write_rows(stream, share.rows)
        _tell_problems(aggregate)
        if not csv:
            scenarios = {
                case_id: scenario
                for case_id in aggregate.cases
                if not isinstance(scenario := cases.get(case_id), str)
            }
            report = aggregate_dict(aggregate, scenarios, options.filters, options.lang)
            _render(report, options.report_format, stream)
    return _exit_code(aggregate)


def _inputs(named: Named, output: Path | None) -> Iterator[str]:
    """The files replayed, as far as a report written to `output` could be one of them: the
    files named, and those in the named folders only when `output` could be found there."""
    yield from (found.path for found in named.files)
    if output is not None and output.suffix == ".toml":
        yield from (found.path for found in transcripts(dataclasses.replace(named, files=())))


def _with_progress(
    files: Iterator[str], total: int, job: Job, cases: CaseCache, jobs: int
) -> Iterator[Share]:
    from interact_cli.cli.progress import with_progress

    return with_progress(
        "Replaying",
        total,
        lambda started: replay_files(files, job, cases, jobs, on_started=started),
        lambda share: share.files,
    )


def _render(report: dict[str, object], output: str, stream: IO[str]) -> None:
    if output == "json":
        from interact_cli.score.view import json_pieces

        for piece in json_pieces(report):
            stream.write(printable_json(piece))
        stream.write("\n")
    elif output == "md":
        from interact_cli.report.after_action import markdown

        stream.write(printable(markdown(report)))
    elif output == "html":
        from interact_cli.report.html_page import html

        stream.write(printable(html(report)))
    else:
        from interact_cli.report.after_action import print_report

        print_report(report, stream)


def _tell_problems(aggregate: Aggregate) -> None:
    problems = aggregate.sorted_problems()
    for path, problem in problems[:MAX_PROBLEM_LINES]:
        level = "error" if problem.kind in FATAL_PROBLEMS else "warning"
        print(printable(f"{level}: {path}: {problem.message}"), file=sys.stderr)
    if len(problems) > MAX_PROBLEM_LINES:
        print(
            f"… and {len(problems) - MAX_PROBLEM_LINES} more problem(s); "
            "--format json, md or html lists them all",
            file=sys.stderr,
        )
    if aggregate.files and aggregate.filtered == aggregate.files:
        print("warning: no session matched the filters", file=sys.stderr)
    elif aggregate.dry_runs_left_out and not aggregate.sessions:
        from interact_cli.i18n import _

        message = _("every session found is a dry-run; --include-dry-runs counts them")
        print(f"warning: {message}", file=sys.stderr)


def _exit_code(aggregate: Aggregate) -> int:
    if aggregate.failed and not aggregate.sessions:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if aggregate.with_problems else EXIT_OK
