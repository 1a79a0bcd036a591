"""The printable worksheets on a chapter's page, and the names of their PDFs.

``tools/print_chapters.py --handouts`` prints each worksheet it finds on a built
chapter page on its own; the teacher guide lists the same worksheets, found in the
chapter's executed outputs (``_ext/teacherunit.py``). Both take the selectors and the
file names from here, so the guide names the files the command writes.
"""

from __future__ import annotations

from dataclasses import dataclass

# Worksheets on a chapter page: CSS class selector -> what the PDF's name says it is
# (None: the name is the form's id, e.g. Chapter 6's scorecard).
SHEETS = {".bk-cer": "organiser", ".bk-judge": None}


@dataclass(frozen=True)
class Handout:
    pdf: str  # the file name print_chapters.py gives it
    anchor: str  # the worksheet's id on the chapter page ("" if it has none)
    label: str  # what it is, for a teacher: the organiser, or the task it belongs to


def pdf_name(chapter_stem: str, kind: str | None, sheet_id: str, number: int, count: int) -> str:
    """The PDF of the ``number``-th (from 0) of ``count`` worksheets of one kind on a page."""
    suffix = "" if count == 1 else f"-{number + 1}"
    return f"{chapter_stem[:2]}-{kind or sheet_id}{suffix}.pdf"


def handouts(chapter_stem: str, pieces: list[tuple[str, str]]) -> list[Handout]:
    """The worksheets on a chapter page, in the order print_chapters.py prints them.

    ``pieces`` is the page's HTML in order, each piece with the title of the "Try it"
    task above it ("" if none): a judgement activity is named after its task."""
    from bs4 import BeautifulSoup  # needed only when the book is built

    # Parse only the pieces that name a worksheet's class, each once (most hold none).
    pages = [
        (BeautifulSoup(html, "html.parser"), task)
        for html, task in pieces
        if any(selector.removeprefix(".") in html for selector in SHEETS)
    ]
    found = []
    for selector, kind in SHEETS.items():
        sheets = [(sheet, task) for page, task in pages for sheet in page.select(selector)]
        for number, (sheet, task) in enumerate(sheets):
            sheet_id = sheet.get("id", "")
            if kind == "organiser":
                label = "Claim-evidence-reasoning organiser (the document set)"
            else:
                label = f"Try it: {task}" if task else sheet.get("aria-label", sheet_id)
            found.append(
                Handout(
                    pdf_name(chapter_stem, kind, sheet_id, number, len(sheets)), sheet_id, label
                )
            )
    return found
