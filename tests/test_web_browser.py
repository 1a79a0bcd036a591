"""The published pages in headless Chromium with no network: only 127.0.0.1 answers,
and a page that asks another host for anything fails. For every page: axe finds no
serious or critical violation, nothing in the content column is wider than a 390 px
phone screen, and the favicon loads; a chapter page transfers at most 3 MB."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from conftest import HTML, chapter_notebooks, toc_pages

pytestmark = pytest.mark.browser

PAGES = [*toc_pages(), "genindex", "search"]
CHAPTER_PAGES = [f"chapters/{path.stem}" for path in chapter_notebooks()]
CHAPTER_LIMIT = 3e6
# axe rules that fail only on markup the project cannot change.
AXE_ALLOWED = {
    # sphinxcontrib-bibtex: the bibliography's role="list" holds role="doc-biblioentry" items.
    "aria-required-children",
}

# Every element of the content column that sticks out to the right of it, or out of the box
# that scrolls it sideways. Only tables, code and display maths may be wider than their box
# (they scroll in it); anything else must wrap.
OVERFLOWING = """() => {
  const column = document.querySelector(".bd-article-container");
  const scrollingBox = el => {
    for (let box = el.parentElement; box && box !== column; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible" && box.clientWidth > 2) return box;
    }
    return column;
  };
  return [...column.querySelectorAll("*")]
    .filter(el => {
      const right = el.getBoundingClientRect().right, box = scrollingBox(el);
      if (el.getBoundingClientRect().width === 0) return false;
      if (right <= box.getBoundingClientRect().right + 1) return false;
      return box === column || !el.closest("table, pre, mjx-container");
    })
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ends at `
               + `${Math.round(el.getBoundingClientRect().right)} px`)
    .slice(0, 10);
}"""


class OfflinePage:
    """A page in a fresh browser context where every request to another host is refused and
    recorded."""

    def __init__(self, browser, url, viewport):
        self.url, self.outside, self.responses = url, [], []
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture
def open_offline(browser, site_url):
    opened = []

    def open_page(page, width=1280, height=900):
        opened.append(
            OfflinePage(browser, f"{site_url}/{page}.html", {"width": width, "height": height})
        )
        return opened[-1]

    yield open_page
    for item in opened:
        assert not item.outside, f"requests to other hosts: {item.outside}"
        item.context.close()


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_serious_violation(open_offline, page):
    view = open_offline(page)
    violations = Axe().run(view.page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical") and v["id"] not in AXE_ALLOWED
    ]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("page", PAGES)
def test_nothing_overflows_the_content_column_on_a_phone(open_offline, page):
    view = open_offline(page, width=390, height=844)
    assert view.page.evaluate("document.documentElement.scrollWidth") <= 390, (
        "the page scrolls sideways"
    )
    overflowing = view.page.evaluate(OVERFLOWING)
    assert not overflowing, "\n".join(overflowing)


@pytest.mark.parametrize("page", ["index", *PAGES])
def test_the_favicon_loads(open_offline, page):
    view = open_offline(page)
    # The page's own markup, from the server: index.html has already redirected.
    markup = BeautifulSoup(view.context.request.get(view.url).text(), "html.parser")
    icons = [link["href"] for link in markup.select('link[rel~="icon"]')]
    assert icons, "no favicon link: the browser asks for /favicon.ico, which does not exist"
    for href in icons:
        response = view.context.request.get(urljoin(view.url, href))
        assert response.ok and response.headers["content-type"].startswith("image/"), (
            href,
            response.status,
        )


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_a_chapter_page_transfers_at_most_3_mb(open_offline, page):
    """Everything the page loads, and every figure it may show (figures load lazily: one not
    scrolled to or on a tab not chosen is fetched here and counted too)."""
    view = open_offline(page)
    loaded = {
        response.url: len(response.body()) for response in view.responses if response.status < 300
    }
    figures = view.page.eval_on_selector_all(
        "img", "els => els.map(e => e.src).filter(s => !s.startsWith('data:'))"
    )
    for url in set(figures) - set(loaded):
        loaded[url] = len(view.context.request.get(url).body())
    total = sum(loaded.values())
    assert total <= CHAPTER_LIMIT, f"{page} transfers {total / 1e6:.2f} MB in {len(loaded)} files"


def test_maths_is_typeset_with_every_mathjax_file_shipped_and_no_other(open_offline):
    """Chapter 1 has inline and display maths. Each formula is typeset with hidden MathML for screen
    readers; the page asks for every MathJax script the site ships (so none is shipped unused) and
    for nothing missing (the fixture fails on a request to another host, this on a failed one)."""
    view = open_offline("chapters/01-bri-and-chinas-rise")
    formulas = view.page.locator(".math").count()
    view.page.wait_for_function(
        f"document.querySelectorAll('mjx-container').length >= {formulas}", timeout=15000
    )
    assert (
        formulas >= 2 and view.page.locator("mjx-container mjx-assistive-mml").count() == formulas
    )
    requested = {
        urlsplit(r.url).path.split("/_static/mathjax/")[1]
        for r in view.responses
        if "/_static/mathjax/" in r.url
    }
    failed = [r.url for r in view.responses if "/_static/mathjax/" in r.url and not r.ok]
    shipped = {
        f.relative_to(HTML / "_static" / "mathjax").as_posix()
        for f in (HTML / "_static" / "mathjax").rglob("*.js")
    }
    assert not failed, failed
    assert shipped == {path for path in requested if path.endswith(".js")}, shipped ^ requested


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_quiz_options_are_targets_of_at_least_24_px(open_offline, page):
    view = open_offline(page, width=390, height=844)
    sizes = view.page.eval_on_selector_all(
        ".bk-quiz input[type=radio], .bk-quiz .bk-option label",
        "els => els.map(e => [e.tagName, Math.round(e.getBoundingClientRect().width), "
        "Math.round(e.getBoundingClientRect().height)])",
    )
    assert sizes, "no quiz on the page"
    small = [size for size in sizes if size[2] < 24 or (size[0] == "INPUT" and size[1] < 24)]
    assert not small, small[:5]


def views_page(site: str) -> str:
    """A page holding a widget's views exactly as bookkit.widgets.static_views writes them,
    with the site's style sheets."""
    from bookkit.widgets import Notice, static_views

    views = static_views(
        lambda scale: Notice(f"This is the {scale} view of the chart."),
        {"scale": "index"},
        {
            "Index, 2000 = 100": {},
            "Constant prices": {"scale": "constant"},
            "Log scale": {"scale": "log"},
        },
    )
    sheets = "".join(
        f'<link rel="stylesheet" href="{site}/_static/{name}.css">'
        for name in ("book", "activities")
    )
    return f'<!DOCTYPE html><html lang="en"><head>{sheets}</head><body>{views}</body></html>'


def test_the_views_markup_shows_only_the_chosen_view(open_offline, site_url):
    """The contract for a widget's static views (book.css, .bk-views): a click or the arrow keys
    choose a view, only that view shows, and each choice is a target of at least 24 px."""
    view = open_offline("intro")
    page = view.page
    page.set_content(views_page(site_url), wait_until="load")
    panels = page.locator(".bk-view")

    def shown():
        return [panels.nth(i).is_visible() for i in range(panels.count())]

    assert shown() == [True, False, False]
    page.locator(".bk-views > label").nth(2).click()
    assert shown() == [False, False, True]
    page.locator(".bk-views > input").nth(2).focus()
    page.keyboard.press("ArrowLeft")
    assert shown() == [False, True, False]
    heights = page.eval_on_selector_all(
        ".bk-views > label", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 24, heights
