"""The exit-code table in the README is the truth: each code it lists is the one users get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli import app as cli
from interact_cli.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_codes() -> set[int]:
    section = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}


def test_the_readme_lists_every_exit_code() -> None:
    assert readme_codes() == {0, 1, 2, 130}


def test_0_1_and_2_as_the_table_says(runner: CliRunner, tiny_case: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(tiny_case.read_text(encoding="utf-8").replace('by = "r3"', 'by = "r9"'))
    assert runner.invoke(app, ["validate", str(tiny_case)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(broken)]).exit_code == 1
    missing = runner.invoke(app, ["summary", str(tmp_path / "gone.toml")])
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")
    assert runner.invoke(app, ["dry-run", str(tiny_case), "--idle", "--ideal"]).exit_code == 2


def test_130_on_ctrl_c(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(**options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 130
    assert "interrupted" in capsys.readouterr().err
