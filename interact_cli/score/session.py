"""One session scored against its case as it is now: the path `summary` and `replay` share.

The recorded history is judged (`play.history`), replayed through the engine without what
does not fit, then assessed with the steps the left-out answers touch not assessed. Both
commands go this way, so one session gets the same verdict from either.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from interact_cli.case.model import Scenario
from interact_cli.play.replayer import Replayed, replay_session
from interact_cli.record.transcript import Transcript
from interact_cli.score.scoring import Assessment, assess


@dataclass(frozen=True)
class ScoredSession:
    assessment: Assessment
    replayed: Replayed


def score_session(scenario: Scenario, transcript: Transcript) -> ScoredSession:
    """The session's verdict, and the replay it rests on (misfits, unplayed parts, outcome).

    A session finished only when its transcript says so: one stopped in the debrief, after
    the last round, replays to the end of the rounds but is still not finished.
    """
    replayed = replay_session(scenario, transcript)
    played = replayed.transcript
    if transcript.end is None:
        played = dataclasses.replace(played, end=None)
    return ScoredSession(assess(scenario, played, replayed.misfits), replayed)
