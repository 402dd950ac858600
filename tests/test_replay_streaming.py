"""Replay's memory stays flat: the files are walked as the replay goes, in the order of their
paths, each once, and the JSON report's list of sessions is written a session at a time.

Checked by construction, never by measuring memory (benchmarks/replay.py measures it)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.play.responders import RandomResponder
from interact_cli.score import walk
from interact_cli.score.aggregate import SessionRow, SpooledRows
from interact_cli.score.view import SessionList, json_pieces
from interact_cli.score.walk import Named, count_transcripts, transcripts
from tests.helpers import DATA, play_into, tiny


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n", encoding="utf-8")


def walked(*paths: Path) -> list[str]:
    return [found.path for found in transcripts(Named.of(list(paths)))]


def test_the_walk_gives_every_transcript_once_in_the_order_of_its_path(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "a.toml",
        "a/b.toml",
        "a-c/x.toml",
        "a/z/deep.toml",
        "b.toml",
        "B.toml",
        "a/notes.txt",
        ".hidden.toml",
        ".git/inside.toml",
    )
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    found = walked(tmp_path)
    assert found == sorted(found)
    assert [Path(path).relative_to(tmp_path).as_posix() for path in found] == [
        "B.toml",
        "a-c/x.toml",
        "a.toml",
        "a/b.toml",
        "a/z/deep.toml",
        "b.toml",
    ]
    assert count_transcripts(Named.of([tmp_path])) == len(found)


def test_a_file_reached_by_two_names_counts_once(tmp_path: Path) -> None:
    touch(tmp_path, "s/one.toml", "s/sub/two.toml", "s/three.toml")
    os.link(tmp_path / "s" / "three.toml", tmp_path / "s" / "sub" / "hard.toml")
    (tmp_path / "s" / "soft.toml").symlink_to(tmp_path / "s" / "one.toml")
    found = walked(tmp_path / "s", tmp_path / "s" / "one.toml", tmp_path / "s" / "sub")
    assert [Path(path).name for path in found] == ["one.toml", "hard.toml", "two.toml"]


def test_the_walk_lists_a_folder_only_when_it_gets_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No index of every file: the first transcript comes before the next folder is read."""
    touch(tmp_path, "one/a.toml", "one/b.toml", "two/c.toml", "three/d.toml")
    listed: list[str] = []
    real = walk.os.scandir

    def scandir(path: str) -> object:
        listed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    stream = transcripts(Named.of([tmp_path]))
    first = next(stream)
    assert Path(first.path).name == "a.toml"
    assert listed == [tmp_path.name, "one"]
    assert [Path(found.path).name for found in stream] == ["b.toml", "d.toml", "c.toml"]


def rows(count: int) -> list[SessionRow]:
    return [
        SessionRow(
            f"s/{index}.toml", f"s{index}", "tiny", "2026-01-01T09:00:00+00:00", "t\u00e9",
            "live", False, index % 2 == 0, None if index % 2 == 0 else "r2", index,
            (1, 2, 3, 0, 0, index, 0),
        )
        for index in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_json_report_written_in_pieces_is_byte_for_byte_the_whole_one(count: int) -> None:
    from interact_cli.score.view import _session

    report = {"format": "x", "sessions": [], "gaps": [{"id": "a"}], "tags": []}
    whole = json.dumps(
        {**report, "sessions": [_session(row) for row in rows(count)]},
        indent=2,
        ensure_ascii=False,
    )
    with SpooledRows() as spool:
        spool.extend(rows(count))
        assert list(spool) == rows(count) and len(spool) == count
        pieces = "".join(json_pieces({**report, "sessions": SessionList(spool)}))
    assert pieces == whole


def test_a_replay_keeps_the_list_of_sessions_only_for_the_json_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seed in range(3):
        play_into(tiny(), RandomResponder(seed), tmp_path / "s", source=f"random:{seed}")
    spooled: list[int] = []
    real_append = SpooledRows.append

    def append(self: SpooledRows, row: SessionRow) -> None:
        spooled.append(1)
        real_append(self, row)

    monkeypatch.setattr(SpooledRows, "append", append)
    args = ["replay", str(tmp_path / "s"), "--dir", str(DATA), "--include-dry-runs"]
    for output in ("md", "csv", "html", "text"):
        assert runner.invoke(app, [*args, "--format", output]).exit_code == 0
    assert spooled == []
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0 and len(spooled) == 3
    listed = json.loads(result.stdout)["sessions"]
    assert [row["file"] for row in listed] == sorted(row["file"] for row in listed)


def test_any_split_of_the_files_merged_in_any_order_gives_the_same_report(tmp_path: Path) -> None:
    """What an engine such as a Dask bag over files does (docs/scaling.md): replay parts of
    the files anywhere, merge their aggregates in whatever order they come back."""
    import random

    from interact_cli.score.aggregate import Aggregate
    from interact_cli.score.batch import Filters, Job, replay_chunk
    from interact_cli.score.view import aggregate_dict

    for seed in range(24):
        play_into(tiny(), RandomResponder(seed), tmp_path / f"s{seed % 3}", source=f"random:{seed}")
    (tmp_path / "s0" / "broken.toml").write_text("format = [\n", encoding="utf-8")
    files = [found.path for found in transcripts(Named.of([tmp_path]))]
    job = Job(Filters(include_dry_runs=True), (str(DATA),))
    whole = replay_chunk(files, job).aggregate
    shuffled = random.Random(5)
    cuts = sorted(shuffled.sample(range(1, len(files)), 6))
    parts = [files[a:b] for a, b in zip([0, *cuts], [*cuts, len(files)], strict=True)]
    shuffled.shuffle(parts)
    pieces = [replay_chunk(part, job).aggregate for part in parts]
    while len(pieces) > 1:  # merged pairwise, in a random tree
        first = pieces.pop(shuffled.randrange(len(pieces)))
        second = pieces.pop(shuffled.randrange(len(pieces)))
        first.merge(second)
        pieces.append(first)
    merged = Aggregate()
    merged.merge(pieces[0])
    cases = {"tiny": tiny()}
    assert aggregate_dict(merged, cases, job.filters, "en") == aggregate_dict(
        whole, cases, job.filters, "en"
    )
