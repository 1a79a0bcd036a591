"""The chapters as students receive them (tools/student_copies.py): every student copy
holds no solution, no teacher note and no readable quiz answer, shows no raw markup,
and runs top to bottom from the archive with the data it carries."""

from __future__ import annotations

import json
import os
import re
import zipfile

import nbformat
import pytest
from conftest import chapter_notebooks, read_notebook
from nbclient import NotebookClient
from test_student_edition import solution_and_note_phrases

from bookkit.quiz import unseal

CHAPTERS = chapter_notebooks()
RAW_MARKUP = re.compile(r"\{eval\}|\{cite|\{term\}|\{glue|\]\(cite:|:::\{|\{solution")


def student_copy(student_book, path) -> str:
    return (student_book / "notebooks" / path.name).read_text(encoding="utf-8")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_student_copy_holds_no_answers(student_book, path):
    copy = student_copy(student_book, path)
    cells = json.loads(copy)["cells"]
    words = plain(" ".join("".join(c["source"]) for c in cells))
    for phrase in solution_and_note_phrases(path):
        assert plain(phrase) not in words, f"solution or teacher note left in: {phrase!r}"
    assert not any("teacher-notes" in c["metadata"].get("tags", []) for c in cells)
    sealed = [c for c in cells if "unseal(" in "".join(c["source"])]
    assert len(sealed) == 1, "one sealed quiz"
    payload = re.search(r'unseal\("([^"]+)"\)', "".join(sealed[0]["source"])).group(1)
    quiz = unseal(payload)
    for question in quiz.questions:
        for option in question.options:
            assert plain(option.feedback) not in words, (
                f"quiz feedback readable: {option.feedback!r}"
            )
        right = next(o for o in question.options if o.correct)
        assert f'Option("{right.text}", True' not in copy, "the right answer is readable"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_student_copy_shows_no_raw_markup(student_book, path):
    cells = json.loads(student_copy(student_book, path))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    found = RAW_MARKUP.search(markdown)
    assert not found, markdown[max(0, found.start() - 80) : found.end() + 40]
    teacher_values = re.findall(
        r"\{eval\}`", "\n".join("".join(c["source"]) for c in read_notebook(path)["cells"])
    )
    assert teacher_values, "the teacher's notebook has values in its text"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_quiz_cell_holds_only_the_quiz(path):
    """A student copy replaces each quiz cell by its sealed quiz, so a value the chapter
    computes there would be missing from every later cell of the copy."""
    quiz_cells = [
        "".join(cell["source"]).strip()
        for cell in read_notebook(path)["cells"]
        if cell["cell_type"] == "code" and re.search(r"^quiz\(", "".join(cell["source"]), re.M)
    ]
    assert quiz_cells, "the chapter has a self-check quiz"
    for source in quiz_cells:
        assert source.startswith("quiz("), f"compute before the quiz cell: {source[:80]!r}"


@pytest.mark.kernel
def test_the_archive_runs_every_chapter_top_to_bottom(student_book, tmp_path):
    with zipfile.ZipFile(student_book / "notebooks" / "chapters.zip") as archive:
        archive.extractall(tmp_path)
    assert (tmp_path / "data" / "datapackage.json").is_file() and (tmp_path / "bookkit").is_dir()
    os.environ["BOOK_DATA_DIR"] = str(tmp_path / "data")  # the archive's data, not the repository's
    try:
        for path in sorted((tmp_path / "chapters").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            NotebookClient(
                nb,
                timeout=600,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()  # raises CellExecutionError, naming the cell, on any error
            errors = [
                o
                for c in nb.cells
                if c.cell_type == "code"
                for o in c.outputs
                if o.output_type == "error"
            ]
            assert not errors, path.name
    finally:
        del os.environ["BOOK_DATA_DIR"]
