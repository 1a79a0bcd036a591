"""The teacher's unit (appendices/teacher-*.ipynb), its fast parts: the quiz answer key
made from a quiz's own data, the handouts list, what the guide reads from the chapters'
teacher notes, the scheme of work's file, the sensitive-topics source lists, and the
assessment's exemplars (figures from the data only, at the length the guide promises).
The built pages are checked in test_site.py and test_student_edition.py."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, chapter_notebooks, read_csv, read_notebook
from test_chapters import markdown
from test_typed_numbers import typed_numbers

from bookkit.chapters import teacher_guide, teacher_topics
from bookkit.documents import Organiser
from bookkit.forms import judgement_form
from bookkit.handouts import handouts
from bookkit.quiz import METADATA_KEY, Option, Question, answer_key, quiz, quiz_specs

APPENDICES = ROOT / "appendices"
SCHEME = APPENDICES / "scheme-of-work.yml"


def two_questions():
    return quiz(
        "demo",
        [
            Question(
                "Who launched RCEP?",
                [
                    Option("China", False, "No: it is not a Belt and Road project."),
                    Option("ASEAN and its partners", True, "Yes: in 2012."),
                    Option("The AIIB", False, "A bank does not negotiate trade agreements."),
                ],
            ),
            Question(
                "Is a readout a joint statement?",
                [Option("Yes", False, "One side writes it."), Option("No", True, "Right.")],
            ),
        ],
    )


def executed_with(*outputs: dict) -> dict:
    """A notebook as the build executes it: a Markdown cell, then a cell per output."""
    cells = [{"cell_type": "markdown", "source": "# A chapter", "metadata": {}}]
    cells += [{"cell_type": "code", "source": "", "outputs": [out]} for out in outputs]
    return {"cells": cells}


def display_output(shown) -> dict:
    """The output a notebook records for a displayed object (data and metadata)."""
    data, metadata = shown._repr_mimebundle_()
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def test_answer_key_gives_each_questions_answer_and_the_others_with_feedback():
    key = answer_key(two_questions().spec())
    assert [entry.prompt for entry in key] == [
        "Who launched RCEP?",
        "Is a readout a joint statement?",
    ]
    assert (key[0].answer.text, key[0].answer.feedback) == (
        "ASEAN and its partners",
        "Yes: in 2012.",
    )
    assert [o.text for o in key[0].others] == ["China", "The AIIB"]
    assert key[0].others[1].feedback == "A bank does not negotiate trade agreements."
    assert key[1].answer.text == "No" and [o.text for o in key[1].others] == ["Yes"]


def test_answer_key_refuses_a_quiz_with_two_right_answers():
    spec = two_questions().spec()
    spec["questions"][1]["options"][0]["correct"] = True
    with pytest.raises(ValueError, match="Question 2 must have exactly one correct option"):
        answer_key(spec)


def test_the_quiz_in_an_executed_notebook_is_found_by_its_cell():
    shown = two_questions()
    executed = executed_with(
        {"output_type": "stream", "name": "stdout", "text": "hello"},
        display_output(shown),
    )
    assert METADATA_KEY in executed["cells"][2]["outputs"][0]["metadata"]
    specs = quiz_specs(executed)
    assert list(specs) == [2]
    assert answer_key(specs[2])[1].answer.text == "No"


def test_handouts_are_named_as_print_chapters_writes_them_and_labelled_by_task():
    organiser = Organiser(5, "Is integration irresistible?", ["A", "B"])._repr_html_()
    forms = [
        judgement_form(f"ch05-{name}", "Mark each.", "", {}, "return '';", "Compare")
        for name in ("predict", "compare")
    ]
    pieces = [(organiser, ""), (forms[0], "the scorecard"), (forms[1], "compare your marks")]
    found = handouts("05-regional-integration", pieces)
    assert [(h.pdf, h.anchor) for h in found] == [
        ("05-organiser.pdf", "bk-cer-5"),
        ("05-ch05-predict-1.pdf", "ch05-predict"),
        ("05-ch05-compare-2.pdf", "ch05-compare"),
    ]
    assert found[1].label == "Try it: the scorecard"
    assert "organiser" in found[0].label
    assert handouts("05-x", [(forms[0], "")])[0].pdf == "05-ch05-predict.pdf"  # only one


NOTES = """**Lesson plan (2 × 45–50 min).** Lesson 1: opener (5 min); documents
(20 min). Lesson 2: widget (15 min); self-check (5 min). **One-lesson path:** predict-first,
the widget.

