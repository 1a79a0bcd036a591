"""The chapters as students should receive them: notebooks without the answers.

    python tools/build_book.py --student     # writes them into the student edition:
                                             #   <site>/notebooks/NN-….ipynb and chapters.zip

A student copy keeps every code cell that the chapter runs, so it runs top to bottom,
and differs from the teacher's notebook in four ways:

- no exercise solutions and no teacher notes (removed, not folded);
- the self-check quiz is *sealed*: its answers and feedback are encoded
  (``bookkit.quiz.sealed``), so reading the cell does not give them away;
- the text is plain Markdown, readable in JupyterLab, VS Code, Colab and Voila alike:
  boxes become quotations, and the numbers, citations and glossary terms are written
  out (numbers as the book's build computed them, from ``data/``);
- glossary terms link to the published glossary.

The archive ``chapters.zip`` holds the copies with what they need to run: ``bookkit/``,
``data/``, ``pyproject.toml``, ``requirements.txt`` and a short README.

The classroom app (``tools/classroom.py``) shows the same plain Markdown in Voila.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat

from bookkit.quiz import quiz_specs

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
SITE = "https://bri-teaching-book.github.io/china-japan-bri/"  # keep in step with _config.yml

EVAL = re.compile(r"\{eval\}`([A-Za-z_][A-Za-z0-9_]*)`")
TERM = re.compile(r"\[([^\]]+)\]\((?:\.\./appendices/)?glossary\.md#(term-[^)]*)\)")
CITE_LINK = re.compile(r"\[([^\]]+)\]\(cite:[^)]+\)")
LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
FENCE_OPEN = re.compile(r"^(:{3,})\{([\w-]+)\}\s*(.*)$")
SOLUTION = re.compile(
    r"^:{3,}\{solution-start\}.*?^:{3,}\{solution-end\}\s*\n:{3,}\s*$", re.M | re.S
)
SOLUTION_START = re.compile(r"^:{3,}\{solution-start\}", re.M)
SOLUTION_END = re.compile(r"^:{3,}\{solution-end\}\s*\n:{3,}\s*$", re.M)
TEACHER_NOTES = "teacher-notes"


def recorded_values(executed: nbformat.NotebookNode) -> dict[str, str]:
    """The text of every value a chapter recorded for its ``{eval}`` roles."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
            if "name" in record and text is not None:
                values[record["name"]] = text
    return values


def plain_markdown(text: str, values: dict[str, str], glossary: str | None = SITE) -> str:
    """The book's MyST Markdown as plain Markdown, with its values, citations and terms
    written out. Glossary terms link to ``glossary`` (the published book), or stay plain
    words when it is None (the classroom app runs offline)."""
    text = EVAL.sub(lambda m: values.get(m.group(1), "…"), text)
    if glossary:
        text = TERM.sub(
            lambda m: f"[{m.group(1)}]({glossary}appendices/glossary.html#{m.group(2)})", text
        )
    else:
        text = TERM.sub(lambda m: m.group(1), text)
    text = CITE_LINK.sub(r"\1", text)  # "(Xi, 2013)", written as the page shows it
    text = LABEL.sub("", text)
    out, depth = [], []
    for line in text.splitlines():
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


def without_solutions(cells: list) -> list:
    """The cells with every exercise solution taken out: solution text inside a Markdown
    cell, and whole cells (code included) between a solution's start and end."""
    kept, inside = [], False
    for cell in cells:
        if cell.cell_type == "markdown":
            source = SOLUTION.sub("", cell.source)
            if inside:  # a solution that began in an earlier cell ends here, or goes on
                end = SOLUTION_END.search(source)
                if not end:
                    continue
                source, inside = source[end.end() :], False
            start = SOLUTION_START.search(source)
            if start:
                source, inside = source[: start.start()], True
            cell.source = source
            if source.strip():
                kept.append(cell)
        elif not inside:
            kept.append(cell)
    return kept


def sealed_quiz_cell(spec: dict) -> nbformat.NotebookNode:
    """The cell that replaces a quiz cell (which holds only its ``quiz(...)`` call)."""
    from bookkit.quiz import sealed

    source = (
        "# The self-check quiz. Its answers are sealed, so that reading this cell does not\n"
        "# give them away: choose an option to see the feedback.\n"
        "from bookkit.quiz import unseal\n\n"
        f'unseal("{sealed(spec)}")'
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": ["remove-input"]})


def student_notebook(
    source: Path,
    executed: nbformat.NotebookNode,
    drop_sections: tuple[str, ...] = (),
    glossary: str | None = SITE,
) -> nbformat.NotebookNode:
    """A chapter as a student copy (see the module's description). ``executed`` is the
    same chapter after a run, for its values and quiz; sections whose level-2 heading
    starts with one of ``drop_sections`` are left out (the classroom app drops the
    exercises)."""
    nb = nbformat.read(source, as_version=4)
    if len(nb.cells) != len(executed.cells):
        raise ValueError(f"{source.name}: the executed copy has other cells; build the book again")
    values, quizzes = recorded_values(executed), quiz_specs(executed)
    cells = []
    for index, cell in enumerate(nb.cells):
        if TEACHER_NOTES in cell.metadata.get("tags", []):
            continue
        cells.append(sealed_quiz_cell(quizzes[index]) if index in quizzes else cell)
    cells = without_solutions(cells)
    kept, dropping = [], False
    for cell in cells:
        if cell.cell_type == "markdown":
            heading = re.search(r"^## (.+)$", cell.source, re.M)
            if heading:
                dropping = heading.group(1).startswith(drop_sections) if drop_sections else False
            cell.source = plain_markdown(cell.source, values, glossary)
        if not dropping:
            kept.append(cell)
    nb.cells = kept
    return nb


STUDENT_README = """# China, Japan and the Belt and Road: the chapters as notebooks

Each chapter of the book as a Jupyter notebook, with the helper package (`bookkit/`) and
the data (`data/`) it needs. To run them on your computer you need Python 3.10 or newer:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt        (Windows: .venv\\Scripts\\pip ...)
    .venv/bin/jupyter lab                              (Windows: .venv\\Scripts\\jupyter lab)

Open a chapter and choose Run > Run All Cells. The widgets redraw as you change them.
The book itself, with the same chapters: """


def write_all(executed: dict[str, nbformat.NotebookNode], out: Path) -> list[Path]:
    """Write a student copy of each chapter (name -> executed copy) into ``out``, and the
    archive ``chapters.zip`` with everything the copies need to run."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, run in sorted(executed.items()):
        path = out / name
        nbformat.write(student_notebook(CHAPTERS / name, run), path)
        written.append(path)
    archive = out / "chapters.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in written:
            zipped.write(path, f"chapters/{path.name}")
        zipped.writestr("README.md", STUDENT_README + SITE + "\n")
        for extra in ["pyproject.toml", "requirements.txt"]:
            zipped.write(ROOT / extra, extra)
        for folder, pattern in [
            ("bookkit", "**/*.py"),
            ("data", "*.csv"),
            ("data", "*.json"),
            ("data/documents", "*.yml"),
        ]:
            for path in sorted((ROOT / folder).glob(pattern)):
                if "__pycache__" not in path.parts:
                    zipped.write(path, path.relative_to(ROOT).as_posix())
    return [*written, archive]
