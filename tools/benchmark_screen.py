"""Measure widget redraws on screen: from the control event to the new image, in Chromium.

    python tools/benchmark_screen.py     # JupyterLab and Voila; writes benchmarks/screen.json

The kernel-side benchmark (tools/benchmark.py) times a redraw inside the kernel. A
student sees more than that: the browser sends the change to the kernel, the kernel
draws, the new image travels back and the page shows it. Here a chapter is opened as
a student would (JupyterLab: Run All; Voila: the classroom app) and, once every cell
has run, the page itself times each change to its first widget with a chart, from
dispatching the control's event to the frame in which the new image is shown
(``performance.now()`` in the page, so the browser's own clock, not Playwright's). The
changes step through the widget's controls in turn; only changes to a view not drawn
before are counted (the widget keeps the views it has drawn, which come back at once).

Needs Chromium (/usr/bin/chromium) and playwright (requirements-test.txt).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from headless_chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "screen.json"

# In the page: change one control of the widget (the n-th of the controls the widget has
# that take a value from a fixed list), wait until a new image is on screen, and return
# the milliseconds from the event to the frame that shows it.
TIME_ONE_CHANGE = """
async ([root, step]) => {
  const image = () => root.querySelector('.widget-output img');
  const before = image() ? image().src : null;
  const toggles = [...root.querySelectorAll('.widget-toggle-buttons')];
  const selects = [...root.querySelectorAll('select:not([multiple])')];
  const multi = root.querySelector('select[multiple]');
  const shown = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      const now = image();
      if ((now && now.src !== before) || root.querySelector('.widget-output .bk-notice')) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      }
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true});
  });
  const started = performance.now();
  // Step through the controls so that each change is a setting not drawn before.
  if (multi && step % 3 === 0) {  // a different selection each time: drop one option
    const options = [...multi.options];
    const left_out = (step / 3) % options.length;
    options.forEach((o, i) => { o.selected = i !== left_out; });
    multi.dispatchEvent(new Event('change', {bubbles: true}));
  } else if (toggles.length + selects.length) {  // each control in turn
    const control = [...toggles, ...selects][step % (toggles.length + selects.length)];
    if (control.tagName === 'SELECT') {
      control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      const buttons = [...control.querySelectorAll('button')];
      const active = buttons.findIndex(b => b.classList.contains('mod-active'));
      buttons[(active + 1) % buttons.length].click();
    }
  } else {
    return null;
  }
  const ended = await Promise.race([shown, new Promise(r => setTimeout(() => r(null), 20000))]);
  return ended === null ? null : {ms: ended - started, src: image() ? image().src.slice(-200) : ''};
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {seconds:.0f} s")


def start(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for_port(port)
    return process


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def time_changes(page, widget, changes: int) -> list[float]:
    """Milliseconds per change that showed a view not shown before (a view shown again
    comes from the widget's memory, and is timed by the kernel benchmark)."""
    times, seen = [], set()
    for step in range(changes):
        change = page.evaluate(TIME_ONE_CHANGE, [widget.element_handle(), step])
        if change is not None and change["src"] not in seen:
            times.append(change["ms"])
            seen.add(change["src"])
    return times


def first_chart_widget(page, scope: str):
    widget = (
        page.locator(f"{scope} .jupyter-widgets")
        .filter(has=page.locator(".widget-output img"))
        .first
    )
    widget.wait_for(timeout=120000)
    widget.scroll_into_view_if_needed()
    return widget


def in_jupyterlab(browser, chapter: str, changes: int) -> list[float]:
    from jupyterlab_driver import PANEL, JupyterLab, lab_command

    port, token = free_port(), secrets.token_hex(16)
    command = lab_command(port, token, ROOT)
    server = start(command, port)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        lab = JupyterLab(page, f"http://127.0.0.1:{port}/", token=token)
        lab.open(f"chapters/{chapter}")
        lab.run_all()
        return time_changes(page, first_chart_widget(page, PANEL), changes)
    finally:
        stop(server)


def in_voila(browser, chapter: str, changes: int) -> list[float]:
    port = free_port()
    server = start(
        [sys.executable, "tools/classroom.py", chapter[:2], "--no-browser", f"--port={port}"], port
    )
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/", timeout=300000)
        widget = first_chart_widget(page, "body")
        # The app shows each cell as it runs (progressive rendering), so the first widget
        # appears while later cells still run; a change made then waits for them. Time
        # redraws once every cell has run, as JupyterLab's Run All does: Voila marks each
        # cell still to run with a placeholder ("skeleton") and removes it when it has run.
        page.wait_for_function(
            "() => !document.querySelector('.voila-skeleton-container')", timeout=300000
        )
        return time_changes(page, widget, changes)
    finally:
        stop(server)


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "changes": len(ordered),
        "p50_ms": round(statistics.median(ordered)),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chapters", nargs="*", default=["01-bri-and-chinas-rise.ipynb"])
    parser.add_argument("--changes", type=int, default=30, help="control changes per widget")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for chapter in args.chapters:
                for front_end, measure in [("JupyterLab", in_jupyterlab), ("Voila", in_voila)]:
                    row = {
                        "chapter": chapter,
                        "front end": front_end,
                        **summary(measure(browser, chapter, args.changes)),
                    }
                    print(row, flush=True)
                    results.append(row)
        finally:
            browser.close()
    RESULT.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d"),
                "machine": f"{os.cpu_count()} cores, "
                f"Python {platform.python_version()}, {platform.machine()}",
                "results": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
