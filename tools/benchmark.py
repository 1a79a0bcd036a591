"""Measure how fast the book is, and write the results to benchmarks/RESULTS.md.

    python tools/benchmark.py

One run measures:
- a clean build of the whole book (every notebook executed) and a no-change rebuild;
- each notebook executed alone in a fresh kernel (nbclient), kernel start included:
  time and the kernel's peak memory, their sum, and the clean build's time divided by it;
- every live widget's redraw time, changing its controls as a student would (up to 12
  values per control, in three fresh kernels), for new views and for going back to a view,
  as p50 and p95;
- each built page's weight (its HTML and its own images) and the whole site's.
This is a benchmark, not a test: it reports, it does not fail.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from widget_driver import DRIVER_SETUP

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SCREEN = ROOT / "benchmarks" / "screen.json"  # written by tools/benchmark_screen.py
TARGETS = {
    "clean build (s)": 90,
    "build / sum of isolated executions": 1.5,
    "no-change rebuild (s)": 5,
    "notebook (s)": 10,
    "notebook peak memory (MB)": 400,
    "widget redraw p95 (ms)": 100,
    "chapter page (MB)": 1.5,
}

# Widget redraws are timed in this many fresh kernels per notebook, and pooled: one kernel
# gives 7 to 51 new views per widget, too few for a p95 that a busy moment cannot move.
WIDGET_KERNELS = 3

# Run inside each notebook's kernel after the notebook: change each control of every
# widget as a student would (the widget redraws through its observer) and time it.
# Each value is set twice: the first time is a new view, drawn; the second time the
# widget shows the view it kept (see ``bookkit.widgets.live``).
TIME_WIDGETS = """
import json, time

def _set(control, value):
    start = time.perf_counter()
    control.value = value
    return 1000 * (time.perf_counter() - start)

_timings = []
for _widget in live_widgets():
    _new, _again = [], []
    for _control in _widget.controls.values():
        _default = _control.value
        _values = [v for v in sample_values(_control, limit=12) if v != _default]
        for _times in (_new, _again):
            _times += [_set(_control, v) for v in _values]
            _set(_control, _default)
    _timings.append({"function": getattr(_widget.function, "func", _widget.function).__name__,
                     "new": _new, "again": _again})
print(json.dumps(_timings))
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_notebook(path: Path) -> tuple[float, float, list[dict]]:
    """(seconds, peak MB, widget timings) for one notebook in a fresh kernel. The time
    counts the kernel's start as well as every cell, as a build has to."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        memory = peak_memory_mb(client.km.provisioner.process.pid)
        probe = nbformat.v4.new_code_cell(DRIVER_SETUP + TIME_WIDGETS)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
        # Let what the changes set off after them (a control kept equal to another,
        # bookkit.widgets.keep_equal) finish before the kernel stops.
        nb.cells.append(nbformat.v4.new_code_cell("pass"))
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    timings = json.loads(probe.outputs[-1]["text"]) if probe.outputs else []
    return seconds, memory, timings


def page_weights() -> dict[str, float]:
    """MB per built page: its HTML plus the images it loads from the site."""
    weights = {}
    for page in sorted(HTML.glob("*/*.html")) + sorted(HTML.glob("*.html")):
        if page.parent.name in ("_static", "_sources") or page.name in (
            "genindex.html",
            "search.html",
        ):
            continue
        total = page.stat().st_size
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            src = img.get("src", "")
            local = (page.parent / src.split("?")[0]).resolve()
            if src and not src.startswith(("data:", "http")) and local.is_file():
                total += local.stat().st_size
        weights[str(page.relative_to(HTML))] = total / 1e6
    return weights


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def row(measure: str, result: float, unit: str, target: str = "", fmt: str = ".1f") -> str:
    """One line of the summary table; the target's number is read from TARGETS."""
    if not target:
        return f"| {measure} | {result:{fmt}}{unit} | — | |"
    met = "✓" if result <= TARGETS[target] else "✗"
    return f"| {measure} | {result:{fmt}}{unit} | ≤ {TARGETS[target]}{unit} | {met} |"


def on_screen_lines() -> list[str]:
    """RESULTS.md's section on redraws as a student sees them, from the last run of
    tools/benchmark_screen.py (benchmarks/screen.json), if there is one."""
    if not SCREEN.is_file():
        return []
    screen = json.loads(SCREEN.read_text(encoding="utf-8"))
    return [
        "## Widget redraws on screen",
        "",
        f"Measured by `python tools/benchmark_screen.py` on {screen['date']} "
        f"({screen['machine']}): in Chromium, from the control's event to the frame that "
        "shows the new image, once every cell of the chapter has run; every change a view not "
        "drawn before. Target: median ≤ 150 ms, p95 ≤ 200 ms.",
        "",
        "| chapter | front end | changes | p50 (ms) | p95 (ms) |",
        "|---|---|---|---|---|",
        *[
            f"| `{r['chapter']}` | {r['front end']} | {r['changes']} | {r['p50_ms']} | "
            f"{r['p95_ms']} |"
            for r in screen["results"]
        ],
        "",
    ]


