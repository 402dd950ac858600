"""The instrument's own validation: a programme of simulated teams with known gaps, replayed,
gives back the gaps that were planted, within sampling error.

tests/data/programme-profile.toml plants its gaps in tests/data/programme.toml, a case in which
every expected step has one role, so what replay counts for a step, a role, an agency and a
country follows from the profile by hand (the table below). 500 sessions are simulated and
replayed in this process.

Tolerance: each count replay reports (misses of a step, sessions that rated an objective U,
sessions with a tag, …) is a binomial count X of n trials with the planted chance p. It must
lie within 4 standard deviations, |X - n p| <= 4 sqrt(n p (1 - p)) + 1, plus the draws the
simulation could not play (`Written.unplayed`: a choice crowded out by the choice limit is a
miss instead of a hit; each can move a count by one). A correct instrument fails one such
check with a chance of 6 in 100,000; this test makes about 80 of them, and its seed is fixed,
so it passes or fails the same way every time. A wrong attribution (a miss counted for the
wrong role, late taken for missed, a step of an absent role counted as missed) moves a count
by far more than 4 sigma at n = 500.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from interact_cli.case.loader import load_scenario
from interact_cli.cli.app import app
from interact_cli.play.profile import load_profile
from interact_cli.play.programme import Programme, Written, simulate
from tests.helpers import DATA

SESSIONS = 500
SEED = 2026

# What the profile plants, by hand. (on time, late, missed) per step: the step's own rule, else
# its objective's, else its role's, else [default] (0.8, 0.05); late counts as missed for a step
# whose role plays no later round that offers it (quick_checks, risk_triage, french_triage,
# return_interview, close_alerts, inform_network).
PLANTED = {
    "report_police_now": (0.30, 0.25, 0.45),  # steps: each agency assumes another reported
    "quick_checks": (0.80, 0.0, 0.20),  # default, no later round
    "risk_triage": (0.80, 0.0, 0.20),  # default, no later round
    "sis_alert": (0.35, 0.45, 0.20),  # steps: late SIS alerts
    "pass_sighting": (0.55, 0.0, 0.45),  # roles.hotline_fr
    "french_triage": (0.80, 0.0, 0.20),  # default, no later round
    "safe_and_well": (0.70, 0.05, 0.25),  # objectives.protect
    "appoint_guardian": (0.15, 0.05, 0.80),  # steps, over objectives.protect
    "return_interview": (0.80, 0.0, 0.20),  # default, no later round
    "close_alerts": (0.80, 0.0, 0.20),  # default, no later round
    "inform_network": (0.55, 0.0, 0.45),  # roles.hotline_fr
}
ROLE_OF = {
    "report_police_now": "reception_es",
    "quick_checks": "reception_es",
    "risk_triage": "police_es",
    "sis_alert": "police_es",
    "pass_sighting": "hotline_fr",
    "french_triage": "police_fr",
    "safe_and_well": "police_be",
    "appoint_guardian": "guardian_be",
    "return_interview": "guardian_be",
    "close_alerts": "police_be",
    "inform_network": "hotline_fr",
}
COUNTRY_OF = {
    "reception_es": "ES",
    "police_es": "ES",
    "hotline_fr": "FR",
    "police_fr": "FR",
    "police_be": "BE",
    "guardian_be": "BE",
}
CRITICAL = {"report_police_now", "risk_triage", "sis_alert", "safe_and_well", "appoint_guardian"}
OBJECTIVES = {
    "report": (("report_police_now", "quick_checks", "risk_triage"), "wait_24h"),
    "search": (("sis_alert", "pass_sighting", "french_triage"), None),
    "protect": (("safe_and_well", "appoint_guardian"), "treat_as_adult"),
    "follow_up": (("return_interview", "close_alerts", "inform_network"), None),
}
HARMFUL = {"wait_24h": 0.25, "assume_reported": 0.4, "treat_as_adult": 0.3}
HARMFUL_ROLE = {"wait_24h": "reception_es", "assume_reported": "reception_es"}
HARMFUL_ROLE["treat_as_adult"] = "police_be"
TAGS = {"BE": 1, "FR": 1, "GR": 2, "IT": 2, "SE": 1, "UK": 1}
SEATED = {role: 1.0 for role in COUNTRY_OF}
SEATED["police_be"] = (7 * 0.8 + 1 * 0.4) / 8  # [table] 0.8; 0.4 at UK tables (weight 1 of 8)


def within(count: int, trials: int, chance: float, unplayed: int = 0) -> bool:
    """`count` is a plausible binomial draw of `trials` at `chance` (see the module docstring)."""
    spread = 4 * math.sqrt(trials * chance * (1 - chance)) + 1 + unplayed
    return abs(count - trials * chance) <= spread


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Written]:  # type: ignore[type-arg]
    """The planted programme, simulated and replayed in this process."""
    folder = tmp_path_factory.mktemp("programme")
    scenario = load_scenario(DATA / "programme.toml")
    profile = load_profile(DATA / "programme-profile.toml", scenario)
    done = Written()
    with pytest.MonkeyPatch.context() as patch:
        # Durability is not what this test is about: on a loaded machine 500 fsyncs cost more
        # than the whole simulation and replay.
        patch.setattr("os.fsync", lambda fd: None)
        for part in simulate(Programme(scenario, profile, SEED, folder, "en"), SESSIONS, jobs=1):
            done.merge(part)
    args = ["replay", str(folder), "--dir", str(DATA), "--include-dry-runs", "--jobs", "1"]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), done


def unplayed(done: Written, *ids: str) -> int:
    """Choices of these steps or actions crowded out by the choice limit. (A late draw of a
    step with no later round is already a miss in PLANTED.)"""
    return sum(n for (why, what), n in done.unplayed.items() if why == "no_room" and what in ids)


def test_every_session_is_replayed_as_a_dry_run_of_the_programme(programme: tuple) -> None:  # type: ignore[type-arg]
    report, done = programme
    assert done.sessions == done.written == SESSIONS
    totals = report["totals"]
    assert totals["sessions"] == totals["dry_runs"] == totals["completed"] == SESSIONS
    assert totals["with_problems"] == 0 and report["problems"] == []
    # Only the draws the profile says cannot be played are unplayed: late drawn for a step
    # with no later round, and choices crowded out by the choice limit of 3 (rare here: in
    # round r1, reception_es's two steps and two harmful actions, one of which can go to r2).
    reasons = Counter(why for why, _ in done.unplayed.elements())
    assert set(reasons) <= {"no_late_round", "no_room"}
    late_but_no_round = {
        step for (why, step) in done.unplayed if why == "no_late_round"
    }  # fmt: skip
    assert late_but_no_round == {"quick_checks", "risk_triage", "french_triage"} | {
        "return_interview",
        "close_alerts",
    }
    assert within(reasons["no_late_round"], 5 * SESSIONS, 0.05 * (4 + SEATED["police_be"]) / 5)


def test_each_step_is_met_on_time_late_and_missed_as_planted(programme: tuple) -> None:  # type: ignore[type-arg]
    report, done = programme
    steps = {step["id"]: step for step in report["cases"][0]["steps"]}
    assert set(steps) == set(PLANTED)
    for step_id, (on_time, late, missed) in PLANTED.items():
        step = steps[step_id]
        seated = SEATED[ROLE_OF[step_id]]
        assert within(step["assessed"], SESSIONS, seated), step_id
        assert step["left_out"]["not_at_table"] == SESSIONS - step["assessed"]
        n, crowded = step["assessed"], unplayed(done, step_id)
        assert within(step["missed"], n, missed, crowded), (step_id, step["missed"], n * missed)
        assert within(step["late"], n, late, crowded), (step_id, step["late"], n * late)
        assert within(step["on_time"], n, on_time, crowded), (step_id, step["on_time"])


def test_the_top_gaps_are_the_planted_weak_steps(programme: tuple) -> None:  # type: ignore[type-arg]
    report, _ = programme
    gaps = [gap["id"] for gap in report["gaps"]]
    assert gaps[0] == "appoint_guardian"
    assert set(gaps[1:4]) == {"report_police_now", "pass_sighting", "inform_network"}
    assert gaps[4] == "safe_and_well"


def mixture_within(observed: int, parts: list[tuple[int, float]], crowded: int) -> bool:
    """A sum of binomial counts (n_i trials at p_i each), within 4 sigma of its mean."""
    mean = sum(n * p for n, p in parts)
    spread = 4 * math.sqrt(sum(n * p * (1 - p) for n, p in parts)) + 1 + crowded
    return abs(observed - mean) <= spread


def test_roles_agencies_and_countries_carry_the_misses_of_their_steps(programme: tuple) -> None:  # type: ignore[type-arg]
    report, done = programme
    case = report["cases"][0]
    assessed = {step["id"]: step["assessed"] for step in case["steps"]}

    def expected(steps: list[str]) -> list[tuple[int, float]]:
        return [(assessed[step], PLANTED[step][2]) for step in steps]

    for role in case["roles"]:
        mine = [step for step, owner in ROLE_OF.items() if owner == role["id"]]
        assert role["assessed"] == sum(assessed[step] for step in mine)
        assert mixture_within(role["missed"], expected(mine), unplayed(done, *mine)), role["id"]
    for country in report["countries"]:
        mine = [s for s, owner in ROLE_OF.items() if COUNTRY_OF[owner] == country["country"]]
        assert country["assessed"] == sum(assessed[step] for step in mine)
        assert mixture_within(country["missed"], expected(mine), unplayed(done, *mine))
    police = [step for step, owner in ROLE_OF.items() if owner.startswith("police_")]
    (agency,) = [row for row in report["agencies"] if row["agency"] == "police"]
    assert mixture_within(agency["missed"], expected(police), unplayed(done, *police))
    # Spain's teams, planted with the fewest misses, come last of the three countries.
    assert report["countries"][-1]["country"] == "ES"


def rating(results: list[str | None], critical: list[bool], harmed: bool) -> str | None:
    """The HSEEP rule of docs/replay-format.md, written out here on its own."""
    counted = [(r, c) for r, c in zip(results, critical, strict=True) if r is not None]
    if not counted:
        return None
    if all(r == "missed" for r, _ in counted) or any(r == "missed" and c for r, c in counted):
        return "U"
    if any(r == "missed" for r, _ in counted) or any(r == "late" and c for r, c in counted):
        return "M"
    return "S" if harmed or any(r == "late" for r, _ in counted) else "P"


def rating_chances(steps: tuple[str, ...], harm: str | None) -> dict[str | None, float]:
    """Every combination of seating, step outcomes and harm, with its chance, rated."""
    chances: Counter[str | None] = Counter()
    roles = sorted({ROLE_OF[step] for step in steps} | ({HARMFUL_ROLE[harm]} if harm else set()))
    for seats in itertools.product([True, False], repeat=len(roles)):
        seated = dict(zip(roles, seats, strict=True))
        seat_chance = math.prod(
            SEATED[r] if seated[r] else 1 - SEATED[r] for r in roles
        )  # fmt: skip
        if seat_chance == 0:
            continue
        for outcomes in itertools.product(*(_outcomes(step, seated) for step in steps)):
            chance = seat_chance * math.prod(p for _, p in outcomes)
            for harmed, harm_chance in _harm(harm, seated):
                chances[
                    rating([o for o, _ in outcomes], [s in CRITICAL for s in steps], harmed)
                ] += chance * harm_chance
    return dict(chances)


def _outcomes(step: str, seated: dict[str, bool]) -> Iterator[tuple[str | None, float]]:
    if not seated[ROLE_OF[step]]:
        yield None, 1.0
        return
    yield from zip(("on_time", "late", "missed"), PLANTED[step], strict=True)


def _harm(harm: str | None, seated: dict[str, bool]) -> list[tuple[bool, float]]:
    if harm is None or not seated[HARMFUL_ROLE[harm]]:
        return [(False, 1.0)]
    return [(True, HARMFUL[harm]), (False, 1 - HARMFUL[harm])]


def test_objective_ratings_follow_from_the_planted_steps(programme: tuple) -> None:  # type: ignore[type-arg]
    report, done = programme
    for objective in report["cases"][0]["objectives"]:
        steps, harm = OBJECTIVES[objective["id"]]
        chances = rating_chances(steps, harm)
        crowded = unplayed(done, *steps, *([harm] if harm else []))
        for level in "PSMU":
            assert within(
                objective["ratings"][level], SESSIONS, chances.get(level, 0.0), crowded
            ), (
                objective["id"],
                level,
                objective["ratings"][level],
                SESSIONS * chances.get(level, 0.0),
            )
        # The programme's rating is the median session's; planted, it is the level at which
        # the chances, worst level first, pass one half.
        worst_first, total = [], 0.0
        for level in "USMP":
            total += chances.get(level, 0.0)
            worst_first.append((level, total))
        planted = next(level for level, total in worst_first if total >= 0.5)
        assert objective["rating"] == planted, objective["id"]


def test_harmful_choices_and_the_spread_of_tags_are_as_planted(programme: tuple) -> None:  # type: ignore[type-arg]
    report, done = programme
    harmful = {row["action"]: row for row in report["cases"][0]["harmful"]}
    for action, chance in HARMFUL.items():
        seated = SEATED[HARMFUL_ROLE[action]]
        assert within(
            harmful[action]["sessions"], SESSIONS, chance * seated, unplayed(done, action)
        )
    tags = {row["tag"]: row["sessions"] for row in report["tags"]}
    for tag, weight in TAGS.items():
        assert within(tags[tag], SESSIONS, weight / sum(TAGS.values())), tag
