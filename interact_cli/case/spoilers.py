"""Spoiler lint: a text players see in round k that names what only a later round reveals.

The rule, per language of the case (docs/scenario-format.md, "Spoilers"):
- A round *introduces* a name when its title, clock or briefing holds a capitalised word that
  does not start a sentence, is not all capitals (SIS, PAF), is not in the language's small
  stoplist, and appears in no earlier round's title, clock or briefing nor in any role's
  name (the roles are listed on the opening screen, so their countries are known).
- A text players see in round k names it when it holds the same word capitalised (in any
  position), or a form of it one or two letters longer or shorter from four letters on (Greek
  inflects names: Πετρινή, Πετρινής); accents and case are ignored when comparing.
- It also gives away a later round when it holds that round's whole title (titles of two words
  or more; case ignored).
- What players see in round k: before round 1, the case title, the opening and the role
  descriptions; in round k, its title, clock, briefing and injects, the labels of the actions
  first offered in round k, and the reserve injects that fit from round k (`from`), once
  released. Harmful explanations, refs, conditions, objectives and expected steps are never
  shown to players before the debrief, so they are not checked.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from interact_cli.case.model import Scenario
from interact_cli.case.text import LocalText
from interact_cli.i18n import _

Report = Callable[[str, str], None]

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""A word: letters, with inner hyphens (Saint-Denis); digits and apostrophes split words."""
SENTENCE_ENDS = frozenset(".!?…:;\n")
OPENERS = frozenset("\"'«»“”‘’„([¿¡-–—•*")
"""What may stand between a sentence end and its first word (quotes, brackets, dashes)."""
TITLE_WORDS = 2
"""A round title of at least this many words is matched as a whole phrase."""
INFLECTION = 2
"""How many letters a form of a name may add or drop at its end and still match."""
SHORTEST_STEM = 4

STOPWORDS: dict[str, str] = {
    "en": "I Day Days Night Mr Mrs Ms Dr European Spanish French Belgian Dutch German Greek "
    "Italian Swedish",
    "fr": "Jour Jours Nuit M Mme Européen Européenne Espagnol Espagnole Français Française "
    "Belge Néerlandais Allemand Allemande Grec Grecque Italien Italienne Suédois Suédoise",
    "nl": "Dag Dagen Nacht Europees Europese Spaans Spaanse Frans Franse Belgisch Belgische "
    "Nederlands Nederlandse Duits Duitse Grieks Griekse Italiaans Italiaanse Zweeds Zweedse",
    "el": "Ημέρα Ημέρες Νύχτα Ευρωπαίος Ισπανός Ισπανίδα Γάλλος Γαλλίδα Βέλγος Βελγίδα "
    "Ολλανδός Γερμανός Γερμανίδα Έλληνας Ελληνίδα Ιταλός Ιταλίδα Σουηδός Σουηδέζα",
    "it": "Giorno Giorni Notte Sig",
}
"""Per language, capitalised words that name no place or person: time words (`Day 4` in a
round's clock) and the nationality words of the countries cases cross (`Spanish police`)."""


@dataclass(frozen=True)
class Seen:
    """A text players see from round `round` (an index; 0 is the opening screen too)."""

    path: str
    text: LocalText
    round: int


@dataclass(frozen=True)
class Name:
    """A name a round introduces: the word as written there, and its comparison key."""

    word: str
    key: str


def lint_spoilers(scenario: Scenario, warn: Report) -> None:
    """A warning per text, name and later round the text gives away, in every language."""
    reported: set[tuple[str, str]] = set()  # a text in the fallback is read for each language
    seen = list(player_texts(scenario))
    for lang in scenario.languages:
        introduced = introduced_names(scenario, lang)
        titles = [_phrase(round_.title.get(lang)) for round_ in scenario.rounds]
        for item in seen:
            path, text = _in_language(item, lang)
            words = Words(_capitalised_keys(text))
            phrase = f" {_phrase(text)} "
            for later in range(item.round + 1, len(scenario.rounds)):
                round_ = scenario.rounds[later]
                given = [
                    _("names '{word}', which first appears in round {number} ({round})").format(
                        word=name.word, number=later + 1, round=round_.id
                    )
                    for name in introduced[later]
                    if words.has(name.key)
                ]
                title = titles[later]
                if len(title.split()) >= TITLE_WORDS and f" {title} " in phrase:
                    given.append(
                        _("names '{title}', the title of round {number} ({round})").format(
                            title=round_.title.get(lang), number=later + 1, round=round_.id
                        )
                    )
                for message in given:
                    if (path, message) not in reported:
                        reported.add((path, message))
                        warn(path, message)


