"""The paper pack (`interact pack`): self-contained printable HTML, and role cards that show
each role only what it sees in its round, in live play's neutral order, with its codes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.case.codes import action_codes, case_codes, code_letters
from interact_cli.case.describe import when_words
from interact_cli.case.loader import load_scenario
from interact_cli.case.model import Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.cli.app import app
from interact_cli.i18n import use_language

BUNDLED = Path(__file__).parent.parent / "scenarios"
CASES = {case: load_scenario(BUNDLED / f"{case}.toml") for case in ("mariama", "basir")}
EVERY_LANGUAGE = [(case, lang) for case, s in CASES.items() for lang in s.languages]
SEED = 424242
DOCUMENTS = (
    "facilitator-guide.html",
    "role-cards.html",
    "inject-cards.html",
    "evaluator-sheets.html",
)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Tree(HTMLParser):
    """Checks that every tag is closed in order, and collects the text of each <section>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.sections: list[tuple[dict[str, str], list[str]]] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.sections.append(({k: v or "" for k, v in attrs}, []))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if "section" in self.open and self.sections:
            self.sections[-1][1].append(data)


def parse(text: str) -> Tree:
    tree = Tree()
    tree.feed(text)
    tree.close()
    return tree


def section_text(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def page_text(path: Path) -> str:
    """The text a reader sees in every section of the document."""
    tree = parse(path.read_text(encoding="utf-8"))
    return " ".join(section_text(parts) for _attrs, parts in tree.sections)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The pack of each bundled case in each of its languages, written by the command."""
    folders = {}
    runner = CliRunner()
    for case, lang in EVERY_LANGUAGE:
        folder = tmp_path_factory.mktemp("packs") / f"{case}-{lang}"
        result = runner.invoke(
            app, ["pack", case, "--lang", lang, "--seed", str(SEED), "-o", str(folder)]
        )
        assert result.exit_code == 0, result.output
        folders[(case, lang)] = folder
    use_language("en")
    return folders


@pytest.mark.parametrize(("case", "lang"), EVERY_LANGUAGE)
def test_every_file_is_valid_self_contained_html_with_print_rules(
    packs: dict[tuple[str, str], Path], case: str, lang: str
) -> None:
    folder = packs[(case, lang)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*DOCUMENTS, "README.txt", "pack.toml"]
    )
    for name in DOCUMENTS:
        text = (folder / name).read_text(encoding="utf-8")
        tree = parse(text)
        assert tree.doctype and tree.problems == [] and tree.open == [], name
        assert f'<html lang="{lang}">' in text
        # Nothing to fetch: no script, link, image, import or URL but the SVG namespace.
        lowered = text.lower()
        for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src="):
            assert forbidden not in lowered, (name, forbidden)
        urls = re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>)]*", lowered)
        assert set(urls) <= {"http://www.w3.org/2000/svg"}, (name, urls)
        assert "@page{size:A4" in text and "break-after:page" in text
        assert tree.sections, name


@pytest.mark.parametrize(("case", "lang"), EVERY_LANGUAGE)
def test_a_role_card_shows_that_role_only_its_round_in_the_neutral_order(
    packs: dict[tuple[str, str], Path], case: str, lang: str
) -> None:
    scenario = CASES[case]
    codes = case_codes(scenario)
    tree = parse((packs[(case, lang)] / "role-cards.html").read_text(encoding="utf-8"))
    cards = [(attrs, section_text(parts)) for attrs, parts in tree.sections]
    expected_cards = [(r.id, role) for r in scenario.rounds for role in r.roles]
    assert [(a["data-round"], a["data-role"]) for a, _ in cards] == expected_cards
    secrets = _facilitator_only(scenario, lang)
    seen: set[str] = set()
    for attrs, text in cards:
        round_id, role_id = attrs["data-round"], attrs["data-role"]
        index = scenario.round_index[round_id]
        offered = ordered_menu(scenario, SEED, round_id, role_id)
        shown = [
            code for code in re.findall(r"\b([A-Z]{1,3}[0-9]+)\b", text) if code in codes.values()
        ]
        assert shown == [codes[action.id] for action in offered]
        for action in offered:
            assert f"{codes[action.id]} {flat(action.label.get(lang))}" in text
        for action in scenario.actions:
            if action.id not in scenario.menu_ids(round_id, role_id):
                assert flat(action.label.get(lang)) not in text, (round_id, role_id, action.id)
        for position, other in enumerate(scenario.rounds):
            if position != index:
                assert flat(other.briefing.get(lang)) not in text
                assert flat(other.title.get(lang)) not in text
        assert flat(scenario.rounds[index].briefing.get(lang)) in text
        for secret in secrets:
            assert secret not in text, (round_id, role_id, secret)
        # Ids are the facilitator's; the opening and the role come once, on the first card.
        ids = [r.id for r in scenario.roles] + [r.id for r in scenario.rounds]
        assert not [i for i in ids if "_" in i and i in text]
        first = role_id not in seen
        seen.add(role_id)
        assert (flat(scenario.text(scenario.opening, lang)) in text) == first
        assert not re.search(r"\b(harmful|expected|critical)\b", text, re.IGNORECASE)


def _facilitator_only(scenario: Scenario, lang: str) -> set[str]:
    """Texts only the facilitator or an evaluator may read."""
    texts = {flat(a.harmful.get(lang)) for a in scenario.harmful_actions if a.harmful}
    texts |= {step.ref for step in scenario.expected_steps}
    texts |= {a.ref for a in scenario.actions if a.ref}
    texts |= {flat(inject.text.get(lang)) for r in scenario.rounds for inject in r.injects}
    texts |= {flat(inject.text.get(lang)) for inject in scenario.reserve}
    texts |= {flat(o.title.get(lang)) for o in scenario.objectives}
    if scenario.summary is not None:
        texts.add(flat(scenario.summary.get(lang)))
    return texts


@pytest.mark.parametrize(("case", "lang"), EVERY_LANGUAGE)
def test_an_inject_card_shows_what_players_may_see_and_the_guide_says_when(
    packs: dict[tuple[str, str], Path], case: str, lang: str
) -> None:
    scenario = CASES[case]
    folder = packs[(case, lang)]
    tree = parse((folder / "inject-cards.html").read_text(encoding="utf-8"))
    guide = page_text(folder / "facilitator-guide.html")
    injects = [(r.id, i) for r in scenario.rounds for i in r.injects if i.when] + [
        (None, i) for i in scenario.reserve
    ]
    assert len(tree.sections) == len(injects)
    for number, ((attrs, parts), (round_id, inject)) in enumerate(
        zip(tree.sections, injects, strict=True), start=1
    ):
        text = section_text(parts)
        assert attrs["data-card"] == f"I{number}"
        assert flat(inject.text.get(lang)) in text
        # An id such as missed_sis_alert would tell the plot: only the title and text show.
        rest = text.replace(flat(inject.text.get(lang)), "")
        rest = rest.replace(flat(scenario.text(inject.title, lang)), "")
        assert inject.id not in rest
        for other in scenario.rounds:
            assert flat(other.briefing.get(lang)) not in text
        use_language(lang)
        if round_id is not None:
            when = when_words(scenario, inject.when, lang)
            assert when not in text
            assert re.search(rf"\bI{number}\b", guide) and flat(when) in guide
    use_language("en")


@pytest.mark.parametrize(("case", "lang"), EVERY_LANGUAGE)
def test_an_evaluator_sheet_per_objective_with_its_steps_and_the_rating_scale(
    packs: dict[tuple[str, str], Path], case: str, lang: str
) -> None:
    scenario = CASES[case]
    codes = case_codes(scenario)
    steps = {step.id: step for step in scenario.expected_steps}
    tree = parse((packs[(case, lang)] / "evaluator-sheets.html").read_text(encoding="utf-8"))
    assert [a["data-objective"] for a, _ in tree.sections] == [o.id for o in scenario.objectives]
    for (_attrs, parts), objective in zip(tree.sections, scenario.objectives, strict=True):
        text = section_text(parts)
        assert flat(objective.title.get(lang)) in text
        for step_id in objective.steps:
            step = steps[step_id]
            label = scenario.action_by_id[step.action].label.get(lang)
            assert codes[step.action] in text and flat(label) in text and step.ref in text
        for level in "PSMU":
            assert re.search(rf"\b{level}\b", text)


def test_the_interface_language_follows_lang_and_the_codes_do_not_change(
    packs: dict[tuple[str, str], Path],
) -> None:
    def card_codes(lang: str) -> list[list[str]]:
        tree = parse((packs[("mariama", lang)] / "role-cards.html").read_text(encoding="utf-8"))
        return [re.findall(r"\b[A-Z]{1,3}[0-9]+\b", section_text(p)) for _, p in tree.sections]

    assert card_codes("en") == card_codes("fr") == card_codes("nl")
    english = (packs[("mariama", "en")] / "role-cards.html").read_text(encoding="utf-8")
    french = (packs[("mariama", "fr")] / "role-cards.html").read_text(encoding="utf-8")
    assert "Role card" in english and "Role card" not in french
    assert "Fiche de rôle" in french and "Heure du scénario" in french


def test_roles_and_choices_limit_the_cards_and_are_recorded(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "pack"
    result = runner.invoke(
        app,
        [
            "pack",
            "mariama",
            "--roles",
            "reception_es,police_es",
            "--choices",
            "2",
            "--seed",
            "7",
            "-o",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.output
    tree = parse((folder / "role-cards.html").read_text(encoding="utf-8"))
    assert {a["data-role"] for a, _ in tree.sections} == {"reception_es", "police_es"}
    for _attrs, parts in tree.sections:
        assert "Tick what you do now: at most 2 options." in section_text(parts)
    manifest = (folder / "pack.toml").read_text(encoding="utf-8")
    assert 'table = ["police_es", "reception_es"]' in manifest
    assert "menu_seed = 7" in manifest and "choices = 2" in manifest
    guide = page_text(folder / "facilitator-guide.html")
    assert "menu seed 7" in guide and "At the table: police_es, reception_es." in guide


def test_an_earlier_pack_of_the_same_case_is_replaced_keeping_its_seed(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "pack"
    assert runner.invoke(app, ["pack", "mariama", "--seed", "99", "-o", str(folder)]).exit_code == 0
    before = (folder / "role-cards.html").read_bytes()
    again = runner.invoke(app, ["pack", "mariama", "--lang", "fr", "-o", str(folder)])
    assert again.exit_code == 0
    # --lang fr speaks French: "replacing the earlier pack of case 'mariama'".
    assert "remplacement du kit papier précédent du cas «\xa0mariama\xa0»" in again.stderr
    assert "menu_seed = 99" in (folder / "pack.toml").read_text(encoding="utf-8")
    after = (folder / "role-cards.html").read_bytes()
    assert after != before and re.findall(rb"[A-Z]{1,3}[0-9]+<", after) == re.findall(
        rb"[A-Z]{1,3}[0-9]+<", before
    )
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_file_in_the_way_or_another_case_s_pack_is_refused_untouched(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    mine = folder / "role-cards.html"
    mine.write_text("my own cards", encoding="utf-8")
    result = runner.invoke(app, ["pack", "mariama", "-o", str(folder)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{mine}: already exists and is not part of an earlier pack" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own cards"
    assert sorted(p.name for p in folder.iterdir()) == ["role-cards.html"]

    other = tmp_path / "basir-pack"
    assert runner.invoke(app, ["pack", "basir", "-o", str(other)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in other.iterdir()}
    result = runner.invoke(app, ["pack", "mariama", "-o", str(other)])
    assert result.exit_code == 2
    assert "holds the paper pack of case 'basir'" in result.stderr
    assert {p.name: p.read_bytes() for p in other.iterdir()} == before


def test_codes_are_initials_and_a_number_unique_and_never_an_action_id() -> None:
    assert code_letters("report_police_now") == "RPN"
    assert code_letters("trafficking_id_after_found") == "TIA"
    assert code_letters("call_116000") == "C"
    assert code_letters("116000") == "X"
    codes = action_codes(["sis_alert", "sis_address_check", "sa1", "safe_area", "Send-Alert"])
    # By id: Send-Alert, sa1, safe_area, sis_address_check, sis_alert; SA1 is taken by sa1.
    assert codes == {
        "Send-Alert": "SA2",
        "sa1": "S1",
        "safe_area": "SA3",
        "sis_address_check": "SAC1",
        "sis_alert": "SA4",
    }
    for scenario in CASES.values():
        codes = case_codes(scenario)
        assert len(set(codes.values())) == len(codes) == len(scenario.actions)
        assert not {c.casefold() for c in codes.values()} & {
            a.id.casefold() for a in scenario.actions
        }


def test_with_recall_a_card_asks_in_own_words_first_and_the_sheet_has_said(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also: the commands a pack prints work typed as printed, for a case given as a file."""
    import shlex

    monkeypatch.chdir(tmp_path)
    case = Path(__file__).parent / "data" / "menus.toml"
    made = runner.invoke(app, ["pack", str(case), "--seed", "1", "-o", "pack"])
    assert made.exit_code == 0
    tree = parse((tmp_path / "pack" / "role-cards.html").read_text(encoding="utf-8"))
    for _attrs, parts in tree.sections:
        text = section_text(parts)
        own_words = text.index("In your own words, before you read the options")
        assert own_words < text.index("Tick what you do now: at most")
    type_in = made.stdout.split("type the answers in: ")[1].strip()
    sheet = runner.invoke(app, shlex.split(type_in)[1:])
    assert sheet.exit_code == 0, sheet.output
    text = (tmp_path / "answers.toml").read_text(encoding="utf-8")
    assert text.count('said = ""') == text.count("actions = []") > 0
    score = text.split("# Then score it: ")[1].splitlines()[0]
    scored = runner.invoke(app, shlex.split(score)[1:])
    assert scored.exit_code == 0, scored.output
