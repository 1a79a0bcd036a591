"""The student edition: the same sources built with one switch, with the
exercise solutions, the teacher notes and the teacher guide removed (not
collapsed), and every page and link still whole."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import HTML, broken_internal_links, chapter_notebooks, read_notebook, toc_pages

TEACHER_ONLY = {
    "appendices/teacher-guide",
    "appendices/teacher-chapters",
    "appendices/teacher-assessment",
    "appendices/teacher-sensitive-topics",
}
# What marks the teacher's unit on a page: its parts' classes and ids, and its words.
UNIT_CLASSES = [
    "bk-scheme-chapter",
    "bk-handouts",
    "bk-guide-chapter",
    "bk-answer-key",
    "bk-exemplar",
    "bk-marker",
]
UNIT_IDS = ["scheme-of-work", "printable-handouts", "marking-scheme", "assessment-exemplars"]
UNIT_WORDS = [
    "Scheme of work",
    "One-lesson path",
    "evidence log",
    "Quiz answer key",
    "Marking scheme",
    "Marker's comments",
    "Teaching sensitive topics",
    "What the book leaves open",
]


def page_text(site, page):
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def plain(text: str) -> str:
    """Text with Sphinx's typographic quotes and dashes undone and spaces collapsed."""
    for fancy, simple in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "--", "—": "---"}.items():
        text = text.replace(fancy, simple)
    return re.sub(r"\s+", " ", text)


def solution_and_note_phrases(path):
    """Distinctive sentences from a chapter's solutions and teacher notes."""
    cells = read_notebook(path)["cells"]
    phrases, inside = [], False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "{solution-start}" in text:
            inside = True
            continue
        if cell["cell_type"] == "markdown" and "{solution-end}" in text:
            inside = False
            continue
        if inside and cell["cell_type"] == "markdown":
            phrases.append(text.split(".")[0][:60])
    notes = next(c for c in cells if "teacher-notes" in c.get("metadata", {}).get("tags", []))
    phrases += [
        line[:60]
        for line in "".join(notes["source"]).splitlines()
        if line.startswith("**") and len(line) > 40
    ][:3]
    stripped = [plain(re.sub(r"[*`]", "", p)).strip() for p in phrases if "{" not in p]
    return [p for p in stripped if len(p) > 25]


def test_teacher_only_pages_are_left_out(student_book):
    for page in toc_pages():
        assert (student_book / f"{page}.html").is_file() == (page not in TEACHER_ONLY), page
    assert not (student_book / "_sources").exists(), (
        "the notebooks' sources (with solutions) must not be published"
    )


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_no_solution_or_teacher_note_content(student_book, built_book, path):
    page = f"chapters/{path.stem}"
    student, teacher = page_text(student_book, page), page_text(HTML, page)
    assert not student.select(".solution, .teacher-notes, #teacher-notes")
    assert "Teacher notes" not in student.get_text()
    exercises = len(
        re.findall(
            r"\{exercise\}", "".join("".join(c["source"]) for c in read_notebook(path)["cells"])
        )
    )
    assert len(student.select("div.exercise")) == exercises, "the exercises themselves stay"
    phrases = solution_and_note_phrases(path)
    assert len(phrases) >= 3
    for phrase in phrases:
        assert phrase in plain(teacher.get_text()), f"not in the teacher edition: {phrase!r}"
        assert phrase not in plain(student.get_text()), f"left in the student edition: {phrase!r}"


def test_student_edition_links_resolve(student_book):
    problems = broken_internal_links(student_book)
    assert not problems, "\n".join(problems[:30])


def unit_marks(doc: BeautifulSoup) -> list[str]:
    """The marks of the teacher's unit found on a page."""
    found = [f".{name}" for name in UNIT_CLASSES if doc.select(f".{name}")]
    found += [f"#{name}" for name in UNIT_IDS if doc.find(id=name)]
    text = plain(doc.get_text(" "))
    found += [words for words in UNIT_WORDS if words in text]
    found += [a["href"] for a in doc.find_all("a", href=re.compile(r"teacher-[\w-]+\.html"))]
    return found


def test_the_teachers_unit_is_on_the_teacher_pages_and_on_no_student_page(student_book):
    teacher = [page_text(HTML, page) for page in sorted(TEACHER_ONLY)]
    on_teacher_pages = {mark for doc in teacher for mark in unit_marks(doc)}
    expected = {f".{c}" for c in UNIT_CLASSES} | {f"#{i}" for i in UNIT_IDS} | set(UNIT_WORDS)
    assert expected <= on_teacher_pages, sorted(expected - on_teacher_pages)
    # The exemplars' opening sentences: distinctive text of the assessment.
    assessment = page_text(HTML, "appendices/teacher-assessment")
    openings = [
        plain(e.get_text(" ")).split(". ")[0][-60:] for e in assessment.select(".bk-exemplar")
    ]
    assert len(openings) == 3
    for path in sorted(student_book.rglob("*.html")):
        if "_static" in path.parts:
            continue
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        marks = unit_marks(doc)
        assert not marks, f"{path.relative_to(student_book)} shows the teacher's unit: {marks}"
        text = plain(doc.get_text(" "))
        for opening in openings:
            assert opening not in text, f"{path.relative_to(student_book)}: an exemplar"
