"""The neutral order of a turn's options: a pure function of the session's seed.

Case files list expected steps first and harmful options last; shown in that order, a menu
tells players which options are right. Each (round, role) menu is shuffled with the seed the
session drew once (the transcript header's `menu_seed`), so live play, a resume, a replay, the
debrief and a paper pack all show the order the players saw, and the order differs between
rounds and roles. A session without a seed (recorded before seeds existed) keeps case order.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Sequence
from typing import Protocol, TypeVar

from interact_cli.case.model import Action, Scenario

MAX_SEED = 2**31 - 1


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Option = TypeVar("Option", bound=HasId)


def neutral_order(
    seed: int | None, round_id: str, role_id: str, menu: Sequence[Option]
) -> tuple[Option, ...]:
    """`menu` shuffled for this (round, role) of a session; case order when `seed` is None.

    The options are sorted by id before the shuffle, so the order depends on neither the
    case file's order nor on anything but the seed, the round, the role and the ids offered.
    """
    if seed is None:
        return tuple(menu)
    options = sorted(menu, key=lambda option: option.id)
    random.Random(f"{seed}:{round_id}:{role_id}").shuffle(options)
    return tuple(options)


def draw_menu_seed() -> int:
    """A fresh seed for a live session, drawn once and written in its header."""
    return secrets.randbelow(MAX_SEED) + 1


def seed_from(source: str) -> int:
    """A fixed seed derived from a dry-run's source, so the same source gives the same orders."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % MAX_SEED + 1


def ordered_menu(
    scenario: Scenario, seed: int | None, round_id: str, role_id: str
) -> tuple[Action, ...]:
    """What `role_id` is offered in round `round_id`, in the session's neutral order."""
    return neutral_order(seed, round_id, role_id, scenario.menu(round_id, role_id))
