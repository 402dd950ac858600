"""The spoiler lint: what players see in round k names nothing a later round introduces.

Small cases are built inline: three rounds (the arrival, a bus station, a flat), two roles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from interact_cli.case.loader import scenario_from_document
from interact_cli.case.spoilers import lint_spoilers, names_in
from interact_cli.cli.app import app

SCENARIOS = sorted((Path(__file__).parent.parent / "scenarios").glob("*.toml"))


def case(**top: Any) -> dict[str, Any]:
    """A valid case; `top` replaces top-level keys, `rounds` may be given as briefings."""
    rounds = top.pop("rounds", None) or [
        "She lands on a beach near Puerto Salobre at night.",
        "A girl like her is seen at the bus station of Montaurac.",
        "Police find her in a flat in Kortewaal.",
    ]
    doc: dict[str, Any] = {
        "format": "interact-scenario/1",
        "id": "small",
        "version": "1",
        "title": "Small case",
        "languages": ["en"],
        "countries": ["ES", "BE"],
        "roles": [
            {"id": "police", "agency": "police", "country": "ES", "name": "Police, Spain"},
            {"id": "guardian", "agency": "guardian", "country": "BE", "name": "Guardian, Belgium"},
        ],
        "actions": [{"id": "report", "roles": ["police", "guardian"], "label": "Report it"}],
        "rounds": [
            {"id": rid, "title": title, "clock": f"Day {day}", "briefing": briefing}
            for rid, title, day, briefing in zip(
                ["landing", "bus", "flat"],
                top.pop("titles", ["A girl on the beach", "Seen at a bus station", "A flat"]),
                [1, 5, 12],
                rounds,
                strict=True,
            )
        ],
    }
    doc.update(top)
    return doc


def spoilers(doc: dict[str, Any]) -> list[str]:
    scenario, findings = scenario_from_document(doc, "small.toml")
    assert not [finding for finding in findings if not finding.warning], findings
    found: list[str] = []
    lint_spoilers(scenario, lambda path, message: found.append(f"{path}: {message}"))
    return found


def test_an_opening_that_names_the_last_rounds_city_is_flagged() -> None:
    doc = case(opening="Night, a beach in Spain. She is travelling to Kortewaal.")
    assert spoilers(doc) == [
        "opening: names 'Kortewaal', which first appears in round 3 (flat)",
    ]


def test_what_each_round_shows_is_checked_against_the_rounds_after_it_only() -> None:
    doc = case()
    doc["title"] = "Small case: from Puerto Salobre to Montaurac"
    doc["roles"][1]["description"] = "The guardianship service of Kortewaal."
    doc["rounds"][0]["injects"] = [
        {"id": "call", "title": "A call", "text": "An aunt in Montaurac phones the centre."}
    ]
    doc["rounds"][1]["injects"] = [
        {"id": "bus", "text": "The bus to Montaurac left at six; Puerto Salobre is far."}
    ]
    assert spoilers(doc) == [
        "title: names 'Montaurac', which first appears in round 2 (bus)",
        "roles[1].description: names 'Kortewaal', which first appears in round 3 (flat)",
        "rounds[0].injects[0].text: names 'Montaurac', which first appears in round 2 (bus)",
    ]


def test_an_action_label_counts_from_the_first_round_that_offers_it() -> None:
    doc = case()
    label = "Call the police of Kortewaal"
    doc["actions"] += [
        {"id": "early", "roles": ["police"], "label": label},
        {"id": "late", "roles": ["police"], "label": label, "from": "flat"},
    ]
    assert spoilers(doc) == [
        "actions[1].label: names 'Kortewaal', which first appears in round 3 (flat)"
    ]


def test_a_reserve_inject_counts_from_the_first_round_where_it_fits() -> None:
    doc = case()
    doc["reserve"] = [
        {"id": "anytime", "title": "A call", "text": "A man from Kortewaal calls."},
        {"id": "late", "title": "A call", "text": "A man from Kortewaal calls.", "from": "flat"},
    ]
    assert spoilers(doc) == [
        "reserve[0].text: names 'Kortewaal', which first appears in round 3 (flat)"
    ]


def test_a_later_round_title_named_whole_is_flagged() -> None:
    doc = case(titles=["A girl on the beach", "Seen at a bus station", "A young woman in a flat"])
    doc["actions"][0]["label"] = "Ask if a young woman in a flat was seen"
    assert spoilers(doc) == [
        "actions[0].label: names 'A young woman in a flat', the title of round 3 (flat)"
    ]


def test_names_the_roles_show_are_known_from_the_start() -> None:
    later = ["She lands in Spain.", "She is seen at a border.", "Police in Belgium find her."]
    doc = case(opening="Night, a beach in Spain. Agencies in Spain and Belgium play.", rounds=later)
    assert spoilers(doc) == []
    doc["roles"][1]["name"] = "Guardian"
    assert spoilers(doc) == ["opening: names 'Belgium', which first appears in round 3 (flat)"]


@pytest.mark.parametrize(
    ("lang", "later"),
    [
        ("en", "They find her. She says: ‘The man took my phone.’ Then Kortewaal."),
        ("fr", "Le soir, elle part. La police la cherche. « Les papiers ? » Puis Kortewaal."),
        ("nl", "Het meisje is weg. De politie zoekt. ‘Een man,’ zegt ze. Daarna Kortewaal."),
        ("el", "Οι αστυνομικοί ψάχνουν. Η κοπέλα φοβάται. «Το κινητό;» Μετά το Kortewaal."),
        ("it", "Il ragazzo non torna. La polizia lo cerca. «Gli educatori?» Poi Kortewaal."),
    ],
)
def test_words_that_start_a_sentence_are_no_names(lang: str, later: str) -> None:
    assert list(names_in(later, lang)) == ["Kortewaal"]
    doc = case(languages=[lang], fallback_language=lang, rounds=["…", "…", later])
    doc["opening"] = "They, Le, La, Het, De, Een, Οι, Η, Το, Il, Gli: words that open sentences."
    assert spoilers(doc) == []


def test_greek_names_match_in_their_inflected_forms() -> None:
    doc = case(
        languages=["el"],
        fallback_language="el",
        rounds=[
            "Φτάνει τη νύχτα στην Πετρινή.",
            "Τη βλέπουν στη Βαλντόρια.",
            "Η αστυνομία τη βρίσκει στο κέντρο της Βαλντόριας, κοντά στο Νόρβικ.",
        ],
    )
    doc["opening"] = "Η υπόθεση ξεκινά στην Πετρινή."
    doc["roles"][0]["description"] = "Η αστυνομία των νησιών της Πετρινής."  # known: round 1
    label = "Καλέστε την αστυνομία της Βαλντόριας"
    doc["actions"] += [
        {"id": "early", "roles": ["police"], "label": label},  # names round 2's Βαλντόρια
        {"id": "then", "roles": ["police"], "label": label, "from": "bus"},  # known by then
    ]
    assert spoilers(doc) == [
        "actions[1].label: names 'Βαλντόρια', which first appears in round 2 (bus)",
    ]


def test_each_language_is_read_and_its_key_path_named() -> None:
    doc = case(languages=["en", "it"])
    doc["opening"] = {"en": "A beach at night.", "it": "Una spiaggia di notte, lontano da Norrvik."}
    doc["rounds"][2]["briefing"] = {
        "en": "Police find her in Norrvik.",
        "it": "La polizia la trova a Norrvik.",
    }
    for round_ in doc["rounds"]:
        for key in ("title", "clock", "briefing"):
            text = round_[key]
            round_[key] = text if isinstance(text, dict) else {"en": text, "it": text}
    doc["title"] = {"en": "Small case", "it": "Caso piccolo"}
    doc["actions"][0]["label"] = {"en": "Report it", "it": "Denunciarlo"}
    doc["roles"] = [
        {**role, "name": {"en": role["name"], "it": role["name"]}} for role in doc["roles"]
    ]
    assert spoilers(doc) == ["opening.it: names 'Norrvik', which first appears in round 3 (flat)"]


def test_capitals_acronyms_and_stopwords_are_no_names() -> None:
    text = "On Day 5 the Spanish police enter a SIS alert; the PAF is told. Then Kortewaal."
    assert list(names_in(text, "en")) == ["Kortewaal"]


def test_validate_prints_a_spoiler_as_a_warning_and_strict_counts_it(tmp_path: Path) -> None:
    import tomli_w

    path = tmp_path / "small.toml"
    path.write_bytes(tomli_w.dumps(case(opening="Later she reaches Kortewaal.")).encode())
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert (
        "small.toml: warning: opening: names 'Kortewaal', which first appears in round 3 (flat)"
        in result.stdout
    )
    assert runner.invoke(app, ["validate", "--strict", str(path)]).exit_code == 1


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_the_bundled_cases_give_nothing_away(path: Path) -> None:
    from interact_cli.case.loader import load_scenario

    scenario = load_scenario(path)
    found: list[str] = []
    lint_spoilers(scenario, lambda key, message: found.append(f"{key}: {message}"))
    assert found == []
