"""The published pages in headless Chromium with no network: only 127.0.0.1 answers,
and a page that asks another host for anything fails. For every page: axe finds no
serious or critical violation, nothing in the content column is wider than a 390 px
phone screen, and the favicon loads; a chapter page transfers at most 3 MB."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from conftest import chapter_notebooks, toc_pages

pytestmark = pytest.mark.browser

PAGES = [*toc_pages(), "genindex", "search"]
CHAPTER_PAGES = [f"chapters/{path.stem}" for path in chapter_notebooks()]
CHAPTER_LIMIT = 3e6
# axe rules that fail only on markup the project cannot change.
AXE_ALLOWED = {
    # sphinxcontrib-bibtex: the bibliography's role="list" holds role="doc-biblioentry" items.
    "aria-required-children",
}

# Every element of the article that sticks out to the right of the article, unless a
# scrolling or clipping box holds it (wide tables and code scroll inside their own box).
OVERFLOWING = """() => {
  const article = document.querySelector("article.bd-article");
  const limit = article.getBoundingClientRect().right + 1;
  const clipped = el => {
    for (let box = el.parentElement; box && box !== article; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...article.querySelectorAll("*")]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > limit && !clipped(el); })
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ends at ${Math.round(el.getBoundingClientRect().right)} px`)
    .slice(0, 10);
}"""


class OfflinePage:
    """A page in a fresh browser context where every request to another host is refused and recorded."""

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
        opened.append(OfflinePage(browser, f"{site_url}/{page}.html", {"width": width, "height": height}))
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
        for v in violations if v["impact"] in ("serious", "critical") and v["id"] not in AXE_ALLOWED
    ]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("page", PAGES)
def test_nothing_overflows_the_content_column_on_a_phone(open_offline, page):
    view = open_offline(page, width=390, height=844)
    assert view.page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
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
        assert response.ok and response.headers["content-type"].startswith("image/"), (href, response.status)


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_a_chapter_page_transfers_at_most_3_mb(open_offline, page):
    view = open_offline(page)
    # Scroll through the page so that anything loaded lazily (figures) is counted too.
    view.page.evaluate("async () => { for (let y = 0; y < document.body.scrollHeight; y += 800) "
                       "{ window.scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); } }")
    view.page.wait_for_load_state("networkidle")
    total = sum(len(response.body()) for response in view.responses if response.status < 300)
    assert total <= CHAPTER_LIMIT, f"{page} transfers {total / 1e6:.2f} MB in {len(view.responses)} responses"
