"""Drive JupyterLab in headless Chromium with Playwright, as a student would.

    lab = JupyterLab(page, "http://127.0.0.1:8888/", token="...")   # plain JupyterLab
    lab = JupyterLab(page, "http://127.0.0.1:8000/user/ada/")   # a page logged in to a hub
    lab.open("chapters/01-bri-and-chinas-rise.ipynb")
    report = lab.run_all()             # Run → Run All Cells; waits until every cell has finished
    report.errors, lab.unrendered_myst()   # what went wrong, and MyST markup shown raw
    lab.redraw_first_image_widget()        # change a control of the first widget with a chart

It knows nothing of how the server was started: it takes the server's base URL and
a Playwright page that is authenticated by a token in the URL or by the cookies of
a login. Failures raise ``DriverError`` with a message that says what was expected
and what the page shows instead.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# Markup that jupyterlab-myst leaves as it is, or that a build would have filled in:
# roles such as {glue:text}`x` or {cite:p}`x`, glue names with their format
# ("chn_x_cur:.1f"), and the text shown for a citation that cannot be resolved.
MYST_LEFTOVERS = [
    re.compile(r"\{(?:glue|eval|cite|term|numref|ref|doc|download|abbr)(?::[a-z]+)?\}`?"),
    re.compile(r"\b[A-Za-z_]\w*:[<>^=+ #0,-]*\d*(?:\.\d+)?[defgn%]\b"),
    re.compile(r"Citation Not Found", re.IGNORECASE),
]

# The notebook on show (JupyterLab hides the others in the dock panel).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
WIDGET_VIEW = ".jp-OutputArea-output > .jupyter-widgets"  # the outermost view of a displayed widget
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'

# Ways to give a widget control another value, tried in this order; the first control
# found that can take one is changed.
CONTROL_ACTIONS = [
    ("select:not([multiple])", "choose another option"),
    (".widget-toggle-buttons button:not(.mod-active)", "click another button"),
    (".noUi-handle", "move the slider with the keyboard"),
    ("input[type=number]", "type other numbers"),
    ("select[multiple]", "select another option"),
    ("input[type=checkbox]", "tick the box"),
]


def lab_command(port: int, token: str, root: Path) -> list[str]:
    """The command that starts JupyterLab from this environment on 127.0.0.1, serving
    ``root``, with no browser of its own."""
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
    ]
    if os.geteuid() == 0:  # CI runs as root; Jupyter refuses root without this
        command.append("--allow-root")
    return command


def change_a_control(page, widget, controls: str = "") -> str | None:
    """Give one control of a displayed widget another value, as a student would, and say
    what was done (None if no control could take another value). ``controls`` is a CSS
    selector for the part of the widget that holds its controls (all of it by default)."""
    for selector, action in CONTROL_ACTIONS:
        control = widget.locator(f"{controls} {selector}".strip()).first
        if not control.count():
            continue
        if selector == "select:not([multiple])":
            options = control.locator("option").evaluate_all("os => os.map(o => o.value)")
            other = next((o for o in options if o != control.input_value()), None)
            if other is None:
                continue
            control.select_option(other)
        elif selector == "select[multiple]":
            options = control.locator("option").evaluate_all("os => os.map(o => o.value)")
            control.select_option(options[-1:])
        elif selector == ".noUi-handle":
            control.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
        elif selector == "input[type=number]":
            # Type into every box, as a student types a year and a guess (Chapter 3's
            # reveal shows nothing new for another year until there is a guess).
            boxes = widget.locator(f"{controls} {selector}".strip())
            for n in range(boxes.count()):
                box = boxes.nth(n)
                current = int(float(box.input_value() or 0))
                highest = box.get_attribute("max")
                higher = highest is None or current + 1 <= float(highest)
                box.fill(str(current + 1 if higher else current - 1))
                box.press("Enter")
        else:
            control.click()
        return action
    return None


class DriverError(AssertionError):
    """JupyterLab did not do what was expected; the message says what it shows instead."""


@dataclass
class RunReport:
    seconds: float
    code_cells: int
    not_run: list[
        int
    ]  # positions (1-based, among code cells) of cells left without an execution count
    errors: list[str]  # error outputs and anything written to stderr, in page order
    error_cells: list[int]  # positions (1-based, among code cells) of the cells that show them

    @property
    def complete(self) -> bool:
        return not self.not_run and not self.errors


@dataclass
class Redraw:
    action: str
    seconds: float


@dataclass
class Timings:
    """How long each step took, in seconds, for a report."""

    steps: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.steps.items())


class JupyterLab:
    def __init__(self, page, base_url: str, token: str | None = None):
        self.page = page
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.token = token
        self.timings = Timings()

    # --- opening a notebook ------------------------------------------------------

    def open(self, path: str, timeout: float = 120) -> None:
        """Open a notebook (path relative to the server's root) on its own; wait until its
        kernel is idle. ``reset`` starts from an empty workspace: JupyterLab would otherwise
        also reopen the notebooks of an earlier visit, whose kernels may be gone."""
        url = f"{self.base_url}lab/tree/{path}?reset" + (
            f"&token={self.token}" if self.token else ""
        )
        started = time.perf_counter()
        self.page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        self.wait_until_ready(timeout)
        self.timings.steps["open"] = time.perf_counter() - started

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Wait until the notebook in the page's URL shows all its cells and an idle kernel
        (after ``open``, or after a link such as nbgitpuller's has led to a notebook)."""
        deadline = time.perf_counter() + timeout
        try:
            self.page.wait_for_url(re.compile(r".*/lab/tree/.+\.ipynb"), timeout=timeout * 1000)
            path = unquote(urlsplit(self.page.url).path.split("/lab/tree/", 1)[1])
            cells = self.cell_count(path)
            # JupyterLab adds a long notebook's cells to the page a batch at a time.
            self.page.wait_for_function(
                """([panel, cells]) => { const p = document.querySelector(panel);
                   const status = p && p.querySelector('.jp-Notebook-ExecutionIndicator');
                   return p && p.querySelectorAll('.jp-Cell').length === cells
                          && status && status.dataset.status === 'idle'; }""",
                arg=[PANEL, cells],
                timeout=max(deadline - time.perf_counter(), 1) * 1000,
            )
            # The indicator says "idle" before the notebook is connected to its kernel too:
            # also wait for the server's session, then for two idle readings in a row.
            idle_readings = 0
            while idle_readings < 2:
                if time.perf_counter() > deadline:
                    raise TimeoutError("no idle kernel session for the notebook")
                ready = self.has_session(path) and self._state()["status"] == "idle"
                idle_readings = idle_readings + 1 if ready else 0
                time.sleep(0.5)
        except DriverError:
            raise
        except Exception as error:  # Playwright's TimeoutError and ours: say what the page shows
            raise DriverError(
                f"No notebook with all its cells and an idle kernel within {timeout:.0f} s at "
                f"{self.page.url}; the page shows: {self.visible_text()[:800]!r}"
            ) from error
        self._decline_news()

    def _api(self, path: str):
        """GET from the server's REST API with the page's credentials (token or login cookies)."""
        url = f"{self.base_url}api/{path}" + (
            f"{'&' if '?' in path else '?'}token={self.token}" if self.token else ""
        )
        response = self.page.request.get(url)
        if not response.ok:
            raise DriverError(
                f"The server answered HTTP {response.status} to {path}: {response.text()[:300]}"
            )
        return response.json()

    def cell_count(self, path: str) -> int:
        """How many cells the saved notebook has."""
        return len(self._api(f"contents/{quote(path)}?content=1")["content"]["cells"])

    def has_session(self, path: str) -> bool:
        """Whether the server has started a kernel for the notebook."""
        return any(s.get("path") == path and s.get("kernel") for s in self._api("sessions"))

    def _decline_news(self) -> None:
        # JupyterLab asks once whether to fetch Jupyter news; the toast can cover widget controls.
        button = self.page.locator(".jp-Notification-Toast-Button, .jp-toast-button").filter(
            has_text=re.compile("^No$")
        )
        if button.count():
            button.first.click()

    # --- running ----------------------------------------------------------------------

    def _state(self) -> dict:
        return self.page.evaluate(
            """panel => { const p = document.querySelector(panel);
               return { status: p.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status,
                        prompts: [...p.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                                 .map(e => e.textContent.trim()) }; }""",
            PANEL,
        )

    def run_menu_command(self, menu: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel").filter(
            has_text=re.compile(f"^{re.escape(menu)}$")
        ).click()
        entry = self.page.locator(".lm-Menu-item:not(.lm-mod-disabled)").filter(
            has=self.page.locator(".lm-Menu-itemLabel").filter(
                has_text=re.compile(f"^{re.escape(item)}$")
            )
        )
        try:
            entry.first.click(timeout=10000)
        except Exception as error:
            self.page.keyboard.press("Escape")
            raise DriverError(f"The menu item {menu} → {item} is missing or disabled") from error

    def run_all(self, timeout: float = 300) -> RunReport:
        """Run → Run All Cells, then wait until no cell is running or queued and the kernel
        is idle."""
        before = self._state()["prompts"]
        started = time.perf_counter()
        self.run_menu_command("Run", "Run All Cells")
        deadline = started + timeout
        try:  # the first cell starts (or is queued) within seconds, or Run All did nothing
            self.page.wait_for_function(
                """([panel, before]) => [...document.querySelector(panel)
                   .querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                   .some((p, i) => p.textContent.trim() !== before[i])""",
                arg=[PANEL, before],
                timeout=30000,
            )
        except Exception as error:
            raise DriverError("Run → Run All Cells started no cell within 30 s") from error
        while True:
            state = self._state()
            busy = any(p.startswith("[*]") for p in state["prompts"])
            if not busy and state["status"] == "idle":
                time.sleep(0.5)  # the kernel can go idle between two cells: confirm
                again = self._state()
                if again == state:
                    break
            if time.perf_counter() > deadline:
                raise DriverError(
                    f"Run All had not finished after {timeout:.0f} s: kernel {state['status']}, "
                    f"{sum(p.startswith('[*]') for p in state['prompts'])} cells still running or "
                    "queued"
                )
            time.sleep(0.25)
        seconds = time.perf_counter() - started
        self.timings.steps["run all"] = seconds
        prompts = state["prompts"]
        not_run = [i for i, p in enumerate(prompts, 1) if not re.fullmatch(r"\[\d+\]:", p)]
        error_cells = self.page.evaluate(
            """([panel, stderr]) => [...document.querySelector(panel)
               .querySelectorAll('.jp-CodeCell')]
               .flatMap((cell, i) => cell.querySelector(stderr) ? [i + 1] : [])""",
            [PANEL, STDERR],
        )
        return RunReport(seconds, len(prompts), not_run, self.error_outputs(), error_cells)

    def save(self) -> None:
        self.run_menu_command("File", "Save Notebook")
        self.page.wait_for_function(
            "panel => !document.querySelector(panel).classList.contains('jp-mod-dirty')",
            arg=PANEL,
            timeout=30000,
        )

    # --- reading what the notebook shows ------------------------------------------

    def error_outputs(self) -> list[str]:
        return [text.strip() for text in self.page.locator(f"{PANEL} {STDERR}").all_text_contents()]

    def visible_text(self) -> str:
        return (
            self.page.locator("body").inner_text(timeout=5000)
            if self.page.locator("body").count()
            else ""
        )

    def unrendered_myst(self) -> list[str]:
        """Pieces of rendered Markdown and outputs that look like MyST markup left raw,
        each with a little context (code cells' sources are not read)."""
        texts = self.page.locator(
            f"{PANEL} .jp-MarkdownCell .jp-RenderedMarkdown, {PANEL} .jp-MarkdownCell .myst, "
            f"{PANEL} .jp-OutputArea-output"
        ).all_text_contents()
        found = []
        for text in texts:
            for pattern in MYST_LEFTOVERS:
                for match in pattern.finditer(text):
                    found.append(
                        text[max(match.start() - 40, 0) : match.end() + 40].replace("\n", " ")
                    )
        return list(dict.fromkeys(found))

    def dialog(self, timeout: float = 30) -> str:
        """The title and text of the dialog JupyterLab shows (e.g. when a kernel dies)."""
        dialog = self.page.locator(".jp-Dialog-content")
        try:
            dialog.first.wait_for(timeout=timeout * 1000)
        except Exception as error:
            raise DriverError(
                f"No dialog within {timeout:.0f} s; the page shows: {self.visible_text()[:800]!r}"
            ) from error
        return dialog.first.inner_text()

    def dismiss_dialog(self) -> None:
        self.page.locator(".jp-Dialog-footer button.jp-mod-accept").first.click()

    # --- widgets -------------------------------------------------------------------------

    def redraw_first_image_widget(self, timeout: float = 30) -> Redraw:
        """Change one control of the first widget whose output shows an image, and wait
        until the image is replaced by a new one."""
        widget = (
            self.page.locator(f"{PANEL} {WIDGET_VIEW}")
            .filter(has=self.page.locator(".widget-output img"))
            .first
        )
        if not widget.count():
            raise DriverError(
                f"No widget with an image output; the widgets show: "
                f"{self.page.locator(f'{PANEL} {WIDGET_VIEW}').all_inner_texts()[:3]!r}"
            )
        widget.scroll_into_view_if_needed()
        image = widget.locator(".widget-output img").first
        before = image.get_attribute("src")
        started = time.perf_counter()
        action = change_a_control(self.page, widget)
        if action is None:
            raise DriverError(
                "The first widget with an image has no control the driver knows how to change."
            )
        try:
            self.page.wait_for_function(
                "([el, old]) => { const img = el.querySelector('.widget-output img'); return img "
                "&& img.src !== old; }",
                arg=[widget.element_handle(), before],
                timeout=timeout * 1000,
            )
        except Exception as error:
            shown = widget.locator(".widget-output").first.inner_text()
            raise DriverError(
                f"The first widget's image did not change within {timeout:.0f} s after "
                f"'{action}'; its output shows: {shown[:500]!r}"
            ) from error
        seconds = time.perf_counter() - started
        self.timings.steps["widget redraw"] = seconds
        return Redraw(action, seconds)
