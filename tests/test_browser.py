"""The built book in headless Chromium, served on 127.0.0.1: every page loads
with no console error, no failed request and no request to another host;
images and the widgets' saved default views render; the static quiz and the
solution dropdowns work; and axe finds no serious or critical accessibility
problem beyond a short allow-list."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, chapter_notebooks, toc_pages

PAGES = toc_pages()
CHAPTER_PAGES = [f"chapters/{path.stem}" for path in chapter_notebooks()]
ARTIFACTS = ROOT / "_build" / "test-artifacts"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")

# axe rules that fail because of generated markup we don't control.
AXE_ALLOWED = {
    # docutils/sphinxcontrib-bibtex: the bibliography's role="list" holds
    # role="doc-biblioentry" items.
    "aria-required-children",
}
# ipywidgets' slider handles (noUiSlider) have no accessible name of their own; the slider's
# visible description labels it for sighted users. Everything else in the widgets is audited.
AXE_EXCLUDE: list[str] = []  # nothing to leave out: the pages hold no widget markup


class PageVisit:
    """A page opened in a fresh browser context that records every problem."""

    def __init__(self, browser, url):
        self.problems, self.outside = [], []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url}"))
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened = []

    def open_page(page):
        opened.append(PageVisit(browser, f"{site_url}/{page}.html"))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly_and_offline(visit, page):
    view = visit(page)
    view.page.wait_for_timeout(500)
    # Figures load lazily: bring each one that is shown into view and wait for it.
    view.page.evaluate(
        "async () => { for (const img of document.images) if (img.getClientRects().length) "
        "{ img.scrollIntoView(); await img.decode().catch(() => {}); } }"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / f"{page.replace('/', '_')}.png"), full_page=True)
    assert not view.outside, f"requests to other hosts: {view.outside}"
    assert not view.problems, "\n".join(view.problems)
    broken = view.page.eval_on_selector_all(
        "img",
        "els => els.filter(e => e.getClientRects().length && (!e.complete || e.naturalWidth === "
        "0)).map(e => e.src.slice(0, 80))",
    )
    assert not broken, f"images that did not render: {broken}"


def shown_view(group) -> str:
    """What a widget's views show now: the visible figure's address, or the notice's text."""
    return group.evaluate(
        """g => { const v = [...g.querySelectorAll('.bk-view')].find(e => e.offsetParent !== null);
                  if (!v) return '';
                  const img = v.querySelector('img');
                  return img ? img.currentSrc || img.src : v.textContent; }"""
    )


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_every_widget_view_can_be_chosen_on_the_page(visit, page):
    """With no kernel, each widget shows the views its task asks for: choosing each one shows
    its own figure (with alt text) and takeaway. There are no live widgets on the page."""
    view = visit(page)
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
    assert not view.problems, "\n".join(view.problems)


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_judgement_activities_work_in_the_browser(visit, page):
    """A judgement activity (bookkit.forms) says nothing was chosen until the reader chooses;
    then its button gives a result, and another set of choices gives another result."""
    view = visit(page)
    forms = view.page.locator(".bk-judge")
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


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_quiz_gives_feedback_without_a_kernel(visit, page):
    view = visit(page)
    first = view.page.locator(".bk-quiz fieldset").first
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


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_solutions_are_hidden_until_opened(visit, page):
    view = visit(page)
    solution = view.page.locator("div.solution.dropdown").first
    body = solution.locator("section, .solution-content, div.cell").first
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5000)


@pytest.mark.parametrize("page", PAGES)
def test_no_serious_accessibility_violations(visit, page):
    view = visit(page)
    results = Axe().run(view.page, context={"exclude": [[selector] for selector in AXE_EXCLUDE]})
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in AXE_ALLOWED
    ]
    assert not serious, "\n".join(serious)
