"""Classroom app mode end to end: tools/classroom.py serves each chapter with
Voila on 127.0.0.1 (started and stopped by the test, bounded in time); in
headless Chromium every live widget is driven — a dropdown changed, a toggle
clicked, a slider moved, a number typed — and its output must change, with no
error in the page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ROOT, chapter_notebooks, read_notebook
from jupyterlab_driver import change_a_control

START_TIMEOUT_S = 240
CHANGE_TIMEOUT_MS = 30000
# Voila's page template asks jsDelivr for the FontAwesome style sheet; the test blocks every
# other host, and the app works without it (icons only).
VOILA_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def classroom_app(request):
    number = request.param
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "classroom.py"),
            str(number),
            "--no-browser",
            f"--port={port}",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(1)
    try:
        if process.poll() is not None or time.monotonic() >= deadline:
            output = (
                process.stdout.read().decode(errors="replace") if process.poll() is not None else ""
            )
            pytest.fail(
                f"the classroom app for chapter {number} did not start within {START_TIMEOUT_S} "
                f"s\n{output[-3000:]}"
            )
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def output_signature(widget) -> str:
    return widget.locator(".widget-output").first.inner_html()


def live_widget_count(number: int) -> int:
    """How many widgets the chapter makes with live() (one per widget cell)."""
    path = next(p for p in chapter_notebooks() if int(p.name[:2]) == number)
    cells = read_notebook(path)["cells"]
    return sum("live(" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize(
    "classroom_app",
    [int(p.name[:2]) for p in chapter_notebooks()],
    indirect=True,
    ids=lambda n: f"chapter-{n}",
)
@pytest.mark.kernel
def test_widgets_are_live_in_the_classroom_app(browser, classroom_app, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked, problems = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: m.type == "error" and "net::ERR_FAILED" not in m.text and problems.append(m.text),
    )
    try:
        page.goto(classroom_app, timeout=180000, wait_until="domcontentloaded")
        expected = live_widget_count(request.node.callspec.params["classroom_app"])
        widgets = page.locator(".widget-vbox:has(> .widget-html .bk-live)")
        # The app runs the chapter's cells one after another (progressive rendering): wait for all.
        page.wait_for_function(
            "n => { const live = [...document.querySelectorAll('.widget-vbox')].filter(v => "
            "v.querySelector('.bk-live'));"
            " return live.length >= n && live.every(v => v.querySelector('.widget-output img, "
            ".widget-output .bk-notice')); }",
            arg=expected,
            timeout=180000,
        )
        count = widgets.count()
        assert count == expected >= 3, f"expected {expected} live widgets, found {count}"
        for index in range(count):
            widget = widgets.nth(index)
            widget.scroll_into_view_if_needed()
            before = output_signature(widget)
            action = change_a_control(page, widget, controls=".bk-controls")
            assert action, f"widget {index}: no control the test knows how to change"
            page.wait_for_function(
                "([el, old]) => el.querySelector('.widget-output').innerHTML !== old && "
                "el.querySelector('.widget-output img, .widget-output .bk-notice')",
                arg=[widget.element_handle(), before],
                timeout=CHANGE_TIMEOUT_MS,
            )
        assert not problems, "\n".join(problems)
        assert all(url.startswith(VOILA_CDN) for url in blocked), (
            f"requests to other hosts: {blocked}"
        )
    finally:
        context.close()
