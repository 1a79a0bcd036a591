"""The teacher guide's parts that come from the chapters, collected when the book is
built, so that the guide and the chapters always agree:

- ``scheme_of_work``: the unit's lessons, two per chapter. The scheme's own file
  (``appendices/scheme-of-work.yml``) chooses each lesson's objectives by number and
  sets its focus and homework; the objectives' wording, each lesson's activities (the
  "Lesson plan" of the chapter's teacher notes), the one-lesson path, the document set
  and the widgets come from the chapter.
- ``guide``: each chapter's central question, learning objectives and teacher notes
  (lesson plan, short path, cells to run live, expected answers, model answers,
  misconceptions, rubric), and its quiz answer key, which the build makes from the
  quiz itself (``_ext/teacherunit.py``). A key typed into the notes is left out here,
  so the guide never shows two.

Written once, in the chapter; shown twice. A chapter whose notes lack a part the
guide reads fails the build with a message naming the chapter and the part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from IPython.display import Markdown

from bookkit.documents import load_set

CHAPTER_PATTERN = "[0-9][0-9]-*.ipynb"
EVAL = re.compile(r"\{eval\}`([A-Za-z_][A-Za-z0-9_]*)`")
# A bold label in the teacher notes ("**One-lesson path:**"), and its text up to the
# next such label or a blank line. Some chapters run two labels into one paragraph.
NEXT_LABEL = r"\s\*\*[A-Z][^*]{0,80}[.:]\*\*"


def _labelled(label: str) -> re.Pattern:
    start = r"(?:^|\s)\*\*" + re.escape(label) + r"[^*]*\*\*:?\s*"
    return re.compile(start + r"(.+?)(?=" + NEXT_LABEL + r"|\n\s*\n|\Z)", re.S)


TYPED_KEY = _labelled("Quiz answer key")
OBJECTIVE = re.compile(r"^\d+\.\s+(\*\*.+)$", re.M)
TRY_IT = re.compile(r"^:{3,}\{admonition\}\s+Try it:\s*(.+?)\s*$", re.M)


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


def note_part(notes: str, label: str, chapter: str) -> str:
    """The text of the notes' paragraph that starts with ``**label…**``, on one line."""
    found = _labelled(label).search(notes)
    if not found:
        raise ValueError(
            f"{chapter}: the teacher notes have no paragraph starting '**{label}' "
            "(the teacher guide reads it)"
        )
    return " ".join(found.group(1).split())


def lesson_plan(notes: str, chapter: str) -> tuple[str, str]:
    """The two lessons of the notes' "Lesson plan": 'Lesson 1: …; Lesson 2: …'."""
    plan = note_part(notes, "Lesson plan", chapter)
    found = re.fullmatch(r"Lesson 1:\s*(.+?)\s*Lesson 2:\s*(.+)", plan)
    if not found:
        raise ValueError(
            f"{chapter}: the lesson plan should read 'Lesson 1: … Lesson 2: …', not {plan!r}"
        )
    return found.group(1).rstrip(" ;,"), found.group(2).rstrip(" ;,")


@dataclass
class Chapter:
    """What the guide reads from one chapter notebook."""

    path: Path
    title: str
    question: str
    objectives: list[str]  # each as the opener writes it: "**Describe** … *(Understand)*"
    notes: str  # the body of the teacher notes
    widgets: list[str]  # the titles of its "Try it" tasks
    text: str  # all its Markdown

    @property
    def number(self) -> int:
        return int(self.path.name[:2])

    def link(self, prefix: str) -> str:
        return f"{prefix}{self.path.name}"

    def part(self, label: str, prefix: str) -> str:
        """A paragraph of the notes, its values pointed at this chapter's."""
        return _values_from(note_part(self.notes, label, self.path.name), self.link(prefix))


def read_chapter(path: Path) -> Chapter:
    cells = _cells(path)
    opener = _markdown(cells[0])
    title = re.search(r"^# (.+)$", opener, re.M).group(1)
    question = re.search(r"\*\*(.+?)\*\*", opener.split("Central question", 1)[1]).group(1)
    objectives = opener.split("**Learning objectives.**", 1)[1].split("**Key terms", 1)[0]
    notes = next(
        (_markdown(c) for c in cells if "teacher-notes" in c.get("metadata", {}).get("tags", [])),
        None,
    )
    if notes is None:
        raise ValueError(f"{path.name}: no cell tagged teacher-notes")
    text = "\n".join(_markdown(cell) for cell in cells)
    return Chapter(
        path,
        title,
        question,
        [" ".join(line.split()) for line in OBJECTIVE.findall(objectives)],
        _inside_admonition(notes),
        TRY_IT.findall(text),
        text,
    )


def read_chapters(chapters: Path) -> list[Chapter]:
    return [read_chapter(path) for path in sorted(chapters.glob(CHAPTER_PATTERN))]


# --- The chapter notes -------------------------------------------------------------


def chapter_section(chapter: Chapter, link_prefix: str) -> str:
    """One chapter's part of the guide, in MyST Markdown."""
    notebook = chapter.link(link_prefix)
    objectives = "\n".join(f"{n}. {text}" for n, text in enumerate(chapter.objectives, 1))
    body = _values_from(TYPED_KEY.sub("", chapter.notes), notebook)
    # Output cells cannot hold headings (they would not be sections), so each chapter
    # starts with a rubric that has a name to link to.
    return (
        f"```{{rubric}} {chapter.title}\n:name: guide-{chapter.path.stem}\n"
        ":class: bk-guide-chapter\n```\n\n"
        f"[Open the chapter]({notebook}) · **Central question:** {chapter.question}\n\n"
        f"**Learning objectives.**\n\n{objectives}\n\n{body}\n\n"
        "**Quiz answer key.** The self-check as the chapter shows it, with the answer and "
        "the feedback for every option:\n\n"
        f"```{{quiz-answer-key}} {notebook}\n```\n"
    )


