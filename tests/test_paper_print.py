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
    """The role cards of every case and language (the longest texts), printed as one
    document to start one browser, and the other documents of one pack."""
    from interact_cli.case.loader import load_scenario

    bodies = []
    for case in ("mariama", "basir"):
        scenario = load_scenario(Path(__file__).parent.parent / "scenarios" / f"{case}.toml")
        for lang in scenario.languages:
            folder = tmp_path / f"{case}-{lang}"
            args = ["pack", case, "--lang", lang, "--seed", "11", "-o", str(folder)]
            assert runner.invoke(app, args).exit_code == 0
            page = (folder / "role-cards.html").read_text(encoding="utf-8")
            head, _, rest = page.partition("<body>")
            bodies.append(rest.partition("</body>")[0])
    every_card = tmp_path / "every-role-card.html"
    every_card.write_text(f"{head}<body>{''.join(bodies)}</body></html>", encoding="utf-8")
    one = tmp_path / "mariama-en"
    jobs = [(every_card, tmp_path / "every-role-card.pdf")] + [
        (one / f"{name}.html", tmp_path / f"{name}.pdf")
        for name in ("facilitator-guide", "inject-cards", "evaluator-sheets")
    ]
    for first in range(0, len(jobs), 2):  # two at a time: more only queue on two cores
        browsers = [start_printing(page, pdf) for page, pdf in jobs[first : first + 2]]
        assert [browser.wait(timeout=120) for browser in browsers] == [0] * len(browsers)
    for page, pdf in jobs:
        sizes = page_sizes(pdf.read_bytes())
        assert sizes and set(sizes) == {A4_POINTS}, pdf.name
        text = page.read_text(encoding="utf-8")
        if page == every_card:
            # A card per page: each fits, none runs over onto a second sheet.
            assert len(sizes) == text.count('class="sheet role-card"')
        if page.name == "inject-cards.html":
            # Two cards per page, to cut in half.
            assert len(sizes) == (text.count('class="sheet inject"') + 1) // 2
