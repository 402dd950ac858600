"""The paper pack printed as a browser prints it: A4 pages, one role card per page.

Needs a headless Chromium (Debian: apt-get install chromium); skipped where there is none,
so no machine has to install a browser to run the suite.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interact_cli.cli.app import app

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
A4_POINTS = (595, 842)


def start_printing(page: Path, pdf: Path) -> subprocess.Popen[bytes]:
    """The browser printing `page` to `pdf`, started (the documents print side by side)."""
    return subprocess.Popen(
        [
            str(BROWSER),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            # Each its own profile: browsers started together must not share one.
            f"--user-data-dir={pdf.with_suffix('.profile')}",
            page.resolve().as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """The size of each page, in whole points, from the PDF's page objects."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")
def test_each_document_prints_on_a4_and_each_role_card_fits_one_page(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "pack"
    result = runner.invoke(app, ["pack", "mariama", "--seed", "11", "-o", str(folder)])
    assert result.exit_code == 0
    cards = (
        (folder / "role-cards.html").read_text(encoding="utf-8").count('class="sheet role-card"')
    )
    injects = (
        (folder / "inject-cards.html").read_text(encoding="utf-8").count('class="sheet inject"')
    )
    names = ("facilitator-guide", "role-cards", "inject-cards", "evaluator-sheets")
    printing = [start_printing(folder / f"{n}.html", tmp_path / f"{n}.pdf") for n in names]
    assert [browser.wait(timeout=120) for browser in printing] == [0] * len(names)
    for name in names:
        sizes = page_sizes((tmp_path / f"{name}.pdf").read_bytes())
        assert sizes and set(sizes) == {A4_POINTS}, name
        if name == "role-cards":
            assert len(sizes) == cards  # a card per page: each fits, none runs over
        if name == "inject-cards":
            assert len(sizes) == (injects + 1) // 2  # two cards per page, to cut in half
