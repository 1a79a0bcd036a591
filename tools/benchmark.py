"""Measure how fast the book is, and write the results to benchmarks/RESULTS.md.

    python tools/benchmark.py

One run measures:
- a clean build of the whole book (every notebook executed) and a no-change rebuild;
- each notebook executed alone in a fresh kernel (nbclient): time and the kernel's
  peak memory, their sum, and the clean build's time divided by that sum;
- every live widget's redraw time (its function and the rendering of its figure),
  over each control's values (up to 12 per control), as p50 and p95;
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

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGETS = {
    "clean build (s)": 90,
    "build / sum of isolated executions": 1.5,
    "no-change rebuild (s)": 5,
    "notebook (s)": 10,
    "notebook peak memory (MB)": 400,
    "widget redraw p95 (ms)": 100,
    "chapter page (MB)": 1.5,
}

# Run inside each notebook's kernel after the notebook: time every widget's redraw.
TIME_WIDGETS = """
import json, time
from bookkit.widgets import LIVE_WIDGETS, render, sample_values
_timings = []
for _widget in LIVE_WIDGETS:
    _times = []
    for _name, _control in _widget.controls.items():
        _defaults = {n: c.value for n, c in _widget.controls.items()}
        for _value in sample_values(_control, limit=12):
            _values = dict(_defaults, **{_name: _value})
            _start = time.perf_counter()
            for _part in render(_widget.function(**_values)):
                if hasattr(_part, "_repr_mimebundle_"):
                    _part._repr_mimebundle_()
            _times.append(1000 * (time.perf_counter() - _start))
    _timings.append({"function": getattr(_widget.function, "func", _widget.function).__name__, "ms": _times})
print(json.dumps(_timings))
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_notebook(path: Path) -> tuple[float, float, list[dict]]:
    """(seconds, peak MB, widget timings) for one notebook in a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    timings = []
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        pid = client.km.provisioner.process.pid
        memory = peak_memory_mb(pid)
        probe = nbformat.v4.new_code_cell(TIME_WIDGETS)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
        if "bookkit" in "".join(c.source for c in nb.cells) and probe.outputs:
            timings = json.loads(probe.outputs[-1].get("text", "[]") or "[]")
    return seconds, memory, timings


def page_weights() -> dict[str, float]:
    """MB per built page: its HTML plus the images it loads from the site."""
    weights = {}
    for page in sorted(HTML.glob("*/*.html")) + sorted(HTML.glob("*.html")):
        if page.parent.name in ("_static", "_sources") or page.name in ("genindex.html", "search.html"):
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


def mark(value: float, target: float) -> str:
    return "✓" if value <= target else "✗"


def main() -> int:
    python = sys.executable
    print("clean build ...", flush=True)
    clean = timed([python, "tools/build_book.py", "--clean"])
    print(f"  {clean:.1f} s\nno-change rebuild ...", flush=True)
    rebuild = timed([python, "tools/build_book.py"])
    print(f"  {rebuild:.1f} s", flush=True)

    notebooks = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb")) + sorted((ROOT / "appendices").glob("*.ipynb"))
    rows, widgets = [], []
    for path in notebooks:
        seconds, memory, timings = run_notebook(path)
        rows.append((path.relative_to(ROOT), seconds, memory))
        widgets += [(path.stem, t["function"], t["ms"]) for t in timings]
        print(f"  {path.name}: {seconds:.1f} s, {memory:.0f} MB, {len(timings)} widgets", flush=True)
    total = sum(seconds for _, seconds, _ in rows)
    weights = page_weights()
    site_mb = sum(f.stat().st_size for f in HTML.rglob("*") if f.is_file()) / 1e6
    all_ms = [ms for _, _, times in widgets for ms in times]

    lines = [
        "# Benchmark results",
        "",
        f"Measured by `python tools/benchmark.py` on {datetime.date.today().isoformat()}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.machine()}. Rerun it after a change that could make the "
        "book slower; the targets are those of the project's issue on performance.",
        "",
        "## Summary",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
        f"| clean build, every notebook executed | {clean:.1f} s | ≤ {TARGETS['clean build (s)']} s | {mark(clean, TARGETS['clean build (s)'])} |",
        f"| sum of isolated notebook executions | {total:.1f} s | — | |",
        f"| clean build ÷ sum of executions | {clean / total:.2f} | ≤ {TARGETS['build / sum of isolated executions']} | {mark(clean / total, TARGETS['build / sum of isolated executions'])} |",
        f"| no-change rebuild | {rebuild:.1f} s | ≤ {TARGETS['no-change rebuild (s)']} s | {mark(rebuild, TARGETS['no-change rebuild (s)'])} |",
        f"| slowest notebook | {max(s for _, s, _ in rows):.1f} s | ≤ {TARGETS['notebook (s)']} s | {mark(max(s for _, s, _ in rows), TARGETS['notebook (s)'])} |",
        f"| largest notebook peak memory | {max(m for _, _, m in rows):.0f} MB | ≤ {TARGETS['notebook peak memory (MB)']} MB | {mark(max(m for _, _, m in rows), TARGETS['notebook peak memory (MB)'])} |",
        f"| widget redraw, all widgets, p50 / p95 | {percentile(all_ms, 0.5):.0f} / {percentile(all_ms, 0.95):.0f} ms | p95 ≤ {TARGETS['widget redraw p95 (ms)']} ms | {mark(percentile(all_ms, 0.95), TARGETS['widget redraw p95 (ms)'])} |",
        f"| heaviest chapter page | {max(v for k, v in weights.items() if k.startswith('chapters/')):.2f} MB | ≤ {TARGETS['chapter page (MB)']} MB | {mark(max(v for k, v in weights.items() if k.startswith('chapters/')), TARGETS['chapter page (MB)'])} |",
        f"| whole site | {site_mb:.1f} MB | — | |",
        "",
        "## Notebooks, each alone in a fresh kernel",
        "",
        "| notebook | time (s) | peak memory (MB) |",
        "|---|---|---|",
        *[f"| `{name}` | {seconds:.1f} | {memory:.0f} |" for name, seconds, memory in rows],
        "",
        "## Widget redraws (function and figure rendering)",
        "",
        "| notebook | widget function | redraws | p50 (ms) | p95 (ms) |",
        "|---|---|---|---|---|",
        *[f"| {nb} | `{fn}` | {len(ms)} | {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} |" for nb, fn, ms in widgets],
        "",
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
