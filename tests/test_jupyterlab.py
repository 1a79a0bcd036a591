"""The chapters as a student runs them: JupyterLab on 127.0.0.1, in headless Chromium.

Each chapter is opened in JupyterLab (from the project's own environment, with
jupyterlab-myst) and run with Run → Run All Cells, as the README tells students. Then:
no error output; no MyST markup left raw (a number's name and format, a role, a
citation that says "Citation Not Found"); the first widget's figure changes when one
of its controls does. In the same kernel (so each chapter runs once for all of this)
every widget is driven through each control, and must show a View or a Notice, change
what it shows, and draw in place what a new figure would show.

JupyterLab runs on copies of the notebooks, so that saving cannot write outputs into
the repository. Needs Chromium (Debian's /usr/bin/chromium) and playwright.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, chapter_notebooks
from jupyter_client import BlockingKernelClient
from jupyterlab_driver import JupyterLab, lab_command
from widget_driver import DRIVER_SETUP, SWEEP

pytestmark = [pytest.mark.kernel, pytest.mark.browser]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """JupyterLab serving copies of the chapters (and the glossary they link to)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "chapters", root / "chapters", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "appendices", root / "appendices")
    runtime = tmp_path_factory.mktemp("runtime")
    port, token = free_port(), secrets.token_hex(16)
    command = lab_command(port, token, root)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    log = (runtime / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    else:
        os.killpg(server.pid, signal.SIGTERM)
        pytest.fail(f"JupyterLab did not start: {(runtime / 'lab.log').read_text()[-2000:]}")
    yield {"url": f"http://127.0.0.1:{port}/", "token": token, "runtime": runtime}
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def sweep_in_the_kernel(lab: JupyterLab, runtime: Path, path: str) -> list[dict]:
    """Run the widget sweep in the kernel JupyterLab ran the chapter in."""
    session = next(s for s in lab._api("sessions") if s.get("path") == path)
    client = BlockingKernelClient(
        connection_file=str(runtime / f"kernel-{session['kernel']['id']}.json")
    )
    client.load_connection_file()
    client.start_channels()
    try:
        printed = []
        reply = client.execute_interactive(
            DRIVER_SETUP + SWEEP,
            timeout=900,
            output_hook=lambda m: (
                printed.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
            ),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        return json.loads("".join(printed).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        lab.page.request.delete(f"{lab.base_url}api/sessions/{session['id']}?token={lab.token}")


@pytest.mark.parametrize("chapter", chapter_notebooks(), ids=lambda p: p.stem)
def test_a_chapter_runs_and_reads_well_in_jupyterlab(browser, lab_server, chapter):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        lab = JupyterLab(page, lab_server["url"], token=lab_server["token"])
        path = f"chapters/{chapter.name}"
        lab.open(path)
        report = lab.run_all()
        assert report.complete, f"cells not run: {report.not_run}; errors: {report.errors[:3]}"
        raw = lab.unrendered_myst()
        assert not raw, f"markup shown raw: {raw[:5]}"
        assert "Citation Not Found" not in lab.visible_text()
        lab.redraw_first_image_widget()
        widgets = sweep_in_the_kernel(lab, lab_server["runtime"], path)
    finally:
        page.close()
    assert len(widgets) >= 3, f"expected at least three live widgets, found {len(widgets)}"
    for widget in widgets:
        assert not widget["bad"], widget
        assert widget["tried"] > 0, f"no control of {widget['function']} could be changed"
        assert widget["changed"], f"{widget['function']}: no control changed its output"
        assert not widget["drift"], f"{widget['function']}: drawn in place ≠ new figure: {widget}"


def test_jupyterlab_myst_is_compatible_with_this_jupyterlab():
    listed = subprocess.run(
        [str(BIN / "jupyter"), "labextension", "list"], capture_output=True, text=True, check=True
    )
    output = listed.stdout + listed.stderr
    assert "jupyterlab-myst" in output and "not compatible" not in output, output
