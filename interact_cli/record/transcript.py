"""Transcripts: append-only TOML, one `[[events]]` table written and fsynced per event.

The file holds what happened, never a verdict: scores are recomputed from it every time.
A crash can tear the last event; the loader drops a torn tail and says so.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from interact_cli import platform_io
from interact_cli.errors import TranscriptError
from interact_cli.i18n import _
from interact_cli.record.events import EVENT_KINDS, Event
from interact_cli.record.toml_file import check_format, read_text, refuse_deep_keys

TRANSCRIPT_FORMAT = "interact-transcript/2"
OLDER_FORMATS = ("interact-transcript/1",)
"""Still read: a /1 transcript has no `menu_seed` (its menus keep case order), `recall`,
`said` or corrections; it may have `table`."""
MAX_TRANSCRIPT_BYTES = 64_000_000
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""The case format's id pattern (case.format.ID_PATTERN): a transcript names its case by id."""
MAX_SECONDS = 86_400
YEARS = range(2000, 2101)
"""Dates a transcript may hold; anything else is a broken or hostile file."""
_ROLE_ID = CASE_ID
"""Roles have the same id pattern as cases (case.format.ID_PATTERN)."""
_BLOCK_START = re.compile(r"^\[\[events\]\]$|^\[end\]$", re.MULTILINE)


@dataclass(frozen=True)
class Header:
    session: str
    case: str
    case_version: str
    case_sha256: str
    mode: str
    lang: str
    started: datetime
    source: str = ""
    tag: str = ""
    players: dict[str, str] = field(default_factory=dict)
    table: tuple[str, ...] = ()
    """The roles played at the table; empty in older transcripts, which did not record it."""
    menu_seed: int | None = None
    """The seed of the neutral order of every menu (None: case order, as /1 transcripts)."""
    recall: bool = False
    """Each role was asked in its own words before its checklist."""


@dataclass(frozen=True)
class End:
    at: datetime
    reason: str


@dataclass(frozen=True)
class Transcript:
    header: Header
    events: tuple[Event, ...]
    end: End | None = None
    path: str = field(default="", compare=False)


@dataclass(frozen=True)
class LoadedTranscript:
    transcript: Transcript
    warnings: tuple[str, ...]
    whole_bytes: int
    """How many bytes of the file hold whole events; the rest is a torn tail."""


