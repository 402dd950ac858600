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


def strict(value: object) -> object:
    """Everything tomllib decides, spelled out: `==` alone ignores types, the sign of zero
    and a datetime's offset (12:00+01:00 == 11:00Z)."""
    if isinstance(value, dict):
        return {key: strict(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strict(item) for item in value]
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, datetime):
        offset = value.utcoffset()
        return ("datetime", value.isoformat(), offset, value.tzname(), type(value.tzinfo))
    return (type(value).__name__, value)


def test_strict_comparison_tells_apart_what_equality_does_not() -> None:
    noon_paris = datetime.fromisoformat("2026-11-28 12:00:00+01:00")
    eleven_utc = datetime.fromisoformat("2026-11-28 11:00:00+00:00")
    assert noon_paris == eleven_utc and strict(noon_paris) != strict(eleven_utc)
    assert 0.0 == -0.0 and strict(0.0) != strict(-0.0)
    assert 1 == 1.0 and strict(1) != strict(1.0)


@st.composite
def transcripts(draw: st.DrawFn) -> list[Event]:
    events = []
    for index in range(draw(st.integers(0, 6))):
        events.append(
            Event(
                draw(st.sampled_from(["answer", "correction", "note", "skip", "inject"])),
                START + timedelta(seconds=index, microseconds=draw(st.integers(0, 999_999))),
                round=draw(ids),
                role=draw(ids),
                actions=tuple(draw(st.lists(ids, max_size=3))),
                note=draw(texts),
                seconds=draw(st.floats(0, 1e6, allow_nan=False)),
                text=draw(texts),
                said=draw(texts),
            )
        )
    return events


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=transcripts(),
    players=st.dictionaries(ids | texts, texts, max_size=3),
    tag=texts,
    seed=st.none() | st.integers(0, 2**31),
    recall=st.booleans(),
)
def test_any_written_transcript_reads_the_same_as_with_tomllib(
    tmp_path: Path,
    events: list[Event],
    players: dict[str, str],
    tag: str,
    seed: int | None,
    recall: bool,
) -> None:
    path = tmp_path / f"t{abs(hash((tuple(events), tag)))}.toml"
    header = Header("s1", "tiny", "1", "ab", "dry-run", "en", START, "", tag, players, seed, recall)
    with TranscriptWriter.create(path, header) as writer:
        for event in events:
            writer.write(event)
        writer.finish(End(START, "completed"))
    text = path.read_text(encoding="utf-8")
    fast = parse_transcript(text)
    assert fast is None or strict(fast) == strict(tomllib.loads(text))
    path.unlink()


def test_transcripts_of_plain_sessions_take_the_fast_path(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(5), tmp_path)
    text = played.path.read_text(encoding="utf-8")
    assert strict(parse_transcript(text)) == strict(tomllib.loads(text))
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


def field(low: int, high: int, *outside: int) -> st.SearchStrategy[str]:
    """Two digits, in range nine times in ten, else just outside it."""
    inside = st.integers(low, high)
    return (
        st.integers(0, 9)
        .flatmap(lambda roll: st.sampled_from(outside) if roll == 0 else inside)
        .map("{:02d}".format)
    )


datetimes_as_written = st.builds(
    "{}-{}-{} {}:{}:{}{}{}".format,
    st.sampled_from(["2026", "0000", "1999", "9999"]),
    field(1, 12, 0, 13),
    field(1, 28, 0, 29, 30, 31, 32),
    field(0, 23, 24, 99),
    field(0, 59, 60, 99),
    field(0, 59, 60, 99),
    st.sampled_from(["", ".123456", ".5"]),
    st.one_of(
        st.just("Z"),
        st.builds(
            "{}{}:{}".format, st.sampled_from("+-"), field(0, 23, 24, 99), field(0, 59, 60, 99)
        ),
    ),
)
numbers_as_written = st.one_of(
    st.from_regex(r"-?[0-9]{1,25}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,20}\.[0-9]{1,20}(e[+-]?[0-9]{1,4})?", fullmatch=True),
    st.floats().map(repr),
)
strings_as_written = st.text(max_size=20).map(lambda text: f'"{text}"')
values_as_written = st.one_of(datetimes_as_written, numbers_as_written, strings_as_written)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(values_as_written, min_size=1, max_size=6))
def test_any_value_in_our_layout_reads_as_tomllib_reads_it_or_is_left_to_it(
    values: list[str],
) -> None:
    text = GOOD + "".join(f"v{index} = {value}\n" for index, value in enumerate(values))
    fast = parse_transcript(text)
    try:
        expected = tomllib.loads(text)
    except ValueError:  # TOMLDecodeError, or more digits than Python converts
        assert fast is None
        return
    assert fast is None or strict(fast) == strict(expected)


@pytest.mark.parametrize(
    "value",
    ["2026-11-29 14:01:50+00:60", "2026-11-29 14:01:50+00:99", "2026-11-29 24:00:00Z", "9" * 5000],
)
def test_values_tomllib_refuses_are_left_to_tomllib(value: str) -> None:
    assert parse_transcript(GOOD + f"at = {value}\n") is None


event_values = st.one_of(
    st.sampled_from(["answer", "skip", "inject", "note", "debrief", "stop", "other"]),
    texts,
    st.integers(-5, 100_000),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.one_of(ids, st.integers()), max_size=3),
    st.datetimes(timezones=st.none() | st.just(UTC)),
)
event_keys = st.sampled_from(
    ["kind", "at", "round", "role", "actions", "note", "seconds", "inject", "reason", "said"]
    + ["text", "went_well", "improve", "unknown"]
)


@settings(max_examples=600, deadline=None)
@given(
    kind=st.sampled_from(["answer", "skip", "inject", "note", "debrief", "stop", "round_end"]),
    at=st.datetimes(datetime(1990, 1, 1), datetime(2110, 1, 1), timezones=st.just(UTC) | st.none()),
    seconds=st.floats(0, 100),
    more=st.dictionaries(event_keys, event_values, max_size=3),
)
def test_the_quick_path_for_plain_events_agrees_with_the_checked_one(
    kind: str, at: datetime, seconds: float, more: dict[str, object]
) -> None:
    """Replay reads events through a quick path that steps aside for anything unusual: it
    must build exactly the event the checked path builds, and nothing the checked path
    refuses."""
    from interact_cli.errors import TranscriptError
    from interact_cli.record.transcript import _checked_event, _plain_event

    raw = {"kind": kind, "at": at, "round": "r1", "role": "a", "seconds": seconds, **more}
    quick = _plain_event(raw)
    try:
        checked = _checked_event(raw, "events[0]")
    except TranscriptError:
        assert quick is None
        return
    assert quick is None or quick == checked


def test_literals_remembered_from_other_files_are_read_the_same_way_again() -> None:
    """The reader remembers literals it has read (most repeat across files): a remembered
    one must still be refused where it does not belong, and a line of an array is no literal."""
    first = GOOD + 'actions = [\n    "sis_alert",\n]\nnote = "plain"\nat = 2026-11-28 09:00:00Z\n'
    assert parse_transcript(first) is not None
    assert parse_transcript(GOOD + 'note =     "sis_alert",\n') is None
    again = parse_transcript(GOOD + 'role = "plain"\nseconds = 2026-11-28 09:00:00Z\n')
    assert again is not None and again["events"][0]["role"] == "plain"
    assert strict(again) == strict(
        tomllib.loads(GOOD + 'role = "plain"\nseconds = 2026-11-28 09:00:00Z\n')
    )
