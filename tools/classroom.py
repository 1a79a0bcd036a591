"""Open a chapter as a classroom app: widgets live, code hidden, on 127.0.0.1.

    python tools/classroom.py 1                 # Chapter 1, opens in the browser
    python tools/classroom.py 3 --port 8870     # Chapter 3 on another port
    python tools/classroom.py 1 --no-browser    # print the address only

The app (Voila) shows the chapter's text, figures, tables, quiz and live widgets
without the code, the exercises and the teacher notes. Voila cannot render the
book's MyST markup, so it shows the chapter's student copy (tools/student_copies.py):
plain Markdown with the numbers written out, taken from the book's execution cache
when the book has been built, otherwise from one run of the chapter. The copy lives
in chapters/.classroom/ (not committed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from student_copies import student_notebook

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"  # the book's execution cache (tools/build_book.py)
CHAPTERS = ROOT / "chapters"
APP_DIR = CHAPTERS / ".classroom"
# Sections a class does not need on the projector.
DROPPED_SECTIONS = ("Exercises",)
# JupyterLab extensions installed for authors that fail inside Voila (console errors).
VOILA_EXTENSIONS_OFF = ["jupyterlab-myst", "jupyterlab-jupytext"]


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


def executed_copy(path: Path) -> nbformat.NotebookNode:
    """The chapter as it runs: from the book's execution cache if the book has been built
    with this version of the chapter, otherwise run once here (a separate process)."""
    from jupyter_cache import get_cache

    if CACHE.is_dir():
        try:
            return get_cache(str(CACHE)).merge_match_into_notebook(
                nbformat.read(path, as_version=4)
            )[1]
        except KeyError:  # not in the cache: the chapter changed since the last build
            pass
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
        return nbformat.read(executed, as_version=4)


def classroom_notebook(path: Path) -> nbformat.NotebookNode:
    """The chapter as a classroom app: the student copy (plain Markdown with its values
    written out, no solutions or teacher notes, the quiz sealed), without the exercises."""
    return student_notebook(
        path, executed_copy(path), drop_sections=DROPPED_SECTIONS, glossary=None
    )


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
        f"Preparing {path.name} for the classroom "
        "(its numbers come from the built book, or from one run)...",
        flush=True,
    )
    APP_DIR.mkdir(exist_ok=True)
    app = APP_DIR / path.name
    nbformat.write(classroom_notebook(path), app)
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