def new_session_id(case_id: str, now: datetime) -> str:
    return f"{now:%Y-%m-%d}-{case_id}-{secrets.token_hex(3)}"


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event as a TOML table, leaving out fields its kind does not use."""
    out: dict[str, Any] = {}
    for spec in fields(Event):
        value = getattr(event, spec.name)
        if spec.name == "at" or value in (None, "", ()):
            continue
        out[spec.name] = list(value) if isinstance(value, tuple) else value
    out["at"] = event.at
    return out


def header_to_dict(header: Header) -> dict[str, Any]:
    out: dict[str, Any] = {"format": TRANSCRIPT_FORMAT}
    for spec in fields(Header):
        value = getattr(header, spec.name)
        if value is not None and value is not False and value not in ("", {}, ()):
            out[spec.name] = list(value) if isinstance(value, tuple) else value
    return out


def header_text(header: Header) -> str:
    """The header as our writer lays it out: the start of every transcript file."""
    import tomli_w

    return tomli_w.dumps(header_to_dict(header))


def event_text(event: Event) -> str:
    """One event as appended to a transcript, as a `[[events]]` table."""
    import tomli_w

    # Written by hand as a `[[events]]` header: tomli-w would inline a short array.
    return "\n[[events]]\n" + tomli_w.dumps(event_to_dict(event))


def end_text(end: End) -> str:
    import tomli_w

    return "\n[end]\n" + tomli_w.dumps({"at": end.at, "reason": end.reason})


def transcript_text(transcript: Transcript) -> str:
    """A whole transcript, byte for byte as `TranscriptWriter` would have written it event by
    event (simulated sessions are played in memory and written once)."""
    parts = [header_text(transcript.header)]
    parts += [event_text(event) for event in transcript.events]
    if transcript.end is not None:
        parts.append(end_text(transcript.end))
    return "".join(parts)


class TranscriptWriter:
    """Appends events to one transcript file, each fsynced before the call returns."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def create(cls, path: Path, header: Header) -> TranscriptWriter:
        """Start a new transcript; never overwrites an existing file."""
        try:
            platform_io.make_private_folder(path.parent)
            fd = platform_io.create_new(path, append=True)
        except FileExistsError:
            raise TranscriptError(f"{path}: already exists; it will not be overwritten") from None
        except OSError as exc:
            raise TranscriptError(f"{path}: cannot create ({exc.strerror or exc})") from None
        writer = cls(path, fd)
        writer._append(header_text(header))
        platform_io.fsync_folder(path.parent)
        return writer

    @classmethod
    def reopen(cls, path: Path, whole_bytes: int) -> TranscriptWriter:
        """Continue a transcript, first cutting a torn tail.

        The tail is cut in place (truncate and fsync), never by renaming a copy over the
        transcript: nothing is rewritten, and the file keeps the identity its lock is on.
        """
        try:
            fd = platform_io.open_existing(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise TranscriptError(f"{path}: cannot write ({exc.strerror or exc})") from None
        writer = cls(path, fd)
        try:
            if os.fstat(fd).st_size != whole_bytes:
                os.ftruncate(fd, whole_bytes)
                os.fsync(fd)
        except OSError as exc:
            writer.close()
            raise TranscriptError(f"{path}: cannot write ({exc.strerror or exc})") from None
        return writer

    def write(self, event: Event) -> None:
        self._append(event_text(event))

    def finish(self, end: End) -> None:
        self._append(end_text(end))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> TranscriptWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _append(self, text: str) -> None:
        """Append and fsync; on failure the file is cut back to what it was before."""
        if not platform_io.still_at(self._fd, self.path):
            raise TranscriptError(
                _(
                    "{path}: the transcript was deleted, moved or replaced during the session; "
                    "this answer and the ones after it cannot be saved"
                ).format(path=self.path)
            )
        before = -1
        try:
            before = os.fstat(self._fd).st_size
            platform_io.write_all(self._fd, text.encode("utf-8"))
            os.fsync(self._fd)
        except OSError as exc:
            if before >= 0:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, before)
                    os.fsync(self._fd)
            raise TranscriptError(
                f"{self.path}: cannot save ({exc.strerror or exc}); "
                "everything before this answer is on disk"
            ) from None


def load_transcript(
    path: Path, parse_first: Callable[[str], dict[str, Any] | None] | None = None
) -> LoadedTranscript:
    """The transcript in `path`; a torn last event is dropped with a warning.

    `parse_first` may parse the text before tomllib does (batch replay passes a faster reader
    of our own layout); when it returns None, tomllib parses the text as usual.
    """
    text = read_text(path, TranscriptError, MAX_TRANSCRIPT_BYTES)
    name = path.name
    warnings: list[str] = []
    parsed = parse_first(text) if parse_first is not None else None
    if parsed is None:
        doc, whole = _parse_dropping_torn_tail(text, name, warnings)
    else:
        doc, whole = parsed, len(text)
    check_format(doc, TRANSCRIPT_FORMAT, name, "a transcript", TranscriptError, OLDER_FORMATS)
    header = _header(doc, name)
    raw_events = doc.get("events", [])
    if not isinstance(raw_events, list):
        raise TranscriptError(f"{name}: events: expected an array of tables")
    events: list[Event] = []
    for index, raw in enumerate(raw_events):
        try:
            events.append(_event(raw, f"events[{index}]"))
        except TranscriptError as exc:
            last = index == len(raw_events) - 1 and "end" not in doc
            if not last:
                raise TranscriptError(f"{name}: {exc.message}") from None
            whole = _last_block_start(text[:whole]) or whole
            warnings.append(
                f"{name}: dropped an incomplete last event ({exc.message}); "
                "the answers before it are kept"
            )
    end = _end(doc.get("end"), name)
    transcript = Transcript(header, tuple(events), end, str(path))
    return LoadedTranscript(transcript, tuple(warnings), len(text[:whole].encode("utf-8")))


def _last_block_start(text: str) -> int | None:
    starts = [match.start() for match in _BLOCK_START.finditer(text)]
    return starts[-1] if starts else None


