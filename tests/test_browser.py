"""The built book in headless Chromium, served on 127.0.0.1 with no network: only
127.0.0.1 answers, and a page that asks another host for anything fails.

At a desk (1280 px), every page loads with no console error and no failed request;
its images and favicon load; axe finds no serious or critical accessibility problem
beyond a short allow-list; a chapter transfers at most 3 MB; and in a chapter the
widgets' views, the judgement activities, the quiz and the solution dropdowns work
with no kernel. On a phone (390 px), nothing is wider than the screen and quiz
options are targets of at least 24 px.

Each page is opened once for all the checks at one width (a module-scoped fixture,
parametrized by page, so pytest runs a page's checks together): the checks that only
read the page come first in this file, then those that click.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from conftest import HTML, ROOT, chapter_notebooks, toc_pages

pytestmark = pytest.mark.browser

PAGES = [*toc_pages(), "genindex", "search"]
CHAPTER_PAGES = [f"chapters/{path.stem}" for path in chapter_notebooks()]
CHAPTER_LIMIT = 3e6
ARTIFACTS = ROOT / "_build" / "test-artifacts"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
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


class PageVisit:
    """A page opened in a fresh browser context with no network: it records every response,
    every problem (console error, page error, failed request, HTTP error) and every request
    to another host, which it refuses."""

    def __init__(self, browser, url: str, viewport: dict):
        self.url, self.problems, self.outside, self.responses = url, [], [], []
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url}"))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _response(self, response):
        self.responses.append(response)
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


def _opened(request, browser, site_url, viewport):
    visit = PageVisit(browser, f"{site_url}/{request.param}.html", viewport)
    yield visit
    visit.close()
    assert not visit.outside, f"{request.param} asked other hosts for {visit.outside}"


@pytest.fixture(scope="module")
def at_desk(request, browser, site_url):
    """The page named by the test's ``at_desk`` parameter, at 1280 px, opened once."""
    yield from _opened(request, browser, site_url, DESK)


@pytest.fixture(scope="module")
def on_phone(request, browser, site_url):
    """The page named by the test's ``on_phone`` parameter, at 390 px, opened once."""
    yield from _opened(request, browser, site_url, PHONE)


def every(pages, width: str = "at_desk"):
    """Parametrize a test by page, with the page opened once (at the width the test's
    fixture names: ``at_desk`` or ``on_phone``) for all its tests."""
    return pytest.mark.parametrize(width, pages, indirect=True, scope="module", ids=lambda p: p)


# --- checks that only read the page -----------------------------------------------------


@every(PAGES)
def test_page_loads_cleanly_and_offline(at_desk):
    view = at_desk
    # Figures load lazily: bring each one that is shown into view and wait for it.
    view.page.evaluate(
        "async () => { for (const img of document.images) if (img.getClientRects().length) "
        "{ img.scrollIntoView(); await img.decode().catch(() => {}); } }"
    )
    view.page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / f"{view.url.split('/')[-1]}.png"), full_page=True)
    assert not view.outside, f"requests to other hosts: {view.outside}"
    assert not view.problems, "\n".join(view.problems)
    broken = view.page.eval_on_selector_all(
        "img",
        "els => els.filter(e => e.getClientRects().length && (!e.complete || e.naturalWidth === "
        "0)).map(e => e.src.slice(0, 80))",
    )
    assert not broken, f"images that did not render: {broken}"


@every(PAGES)
def test_axe_finds_no_serious_violation(at_desk):
    violations = Axe().run(at_desk.page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical") and v["id"] not in AXE_ALLOWED
    ]
    assert not serious, "\n".join(serious)


@every(["index", *PAGES])
def test_the_favicon_loads(at_desk):
    view = at_desk
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


@every(CHAPTER_PAGES)
def test_a_chapter_page_transfers_at_most_3_mb(at_desk):
    """Everything the page loads, and every figure it may show (figures load lazily: one not
    scrolled to or on a tab not chosen is fetched here and counted too)."""
    view = at_desk
    loaded = {
        response.url: len(response.body()) for response in view.responses if response.status < 300
    }
    figures = view.page.eval_on_selector_all(
        "img", "els => els.map(e => e.src).filter(s => !s.startsWith('data:'))"
    )
    for url in set(figures) - set(loaded):
        loaded[url] = len(view.context.request.get(url).body())
    total = sum(loaded.values())
    assert total <= CHAPTER_LIMIT, f"{view.url}: {total / 1e6:.2f} MB in {len(loaded)} files"


@every(CHAPTER_PAGES[:1])
def test_maths_is_typeset_with_every_mathjax_file_shipped_and_no_other(at_desk):
    """Chapter 1 has inline and display maths. Each formula is typeset with hidden MathML for screen
    readers; the page asks for every MathJax script the site ships (so none is shipped unused) and
    for nothing missing (the fixture fails on a request to another host, this on a failed one)."""
    view = at_desk
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


# --- checks that click -------------------------------------------------------------------


def shown_view(group) -> str:
    """What a widget's views show now: the visible figure's address, or the notice's text."""
    return group.evaluate(
        """g => { const v = [...g.querySelectorAll('.bk-view')].find(e => e.offsetParent !== null);
                  if (!v) return '';
                  const img = v.querySelector('img');
                  return img ? img.currentSrc || img.src : v.textContent; }"""
    )


