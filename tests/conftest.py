"""Shared fixtures: paths, one clean build of the book, a local web server,
and headless Chromium.

The build runs once per test run (``built_book``), even with pytest-xdist's workers;
the HTML and browser tests read its output. Browser tests need Debian's ``chromium``: without it
they are skipped with a reason, unless ``BOOK_REQUIRE_BROWSER=1`` (set by
``.ci/run``), where a missing browser is a failure.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from headless_chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
STUDENT_HTML = ROOT / "_build" / "student" / "_build" / "html"


def pytest_collection_modifyitems(items):
    """Tiers: a test that uses the built book is a ``build`` test, one that uses the
    browser a ``browser`` test, whatever else it is marked."""
    for item in items:
        if "built_book" in item.fixturenames:
            item.add_marker(pytest.mark.build)
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


def read_csv(name: str) -> list[dict]:
    """A data file's rows as plain strings, read with the csv module: the tests'
    oracles come from here, never from the code under test."""
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check_view(result):
    """A widget function's View: a figure with axes, alt text that says something, a takeaway."""
    from bookkit.widgets import View

    assert isinstance(result, View), result
    assert result.figure.axes and len(result.alt) > 40 and result.takeaway.strip()
    return result


def check_notice(result, *words: str):
    """A widget function's Notice: a real sentence, containing each of ``words``."""
    from bookkit.widgets import Notice

    assert isinstance(result, Notice), result
    assert len(result.text) > 20, result.text
    for word in words:
        assert word in result.text, (word, result.text)
    return result


def chapter_notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


def toc_pages() -> list[str]:
    """Every page in _toc.yml, as a path relative to the book root, without suffix."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return pages


@pytest.fixture(scope="session")
def events():
    """The events timeline, as the chapters load it (several chapters' widgets use it)."""
    from bookkit.data import load

    return load("events")


@pytest.fixture(scope="session")
def wdi():
    """The World Bank indicators, as the chapters load them."""
    from bookkit.data import load

    return load("wdi_indicators")


@dataclass
class Build:
    returncode: int
    output: str
    seconds: float


def once_per_run(tmp_path_factory, name: str, make):
    """``make()``'s result, made once per test run: with pytest-xdist the first worker to
    get here makes it and the others wait for it (a lock in the run's shared temporary
    folder), so the book is built once, not once per worker. ``make`` returns JSON data."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()  # this run's, and under xdist this worker's:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder the run's workers share
    result = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not result.is_file():
            result.write_text(json.dumps(make()), encoding="utf-8")
    return json.loads(result.read_text(encoding="utf-8"))


def run_build(*options: str) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_book.py"), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return {
        "returncode": result.returncode,
        "output": result.stdout + result.stderr,
        "seconds": time.perf_counter() - started,
    }


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Build:
    """A clean build of the whole book, as the README builds it."""
    build = Build(**once_per_run(tmp_path_factory, "built_book", lambda: run_build("--clean")))
    if build.returncode != 0:
        pytest.fail(f"The book did not build (exit {build.returncode}):\n{build.output[-6000:]}")
    return build


@pytest.fixture(scope="session")
def student_book(built_book, tmp_path_factory) -> Path:
    """The student edition, built after the clean main build (whose execution cache it uses)."""
    build = once_per_run(
        tmp_path_factory, "student_book", lambda: run_build("--student", "--clean")
    )
    assert build["returncode"] == 0, build["output"][-5000:]
    assert "Student edition: exercise solutions and teacher notes are removed" in build["output"]
    return STUDENT_HTML


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_url(built_book) -> str:
    """The built site, served on 127.0.0.1 for the length of the session."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(HTML),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        server.terminate()
        pytest.fail("The local web server did not start within 20 s.")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        reason = "Chromium is not installed (Debian package `chromium`); browser checks need it."
        if os.environ.get("BOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " BOOK_REQUIRE_BROWSER=1, so this is a failure.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def broken_internal_links(site: Path) -> list[str]:
    """Every href/src in a built site that points to a missing file or anchor."""
    from urllib.parse import unquote, urlsplit

    from bs4 import BeautifulSoup

    problems, ids_cache = [], {}
    for page in site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in doc.find_all(["a", "img", "script", "link"]):
            url = tag.get("href") or tag.get("src")
            if (
                not url
                or url.startswith(("#", "mailto:", "javascript:", "data:"))
                or urlsplit(url).scheme
            ):
                continue
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    target_doc = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids_cache[target] = {t["id"] for t in target_doc.find_all(id=True)}
                if unquote(parts.fragment) not in ids_cache[target]:
                    problems.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return problems