def main() -> int:
    python = sys.executable
    print("clean build ...", flush=True)
    clean = timed([python, "tools/build_book.py", "--clean"])
    print(f"  {clean:.1f} s\nno-change rebuilds ...", flush=True)
    rebuild = statistics.median(timed([python, "tools/build_book.py"]) for _ in range(3))
    print(f"  median {rebuild:.1f} s", flush=True)

    notebooks = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb")) + sorted(
        (ROOT / "appendices").glob("*.ipynb")
    )
    rows, widgets = [], []
    for path in notebooks:
        seconds, memory, timings = run_notebook(path)
        rows.append((path.relative_to(ROOT), seconds, memory))
        for _ in range(WIDGET_KERNELS - 1):  # the same changes in other fresh kernels, pooled
            for first, more in zip(timings, run_notebook(path)[2], strict=True):
                first["new"] += more["new"]
                first["again"] += more["again"]
        widgets += [(path.stem, t["function"], t["new"], t["again"]) for t in timings]
        print(
            f"  {path.name}: {seconds:.1f} s, {memory:.0f} MB, {len(timings)} widgets", flush=True
        )
    total = sum(seconds for _, seconds, _ in rows)
    weights = page_weights()
    chapter_pages = [mb for page, mb in weights.items() if page.startswith("chapters/")]
    site_mb = sum(f.stat().st_size for f in HTML.rglob("*") if f.is_file()) / 1e6
    new_ms = [ms for _, _, times, _ in widgets for ms in times]
    again_ms = [ms for _, _, _, times in widgets for ms in times]

    lines = [
        "# Benchmark results",
        "",
        f"Measured by `python tools/benchmark.py` on {datetime.date.today().isoformat()}: "
        f"{os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.machine()}. Rerun it after a change that "
        "could make the "
        "book slower. What was changed to meet the targets, with the figures before and after, "
        "and the "
        "cause of any target still missed: [CHANGES.md](CHANGES.md).",
        "",
        "## Summary",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
        row("clean build, every notebook executed", clean, " s", "clean build (s)"),
        row("sum of isolated notebook executions (kernel start included)", total, " s"),
        row(
            "clean build ÷ sum of executions",
            clean / total,
            "",
            "build / sum of isolated executions",
            ".2f",
        ),
        row("no-change rebuild (median of 3)", rebuild, " s", "no-change rebuild (s)"),
        row("slowest notebook", max(s for _, s, _ in rows), " s", "notebook (s)"),
        row(
            "largest notebook peak memory",
            max(m for _, _, m in rows),
            " MB",
            "notebook peak memory (MB)",
            ".0f",
        ),
        row(
            "widget redraw to a new view, p95",
            percentile(new_ms, 0.95),
            " ms",
            "widget redraw p95 (ms)",
            ".0f",
        ),
        row("widget redraw to a new view, p50", statistics.median(new_ms), " ms", "", ".0f"),
        row(
            "widget back to a view already drawn, p95",
            percentile(again_ms, 0.95),
            " ms",
            "widget redraw p95 (ms)",
            ".0f",
        ),
        row("heaviest chapter page", max(chapter_pages), " MB", "chapter page (MB)", ".2f"),
        row("whole site", site_mb, " MB"),
        "",
        "## Notebooks, each alone in a fresh kernel",
        "",
        "| notebook | time (s) | peak memory (MB) |",
        "|---|---|---|",
        *[f"| `{name}` | {seconds:.1f} | {memory:.0f} |" for name, seconds, memory in rows],
        "",
        "## Widget redraws",
        "",
        "Each control of each widget set to up to 12 values it can take (the others at their "
        "defaults), through the control as a student would: the function, its figure drawn as "
        "PNG, and the output updated; the same changes in "
        f"{WIDGET_KERNELS} fresh kernels per notebook, pooled. "
        '"New" is the first time a view is shown; "again" is going back to it. In chapter 6 '
        "the comparison's dropdowns follow the prediction's (`keep_equal`): the scorecard next "
        "to the changed dropdown is timed, and the other one redraws straight after.",
        "",
        "| notebook | widget function | redraws | new p50 (ms) | new p95 (ms) | again p95 (ms) |",
        "|---|---|---|---|---|---|",
        *[
            f"| {nb} | `{fn}` | {len(new)} | {statistics.median(new):.0f} | "
            f"{percentile(new, 0.95):.0f} | "
            f"{percentile(again, 0.95):.0f} |"
            for nb, fn, new, again in widgets
        ],
        "",
        *on_screen_lines(),
        "## Page weights (HTML and its own images)",
        "",
        "| page | MB |",
        "|---|---|",
        *[f"| `{page}` | {mb:.2f} |" for page, mb in weights.items()],
        "",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
