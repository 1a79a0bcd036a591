"""The teacher guide's chapter sections, collected from the chapters themselves
when the book is built: each chapter's central question, learning objectives and
teacher notes (lesson plan, short path, cells to run live, expected answers,
model answers, misconceptions, rubric). Written once, in the chapter; shown twice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from IPython.display import Markdown

CHAPTER_PATTERN = "[0-9][0-9]-*.ipynb"
EVAL = re.compile(r"\{eval\}`([A-Za-z_][A-Za-z0-9_]*)`")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(cell: dict) -> str:
    return "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""


def _values_from(text: str, notebook: str) -> str:
    """Point a chapter's ``{eval}`` roles at that chapter's recorded values."""
    return EVAL.sub(lambda match: f"{{eval}}`{notebook}::{match.group(1)}`", text)


def _inside_admonition(text: str) -> str:
    """The body of the first colon-fence admonition in ``text`` (without its options)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^:{3,}\{admonition\}", line))
    fence = re.match(r"^(:{3,})", lines[start]).group(1)
    end = max(i for i, line in enumerate(lines) if line.strip() == fence)
    body = lines[start + 1 : end]
    while body and body[0].startswith(":"):
        body = body[1:]
    return "\n".join(body).strip()


def chapter_section(path: Path, link_prefix: str) -> str:
    """One chapter's part of the guide, in MyST Markdown."""
    cells = _cells(path)
    opener = _markdown(cells[0])
    title = re.search(r"^# (.+)$", opener, re.M).group(1)
    question = re.search(r"\*\*(.+?)\*\*", opener.split("Central question", 1)[1]).group(1)
    objectives = opener.split("**Learning objectives.**", 1)[1].split("**Key terms", 1)[0]
    objectives = objectives.split("\n", 1)[1].strip()
    notes = next(
        _markdown(c) for c in cells if "teacher-notes" in c.get("metadata", {}).get("tags", [])
    )
    notebook = f"{link_prefix}{path.name}"
    body = _values_from(_inside_admonition(notes), notebook)
    # Output cells cannot hold headings (they would not be sections), so each chapter
    # starts with a rubric that has a name to link to.
    return (
        f"```{{rubric}} {title}\n:name: guide-{path.stem}\n:class: bk-guide-chapter\n```\n\n"
        f"[Open the chapter]({notebook}) · **Central question:** {question}\n\n"
        f"**Learning objectives.**\n\n{objectives}\n\n{body}\n"
    )


def guide(chapters: Path, link_prefix: str = "../chapters/") -> Markdown:
    """A list of the chapters, then every chapter's section, in chapter order."""
    paths = sorted(chapters.glob(CHAPTER_PATTERN))
    titles = [re.search(r"^# (.+)$", _markdown(_cells(p)[0]), re.M).group(1) for p in paths]
    contents = "\n".join(f"- [{title}](#guide-{path.stem})" for path, title in zip(paths, titles))
    sections = [chapter_section(path, link_prefix) for path in paths]
    return Markdown("\n\n".join([contents, *sections]))
