"""The built book, read as HTML files (no browser): it builds with warnings as
errors, every page and link exists, figures carry alt text, no errors leak
into pages, and nothing is loaded from another host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, HTML, ROOT, broken_internal_links, chapter_notebooks, toc_pages

PAGES = toc_pages()
CHAPTER_PAGES = [f"chapters/{path.stem}" for path in chapter_notebooks()]


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_book_builds_with_warnings_as_errors(built_book):
    assert "build succeeded" in built_book.output
    assert (
        "Self-hosting" in built_book.output
        or "Self-hosted JavaScript is up to date" in built_book.output
    )
    print(f"clean build: {built_book.seconds:.1f} s")


def test_the_build_uses_the_notebooks_executed_in_parallel(built_book):
    """build_book.py executes the notebooks in parallel into the execution cache; Jupyter
    Book must then take every notebook from that cache instead of running it again."""
    notebooks = [page for page in PAGES if (ROOT / f"{page}.ipynb").is_file()]
    assert f"Executed {len(notebooks)} notebook(s) in parallel" in built_book.output
    for page in notebooks:
        assert f"{page}.ipynb: Using cached notebook" in built_book.output, page
    assert "Executing notebook using" not in built_book.output


@pytest.mark.parametrize("page", PAGES)
def test_every_toc_page_is_built(built_book, page):
    assert (HTML / f"{page}.html").is_file()


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_chapter_figures_have_meaningful_alt_text(built_book, page):
    doc = soup(page)
    figures = doc.select("article.bd-article img.bk-figure")
    assert len(figures) >= 2, "a chapter page needs its static figures"
    for img in doc.select("article.bd-article img"):
        alt = img.get("alt", "")
        assert len(alt) >= 15 and not re.search(r"\.(png|jpe?g|svg)$", alt), (
            f"poor alt text: {alt!r}"
        )


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_widgets_are_plain_views_with_no_widget_state(built_book, page):
    """The page shows each widget's views (or its judgement form) as plain HTML: no widget
    state, no widget views, and every view a figure with alt text and a takeaway."""
    doc = soup(page)
    assert not doc.find("script", type="application/vnd.jupyter.widget-state+json")
    assert not doc.find("script", type="application/vnd.jupyter.widget-view+json")
    groups, forms = doc.select(".bk-views"), doc.select(".bk-judge")
    assert len(groups) + len(forms) >= 3
    for group in groups:
        for view in group.select(".bk-view"):
            assert view.select(".bk-takeaway, .bk-notice"), "each view has its takeaway"
            assert all(len(img.get("alt", "")) > 30 for img in view.select("img"))


@pytest.mark.parametrize("page", PAGES)
def test_no_error_output_or_unfilled_placeholders(built_book, page):
    doc = soup(page)
    text = doc.get_text()
    assert "Traceback (most recent call last)" not in text
    assert not doc.select(".output.error, .output.traceback, .output.stderr"), (
        "error or stderr output in the page"
    )
    assert "{glue:" not in text and "{term}" not in text and "{cite" not in text
    assert "{eval}" not in text and "](cite:" not in text


@pytest.mark.parametrize("page", PAGES)
def test_no_raw_python_values_in_a_page(built_book, page):
    """Numbers in a page are written for readers: no NumPy scalars, bare tuples or dicts
    printed by Python (issue 13, check 4)."""
    text = soup(page).select_one("main").get_text(" ")
    found = RAW_PYTHON.search(text)
    assert not found, text[max(0, found.start() - 80) : found.end() + 40]


def test_the_raw_value_check_catches_a_printed_tuple():
    for planted in [
        "(np.float64(11.9), 1090)",
        "(2023, {2019: 3, 2020: 4})",
        "np.int64(3)",
        "(11.9, 1090)",
        "{'a': 1}",
    ]:
        assert RAW_PYTHON.search(f"China grew {planted} times.")
    assert not RAW_PYTHON.search("a compilation from AIIB (2015, 2020) and (Xi, 2013)")


# NumPy scalars; a tuple holding a dict, or two numbers one of them with decimals
# ("(2015, 2020)" is a citation's years); a dict with year or string keys.
RAW_PYTHON = re.compile(
    r"np\.(?:float|int)\d*\(|\(np\.|\(\d[\d.]*, \{|\{\d{4}: \d|\{'[^']*': "
    r"|\(-?\d+\.\d+, -?\d[\d.]*\)|\(-?\d[\d.]*, -?\d+\.\d+\)"
)


def test_every_internal_link_resolves(built_book):
    problems = broken_internal_links(HTML)
    assert not problems, "broken internal links:\n" + "\n".join(problems[:30])


def test_no_reports_folder_is_published(built_book):
    assert not (HTML / "reports").exists(), (
        "_build/html/reports holds tracebacks and must not be published"
    )


@pytest.mark.parametrize("page", PAGES)
def test_no_scripts_styles_or_images_from_other_hosts(built_book, page):
    doc = soup(page)
    remote = [
        tag.get("src") or tag.get("href")
        for tag in doc.find_all(["script", "img", "iframe"])
        + doc.find_all("link", rel="stylesheet")
        if urlsplit(tag.get("src") or tag.get("href") or "").scheme in ("http", "https")
    ]
    assert not remote, f"loaded from other hosts: {remote}"


def test_data_is_published_with_the_book(built_book):
    published = HTML / "data"
    assert (published / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()
    for csv_file in DATA.glob("*.csv"):
        assert (published / csv_file.name).is_file(), csv_file.name
    # The inputs of tools/build_data.py stay in the repository.
    assert not (published / "raw").exists() and not (published / "book").exists()


def test_data_catalogue_lists_every_dataset_with_download_and_citation(built_book):
    import json

    doc = soup("appendices/data-catalogue")
    resources = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    for meta in resources:
        entry = doc.find(id=f"data-{meta['name']}")
        assert entry is not None, f"{meta['name']} missing from the catalogue"
        text = entry.get_text(" ")
        assert meta["citation"]["full"] in text and meta["citation"]["short"] in text
        assert entry.find("a", href=f"../data/{meta['path']}") is not None
        assert "Coverage:" in text and meta["licenses"][0]["name"] in text
    assert len(doc.select("nav[aria-label=Datasets] tbody tr")) == len(resources)


def test_teacher_guide_has_every_chapter_with_its_notes(built_book):
    doc = soup("appendices/teacher-chapters")
    for path in chapter_notebooks():
        anchor = doc.find(id=f"guide-{path.stem}")
        assert anchor is not None, f"{path.stem} missing from the teacher guide"
        assert doc.find("a", href=f"#guide-{path.stem}") is not None
    text = doc.get_text()
    for needed in [
        "Learning objectives",
        "Lesson plan",
        "One-lesson path",
        "Model answers",
        "Rubric",
    ]:
        assert text.count(needed) >= len(chapter_notebooks()), needed
    assert "misconceptions" in text
    assert "{glue" not in text and "{eval}" not in text
    front = soup("appendices/teacher-guide").get_text()
    assert "without internet" in front and "mixed-ability" in front


def test_references_keep_the_titles_as_written(built_book):
    """Each title reads on the references page as references.bib writes it (proper names and
    all), not lowered to sentence case (_ext/bibstyle.py)."""
    from pybtex.database import parse_file

    page = re.sub(r"\s+", " ", soup("appendices/references").get_text())
    entries = parse_file(str(ROOT / "references.bib")).entries.values()
    missing = []
    for entry in entries:
        title = entry.fields["title"]
        title = title.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–")
        title = re.sub(r"``|''", '"', title)
        if "\\" in title or '"' in title:  # LaTeX commands and quotation marks: not compared
            continue
        if title not in page:
            missing.append(title)
    assert not missing, missing[:5]
