"""Lesson-sized chapters (issue 15): on the built student-edition page, a chapter's core
path is at most 2,500 words, and its first source or data activity starts within the
first 600 words (counted by tools/word_count.py, which says what the count leaves out)."""

from __future__ import annotations

import pytest
import word_count
from conftest import STUDENT_HTML, chapter_notebooks


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_the_core_path_fits_two_lessons(student_book, path):
    counted = word_count.count(STUDENT_HTML / "chapters" / f"{path.stem}.html")
    assert counted["core"] <= word_count.CORE_LIMIT, counted
    assert counted["before_activity"] is not None, "no '## Sources' or '## Data activity' heading"
    assert counted["before_activity"] <= word_count.START_LIMIT, counted


def test_the_count_leaves_out_dropdowns_and_code(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<main><article><h1>One two</h1><p>three four five</p>"
        '<div class="admonition dropdown"><p>hidden hidden hidden</p></div>'
        '<details><p>folded folded</p></details><div class="cell_input"><pre>x = 1</pre></div>'
        '<section class="bk-about"><p>about about</p></section>'
        "<h2>Sources</h2><p>six seven</p></article></main>",
        encoding="utf-8",
    )
    assert word_count.count(page) == {"page": "page", "core": 8, "before_activity": 5}