def guide(chapters: Path, link_prefix: str = "../chapters/") -> Markdown:
    """A list of the chapters, then every chapter's section, in chapter order."""
    found = read_chapters(chapters)
    contents = "\n".join(f"- [{c.title}](#guide-{c.path.stem})" for c in found)
    sections = [chapter_section(chapter, link_prefix) for chapter in found]
    return Markdown("\n\n".join([contents, *sections]))


# --- The scheme of work ------------------------------------------------------------


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def load_scheme(path: Path, chapters: list[Chapter]) -> dict[int, list[dict]]:
    """The scheme's file, checked against the chapters it plans."""
    scheme = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("chapters") or {}
    numbers = [chapter.number for chapter in chapters]
    if sorted(scheme) != numbers:
        raise ValueError(f"{path.name}: plans chapters {sorted(scheme)}, the book has {numbers}")
    for chapter in chapters:
        lessons = scheme[chapter.number]
        if len(lessons) != 2:
            raise ValueError(f"{path.name}: chapter {chapter.number} needs two lessons")
        for lesson in lessons:
            missing = {"focus", "objectives", "homework"} - set(lesson)
            if missing:
                raise ValueError(
                    f"{path.name}: a lesson of chapter {chapter.number} lacks {sorted(missing)}"
                )
            unknown = [n for n in lesson["objectives"] if not 1 <= n <= len(chapter.objectives)]
            if unknown:
                raise ValueError(
                    f"{path.name}: chapter {chapter.number} has no objective {unknown} "
                    f"(it has {len(chapter.objectives)})"
                )
    return scheme


def _short_perspective(label: str) -> str:
    """'Chinese official (foreign-ministry spokesperson), reported …' -> 'Chinese official'."""
    return re.split(r"\s*[(,;]", label, maxsplit=1)[0].strip()


def resources(chapter: Chapter) -> str:
    """The chapter's document set and widgets, in one line."""
    documents = load_set(chapter.number)["documents"]
    cards = ", ".join(
        f"{d['letter']} ({_short_perspective(d['perspective_label'])})" for d in documents
    )
    widgets = "; ".join(chapter.widgets) or "none"
    return (
        f"**Document set:** {cards}, and the claim-evidence-reasoning organiser. "
        f"**Widgets (Try it):** {widgets}."
    )


def _list_table(header: list[str], rows: dict[str, list[str]]) -> str:
    """A MyST list-table: the first column names each row; cells may hold lists."""

    def cell(text: str, first: str) -> str:
        lines = text.strip().splitlines() or [""]
        return "\n".join([f"{first}{lines[0]}", *(f"    {line}" for line in lines[1:])])

    out = ["```{list-table}", ":header-rows: 1", ":stub-columns: 1", ":widths: 14 43 43", ""]
    for name, cells in {"": header, **rows}.items():
        out.append(f"* - {name}")
        out += [cell(text, "  - ") for text in cells]
    return "\n".join([*out, "```"])


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def scheme_of_work(
    chapters: Path, scheme_file: Path, link_prefix: str = "../chapters/"
) -> Markdown:
    """The unit at a glance, then each chapter's two lessons and its one-lesson path."""
    found = read_chapters(chapters)
    scheme = load_scheme(scheme_file, found)
    overview = ["| Lesson | Chapter | Focus |", "|---|---|---|"]
    details = []
    for chapter in found:
        first = 2 * chapter.number - 1
        lessons = scheme[chapter.number]
        anchor = f"scheme-{chapter.path.stem}"
        overview += [
            f"| {first + n} | [{_cell(chapter.title)}](#{anchor}) | {_cell(lesson['focus'])} |"
            for n, lesson in enumerate(lessons)
        ]
        table = _list_table(
            [f"Lesson {first + n}: {lesson['focus']}" for n, lesson in enumerate(lessons)],
            {
                "Objectives": [
                    "\n".join(f"- {chapter.objectives[n - 1]}" for n in lesson["objectives"])
                    for lesson in lessons
                ],
                "Activities": [
                    _sentence(text) for text in lesson_plan(chapter.notes, chapter.path.name)
                ],
                "Homework": [" ".join(lesson["homework"].split()) for lesson in lessons],
            },
        )
        notebook = chapter.link(link_prefix)
        details.append(
            f"```{{rubric}} Lessons {first}–{first + 1}: {chapter.title}\n:name: {anchor}\n"
            ":class: bk-scheme-chapter\n```\n\n"
            f"[Open the chapter]({notebook}) · **Central question:** {chapter.question}\n\n"
            f"{resources(chapter)}\n\n"
            + _values_from(table, notebook)
            + f"\n\n**One-lesson path:** {chapter.part('One-lesson path', link_prefix)}\n"
        )
    overview.append(
        "| 15 | [Final assessment](teacher-assessment.ipynb) | The essay: to what extent is the "
        "essay's conclusion supported by the evidence? (A timed lesson, or homework.) |"
    )
    return Markdown("\n".join(overview) + "\n\n" + "\n\n".join(details))