def _parse_dropping_torn_tail(
    text: str, name: str, warnings: list[str]
) -> tuple[dict[str, Any], int]:
    refuse_deep_keys(text, name, TranscriptError)
    try:
        return tomllib.loads(text), len(text)
    except ValueError as first:  # TOMLDecodeError, or too many digits in a number
        cut = _last_block_start(text)
        if cut is not None:
            try:
                doc = tomllib.loads(text[:cut])
            except ValueError:
                pass
            else:
                warnings.append(
                    f"{name}: dropped a torn last event ({len(text) - cut} characters cut by "
                    "a crash); the answers before it are kept"
                )
                return doc, cut
        if not isinstance(first, tomllib.TOMLDecodeError):
            first = ValueError(_("a number has too many digits"))
        raise TranscriptError(f"{name}: invalid TOML: {first}") from None
    except RecursionError:
        raise TranscriptError(f"{name}: invalid TOML: nested too deeply") from None


def _want(raw: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in raw:
        raise TranscriptError(f"{where}{key}: missing required key")
    value = raw[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise TranscriptError(f"{where}{key}: wrong type ({type(value).__name__})")
    return value


def _optional(raw: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
    return _want(raw, key, kind, where) if key in raw else default


def _moment(raw: dict[str, Any], key: str, where: str) -> datetime:
    """A date and time with its UTC offset, in the years a session can have taken place."""
    value: datetime = _want(raw, key, datetime, where)
    if value.utcoffset() is None:
        raise TranscriptError(
            _("{where}{key}: needs its UTC offset, such as 2026-11-28 09:00:00+00:00").format(
                where=where, key=key
            )
        )
    if value.year not in YEARS:
        raise TranscriptError(
            _("{where}{key}: year {year} is out of range ({first} to {last})").format(
                where=where, key=key, year=value.year, first=YEARS[0], last=YEARS[-1]
            )
        )
    return value


_HEADER_KEYS = {f.name for f in fields(Header)} | {"format", "events", "end"}


def _header(doc: dict[str, Any], name: str) -> Header:
    where = f"{name}: "
    for key in doc:
        if key not in _HEADER_KEYS:
            raise TranscriptError(f"{where}{key}: unknown key")
    session = _want(doc, "session", str, where)
    if not SESSION_ID.fullmatch(session):
        raise TranscriptError(f"{where}session: {session!r} is not a safe session id")
    case = _want(doc, "case", str, where)
    if not CASE_ID.fullmatch(case):
        raise TranscriptError(
            _("{where}case: '{case}' is not a case id").format(where=where, case=case)
        )
    players = _optional(doc, "players", dict, where, {})
    if not all(isinstance(value, str) for value in players.values()):
        raise TranscriptError(f"{where}players: every player name must be a string")
    started = _moment(doc, "started", where)
    table = _optional(doc, "table", list, where, [])
    if "table" in doc and (
        not table or not all(isinstance(role, str) and _ROLE_ID.fullmatch(role) for role in table)
    ):
        raise TranscriptError(f"{where}table: expected a non-empty array of role ids")
    menu_seed = _optional(doc, "menu_seed", int, where, None)
    if menu_seed is not None and menu_seed < 0:
        raise TranscriptError(f"{where}menu_seed: must be a whole number >= 0")
    return Header(
        session=session,
        case=case,
        case_version=_want(doc, "case_version", str, where),
        case_sha256=_want(doc, "case_sha256", str, where),
        mode=_want(doc, "mode", str, where),
        lang=_want(doc, "lang", str, where),
        started=started,
        source=_optional(doc, "source", str, where, ""),
        tag=_optional(doc, "tag", str, where, ""),
        players=dict(players),
        table=tuple(dict.fromkeys(table)),
        menu_seed=menu_seed,
        recall=_optional(doc, "recall", bool, where, False),
    )


_EVENT_FIELDS = frozenset(f.name for f in fields(Event))
_KINDS = frozenset(EVENT_KINDS)
_WITH_ROLE = frozenset(("answer", "correction", "skip", "debrief"))
_ROUND_OPTIONAL = frozenset(("debrief", "stop"))
_PLAIN_TYPES: dict[str, type] = {
    "kind": str,
    "at": datetime,
    "round": str,
    "role": str,
    "actions": list,
    "note": str,
    "seconds": float,
    "inject": str,
    "reason": str,
    "text": str,
    "went_well": str,
    "improve": str,
    "said": str,
}


def _event(raw: object, path: str) -> Event:
    """The event in `raw`, or a TranscriptError naming the key that is wrong."""
    return _plain_event(raw) or _checked_event(raw, path)


def _plain_event(raw: object) -> Event | None:
    """The event, when every key is known and every value exactly of its type, as our writer
    writes them; otherwise None, and `_checked_event` says what is wrong (or accepts it).

    A replay reads every event of thousands of files: this path costs a third of the checked
    one. tests/test_properties.py checks that the two agree.
    """
    if type(raw) is not dict:
        return None
    for key, value in raw.items():
        wanted = _PLAIN_TYPES.get(key)  # None for an unknown key: no value is of type None
        if type(value) is not wanted and not (wanted is float and type(value) is int):
            return None
    get = raw.get
    kind, at = get("kind"), get("at")
    if kind not in _KINDS or at is None or at.utcoffset() is None or at.year not in YEARS:
        return None
    round_, role, inject, seconds = get("round"), get("role"), get("inject"), get("seconds")
    if round_ is None and kind not in _ROUND_OPTIONAL:
        return None
    if role is None and kind in _WITH_ROLE or inject is None and kind == "inject":
        return None
    if seconds is None:
        if kind == "answer":
            return None
    elif not 0 <= seconds <= MAX_SECONDS:  # NaN is not in range either
        return None
    actions = get("actions")
    if actions is None:
        actions = ()
    else:
        for action in actions:
            if type(action) is not str:
                return None
        actions = tuple(actions)
    return Event(
        kind,
        at,
        round_,
        role if kind in _WITH_ROLE else None,
        actions,
        get("note", ""),
        float(seconds) if seconds is not None else None,
        inject if kind == "inject" else None,
        get("reason"),
        get("text", ""),
        get("went_well", ""),
        get("improve", ""),
        get("said", ""),
    )


def _checked_event(raw: object, path: str) -> Event:
    where = f"{path}."
    if not isinstance(raw, dict):
        raise TranscriptError(f"{path}: expected a table")
    for key in raw:
        if key not in _EVENT_FIELDS:
            raise TranscriptError(f"{where}{key}: unknown key")
    kind = _want(raw, "kind", str, where)
    if kind not in EVENT_KINDS:
        raise TranscriptError(f"{where}kind: unknown event kind {kind!r}")
    actions = _optional(raw, "actions", list, where, [])
    if not all(isinstance(action, str) for action in actions):
        raise TranscriptError(f"{where}actions: every action must be a string")
    seconds = _optional(raw, "seconds", (int, float), where, None)  # type: ignore[arg-type]
    if seconds is not None and not 0 <= seconds <= MAX_SECONDS:  # NaN is not in range either
        raise TranscriptError(
            _("{where}seconds: must be a number from 0 to {most}").format(
                where=where, most=MAX_SECONDS
            )
        )
    needs_role = kind in ("answer", "correction", "skip", "debrief")
    event = Event(
        kind=kind,
        at=_moment(raw, "at", where),
        round=_want(raw, "round", str, where)
        if kind not in ("debrief", "stop")
        else _optional(raw, "round", str, where, None),
        role=_want(raw, "role", str, where) if needs_role else None,
        actions=tuple(actions),
        note=_optional(raw, "note", str, where, ""),
        seconds=float(seconds) if seconds is not None else None,
        inject=_want(raw, "inject", str, where) if kind == "inject" else None,
        reason=_optional(raw, "reason", str, where, None),
        text=_optional(raw, "text", str, where, ""),
        went_well=_optional(raw, "went_well", str, where, ""),
        improve=_optional(raw, "improve", str, where, ""),
        said=_optional(raw, "said", str, where, ""),
    )
    if kind == "answer" and event.seconds is None:
        raise TranscriptError(f"{where}seconds: missing required key")
    return event


def _end(raw: object, name: str) -> End | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise TranscriptError(f"{name}: end: expected a table")
    where = f"{name}: end."
    return End(_moment(raw, "at", where), _want(raw, "reason", str, where))


def find_session(name: str, out: Path) -> Path:
    """A transcript's path from its path or its session id (looked up in `out`)."""
    path = Path(name)
    if path.suffix == ".toml" or "/" in name or path.exists():
        return path
    candidate = out / f"{name}.toml"
    if candidate.is_file():
        return candidate
    raise TranscriptError(f"{name}: no such session in {out}/ (give the transcript's path)")
