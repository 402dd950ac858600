"""Localised text: any text in a case is a string or a `{lang = text}` table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LocalText:
    """A text in one or more languages; a plain string is stored under the fallback language."""

    values: Mapping[str, str] = field(default_factory=dict)
    fallback: str = "en"

    def get(self, lang: str | None = None) -> str:
        """The text in `lang`, or in the fallback language when that one is missing."""
        if lang and lang in self.values:
            return self.values[lang]
        if self.fallback in self.values:
            return self.values[self.fallback]
        return next(iter(self.values.values()), "")

    def languages(self) -> frozenset[str]:
        return frozenset(self.values)


def plain(text: str, lang: str = "en") -> LocalText:
    """A one-language text, for tests and generated cases."""
    return LocalText({lang: text}, lang)