class Words:
    """Comparison keys of a text's words, to ask whether a name is among them in any of its
    forms: the same word, or one up to INFLECTION letters longer or shorter at its end (for
    words of SHORTEST_STEM letters or more)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = set(keys)
        self.cut = {
            key[:-drop]
            for key in self.keys
            for drop in range(1, INFLECTION + 1)
            if len(key) - drop >= SHORTEST_STEM
        }

    def has(self, key: str) -> bool:
        if key in self.keys or key in self.cut:
            return True
        shorter = (key[:-drop] for drop in range(1, INFLECTION + 1))
        return any(len(cut) >= SHORTEST_STEM and cut in self.keys for cut in shorter)


def player_texts(scenario: Scenario) -> Iterator[Seen]:
    """Every text a player sees during play, with the first round it can be seen in."""
    yield Seen("title", scenario.title, 0)
    if scenario.opening is not None:
        yield Seen("opening", scenario.opening, 0)
    for index, role in enumerate(scenario.roles):
        if role.description is not None:
            yield Seen(f"roles[{index}].description", role.description, 0)
    for index, round_ in enumerate(scenario.rounds):
        path = f"rounds[{index}]"
        yield Seen(f"{path}.title", round_.title, index)
        yield Seen(f"{path}.clock", round_.clock, index)
        yield Seen(f"{path}.briefing", round_.briefing, index)
        for inject in round_.injects:
            if inject.title is not None:
                yield Seen(f"{inject.path}.title", inject.title, index)
            yield Seen(f"{inject.path}.text", inject.text, index)
    for inject in scenario.reserve:
        # once the facilitator releases it, from the first round where it fits
        first = scenario.round_span(inject.fits_from, inject.fits_until).start
        if inject.title is not None:
            yield Seen(f"{inject.path}.title", inject.title, first)
        yield Seen(f"{inject.path}.text", inject.text, first)
    offered = scenario.offered_rounds
    for index, action in enumerate(scenario.actions):
        rounds = offered[action.id]
        if rounds:
            yield Seen(f"actions[{index}].label", action.label, rounds.start)


def introduced_names(scenario: Scenario, lang: str) -> list[list[Name]]:
    """Per round, the names its title, clock or briefing introduces in `lang`."""
    known = [
        key
        for role in scenario.roles
        for value in role.name.values.values()
        for key in _all_keys(value)
    ]
    per_round: list[list[Name]] = []
    for round_ in scenario.rounds:
        panel = [text.get(lang) for text in (round_.title, round_.clock, round_.briefing)]
        before = Words(known)
        new: dict[str, Name] = {}
        for text in panel:
            for word in names_in(text, lang):
                key = comparison_key(word)
                if key not in new and not before.has(key):
                    new[key] = Name(word, key)
        per_round.append(list(new.values()))
        known += [key for text in panel for key in _capitalised_keys(text)]
    return per_round


def names_in(text: str, lang: str) -> Iterator[str]:
    """The words of `text` that may name a place or person: capitalised, not starting a
    sentence, not all capitals, not in the language's stoplist."""
    stop = _stopwords(lang)
    for match in WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            continue
        if stop.has(comparison_key(word)) or starts_sentence(text, match.start()):
            continue
        yield word


@functools.cache
def _stopwords(lang: str) -> Words:
    return Words(comparison_key(word) for word in STOPWORDS.get(lang.split("-")[0], "").split())


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of its text, line or sentence."""
    index = start - 1
    while index >= 0 and (text[index] in OPENERS or text[index].isspace()):
        if text[index] == "\n":
            return True
        index -= 1
    return index < 0 or text[index] in SENTENCE_ENDS


@functools.lru_cache(maxsize=1 << 16)
def comparison_key(word: str) -> str:
    """The word without accents, case folded: 'Πετρινή' and 'ΠΕΤΡΙΝΗ' compare equal."""
    if word.isascii():
        return word.casefold()
    parts = unicodedata.normalize("NFD", word)
    return "".join(c for c in parts if not unicodedata.combining(c)).casefold()


def _capitalised_keys(text: str) -> list[str]:
    return [comparison_key(m.group()) for m in WORD.finditer(text) if m.group()[0].isupper()]


def _all_keys(text: str) -> list[str]:
    return [comparison_key(m.group()) for m in WORD.finditer(text)]


def _phrase(text: str) -> str:
    return " ".join(comparison_key(m.group()) for m in WORD.finditer(text))


def _in_language(item: Seen, lang: str) -> tuple[str, str]:
    """The text players in `lang` see, and its key path (with the language of a table)."""
    values = item.text.values
    shown = lang if lang in values else item.text.fallback
    if list(values) == [item.text.fallback] and item.text.fallback == shown:
        # a plain string (or a one-language table): the path names the key itself
        return item.path, item.text.get(lang)
    return f"{item.path}.{shown}", item.text.get(lang)
