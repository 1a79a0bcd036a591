"""Printable chapters: tools/print_chapters.py turns a built chapter into a PDF
with its text, static figures and widgets' default views, and no navigation or
widget controls. The PDF is turned into PNG pages (pdftoppm) to check it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import print_chapters
import pytest
from bs4 import BeautifulSoup
from conftest import HTML, chapter_notebooks

POPPLER = ("pdftoppm", "pdftotext", "pdfimages")


@pytest.fixture(scope="module")
def poppler():
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed (Debian package poppler-utils)."
        if os.environ.get("BOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " BOOK_REQUIRE_BROWSER=1, so this is a failure.")
        pytest.skip(reason)


def test_chapter_prints_to_pdf_with_its_figures_and_text(built_book, browser, poppler, tmp_path):
    chapter = chapter_notebooks()[0]
    written = print_chapters.print_chapters(
        HTML, tmp_path, [int(chapter.name[:2])], browser=browser
    )
    assert [p.name for p in written] == [f"{chapter.stem}.pdf"]
    pdf = written[0]

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5, f"only {len(pages)} pages"

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = BeautifulSoup(
        (HTML / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8"), "html.parser"
    )
    title = re.sub(r"\s+", " ", html.find("h1").get_text()).strip("# ¶")
    assert title.split(" ", 1)[1][:25] in re.sub(r"\s+", " ", text)
    assert "Takeaway:" in text, "the widgets' default views (with takeaways) should print"
    assert "Live widget." not in text, "widget controls and their live note should not print"
    assert "Skip to main content" not in text and "Show code cell source" not in text, (
        "navigation and code toggles should not print"
    )

    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    image_rows = [line for line in images.splitlines()[2:] if line.strip()]
    static_figures = len(html.select("article img.bk-figure"))
    widgets = len(html.find_all("script", type="application/vnd.jupyter.widget-view+json"))
    assert len(image_rows) >= static_figures + widgets, (
        f"{len(image_rows)} images for {static_figures} figures + {widgets} widgets"
    )


def test_handouts_print_one_worksheet_each(built_book, browser, poppler, tmp_path):
    """Every chapter's organiser, and each judgement activity, prints on its own as a
    worksheet (tools/print_chapters.py --handouts)."""
    written = print_chapters.print_chapters(HTML, tmp_path, browser=browser, handouts=True)
    names = {p.name for p in written}
    for chapter in chapter_notebooks():
        assert f"{chapter.name[:2]}-organiser.pdf" in names, sorted(names)
    judgements = [n for n in names if not n.endswith("-organiser.pdf")]
    assert {n[:2] for n in judgements} >= {"02", "06", "07"}, sorted(names)
    for pdf in written:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Name:" in text and len(text.split()) > 30, pdf.name
        assert "Skip to main content" not in text, pdf.name
