"""Aggregating sessions: HSEEP ratings, quantiles, and totals that ignore the order of arrival."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest

from interact_cli.case.model import ExpectedStep
from interact_cli.play.responders import RandomResponder
from interact_cli.score.aggregate import Aggregate, FileResult, Histogram, session_stats
from interact_cli.score.batch import Filters
from interact_cli.score.scoring import Status, StepResult, assess, rate_objective
from interact_cli.score.view import aggregate_dict, programme_rating
from tests.helpers import play_into, tiny


def step(status: Status, critical: bool = False) -> StepResult:
    return StepResult(ExpectedStep("s", "a", ("r",), "r1", "r1", critical, ""), status)


@pytest.mark.parametrize(
    ("steps", "rating"),
    [
        ([step("on_time"), step("on_time", critical=True)], "P"),
        ([step("on_time"), step("late")], "S"),
        ([step("on_time"), step("late", critical=True)], "M"),
        ([step("on_time"), step("missed")], "M"),
        ([step("on_time"), step("missed", critical=True)], "U"),
        ([step("missed"), step("missed")], "U"),
        ([], None),
    ],
)
def test_objective_rating_follows_the_documented_rule(
    steps: list[StepResult], rating: str | None
) -> None:
    assert rate_objective(steps) == rating


def test_programme_rating_is_the_median_session_worse_on_a_tie() -> None:
    assert programme_rating({"P": 3, "S": 1, "M": 1, "U": 0}) == "P"
    assert programme_rating({"P": 1, "S": 0, "M": 1, "U": 0}) == "M"
    assert programme_rating({}) is None


def test_histogram_median_matches_statistics_median_at_tenth_seconds() -> None:
    rng = random.Random(4)
    for size in (1, 2, 7, 50, 51):
        values = [round(rng.uniform(5, 240), 1) for _ in range(size)]
        histogram = Histogram()
        for value in values:
            histogram.add(value)
        assert histogram.median() == pytest.approx(statistics.median(values), abs=1e-6)
        ordered = sorted(values)
        assert histogram.quantile(0.9) == ordered[-(-9 * size // 10) - 1]


def results(tmp_path: Path, count: int) -> list[FileResult]:
    scenario = tiny()
    out = []
    for seed in range(count):
        played = play_into(scenario, RandomResponder(seed), tmp_path)
        stats = session_stats(assess(scenario, played.transcript), played.transcript, True)
        out.append(FileResult(str(played.path), (), stats))
    return out


def test_totals_do_not_depend_on_the_order_or_grouping_of_sessions(tmp_path: Path) -> None:
    scenario = tiny()
    items = results(tmp_path, 8)
    one = Aggregate()
    for item in items:
        one.add(item, scenario)
    halves = [Aggregate(), Aggregate()]
    for index, item in enumerate(reversed(items)):
        halves[index % 2].add(item, scenario)
    merged = Aggregate()
    merged.merge(halves[1])
    merged.merge(halves[0])
    cases = {"tiny": scenario}
    assert aggregate_dict(one, cases, Filters(), None) == aggregate_dict(
        merged, cases, Filters(), None
    )


def test_steps_are_counted_per_session_and_gaps_put_the_most_missed_first(
    tmp_path: Path,
) -> None:
    scenario = tiny()
    aggregate = Aggregate()
    for item in results(tmp_path, 10):
        aggregate.add(item, scenario)
    report = aggregate_dict(aggregate, {"tiny": scenario}, Filters(), None)
    for row in report["cases"][0]["steps"]:
        assert row["on_time"] + row["late"] + row["missed"] == 10
    shares = [gap["missed_share"] for gap in report["gaps"]]
    assert shares == sorted(shares, reverse=True)
    assert report["totals"]["sessions"] == 10
