"""Crash safety proof: kill a scripted run with SIGKILL at every write in turn, whole or torn.

After each kill the transcript must load, keep every event written before the kill, and
`interact resume` must complete it to the same verdict as an uninterrupted run.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app
from interact_cli.record.transcript import Transcript, load_transcript

DATA = Path(__file__).parent / "data"
CASE = DATA / "tiny.toml"
SEED = "4"

KILLER = """
import os, signal, sys
from interact_cli.record import transcript

KILL_AT, TORN = int(sys.argv[1]), sys.argv[2] == "torn"
real_append = transcript.TranscriptWriter._append
calls = 0

def append(self, text):
    global calls
    if calls == KILL_AT:
        if TORN:
            data = text.encode("utf-8")
            os.write(self._fd, data[: len(data) // 2])
            os.fsync(self._fd)
        os.kill(os.getpid(), signal.SIGKILL)
    calls += 1
    real_append(self, text)

transcript.TranscriptWriter._append = append
from interact_cli.cli.app import main
case, seed, out = sys.argv[3:6]
sys.argv = ["interact", "dry-run", case, "--random", "--seed", seed, "--sessions", out]
main()
"""


def facts(transcript: Transcript) -> list[tuple[object, ...]]:
    """What happened, without wall-clock stamps (a resumed run starts its clock anew)."""
    return [(e.kind, e.round, e.role, e.actions, e.seconds, e.inject) for e in transcript.events]


def verdict(runner: CliRunner, path: Path) -> dict[str, object]:
    result = runner.invoke(app, ["summary", str(path), "--format", "json", "--dir", str(DATA)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    del data["session"]
    return data


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Transcript, dict[str, object]]:
    out = tmp_path_factory.mktemp("reference")
    runner = CliRunner()
    result = runner.invoke(
        app, ["dry-run", str(CASE), "--random", "--seed", SEED, "--sessions", str(out)]
    )
    assert result.exit_code == 0
    (path,) = out.glob("*.toml")
    return load_transcript(path).transcript, verdict(runner, path)


def writes_in_a_run() -> int:
    """The header, every event of the reference run, and the [end] table."""
    import tempfile

    from interact_cli.play.responders import RandomResponder
    from tests.helpers import play_into, tiny

    with tempfile.TemporaryDirectory() as folder:
        played = play_into(tiny(), RandomResponder(int(SEED)), Path(folder))
    return len(played.transcript.events) + 2


def test_the_reference_run_has_the_writes_this_proof_walks(
    reference: tuple[Transcript, dict[str, object]],
) -> None:
    assert len(reference[0].events) + 2 == writes_in_a_run()


@pytest.mark.parametrize("torn", [False, True], ids=["whole", "torn"])
@pytest.mark.parametrize("kill_at", range(1, writes_in_a_run()))
def test_sigkill_at_any_write_loses_nothing_and_resume_completes_it(
    runner: CliRunner,
    tmp_path: Path,
    reference: tuple[Transcript, dict[str, object]],
    kill_at: int,
    torn: bool,
) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(kill_at), "torn" if torn else "whole"]
        + [str(CASE), SEED, str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (path,) = tmp_path.glob("*.toml")

    loaded = load_transcript(path)
    saved_events = kill_at - 1  # every write before the kill, less the header
    assert facts(loaded.transcript) == facts(reference[0])[:saved_events]
    assert loaded.transcript.end is None
    assert len(loaded.warnings) == (1 if torn else 0)  # a half-written event or [end]

    resumed = runner.invoke(app, ["resume", str(path), "--dir", str(DATA)])
    assert resumed.exit_code == 0, resumed.output
    final = load_transcript(path)
    assert final.warnings == ()
    assert final.transcript.end is not None
    assert facts(final.transcript) == facts(reference[0])
    assert verdict(runner, path) == reference[1]
