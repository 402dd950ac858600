"""Paper answers back into the tool: the blank sheet (`interact script new`), the codes typed
in, scored as the same choices made live, and replayed as a team's session."""

from __future__ import annotations

import html
import json
import random
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.loader import load_scenario
from interact_cli.cli.app import app
from interact_cli.play.clock import SimulatedClock
from interact_cli.play.dry_run import responder_for
from interact_cli.play.engine import Answer, Response, Turn
from interact_cli.play.responders import ScriptedResponder
from interact_cli.play.runner import new_header, play
from interact_cli.record.transcript import load_transcript
from interact_cli.score.session import score_session
from tests.helpers import START, AtTheTable, installed_command

MARIAMA = load_scenario(Path(__file__).parent.parent / "scenarios" / "mariama.toml")
TABLE = ["police_es", "prosecutor_es", "minors_service_es", "reception_es", "hotline_fr"]
SEED = 2024
OPTION = re.compile(r'<span class="code">([^<]*)</span><span>([^<]*)</span>')
CARD = re.compile(r'<section class="sheet role-card" data-round="([^"]*)" data-role="([^"]*)">')


def read_cards(folder: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Per (round, role) card, its (code, label) options as printed, in order."""
    text = (folder / "role-cards.html").read_text(encoding="utf-8")
    cards = {}
    starts = list(CARD.finditer(text))
    for match, after in zip(starts, [*starts[1:], None], strict=True):
        body = text[match.end() : after.start() if after else len(text)]
        options = [(html.unescape(c), html.unescape(label)) for c, label in OPTION.findall(body)]
        limit = re.search(r"at most (\d+) option", body)
        cards[(match.group(1), match.group(2))] = options
        assert limit is not None
    return cards


def make_pack_and_sheet(runner: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    folder, sheet = tmp_path / "pack", tmp_path / "answers.toml"
    made = runner.invoke(
        app,
        ["pack", "mariama", "--roles", ",".join(TABLE), "--seed", str(SEED), "-o", str(folder)],
    )
    assert made.exit_code == 0, made.output
    blank = runner.invoke(
        app, ["script", "new", "mariama", "--pack", str(folder), "-o", str(sheet)]
    )
    assert blank.exit_code == 0, blank.output
    return folder, sheet


def test_a_sheet_typed_in_from_the_cards_scores_as_live_and_replays_as_a_team(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder, sheet = make_pack_and_sheet(runner, tmp_path)
    cards = read_cards(folder)
    assert set(cards) == {(r.id, role) for r in MARIAMA.rounds for role in r.roles if role in TABLE}
    # The team ticks options on its cards; whoever types them in writes the codes down, in
    # upper or lower case, as they come.
    rng = random.Random(16)
    ticked: dict[tuple[str, str], list[str]] = {}
    text = sheet.read_text(encoding="utf-8")
    for (round_id, role_id), options in cards.items():
        limit = MARIAMA.choice_limit(round_id) or len(options)
        picked = rng.sample(options, rng.randint(0, min(limit, len(options))))
        ticked[(round_id, role_id)] = [label for _code, label in picked]
        typed = [code if rng.random() < 0.5 else code.lower() for code, _label in picked]
        blank = f"[rounds.{round_id}.{role_id}]\nactions = []"
        assert text.count(blank) == 1
        text = text.replace(blank, f"[rounds.{round_id}.{role_id}]\nactions = {json.dumps(typed)}")
    sheet.write_text(text, encoding="utf-8")
    paper_sessions = tmp_path / "paper"
    typed_in = runner.invoke(
        app, ["dry-run", "mariama", "--script", str(sheet), "--sessions", str(paper_sessions)]
    )
    assert typed_in.exit_code == 0, typed_in.output
    (path,) = paper_sessions.glob("*.toml")
    paper = load_transcript(path).transcript
    assert paper.header.source == f"paper:{sheet}" and paper.header.mode == "dry-run"
    assert paper.header.menu_seed == SEED and list(paper.header.table) == TABLE

    # The same choices made live: the engine with a responder at the same table and seed,
    # shown each menu in the order its card printed it.
    by_label = {action.label.get("en"): action.id for action in MARIAMA.actions}

    class Live(AtTheTable):
        def respond(self, turn: Turn) -> Response:
            if turn.role.id in TABLE:
                printed = [by_label[label] for _c, label in cards[(turn.round.id, turn.role.id)]]
                assert [action.id for action in turn.menu] == printed
            return super().respond(turn)

    plan: dict[tuple[str, str], list[Response]] = {
        key: [Answer(tuple(by_label[label] for label in labels), "", 30.0)]
        for key, labels in ticked.items()
    }
    clock = SimulatedClock(START)
    header = new_header(MARIAMA, clock, "live", "en", table=TABLE, menu_seed=SEED)
    live = play(MARIAMA, Live(plan, TABLE), header, tmp_path / "live", clock).transcript

    def verdict(transcript):  # type: ignore[no-untyped-def]
        assessment = score_session(MARIAMA, transcript).assessment
        return (
            [(result.step.id, result.outcome) for result in assessment.steps],
            [(choice.action, choice.role, choice.round) for choice in assessment.harmful],
            [result.rating for result in assessment.objectives],
            assessment.table,
        )

    assert verdict(paper) == verdict(live)
    assert any(outcome == "on_time" for _step, outcome in verdict(paper)[0])

    replayed = runner.invoke(app, ["replay", str(paper_sessions), "--format", "json"])
    report = json.loads(replayed.stdout)
    totals = report["totals"]
    assert (totals["sessions"], totals["dry_runs"], totals["dry_runs_left_out"]) == (1, 0, 0)
    (case,) = report["cases"]
    # Scored like a team's, but nobody timed answers on paper: no decision times.
    assert {role["decision_seconds"]["answers"] for role in case["roles"]} == {0}


def test_the_same_sheet_without_paper_is_a_dry_run_that_replay_leaves_out(
    runner: CliRunner, tmp_path: Path
) -> None:
    _folder, sheet = make_pack_and_sheet(runner, tmp_path)
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace("paper = true\n", ""), encoding="utf-8"
    )
    sessions = tmp_path / "s"
    assert (
        runner.invoke(
            app, ["dry-run", "mariama", "--script", str(sheet), "--sessions", str(sessions)]
        ).exit_code
        == 0
    )
    replayed = runner.invoke(app, ["replay", str(sessions), "--format", "json"])
    totals = json.loads(replayed.stdout)["totals"]
    assert (totals["sessions"], totals["dry_runs_left_out"]) == (0, 1)


def _not_offered_in_landing() -> str:
    return next(
        action.id
        for action in MARIAMA.actions
        if "police_es" in action.roles and action.id not in MARIAMA.menu_ids("landing", "police_es")
    )


@pytest.mark.parametrize(
    ("top", "answer", "message"),
    [
        ("", '["ZZ9"]', "rounds.landing.police_es.actions[0]: unknown action or code 'ZZ9'"),
        (
            "",
            '["PM1", "IAU2"]',
            "rounds.landing.police_es.actions[1]: unknown action or code 'IAU2' "
            "(did you mean IAU1 for 'identify_as_uac'?)",
        ),
        (
            "",
            '["MPF1"]',
            "actions[0]: role 'police_es' cannot choose 'missing_profile_form'",
        ),
        ("", "OFFERED_LATER", "is not offered in round 'landing'"),
        (
            "choices = 1\n",
            '["PM1", "iau1"]',
            "rounds.landing.police_es.actions: 2 actions chosen; at most 1 may be chosen",
        ),
        ('table = ["reception_es"]\n', "[]", "role 'police_es' is not at the table"),
        ('paper = "yes"\n', "[]", "answers.toml: paper: expected true or false"),
        ("menu_seed = -3\n", "[]", "answers.toml: menu_seed: expected a whole number"),
        ('table = ["judge"]\n', "[]", "answers.toml: table[0]: unknown role 'judge'"),
    ],
)
def test_a_bad_code_or_key_is_one_line_naming_file_and_key_and_exit_2(
    runner: CliRunner, tmp_path: Path, sessions_dir: Path, top: str, answer: str, message: str
) -> None:
    if answer == "OFFERED_LATER":
        from interact_cli.case.codes import case_codes

        answer = json.dumps([case_codes(MARIAMA)[_not_offered_in_landing()]])
    sheet = tmp_path / "answers.toml"
    head = 'format = "interact-script/1"\ncase = "mariama"\n'
    if "paper" not in top:
        head += "paper = true\n"
    sheet.write_text(
        f"{head}{top}[rounds.landing.police_es]\nactions = {answer}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["dry-run", "mariama", "--script", str(sheet)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "answers.toml: " in result.stderr
    assert message in result.stderr
    assert not sessions_dir.exists()


def test_a_blank_sheet_never_replaces_a_file(runner: CliRunner, tmp_path: Path) -> None:
    typed = tmp_path / "answers.toml"
    typed.write_text("# two hours of typing\n", encoding="utf-8")
    result = runner.invoke(app, ["script", "new", "mariama", "-o", str(typed)])
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert typed.read_text(encoding="utf-8") == "# two hours of typing\n"


def test_without_a_pack_the_sheet_lists_options_by_code_and_records_no_seed(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["script", "new", "mariama", "--roles", "police_es"])
    assert result.exit_code == 0
    assert "menu_seed" not in result.stdout and 'table = ["police_es"]' in result.stdout
    first_card = result.stdout.split("[rounds.landing.police_es]")[0].split("# Police")[-1]
    codes = re.findall(r"^#   (\S+)", first_card, re.MULTILINE)
    assert codes and codes == sorted(codes)
    assert "[rounds.centre.reception_es]" not in result.stdout


def test_a_pack_of_another_case_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "basir"
    assert runner.invoke(app, ["pack", "basir", "-o", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["script", "new", "mariama", "--pack", str(folder)])
    assert result.exit_code == 2
    assert "the pack is of case 'basir', not 'mariama'" in result.stderr


def test_a_paper_dry_run_resumes_with_its_script(tmp_path: Path) -> None:
    sheet = tmp_path / "answers.toml"
    sheet.write_text(
        'format = "interact-script/1"\npaper = true\ntable = ["police_es"]\n', encoding="utf-8"
    )
    responder = responder_for(MARIAMA, f"paper:{sheet}")
    assert isinstance(responder, ScriptedResponder)
    assert responder.script.paper and responder.script.table == ("police_es",)


def test_the_installed_command_writes_a_pack_and_its_sheet(tmp_path: Path) -> None:
    interact = installed_command("interact")
    made = subprocess.run(
        [interact, "pack", "basir", "--lang", "it", "--seed", "3", "-o", "pack"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    assert "interact script new basir --pack pack -o answers.toml" in made.stdout
    sheet = subprocess.run(
        [interact, "script", "new", "basir", "--pack", "pack", "-o", "answers.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert sheet.returncode == 0, sheet.stderr
    text = (tmp_path / "answers.toml").read_text(encoding="utf-8")
    assert "menu_seed = 3" in text and "paper = true" in text
