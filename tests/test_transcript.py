"""Transcripts: append-only, fsynced per event, never overwritten, torn tails survived."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from interact_cli.errors import TranscriptError
from interact_cli.play.responders import RandomResponder
from interact_cli.record.transcript import TranscriptWriter, load_transcript
from tests.helpers import play_into, tiny


def test_saved_transcript_loads_back_to_the_same_events(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(7), tmp_path)
    loaded = load_transcript(played.path)
    assert loaded.warnings == ()
    assert loaded.transcript == played.transcript
    text = played.path.read_text(encoding="utf-8")
    assert text.startswith('format = "interact-transcript/2"\n')
    assert text.count("[[events]]") == len(played.transcript.events)
    assert text.rstrip().endswith('reason = "completed"')


def test_header_records_the_case_identity(tmp_path: Path) -> None:
    scenario = tiny()
    header = play_into(scenario, RandomResponder(1), tmp_path).transcript.header
    assert (header.case, header.case_version) == ("tiny", "1")
    assert header.case_sha256 == scenario.sha256 and len(header.case_sha256) == 64
    assert header.mode == "dry-run" and header.lang == "en"


def test_transcript_is_private_to_its_owner(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(1), tmp_path)
    assert stat.S_IMODE(played.path.stat().st_mode) == 0o600


def test_an_existing_transcript_is_never_overwritten(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(1), tmp_path)
    before = played.path.read_bytes()
    with pytest.raises(TranscriptError, match="already exists; it will not be overwritten"):
        TranscriptWriter.create(played.path, played.transcript.header)
    assert played.path.read_bytes() == before


@pytest.mark.parametrize("cut", [1, 7, 20])
def test_a_torn_last_event_is_dropped_with_a_message(tmp_path: Path, cut: int) -> None:
    played = play_into(tiny(), RandomResponder(3), tmp_path)
    text = played.path.read_text(encoding="utf-8")
    last_event = text.rindex("[[events]]")
    torn = tmp_path / "torn.toml"
    torn.write_text(text[: last_event + len("[[events]]\n") + cut], encoding="utf-8")
    loaded = load_transcript(torn)
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].startswith("torn.toml: dropped")
    assert loaded.transcript.events == played.transcript.events[:-1]
    assert loaded.transcript.end is None


def test_a_broken_event_in_the_middle_is_an_error_not_silently_dropped(tmp_path: Path) -> None:
    played = play_into(tiny(), RandomResponder(3), tmp_path)
    text = played.path.read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('kind = "answer"', 'kind = "shout"', 1), encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"bad.toml: events\[\d+\]\.kind: unknown event"):
        load_transcript(bad)


def test_a_case_file_is_not_a_transcript(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="this is a case, not a transcript"):
        load_transcript(Path(__file__).parent / "data" / "tiny.toml")


def test_notes_with_any_characters_round_trip(tmp_path: Path) -> None:
    from interact_cli.play.engine import Answer, Response, Turn

    note = 'He said "auntie" \\ called at 23:00\nthen:\t\x07 ☎ 中文 [[events]]'

    class Noting:
        def respond(self, turn: Turn) -> Response:
            return Answer((), note, 1.5)

    played = play_into(tiny(), Noting(), tmp_path)
    answers = [e for e in load_transcript(played.path).transcript.events if e.kind == "answer"]
    assert answers and all(e.note == note for e in answers)
