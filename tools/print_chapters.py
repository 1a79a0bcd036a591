"""Print the built book's chapters to PDF, for handouts, with headless Chromium.

    python tools/print_chapters.py                  # every chapter of _build/html -> _build/pdf/
    python tools/print_chapters.py --student        # from the student edition (no solutions)
    python tools/print_chapters.py --chapters 1 3   # only Chapters 1 and 3
    python tools/print_chapters.py --handouts       # the worksheets, in _build/pdf/handouts/

Build the book first (tools/build_book.py, with --student for the student
edition). Each PDF has the chapter's text, its static figures and each widget's
default view with its takeaway; the navigation, the widget controls and the
code are left out by the book's print style sheet (_static/book.css).
With ``--handouts`` it prints each chapter's worksheets instead, one A4 PDF each:
the claim-evidence-reasoning organiser that ends every document set, and the
judgement activities (Chapter 2's stance-coding sheet, Chapter 3's predict-then-reveal
sheet, Chapter 6's two scorecards, Chapter 7's weighing sheet). Printed, their boxes and
buttons become lines to fill in.
Needs Chromium (Debian package `chromium`) and the Python package playwright.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from headless_chromium import CHROMIUM, CHROMIUM_ARGS

from bookkit.handouts import SHEETS, pdf_name

ROOT = Path(__file__).resolve().parents[1]
SITES = {False: ROOT / "_build" / "html", True: ROOT / "_build" / "student" / "_build" / "html"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> ThreadingHTTPServer:
    """The built site on 127.0.0.1, on a free port, in a background thread."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def save_pdf(page, target: Path) -> None:
    """The page as the book's print style sheet shows it, on A4 with 15 mm margins."""
    page.emulate_media(media="print")
    page.pdf(
        path=str(target),
        format="A4",
        print_background=True,
        margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"},
    )


def print_pages(browser, base_url: str, pages: list[Path], out: Path) -> list[Path]:
    """Print each chapter page with an open Chromium browser."""
    written = []
    for page_file in pages:
        page = browser.new_page()
        page.goto(f"{base_url}/chapters/{page_file.name}", wait_until="networkidle")
        views = page.locator("script[type='application/vnd.jupyter.widget-view+json']").count()
        if views:  # wait for the widgets' saved default views to be drawn
            page.wait_for_function(
                "n => document.querySelectorAll('.widget-output img, .widget-output "
                ".bk-notice').length >= n",
                arg=views,
                timeout=60000,
            )
        target = out / f"{page_file.stem}.pdf"
        save_pdf(page, target)
        page.close()
        written.append(target)
        print(f"wrote {target}")
    return written


# Keeps only the n-th worksheet on the page, under the chapter's title. It takes them from a
# copy of the page as loaded, so one page load serves every worksheet on it.
ONLY_HANDOUT = """([selector, n]) => {
  window.bkLoaded = window.bkLoaded || document.body.cloneNode(true);
  const loaded = window.bkLoaded.cloneNode(true);
  const sheet = loaded.querySelectorAll(selector)[n];
  const title = loaded.querySelector('h1').textContent.replace('#', '').trim();
  const main = document.createElement('main');
  main.className = 'bk-handout';
  main.innerHTML = '<p><strong>' + title + '</strong></p>'
    + '<p>Name: ______________________  Date: __________</p>';
  main.appendChild(sheet);
  document.body.replaceChildren(main);
  return sheet.id || '';
}"""


def print_handouts(browser, base_url: str, pages: list[Path], out: Path) -> list[Path]:
    """Print each worksheet of each chapter page on its own."""
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for page_file in pages:
        page = browser.new_page()
        page.goto(f"{base_url}/chapters/{page_file.name}", wait_until="networkidle")
        counts = {selector: page.locator(selector).count() for selector in SHEETS}
        for selector, kind in SHEETS.items():
            for n in range(counts[selector]):
                sheet_id = page.evaluate(ONLY_HANDOUT, [selector, n])
                target = out / pdf_name(page_file.stem, kind, sheet_id, n, counts[selector])
                save_pdf(page, target)
                written.append(target)
                print(f"wrote {target}")
        page.close()
    return written


def print_chapters(
    site: Path, out: Path, numbers: list[int] | None = None, browser=None, handouts: bool = False
) -> list[Path]:
    """Print the chapters of a built site to ``out``; uses ``browser`` if given, else
    starts Chromium."""
    pages = sorted((site / "chapters").glob("[0-9][0-9]-*.html"))
    if numbers:
        pages = [p for p in pages if int(p.name[:2]) in numbers]
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        printer = print_handouts if handouts else print_pages
        if browser is not None:
            return printer(browser, base_url, pages, out)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return printer(chromium, base_url, pages, out)
            finally:
                chromium.close()
    finally:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--student", action="store_true", help="print the student edition")
    parser.add_argument("--chapters", type=int, nargs="*", help="chapter numbers (default: all)")
    parser.add_argument(
        "--out", type=Path, help="folder for the PDFs (default: _build/pdf or _build/pdf-student)"
    )
    parser.add_argument(
        "--handouts", action="store_true", help="print the worksheets (into handouts/ of --out)"
    )
    args = parser.parse_args()
    site = SITES[args.student]
    if not (site / "index.html").is_file():
        sys.exit(
            f"No built book in {site}: run "
            f"tools/build_book.py{' --student' if args.student else ''} first."
        )
    if not CHROMIUM.exists():
        sys.exit("Chromium is not installed (Debian package `chromium`): it prints the pages.")
    if importlib.util.find_spec("playwright") is None:
        sys.exit(
            "Printing needs the Python package playwright: pip install -r requirements-test.txt"
        )
    out = args.out or ROOT / "_build" / ("pdf-student" if args.student else "pdf")
    if args.handouts:
        out = out / "handouts"
    written = print_chapters(site, out, args.chapters, handouts=args.handouts)
    if not written:
        sys.exit("No chapter matched.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
