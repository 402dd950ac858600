"""The fast transcript reader gives exactly what tomllib gives, or steps aside (None)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interact_cli.play.responders import RandomResponder
from interact_cli.record.events import Event
from interact_cli.record.fast_reader import parse_transcript
from interact_cli.record.transcript import End, Header, TranscriptWriter, load_transcript
from tests.helpers import play_into, tiny

START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
texts = st.text(max_size=40)


@st.composite
def transcripts(draw: st.DrawFn) -> list[Event]:
    events = []
    for index in range(draw(st.integers(0, 6))):
        events.append(
            Event(
                draw(st.sampled_from(["answer", "note", "skip", "inject"])),
                START + timedelta(seconds=index, microseconds=draw(st.integers(0, 999_999))),
                round=draw(ids),
                role=draw(ids),
                actions=tuple(draw(st.lists(ids, max_size=3))),
                note=draw(texts),
                seconds=draw(st.floats(0, 1e6, allow_nan=False)),
                text=draw(texts),
            )
        )
    return events


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=transcripts(), players=st.dictionaries(ids | texts, texts, max_size=3), tag=texts)
def test_any_written_transcript_reads_the_same_as_with_tomllib(
    tmp_path: Path, events: list[Event], players: dict[str, str], tag: str
) -> None:
    path = tmp_path / f"t{abs(hash((tuple(events), tag)))}.toml"
    header = Header("s1", "tiny", "1", "ab", "dry-run", "en", START, tag=tag, players=players)
    with TranscriptWriter.create(path, header) as writer:
        for event in events:
            writer.write(event)
        writer.finish(End(START, "completed"))
    text = path.read_text(encoding="utf-8")
    fast = parse_transcript(text)
    assert fast is None or fast == tomllib.loads(text)
    path.unlink()


def test_transcripts_of_plain_sessions_take_the_fast_path(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(5), tmp_path)
    text = played.path.read_text(encoding="utf-8")
    assert parse_transcript(text) == tomllib.loads(text)
    assert load_transcript(played.path, parse_transcript) == load_transcript(played.path)


GOOD = 'format = "interact-transcript/1"\nsession = "s"\n\n[[events]]\nkind = "note"\n'


@pytest.mark.parametrize(
    "text",
    [
        GOOD + "# a comment\n",
        GOOD.replace("\n", "\r\n"),
        GOOD + 'text = "say \\"hi\\""\n',
        GOOD + 'kind = "again"\n',
        GOOD + "[end]\nat = 1\n[end]\n",
        GOOD + 'actions = ["inline"]\n',
        GOOD + "seconds = 1e5\n",
        GOOD + "seconds = +3\n",
        GOOD + "at = 2026-13-45 09:00:00+00:00\n",
        GOOD + "[[events]]\nkind = ",
        GOOD + 'actions = [\n    "torn",\n',
        'events = "x"\n[[events]]\n',
        "[other]\n",
    ],
)
def test_anything_but_our_own_layout_is_left_to_tomllib(text: str) -> None:
    assert parse_transcript(text) is None
