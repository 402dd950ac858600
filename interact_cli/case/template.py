"""A commented starter case for `interact new`: valid, playable, and scoring 100 % when ideal."""

from __future__ import annotations

import re

from interact_cli.case.format import ID_PATTERN
from interact_cli.errors import UsageError

DEFAULT_ROLES = ("police", "child_protection", "reception")


def starter_case(case_id: str, roles: tuple[str, ...] = DEFAULT_ROLES) -> str:
    """The TOML text of a starter case with one round per stage and a step per role."""
    for name in (case_id, *roles):
        if not re.fullmatch(ID_PATTERN, name):
            raise UsageError(f"{name!r} is not a valid id (letters, digits, '_' or '-')")
    if len(set(roles)) != len(roles) or not roles:
        raise UsageError("--roles needs one or more different role ids")
    parts = [_HEADER.format(case_id=case_id)]
    parts += [_ROLE.format(role=role) for role in roles]
    parts += [_ACTION.format(role=role) for role in roles]
    parts.append(_HARMFUL.format(role=roles[0]))
    parts.append(_ROUND_ONE)
    parts += [_EXPECT.format(role=role) for role in roles]
    parts.append(_ROUND_TWO.format(first=roles[0]))
    steps = ", ".join(f'"{role}_acts"' for role in roles)
    parts.append(_TAIL.format(steps=steps))
    return "\n".join(parts)


_HEADER = """\
# A starter case for interact. Every text may also be a table of languages:
#   title = {{ en = "...", fr = "..." }}
# Check it with:  interact validate {case_id}.toml
# Try it with:    interact dry-run {case_id}.toml --ideal
# Format:         docs/scenario-format.md (or `interact schema` for your editor)
# Cases are always fictional: base them on real patterns, never on a real child.

format = "interact-scenario/1"
id = "{case_id}"
version = "0.1"
title = "A new case"
summary = "Replace with your synopsis of the whole case, for facilitators only (reports)."
opening = "Replace with what the players may know at the start: who, where and when."
languages = ["en"]
fallback_language = "en"
countries = ["AA"]
choices = 3          # the most actions a role may tick in a round (a round may override it)
# recall = true      # ask each role in its own words what it does before its checklist

# The agency roles players take. Role ids are used below: keep them stable.
"""

_ROLE = """\
[[roles]]
id = "{role}"
agency = "{role}"
country = "AA"
name = "{role} (rename me)"
description = "What this role can do in the exercise."
"""

_ACTION = """\
# The action menu: each action lists the roles that may choose it.
[[actions]]
id = "{role}_acts"
roles = ["{role}"]
label = "The first thing {role} should do (rename me)"
"""

_HARMFUL = """\
# A tempting wrong choice: `harmful` says why it harms the child, `ref` the guidance.
# `from` and `until` (round ids) offer an action only in those rounds, so no menu tells
# the players what happens next.
[[actions]]
id = "wait_and_see"
roles = ["{role}"]
label = "Wait and see whether the child comes back"
harmful = "No waiting period applies to a missing child: the first hours matter most."
ref = "Your guidance here"
until = "first_contact"
"""

_ROUND_ONE = """\
# Rounds are played in order. `clock` is scenario time; `timebox` is minutes.
[[rounds]]
id = "first_contact"
title = "First contact"
clock = "Day 1, 22:00"
briefing = "What the players learn at the start of this round."
timebox = 15
"""

_EXPECT = """\
# An expected step: who must do what, by which round, and the guidance behind it.
[[rounds.expect]]
action = "{role}_acts"
role = "{role}"
by = "first_contact"
critical = true
ref = "Your guidance here (source and short title)"
"""

_ROUND_TWO = """\
[[rounds]]
id = "next_morning"
title = "Next morning"
clock = "Day 2, 07:00"
briefing = "What happens next."
timebox = 15

# Released only if the condition on earlier rounds holds.
[[rounds.injects]]
id = "consequence"
when = "missed:{first}_acts"
text = "Because nobody acted last night, …"
"""

_TAIL = """\
# Objectives group expected steps as trainers state them.
[[objectives]]
id = "first_response"
title = "Respond at once on first contact"
steps = [{steps}]

# Reserve injects: the facilitator may release them at any time.
[[reserve]]
id = "phone_call"
title = "An unexpected phone call"
text = "Someone calls asking about the child."
"""
