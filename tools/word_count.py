"""Count each chapter's core path: the student-facing prose on its student-edition page.

    python tools/build_book.py --student      # first: the student edition
    python tools/word_count.py                # a table, one row per chapter

A chapter is two lessons of 45 minutes, often read in a second language, so its core
path is at most ``CORE_LIMIT`` words, and the first source or data activity starts
within ``START_LIMIT`` words. The count is what a student reads on the page: headings,
paragraphs, lists, boxes, the documents, the widgets' takeaways and the quiz. It leaves
out what is folded away or is not prose: dropdowns ("About this data", "Go further",
solutions, teacher notes), code, tables of data, figures (their alt text is for screen
readers) and the boxes of the organiser.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parents[1]
STUDENT_HTML = ROOT / "_build" / "student" / "_build" / "html"
CORE_LIMIT = 2500
START_LIMIT = 600
# Where the first source or data activity starts: these level-2 headings.
ACTIVITY_HEADINGS = ("Sources", "Data activity")
# Not counted: folded away, or not prose.
LEFT_OUT = [
    "details",  # dropdowns (sphinx-design, MyST {dropdown})
    ".dropdown",  # admonitions folded with :class: dropdown
    ".toggle-hidden",
    ".bk-about",  # "About this data"
    ".bk-cer",  # the organiser's boxes
    ".cell_input",  # code
    "pre",
    "table",
    "script",
    "style",
    ".headerlink",
    ".bk-feedback",  # the quiz's feedback shows only once an answer is chosen
    ".bk-views legend",
    ".bk-views-note",
    ".bk-print-only",  # shown only when printed
]
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u3040-\u30FF\u4E00-\u9FFF]+(?:['’.,-][A-Za-z0-9]+)*")


def article(page: Path) -> Tag:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("main article") or soup.select_one("main") or soup
    for selector in LEFT_OUT:
        for element in body.select(selector):
            element.decompose()
    return body


def words(text: str) -> int:
    return len(WORD.findall(text))


def count(page: Path) -> dict:
    """Core-path words, and the words before the first source or data activity."""
    body = article(page)
    total = words(body.get_text(" "))
    before = None
    for heading in body.find_all("h2"):
        if heading.get_text(" ").strip().startswith(ACTIVITY_HEADINGS):
            text = []
            for element in body.descendants:
                if element is heading:
                    break
                if isinstance(element, str):
                    text.append(element)
            before = words(" ".join(text))
            break
    return {"page": page.stem, "core": total, "before_activity": before}


def chapter_pages(site: Path) -> list[Path]:
    return sorted((site / "chapters").glob("[0-9][0-9]-*.html"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, default=STUDENT_HTML, help="a built student edition")
    args = parser.parse_args()
    pages = chapter_pages(args.site)
    if not pages:
        print(
            f"No chapter pages in {args.site}: build the student edition first "
            "(python tools/build_book.py --student)."
        )
        return 2
    print(
        f"| chapter | core words (limit {CORE_LIMIT}) | words before the first activity "
        f"(limit {START_LIMIT}) |"
    )
    print("|---|---|---|")
    ok = True
    for page in pages:
        row = count(page)
        core_ok = row["core"] <= CORE_LIMIT
        start_ok = row["before_activity"] is not None and row["before_activity"] <= START_LIMIT
        ok &= core_ok and start_ok
        print(
            f"| {row['page']} | {row['core']}{'' if core_ok else ' ✗'} | "
            f"{row['before_activity']}{'' if start_ok else ' ✗'} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