@every(CHAPTER_PAGES)
def test_every_widget_view_can_be_chosen_on_the_page(at_desk):
    """With no kernel, each widget shows the views its task asks for: choosing each one shows
    its own figure (with alt text) and takeaway. There are no live widgets on the page."""
    view = at_desk
    # Problems the clicks cause, not earlier ones (axe fetches a style sheet's @import itself,
    # resolved against the wrong address: a 404 the page never asks for).
    already = len(view.problems)
    groups = view.page.locator(".bk-views")
    forms = view.page.locator(".bk-judge")
    assert groups.count() + forms.count() >= 3, (
        "each widget's views or judgement form is on the page"
    )
    assert view.page.locator(".jupyter-widgets, script[type*='widget']").count() == 0
    for g in range(groups.count()):
        group = groups.nth(g)
        labels = group.locator(":scope > label")
        seen = []
        for n in range(labels.count()):
            labels.nth(n).click()
            seen.append(shown_view(group))
            panel = group.locator(".bk-view").nth(n)
            images = panel.locator("img")
            if images.count():
                panel.scroll_into_view_if_needed()
                assert len(images.first.get_attribute("alt") or "") > 30
            assert panel.locator(".bk-takeaway, .bk-notice").count() >= 1
        assert all(seen) and len(set(seen)) == len(seen), (
            f"view {g + 1}: choices show the same thing"
        )
    # MathJax typesets every formula, folded ones included (so they are not all visible).
    view.page.wait_for_function(
        "[...document.querySelectorAll('.math')].every(m => m.querySelector('mjx-container'))",
        timeout=15000,
    )
    assert not view.problems[already:], "\n".join(view.problems[already:])


@every(CHAPTER_PAGES)
def test_judgement_activities_work_in_the_browser(at_desk):
    """A judgement activity (bookkit.forms) says nothing was chosen until the reader chooses;
    then its button gives a result, and another set of choices gives another result."""
    forms = at_desk.page.locator(".bk-judge")
    for f in range(forms.count()):
        form = forms.nth(f)
        result = form.locator(".bk-judge-result")
        assert "Nothing chosen yet" in result.inner_text()
        results = []
        for pick in (0, -1):  # first choice in every group, then last choice
            form.evaluate(
                """(f, pick) => { const groups = {};
                   for (const r of f.querySelectorAll('input[type=radio]')) {
                     (groups[r.name] ||= []).push(r); }
                   for (const rs of Object.values(groups)) rs.at(pick).checked = true;
                   for (const s of f.querySelectorAll('input[type=range]')) {
                     s.value = pick === 0 ? s.min : s.max; }
                   for (const n of f.querySelectorAll('input[type=number]')) {  // a typed guess
                     n.value = pick === 0 ? Number(n.min) + Number(n.step || 1) : n.max; } }""",
                pick,
            )
            form.locator("button.bk-judge-go").click()
            results.append(result.inner_text())
        assert "Nothing chosen yet" not in results[0] and results[0] != results[1], results


@every(CHAPTER_PAGES)
def test_quiz_gives_feedback_without_a_kernel(at_desk):
    first = at_desk.page.locator(".bk-quiz fieldset").first
    feedback = first.locator(".bk-feedback")
    assert all(not feedback.nth(i).is_visible() for i in range(feedback.count()))
    options = first.locator(".bk-option")
    for i in range(options.count()):
        options.nth(i).locator("label").click()
        visible = [feedback.nth(j).is_visible() for j in range(feedback.count())]
        assert visible == [j == i for j in range(feedback.count())], (
            "only the chosen option's feedback shows"
        )
    assert first.locator(".bk-right").count() == 1


@every(CHAPTER_PAGES)
def test_solutions_are_hidden_until_opened(at_desk):
    solution = at_desk.page.locator("div.solution.dropdown").first
    body = solution.locator("section, .solution-content, div.cell").first
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5000)


# --- on a phone ---------------------------------------------------------------------------


@every(PAGES, "on_phone")
def test_nothing_overflows_the_content_column_on_a_phone(on_phone):
    assert on_phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        "the page scrolls sideways"
    )
    overflowing = on_phone.page.evaluate(OVERFLOWING)
    assert not overflowing, "\n".join(overflowing)


@every(CHAPTER_PAGES, "on_phone")
def test_quiz_options_are_targets_of_at_least_24_px(on_phone):
    sizes = on_phone.page.eval_on_selector_all(
        ".bk-quiz input[type=radio], .bk-quiz .bk-option label",
        "els => els.map(e => [e.tagName, Math.round(e.getBoundingClientRect().width), "
        "Math.round(e.getBoundingClientRect().height)])",
    )
    assert sizes, "no quiz on the page"
    small = [size for size in sizes if size[2] < 24 or (size[0] == "INPUT" and size[1] < 24)]
    assert not small, small[:5]


# --- the views' markup ----------------------------------------------------------------------


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


def test_the_views_markup_shows_only_the_chosen_view(browser, site_url):
    """The contract for a widget's static views (book.css, .bk-views): a click or the arrow keys
    choose a view, only that view shows, and each choice is a target of at least 24 px."""
    context = browser.new_context(viewport=DESK)
    try:
        page = context.new_page()
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
    finally:
        context.close()
