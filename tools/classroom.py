"""Open a chapter as a classroom app: widgets live, code hidden, on 127.0.0.1.

    python tools/classroom.py 1                 # Chapter 1, opens in the browser
    python tools/classroom.py 3 --port 8870     # Chapter 3 on another port
    python tools/classroom.py 1 --no-browser    # print the address only

The app (Voila) shows the chapter's text, figures, tables, quiz and live widgets
without the code, the exercises and the teacher notes. Voila cannot render the
book's MyST markup, so the chapter is first rewritten in plain Markdown: boxes
become quotations, glossary and citation roles become plain words, and the
numbers glued into the text are filled in (the chapter is run once to collect
them). The rewritten copy lives in chapters/.classroom/ (not committed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
APP_DIR = CHAPTERS / ".classroom"
# Sections a class does not need on the projector.
DROPPED_SECTIONS = ("Exercises", "Teacher notes")
# JupyterLab extensions installed for authors that fail inside Voila (console errors).
VOILA_EXTENSIONS_OFF = ["jupyterlab-myst", "jupyterlab-jupytext"]

EVAL = re.compile(r"\{eval\}`([A-Za-z_][A-Za-z0-9_]*)`")
TERM = re.compile(r"\[([^\]]+)\]\([^)]*glossary\.md#term-[^)]*\)")
# Citations in brackets, "(Xi, 2013; Kliman, 2019)", are left out; a textual one,
# "Harris (2018) argues", keeps its words.
CITE = re.compile(r"\s*\((?:\[[^\]]+\]\(cite:[^)]+\)(?:;\s*)?)+\)")
CITE_TEXTUAL = re.compile(r"\[([^\]]+)\]\(cite:[^)]+\)")
LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
FENCE_OPEN = re.compile(r"^(:{3,})\{(\w[\w-]*)\}\s*(.*)$")


def chapter_path(choice: str) -> Path:
    """A chapter by number ("3") or by path."""
    if choice.isdigit():
        matches = sorted(CHAPTERS.glob(f"{int(choice):02d}-*.ipynb"))
        if not matches:
            sys.exit(f"There is no chapter {choice} in {CHAPTERS}.")
        return matches[0]
    path = Path(choice).resolve()
    if not path.is_file():
        sys.exit(f"{choice}: no such notebook.")
    return path


def glued_values(path: Path) -> dict[str, str]:
    """Run the chapter once (in a separate nbconvert process) and collect the text of every glued value."""
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / path.name
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=300",
                f"--output={executed}",
                str(path),
            ],
            cwd=path.parent,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(f"{path.name} did not run:\n{result.stderr[-3000:]}")
        nb = nbformat.read(executed, as_version=4)
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
            if "name" in record and text is not None:
                values[record["name"]] = text
    return values


def plain_markdown(text: str, glued: dict[str, str]) -> str:
    """The book's MyST Markdown rewritten as plain Markdown that Voila can show."""
    text = EVAL.sub(lambda m: glued.get(m.group(1), "…"), text)
    text = TERM.sub(lambda m: m.group(1).strip(), text)
    text = CITE.sub("", text)
    text = CITE_TEXTUAL.sub(r"\1", text)
    text = LABEL.sub("", text)
    lines, out, depth = text.splitlines(), [], []
    for line in lines:
        opened = FENCE_OPEN.match(line)
        if opened:
            fence, kind, title = opened.groups()
            depth.append(fence)
            title = title or kind.capitalize()
            out.append(f"{'> ' * (len(depth) - 1)}> **{title}**")
            out.append(f"{'> ' * len(depth)}".rstrip())
            continue
        if depth and line.strip() == depth[-1]:
            depth.pop()
            out.append("")
            continue
        if depth and re.match(r"^:[\w-]+:", line):  # a directive option such as :class:
            continue
        out.append(f"{'> ' * len(depth)}{line}" if depth else line)
    return "\n".join(out).strip() + "\n"


def classroom_notebook(path: Path, glued: dict[str, str]) -> nbformat.NotebookNode:
    """The chapter as a classroom app: plain Markdown, no exercises or teacher notes."""
    nb = nbformat.read(path, as_version=4)
    cells, dropping = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = re.match(r"^## (.+)$", cell.source, re.M)
            if heading:
                dropping = heading.group(1).startswith(DROPPED_SECTIONS)
            if "teacher-notes" in cell.metadata.get("tags", []):
                continue
        if dropping:
            continue
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, glued)
        cells.append(cell)
    nb.cells = cells
    return nb


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("chapter", help="chapter number (e.g. 1) or path to a chapter notebook")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--no-browser", action="store_true", help="don't open a browser")
    args = parser.parse_args()
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        sys.exit("Voila is not installed: pip install -r requirements.txt")
    path = chapter_path(args.chapter)
    print(
        f"Preparing {path.name} for the classroom (running it once to fill in its numbers)...",
        flush=True,
    )
    APP_DIR.mkdir(exist_ok=True)
    app = APP_DIR / path.name
    nbformat.write(classroom_notebook(path, glued_values(path)), app)
    print(f"Classroom app: http://127.0.0.1:{args.port}/  (stop with Ctrl+C)", flush=True)
    command = [
        voila,
        str(app),
        f"--port={args.port}",
        "--Voila.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        # Show each cell's output as soon as it has run, so the page fills in while the
        # chapter executes instead of staying blank until the last cell.
        "--VoilaConfiguration.progressive_rendering=True",
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in VOILA_EXTENSIONS_OFF),
    ]
    if args.no_browser:
        command.append("--no-browser")
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
