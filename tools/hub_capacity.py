"""How many students one machine's JupyterHub serves: the capacity benchmark.

    python tools/hub_capacity.py         # classes of 5, 10, 20 and 30 (about 25 minutes)
    python tools/hub_capacity.py --students 2 --minutes 0.5   # a quick try
    python tools/hub_capacity.py --report-only         # rewrite the reports from the last results

For each class size a fresh local JupyterHub (tools/localhub.py) starts on 127.0.0.1
and the whole class begins at once, as at the start of a lesson. Each student is
given a token (the API's equivalent of logging in), gets a server, pulls the book
with nbgitpuller and runs the chapter's code cells in order, as Run All does. When
every student has run it, they all use the chapter's first widget with a chart for
two minutes: each changes one control, waits for the new chart, thinks for 2-5 s,
and changes it again, every change a view not shown before (bounded: at most
MAX_CHANGES changes, and each waits at most REDRAW_TIMEOUT_S).

Students are simulated at the protocol level (tools/simulated_student.py): the same
REST calls and kernel messages JupyterLab sends, so servers, kernels, proxy and hub
do the work thirty real students would make them do, without thirty browsers
competing for the same two cores. Memory (RSS, and PSS, which shares libraries
fairly between processes) and CPU are sampled every SAMPLE_S seconds while the
class works. Traffic goes to 127.0.0.1 only.

Writes benchmarks/hub_capacity.json, benchmarks/HUB.md and the table the teacher
page includes, benchmarks/hub_capacity_table.md. A benchmark, not a test: it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from localhub import BOOK_REPO_NAME, HubError, LocalHub, publish_repository
from simulated_student import SimulatedStudent, StudentError

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "benchmarks" / "hub_capacity.json"
REPORT = ROOT / "benchmarks" / "HUB.md"
TABLE = ROOT / "benchmarks" / "hub_capacity_table.md"
CLASS_SIZES = [5, 10, 20, 30]
TARGET_P95_MS = 200
THINK_S = (2.0, 5.0)  # a student looks at the new chart this long before the next change
MAX_CHANGES = 60  # per student and class size
REDRAW_TIMEOUT_S = 60
SAMPLE_S = 5
MB = 1024 * 1024


def p(values: list[float], share: float) -> float | None:
    """A percentile (share 0.5 is the median), None for no values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


class Sampler:
    """Memory and CPU of each student's server and kernels, and of the whole machine."""

    def __init__(self, hub: LocalHub, pids: dict[str, int]):
        self.hub, self.pids = hub, pids
        self.samples: list[dict] = []

    def processes(self, pid: int) -> tuple[psutil.Process, list[psutil.Process]]:
        server = psutil.Process(pid)
        return server, server.children(recursive=True)

    def sample(self) -> None:
        students = []
        for pid in self.pids.values():
            try:
                server, kernels = self.processes(pid)
                memory = [server.memory_full_info(), *(k.memory_full_info() for k in kernels)]
            except psutil.NoSuchProcess:
                continue
            students.append(
                {
                    "server_rss": memory[0].rss / MB,
                    "kernel_rss": sum(m.rss for m in memory[1:]) / MB,
                    "pss": sum(m.pss for m in memory) / MB,
                }
            )
        tree = [
            psutil.Process(self.hub.process.pid),
            *psutil.Process(self.hub.process.pid).children(recursive=True),
        ]
        rss = sum(process.memory_info().rss for process in tree if process.is_running()) / MB
        self.samples.append(
            {"students": students, "hub_tree_rss": rss, "used": psutil.virtual_memory().used / MB}
        )

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the kernels, the servers, the hub with its proxy, and this
        benchmark."""
        kernels = servers = 0.0
        for pid in self.pids.values():
            try:
                server, children = self.processes(pid)
                servers += sum(server.cpu_times()[:2])
                kernels += sum(sum(k.cpu_times()[:2]) for k in children)
            except psutil.NoSuchProcess:
                pass
        hub = psutil.Process(self.hub.process.pid)
        others = [hub, *(c for c in hub.children() if c.pid not in self.pids.values())]
        return {
            "kernels": kernels,
            "servers": servers,
            "hub_proxy_culler": sum(sum(o.cpu_times()[:2]) for o in others),
            "benchmark": sum(psutil.Process().cpu_times()[:2]),
        }


async def class_starts(
    hub: LocalHub, repo_url: str, notebook: str, size: int
) -> tuple[list, list[dict], list[str]]:
    """Every student at once: a server, the book pulled, the chapter run. Returns the students
    who got through, their start timings, and what went wrong for the others."""

    async def one(index: int):
        name = f"student{index:02d}"
        started = time.perf_counter()
        student = await asyncio.to_thread(hub.add_student, name)
        spawned = time.perf_counter()
        await asyncio.to_thread(student.pull, repo_url)
        pulled = time.perf_counter()
        simulated = SimulatedStudent(student, f"{BOOK_REPO_NAME}/{notebook}")
        await simulated.start_kernel()
        run_s = await simulated.run_notebook()
        return simulated, {
            "spawn_s": spawned - started,
            "pull_s": pulled - spawned,
            "run_s": run_s,
            "ready_s": time.perf_counter() - started,
        }

    outcomes = await asyncio.gather(*(one(i) for i in range(1, size + 1)), return_exceptions=True)
    students = [o[0] for o in outcomes if not isinstance(o, BaseException)]
    timings = [o[1] for o in outcomes if not isinstance(o, BaseException)]
    failures = [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
    return students, timings, failures


async def use_widget(
    student: SimulatedStudent, until: float, seed: int
) -> tuple[list[float | None], int]:
    """Change the first chart widget's controls until ``until``: each redraw's ms (None: timed
    out), and how many different views the student could be shown before one repeats."""
    widget = student.first_image_widget()
    think = random.Random(seed)
    redraws = []
    while time.perf_counter() < until and len(redraws) < MAX_CHANGES:
        redraws.append(await student.change(widget, timeout=REDRAW_TIMEOUT_S))
        await asyncio.sleep(think.uniform(*THINK_S))
    return redraws, len(widget.moves)


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent working (all programs, all cores)."""
    times = psutil.cpu_times()
    return (
        times.user
        + times.nice
        + times.system
        + getattr(times, "irq", 0)
        + getattr(times, "softirq", 0)
    )