**Quiz answer key.** Q1 → yes.

**Rubric.** A table."""


def test_the_guide_reads_the_parts_of_the_teacher_notes():
    assert teacher_guide.lesson_plan(NOTES, "ch.ipynb") == (
        "opener (5 min); documents (20 min).",
        "widget (15 min); self-check (5 min).",
    )
    assert teacher_guide.note_part(NOTES, "One-lesson path", "ch") == "predict-first, the widget."
    assert "Q1 → yes" not in teacher_guide.TYPED_KEY.sub("", NOTES)
    assert "**Rubric.** A table." in teacher_guide.TYPED_KEY.sub("", NOTES)


def test_notes_without_a_part_the_guide_needs_give_a_clear_message():
    with pytest.raises(ValueError, match=r"05-x.ipynb: the teacher notes have no .*One-lesson"):
        teacher_guide.note_part(
            "**Lesson plan.** Lesson 1: a. Lesson 2: b.", "One-lesson path", "05-x.ipynb"
        )
    with pytest.raises(ValueError, match="Lesson 1: … Lesson 2"):
        teacher_guide.lesson_plan("**Lesson plan.** Read the documents.", "05-x.ipynb")


def test_the_scheme_of_work_plans_two_lessons_for_every_chapter():
    chapters = teacher_guide.read_chapters(ROOT / "chapters")
    text = teacher_guide.scheme_of_work(ROOT / "chapters", SCHEME).data
    for lesson in range(1, 2 * len(chapters) + 1):
        assert re.search(rf"^\| {lesson} \| \[", text, re.M), f"lesson {lesson} missing"
        assert f"Lesson {lesson}: " in text
    flat = " ".join(text.split()).lower()
    for path in chapter_notebooks():
        cells = read_notebook(path)["cells"]
        notes = next(
            "".join(c["source"]) for c in cells if "teacher-notes" in c["metadata"].get("tags", [])
        )
        for lesson in ("1", "2"):  # each lesson's activities are the chapter's own plan
            planned = re.search(rf"Lesson {lesson}:\s*(\S+(?:\s+\S+){{4}})", notes).group(1)
            assert " ".join(planned.split()).lower() in flat, (path.name, planned)
        assert f"scheme-{path.stem}" in text
    scheme = yaml.safe_load(SCHEME.read_text(encoding="utf-8"))["chapters"]
    for number, lessons in scheme.items():
        for lesson in lessons:
            assert " ".join(lesson["homework"].split()) in text, (number, lesson["focus"])


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: s["chapters"].pop(7), r"plans chapters \[1, 2, 3, 4, 5, 6\]"),
        (lambda s: s["chapters"][3].pop(), "chapter 3 needs two lessons"),
        (lambda s: s["chapters"][2][0].update(objectives=[9]), r"chapter 2 has no objective \[9\]"),
        (lambda s: s["chapters"][4][1].pop("homework"), r"lacks \['homework'\]"),
    ],
)
def test_a_scheme_that_does_not_fit_the_chapters_is_refused(tmp_path, change, message):
    scheme = yaml.safe_load(SCHEME.read_text(encoding="utf-8"))
    change(scheme)
    broken = tmp_path / "scheme-of-work.yml"
    broken.write_text(yaml.safe_dump(scheme, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        teacher_guide.load_scheme(broken, teacher_guide.read_chapters(ROOT / "chapters"))


@pytest.mark.parametrize("name", list(teacher_topics.TOPICS))
def test_each_sensitive_topic_lists_the_timeline_events_that_mention_it(name):
    words = {
        "taiwan": ["Taiwan"],
        "senkaku": ["Senkaku", "Diaoyu"],
        "xinjiang": ["Xinjiang", "Uyghur", "Uighur"],
        "treated-water": ["treated water", "Fukushima", "aquatic", "seafood"],
    }[name]
    expected = [row["event"] for row in read_csv("events") if any(w in row["event"] for w in words)]
    assert expected, f"the timeline has no event on {name}"
    text = teacher_topics.topic_sources(name, ROOT / "chapters", ROOT / "references.bib").data
    listed = [line for line in text.splitlines() if line.startswith("| ") and "|---" not in line]
    assert len(listed) - 1 == len(expected)  # the header row, then one row per event
    for event in expected:
        assert " ".join(event.split()) in text


def test_an_unknown_topic_or_bibliography_key_gives_a_clear_message():
    with pytest.raises(ValueError, match="no topic 'tibet': choose one of taiwan, senkaku"):
        teacher_topics.topic_sources("tibet")
    with pytest.raises(ValueError, match="references.bib: no entry nobody_2099"):
        teacher_topics.bib_citation("nobody_2099", ROOT / "references.bib")


ASSESSMENT = read_notebook(APPENDICES / "teacher-assessment.ipynb")
EXEMPLAR = re.compile(
    r"^:::\{admonition\} Exemplar ([ABC])\n:class: bk-exemplar\n(.*?)^:::$", re.M | re.S
)


def exemplars() -> dict[str, str]:
    return dict(EXEMPLAR.findall("\n".join(markdown(ASSESSMENT))))


def test_there_are_three_exemplars_each_with_the_markers_comments_and_a_mark():
    text = "\n".join(markdown(ASSESSMENT))
    assert sorted(exemplars()) == ["A", "B", "C"]
    marks = re.findall(r"Marker's comments on Exemplar ([ABC]): Band (\d), (\d+) out of 40", text)
    assert [m[0] for m in marks] == ["A", "B", "C"]
    bands = [int(m[1]) for m in marks]
    assert len(set(bands)) == 3, "the exemplars should be at different bands"
    boundaries = {1: (1, 10), 2: (11, 20), 3: (21, 30), 4: (31, 40)}  # the marking scheme's
    for _, band, total in marks:
        low, high = boundaries[int(band)]
        assert low <= int(total) <= high, (band, total)


@pytest.mark.parametrize("letter", ["A", "B", "C"])
def test_an_exemplar_types_no_statistic_and_runs_to_about_300_to_450_words(letter):
    body = exemplars()[letter]
    assert typed_numbers(body) == [], "figures in an exemplar come from the data ({eval})"
    words = len(re.sub(r"\{eval\}`\w+`", "N", body).split())
    assert 280 <= words <= 470, f"Exemplar {letter}: {words} words"


def test_quotations_on_the_teacher_pages_are_in_the_books_sources():
    """A quotation of three words or more on the assessment or sensitive-topics page must
    be found, word for word, in a document-set excerpt, the timeline, the claims register,
    a chapter or the bibliography (or, in a marker's comment, in the exemplar): nothing
    is quoted from memory."""
    corpus = [
        (ROOT / "data" / "documents" / f"ch{n:02d}.yml").read_text(encoding="utf-8")
        for n in range(1, 8)
    ]
    corpus += [
        (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8")
        for name in ("events", "essay_claims")
    ]
    corpus += ["\n".join(markdown(read_notebook(path))) for path in chapter_notebooks()]
    corpus.append((ROOT / "references.bib").read_text(encoding="utf-8"))
    corpus += exemplars().values()  # the markers' comments quote the exemplars
    sources = " ".join(" ".join(corpus).split()).lower()
    own_words = {"to what extent", "our side", "conditional engagement"}  # the guide's own
    for page in ("teacher-assessment", "teacher-sensitive-topics"):
        text = " ".join("\n".join(markdown(read_notebook(APPENDICES / f"{page}.ipynb"))).split())
        for quoted in re.findall(r'"([^"]+)"', text):
            if len(quoted.split()) < 3 or quoted.lower() in own_words or "{eval}" in quoted:
                continue
            assert quoted.lower().rstrip(",.…") in sources, f"{page}: “{quoted}” is in no source"
