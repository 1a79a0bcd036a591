"""The teacher's unit on the built pages (appendices/teacher-*.html): the scheme of
work, the quiz answer keys (checked against the quizzes students see on the chapter
pages), the handouts table (against the worksheets on the chapter pages), the final
assessment with its marked exemplars, and the sensitive-topics guidance. That none of
it reaches the student edition is checked in test_student_edition.py."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import HTML, ROOT, chapter_notebooks, read_csv

CHAPTERS = chapter_notebooks()


def page(name: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def words(element, between: str = " ") -> str:
    """An element's text as a reader sees it, with Sphinx's typographic quotes undone;
    ``between`` joins the texts of its parts (a value in the text is a part of its own)."""
    text = element.get_text(between)
    for fancy, simple in {"’": "'", "‘": "'", "“": '"', "”": '"'}.items():
        text = text.replace(fancy, simple)
    return " ".join(text.split())


def section(doc: BeautifulSoup, label: str):
    """The section a label names (Sphinx puts a second label on an empty span inside it)."""
    target = doc.find(id=label)
    return target if target.name == "section" else target.find_parent("section")


def test_the_scheme_of_work_has_every_lesson_with_objectives_activities_and_homework(built_book):
    doc = page("appendices/teacher-guide")
    scheme = section(doc, "scheme-of-work")
    overview = scheme.find("table")
    lessons = [words(row.find("td")) for row in overview.select("tbody tr")]
    assert lessons == [str(n) for n in range(1, 2 * len(CHAPTERS) + 2)]  # and the essay
    for path in CHAPTERS:
        heading = doc.find(id=f"scheme-{path.stem}")
        assert heading is not None, path.stem
        table = heading.find_next("table")
        rows = {words(tr.find(["th", "td"])): tr for tr in table.select("tr")}
        assert {"Objectives", "Activities", "Homework"} <= set(rows), path.stem
        assert len(rows["Objectives"].find_all("strong")) >= 2, "objectives with Bloom verbs"
        assert heading.find_next(string=re.compile("One-lesson path")) is not None
    homework_links = scheme.select("a[href*='-ex-']")
    assert len(homework_links) >= len(CHAPTERS), "homework links to the chapters' exercises"


def quiz_on(chapter: BeautifulSoup) -> list[tuple[str, str, int]]:
    """(prompt, correct option, number of options) of each question of a chapter's quiz,
    as students see it."""
    questions = []
    for fieldset in chapter.select("form.bk-quiz fieldset"):
        prompt = re.sub(r"^\d+\.\s*", "", words(fieldset.legend))
        options = fieldset.select("div.bk-option")
        right = [o for o in options if o.select_one(".bk-feedback.bk-right")]
        questions.append((prompt, words(right[0].label), len(options)))
    return questions


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapters_quiz_key_matches_the_quiz_on_its_page(built_book, path):
    students = quiz_on(page(f"chapters/{path.stem}"))
    assert students, "the chapter page has a quiz"
    notes = page("appendices/teacher-chapters")
    key = notes.find(id=f"guide-{path.stem}").find_next(class_="bk-answer-key")
    items = key.find("ol").find_all("li", recursive=False)
    assert len(items) == len(students)
    for item, (prompt, right, n_options) in zip(items, students, strict=True):
        assert words(item.find("p")) == prompt
        answer = words(item.find("strong"))
        assert answer.startswith("Answer:") and right in answer, (answer, right)
        assert len(item.find("ul").find_all("li")) == n_options  # every option, with feedback


def test_the_handouts_table_lists_every_worksheet_on_the_chapter_pages(built_book):
    table = page("appendices/teacher-guide").select_one("table.bk-handouts")
    rows = [[words(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    links = [tr.find("a")["href"] for tr in table.select("tbody tr")]
    expected = []
    for path in CHAPTERS:
        chapter = page(f"chapters/{path.stem}")
        expected += [f"{path.stem[:2]}-organiser.pdf"] * len(chapter.select(".bk-cer"))
        expected += [f"{path.stem[:2]}-"] * len(chapter.select(".bk-judge"))
    assert len(rows) == len(expected) >= 1
    for row, link, name in zip(rows, links, expected, strict=True):
        assert row[2].startswith(name) and row[2].endswith(".pdf"), (row, name)
        target, _, anchor = link.partition("#")
        sheet = page(f"appendices/{target.removesuffix('.html')}").find(id=anchor)
        assert sheet is not None and sheet.name == "form", link  # the worksheet itself


def test_the_final_assessment_has_the_question_scheme_and_three_marked_exemplars(built_book):
    doc = page("appendices/teacher-assessment")
    question = words(section(doc, "assessment-question"))
    assert "To what extent is this conclusion supported by the evidence?" in question
    scheme = section(doc, "marking-scheme").find("table")
    objectives = [words(tr.find("td")) for tr in scheme.select("tbody tr")]
    assert [o[:3] for o in objectives] == ["AO1", "AO2", "AO3", "AO4"]
    assert len(scheme.select("thead th")) == 5  # the objective, then four bands
    exemplars = doc.select(".bk-exemplar")
    comments = doc.select(".bk-marker")
    assert len(exemplars) == len(comments) == 3
    for exemplar in exemplars:
        assert 280 <= len(words(exemplar).split()) <= 470
    assert "{eval}" not in doc.get_text()


def test_the_exemplars_figures_are_the_datas(built_book):
    """Exemplar A quotes the share of Japan's population aged 65 and over: the figures on
    the page are the World Bank's, read here from the CSV itself."""
    aged = {
        row["year"]: float(row["value"])
        for row in read_csv("wdi_indicators")
        if row["indicator_code"] == "SP.POP.65UP.TO.ZS" and row["economy_code"] == "JPN"
    }
    exemplar_a = words(page("appendices/teacher-assessment").select(".bk-exemplar")[0], "")
    assert f"{aged['2013']:.1f}% in 2013 to {aged['2019']:.1f}% in 2019" in exemplar_a


TOPIC_WORDS = {
    "taiwan": ["Taiwan"],
    "the-senkaku-diaoyu-islands": ["Senkaku", "Diaoyu"],
    "xinjiang": ["Xinjiang"],
    "the-treated-water-release": ["treated water", "Fukushima", "aquatic", "seafood"],
}


@pytest.mark.parametrize("section, keys", TOPIC_WORDS.items())
def test_each_sensitive_topic_has_its_guidance_and_the_books_sources(built_book, section, keys):
    doc = page("appendices/teacher-sensitive-topics")
    part = doc.find("section", id=section)
    assert part is not None, section
    text = words(part)
    for needed in ["What the book documents", "What the book leaves open", "does not hold"]:
        assert needed in text, (section, needed)
    for row in read_csv("events"):
        if any(key in row["event"] for key in keys):
            assert " ".join(row["event"].split()) in text, row["event"]
    for path in sorted((ROOT / "data" / "documents").glob("ch*.yml")):
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
        for card in found["documents"]:
            if any(key in card["excerpt"] + card["headnote"] for key in keys):
                assert f"Chapter {found['chapter']}, Document {card['letter']}" in text
    assert part.select("a[href*='references']"), "the sources are cited from the bibliography"