async def measure(size: int, minutes: float, notebook: str, workdir: Path) -> dict:
    repo_url = publish_repository(ROOT, workdir)
    with LocalHub(workdir / "hub") as hub:
        started = time.perf_counter()
        students, timings, failures = await class_starts(hub, repo_url, notebook, size)
        class_ready_s = time.perf_counter() - started
        print(
            f"  class of {size}: {len(students)} ready in {class_ready_s:.0f} s, {len(failures)} "
            "failed",
            flush=True,
        )
        pids = {s.student.name: hub.server_pid(s.student.name) for s in students}
        sampler = Sampler(hub, pids)
        load = os.getloadavg()[0]
        cpu_before, machine_before, window_start = (
            sampler.cpu_seconds(),
            busy_cpu_seconds(),
            time.perf_counter(),
        )
        until = window_start + 60 * minutes

        async def sample_until_done():
            while time.perf_counter() < until:
                await asyncio.sleep(SAMPLE_S)
                await asyncio.to_thread(sampler.sample)

        sampling = asyncio.ensure_future(sample_until_done())
        outcomes = await asyncio.gather(
            *(use_widget(s, until, i) for i, s in enumerate(students)), return_exceptions=True
        )
        await sampling
        window_s = time.perf_counter() - window_start
        cpu_after, machine_busy = sampler.cpu_seconds(), busy_cpu_seconds() - machine_before
        for student in students:
            await student.close()
    failures += [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
    used = [o for o in outcomes if not isinstance(o, BaseException)]
    redraws = [ms for times, _ in used for ms in times]
    done = [ms for ms in redraws if ms is not None]
    per_student = [s for sample in sampler.samples for s in sample["students"]]
    cpu = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
    return {
        "students": size,
        "students_served": len(students),
        "failures": failures,
        "class_start": {
            "all_ready_s": class_ready_s,
            **{
                f"{key}_{name}": fn([t[key] for t in timings])
                for key in ("spawn_s", "pull_s", "run_s")
                for name, fn in (
                    ("p50", lambda v: p(v, 0.5)),
                    ("max", lambda v: max(v) if v else None),
                )
            },
        },
        "redraw_ms": {
            "count": len(done),
            "timeouts": len(redraws) - len(done),
            "p50": p(done, 0.5),
            "p95": p(done, 0.95),
            "max": max(done) if done else None,
            "new_views_per_student": min((views for _, views in used), default=None),
        },
        "memory_mb": {
            "server_rss_per_student": statistics.mean(s["server_rss"] for s in per_student)
            if per_student
            else None,
            "kernel_rss_per_student": statistics.mean(s["kernel_rss"] for s in per_student)
            if per_student
            else None,
            "pss_per_student": statistics.mean(s["pss"] for s in per_student)
            if per_student
            else None,
            "hub_tree_rss_peak": max((s["hub_tree_rss"] for s in sampler.samples), default=None),
            "machine_used_peak": max((s["used"] for s in sampler.samples), default=None),
        },
        "cpu": {
            "window_s": window_s,
            "cpu_seconds": cpu,
            # Other workers share this machine: what they used while the class worked, and the
            # load before.
            "other_programs_cpu_seconds": max(machine_busy - sum(cpu.values()), 0.0),
            "load_average_before": load,
            "kernel_cpu_ms_per_redraw": 1000 * cpu["kernels"] / len(done) if done else None,
        },
    }


def served(results: dict) -> int | None:
    """The largest class measured whose redraw p95 met the target, with every student served."""
    ok = [
        r["students"]
        for r in results["sizes"]
        if r["redraw_ms"]["p95"] is not None
        and r["redraw_ms"]["p95"] <= TARGET_P95_MS
        and not r["failures"]
        and r["students_served"] == r["students"]
    ]
    return max(ok) if ok else None


def fmt(value, spec: str = ".0f") -> str:
    return "—" if value is None else format(value, spec)


def table(results: dict, full: bool = True) -> str:
    """The results by class size; ``full=False`` keeps the columns a teacher needs."""
    cores = results["machine"]["cores"]
    columns = [
        ("students", lambda r: str(r["students"])),
        ("ready (s)", lambda r: fmt(r["class_start"]["all_ready_s"])),
        ("redraw p50 (ms)", lambda r: fmt(r["redraw_ms"]["p50"])),
        ("redraw p95 (ms)", lambda r: fmt(r["redraw_ms"]["p95"])),
        ("per student (MB)", lambda r: fmt(student_rss(r))),
        ("whole class (MB)", lambda r: fmt(r["memory_mb"]["hub_tree_rss_peak"])),
        (
            "CPU, the class (%)",
            lambda r: fmt(cpu_share(r, cores, "kernels", "servers", "hub_proxy_culler")),
        ),
    ]
    if full:
        columns[5:5] = [
            ("per student, PSS (MB)", lambda r: fmt(r["memory_mb"]["pss_per_student"])),
            ("redraws timed out", lambda r: str(r["redraw_ms"]["timeouts"])),
        ]
        columns.append(("CPU, other programs (%)", lambda r: fmt(cpu_share(r, cores))))
    return "\n".join(
        [
            "| " + " | ".join(name for name, _ in columns) + " |",
            "|" + "---|" * len(columns),
            *("| " + " | ".join(cell(r) for _, cell in columns) + " |" for r in results["sizes"]),
        ]
    )


def cpu_share(result: dict, cores: int, *parts: str) -> float:
    """Per cent of the machine's processors that ``parts`` of the class (by default, other
    programs) used while the class used the widget."""
    cpu = result["cpu"]
    used = (
        sum(cpu["cpu_seconds"][part] for part in parts)
        if parts
        else cpu["other_programs_cpu_seconds"]
    )
    return 100 * used / (cpu["window_s"] * cores)


def student_rss(result: dict) -> float | None:
    """Memory per student: their server's RSS plus their kernel's, averaged over the samples."""
    memory = result["memory_mb"]
    if memory["server_rss_per_student"] is None:
        return None
    return memory["server_rss_per_student"] + memory["kernel_rss_per_student"]


LEGEND = (
    '"Ready" is the time until every student of the class had run the chapter; "per student" the '
    'memory of a student\'s server and kernel (RSS), "whole class" that of the hub and every '
    "student's "
    'processes together, and "CPU, the class" the share of the machine\'s processors that the '
    "students' "
    "kernels and servers and the hub used while the class used the widget."
)


def conclusion(results: dict) -> str:
    """What the figures say about one machine, in sentences built from the figures."""
    machine, sizes = results["machine"], results["sizes"]
    best = served(results)
    share = f"{machine['cores']} cores and {machine['memory_gb']:.0f} GB of memory"
    if best is None:
        sentences = [
            f"On this machine ({share}) no class size measured kept the redraw p95 within "
            f"{TARGET_P95_MS} ms with every student served."
        ]
    else:
        sentences = [
            f"On this machine ({share}) a class of {best} students, the largest measured that "
            "did, kept "
            f"the redraw p95 within {TARGET_P95_MS} ms with every student served."
        ]
    pss = max(
        (r["memory_mb"]["pss_per_student"] for r in sizes if r["memory_mb"]["pss_per_student"]),
        default=None,
    )
    if pss:
        holds = int(machine["memory_gb"] * 1024 * 0.8 // pss)
        limit = "is not the limit" if holds >= max(r["students"] for r in sizes) else "is a limit"
        sentences.append(
            f"Memory {limit}: each student used at most about {pss:.0f} MB (PSS), so "
            f"{machine['memory_gb']:.0f} GB holds about {holds} students with a fifth kept free."
        )
    cost = [
        r["cpu"]["kernel_cpu_ms_per_redraw"] for r in sizes if r["cpu"]["kernel_cpu_ms_per_redraw"]
    ]
    if cost:
        sentences.append(
            f"Each redraw costs the student's kernel about {statistics.median(cost):.0f} ms of "
            "processor time, and a "
            "kernel works on one core: redraws wait for a free core once several students change "
            "a control at the "
            "same moment. So a hub serves more students with more cores, and beyond one machine "
            "Zero to JupyterHub "
            "spreads the students over several."
        )
    others = max(
        (r["cpu"]["other_programs_cpu_seconds"] / r["cpu"]["window_s"] for r in sizes), default=0
    )
    if others > 0.25:
        sentences.append(
            f"Other programs on this shared machine used up to {others:.1f} of its "
            f"{machine['cores']} "
            "cores while the classes worked, so these redraws are slower than on a hub's own "
            "machine."
        )
    return " ".join(sentences)


def write_reports(results: dict) -> None:
    machine = results["machine"]
    TABLE.write_text(
        f"{table(results, full=False)}\n\n{LEGEND}\n\n{conclusion(results)}\n\n"
        f"Measured on {results['date']} by `python tools/hub_capacity.py`; method in "
        "`benchmarks/HUB.md`.\n",
        encoding="utf-8",
    )
    REPORT.write_text(
        "\n".join(
            [
                "# A class on one JupyterHub: capacity",
                "",
                f"Measured by `python tools/hub_capacity.py` on {results['date']}: "
                f"{machine['cores']} cores, "
                f"{machine['memory_gb']:.0f} GB, Python {machine['python']}. Raw figures: "
                "[hub_capacity.json](hub_capacity.json). The widget redraws are being made faster "
                "(issue 16): "
                "rerun the script after such a change.",
                "",
                "## Results",
                "",
                table(results),
                "",
                LEGEND
                + " PSS shares the memory of the libraries that processes share fairly between "
                "them: it is "
                "what each extra student costs.",
                "",
                conclusion(results),
                "",
                "## Method",
                "",
                "For each class size a fresh local JupyterHub starts on 127.0.0.1 "
                "(hub/jupyterhub_config.py) and the "
                "whole class begins at once, as at the start of a lesson: each student gets a "
                "server, pulls the book "
                f"with nbgitpuller and runs `{results['notebook']}` cell by cell, as Run All does "
                '("ready" is the time '
                "until the last student has run it). Then every student uses the chapter's first "
                "widget with a chart for "
                f"{results['minutes']:g} minutes: changes one control, waits for the new chart, "
                "looks at it for "
                f"{THINK_S[0]:g}-{THINK_S[1]:g} s, and changes it again (at most {MAX_CHANGES} "
                "changes each), every "
                "change a view not drawn before, the costly case; going back to a view already "
                "drawn is nearly instant.",
                "",
                "Students are simulated with the messages JupyterLab sends (REST calls, and the "
                "kernel's websocket with "
                "the ipywidgets update message a control sends), not with browsers, so the "
                "servers, kernels, proxy and hub "
                "do the work real students would give them while the two cores are not spent on "
                "thirty browsers. A "
                "redraw is timed from the control's message to the arrival of the widget's new "
                "output, as the student's "
                "browser receives it; putting the image on screen adds a little in a real browser.",
                "",
                "Memory is sampled every few seconds while the class works: RSS per student "
                "(server plus kernel) counts "
                "the libraries the processes share once per process, PSS divides them fairly, so "
                "PSS is what each extra "
                'student costs. "All students\' processes" is the RSS of the hub, proxy, culler, '
                "servers and kernels "
                "together. CPU is the machine's, and includes this script's own work:",
                "",
                "| students | window (s) | kernels (CPU s) | servers (CPU s) | hub, proxy, culler "
                "(CPU s) "
                "| this script (CPU s) | other programs (CPU s) | load before | kernel CPU per "
                "redraw (ms) |",
                "|---|---|---|---|---|---|---|---|---|",
                *[
                    f"| {r['students']} | {r['cpu']['window_s']:.0f} | "
                    f"{r['cpu']['cpu_seconds']['kernels']:.0f} | "
                    f"{r['cpu']['cpu_seconds']['servers']:.0f} | "
                    f"{r['cpu']['cpu_seconds']['hub_proxy_culler']:.0f} | "
                    f"{r['cpu']['cpu_seconds']['benchmark']:.0f} | "
                    f"{r['cpu']['other_programs_cpu_seconds']:.0f} | "
                    f"{r['cpu']['load_average_before']:.1f} | "
                    f"{fmt(r['cpu']['kernel_cpu_ms_per_redraw'])} |"
                    for r in results["sizes"]
                ],
                "",
                '"Other programs" is the CPU the rest of the machine used in the same minutes, '
                'and "load before" the '
                "load average when the class began to work: where they are high, the class shared "
                "its cores with other "
                "work and its redraws were slower than on a machine of its own.",
                "",
                "Class start, per student (median and slowest):",
                "",
                "| students | server start (s) | nbgitpuller (s) | chapter run (s) | failures |",
                "|---|---|---|---|---|",
                *[
                    f"| {r['students']} | {fmt(r['class_start']['spawn_s_p50'], '.1f')} / "
                    f"{fmt(r['class_start']['spawn_s_max'], '.1f')} | "
                    f"{fmt(r['class_start']['pull_s_p50'], '.1f')} / "
                    f"{fmt(r['class_start']['pull_s_max'], '.1f')} | "
                    f"{fmt(r['class_start']['run_s_p50'], '.1f')} / "
                    f"{fmt(r['class_start']['run_s_max'], '.1f')} | "
                    f"{'; '.join(r['failures'][:3]) or 'none'} |"
                    for r in results["sizes"]
                ],
                "",
            ]
        ),
        encoding="utf-8",
    )


async def sweep(sizes: list[int], minutes: float, notebook: str) -> dict:
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=2 * max(sizes) + 8)
    )
    results = {
        "date": datetime.date.today().isoformat(),
        "notebook": notebook,
        "minutes": minutes,
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": psutil.virtual_memory().total / 1024**3,
            "python": platform.python_version(),
        },
        "target_p95_ms": TARGET_P95_MS,
        "sizes": [],
    }
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"hub-capacity-{size}-") as workdir:
            results["sizes"].append(await measure(size, minutes, notebook, Path(workdir)))
        print(
            f"    redraw p50/p95 {fmt(results['sizes'][-1]['redraw_ms']['p50'])}/"
            f"{fmt(results['sizes'][-1]['redraw_ms']['p95'])} ms",
            flush=True,
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--students", type=int, nargs="+", default=CLASS_SIZES, help="class sizes to measure"
    )
    parser.add_argument(
        "--minutes", type=float, default=2.0, help="how long each class uses the widget"
    )
    parser.add_argument(
        "--notebook", default="chapters/01-bri-and-chinas-rise.ipynb", help="chapter to run"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the reports from the saved results"
    )
    args = parser.parse_args()
    if args.report_only:
        write_reports(json.loads(RESULTS.read_text(encoding="utf-8")))
        return 0
    if not (ROOT / args.notebook).is_file():
        parser.error(f"no notebook {args.notebook}")
    if not all(1 <= n <= 60 for n in args.students) or not 0 < args.minutes <= 10:
        parser.error("class sizes must be 1-60 and --minutes at most 10, to keep the run bounded")
    # Stopped from outside: leave through the hub's clean-up, which stops every server and kernel.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        results = asyncio.run(sweep(sorted(args.students), args.minutes, args.notebook))
    except (HubError, StudentError) as error:
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 1
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    write_reports(results)
    print(
        f"wrote {RESULTS.relative_to(ROOT)}, {REPORT.relative_to(ROOT)} and "
        f"{TABLE.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
