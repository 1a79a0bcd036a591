"""The chapter notebooks: committed without outputs, run top to bottom in a
fresh kernel, follow the eleven-part chapter template, and cite only what
exists (bibliography keys, glossary terms, dated events)."""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest
import yaml
from conftest import ROOT, chapter_notebooks, read_notebook
from pybtex.database import parse_file

from bookkit.data import load

NOTEBOOKS = chapter_notebooks()
IDS = [path.stem for path in NOTEBOOKS]

# The chapter template (book guide, section 3): the level-2 headings, in order.
TEMPLATE_HEADINGS = [
    "Predict first",
    "Context",
    "Sources",
    "Data activity",
    "Corroboration",
    "Discussion questions",
    "Self-check",
    "Exercises",
    "Summary and what we still don't know",
    "Teacher notes",
]
LEVELS = ["Remember", "Understand", "Apply", "Analyse", "Evaluate", "Create"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def markdown(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def code_under(nb: dict, heading: str) -> str:
    """The code of the cells under a level-2 heading."""
    code, inside = [], False
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.search(r"^## ", text, re.M):
            inside = bool(re.search(rf"^## {re.escape(heading)}", text, re.M))
        elif inside and cell["cell_type"] == "code":
            code.append(text)
    return "\n".join(code)


def sections(nb: dict) -> dict[str, str]:
    """Markdown text under each level-2 heading (the opener is under '')."""
    out, current = {"": ""}, ""
    for cell in nb["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("## "):
                current = line[3:].strip()
                out[current] = ""
            out[current] += line + "\n"
    return out


def test_there_is_at_least_one_chapter():
    assert NOTEBOOKS, "no chapter notebooks found in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = read_notebook(path)
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"cells {dirty} have outputs; clear them before committing"
    assert "widgets" not in nb.get("metadata", {}), "saved widget state in the notebook metadata"


# Each notebook runs top to bottom in a fresh kernel when the book is built (test_site.py):
# the build fails on any error, so it is not executed again here.


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_follows_the_chapter_template(path):
    nb = read_notebook(path)
    parts = sections(nb)
    headings = [h for h in parts if h]
    positions = []
    for wanted in TEMPLATE_HEADINGS:
        found = [i for i, h in enumerate(headings) if h.startswith(wanted)]
        assert found, f"missing section '## {wanted}'"
        positions.append(found[0])
    assert positions == sorted(positions), f"sections out of order: {headings}"

    opener = parts[""]
    assert re.search(r"^# \d+\. ", opener, re.M), "the chapter needs a numbered title"
    for needed in [
        "Central question",
        "Learning objectives",
        "Key terms",
        "Time:",
        "Prerequisites:",
    ]:
        assert needed in opener, f"opener lacks {needed}"
    objectives = re.findall(r"^\d+\. \*\*([A-Z][a-z]+)\*\*", opener, re.M)
    assert len(objectives) >= 3, (
        "at least three learning objectives, each starting with a bold verb"
    )
    assert len(GLOSSARY_LINK.findall(opener)) >= 4, "at least four key terms linked to the glossary"

    # The Sources section shows the chapter's document set and its organiser (their balance
    # of perspectives is checked in test_documents.py).
    sources = code_under(nb, "Sources")
    number = int(path.stem[:2])
    assert f"document_set({number})" in sources and f"organiser({number})" in sources, (
        "the Sources section shows the document set and its organiser"
    )

    data = next(text for heading, text in parts.items() if heading.startswith("Data activity"))
    assert "about(" in data, "the data activity needs an 'About this data' panel"
    for step in ["Describe", "pattern", "conclusion", "question", "Limitation"]:
        assert step.lower() in data.lower(), f"the data activity lacks the '{step}' step"

    discussion = parts["Discussion questions"]
    questions = re.findall(r"^\d+\. \*\*([A-Za-z]+)", discussion, re.M)
    assert len(questions) >= 5 and set(questions) <= set(LEVELS), (
        f"five or more questions tagged by level: {questions}"
    )
    assert len(re.findall(r"\*Evidence:", discussion)) == len(questions), (
        "each question names its evidence"
    )
    assert "to what extent" in discussion.lower()

    assert "quiz(" in parts["Self-check"]
    exercises = parts["Exercises"]
    labels = re.findall(r":::\{exercise\}[^\n]*\n:label: ([\w-]+)", exercises)
    assert len(labels) >= 3
    for tier in ["Green", "Blue", "Black"]:
        assert f"{{exercise}} {tier}" in exercises, f"missing the {tier} tier"
    for label in labels:
        assert f"{{solution-start}} {label}\n:class: dropdown" in exercises, (
            f"{label} needs a hidden solution"
        )

    assert "what we still don't know" in parts["Summary and what we still don't know"].lower()
    teacher_cells = [
        c for c in nb["cells"] if "teacher-notes" in c.get("metadata", {}).get("tags", [])
    ]
    assert teacher_cells, "teacher notes must be in a cell tagged 'teacher-notes'"
    notes = "".join(teacher_cells[0]["source"])
    for needed in [
        "Lesson plan",
        "One-lesson path",
        "Run live",
        "predict-first",
        "Model answers",
        "misconceptions",
        "Rubric",
    ]:
        assert needed.lower() in notes.lower(), f"teacher notes lack {needed}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_widget_has_a_task_above_it(path):
    cells = read_notebook(path)["cells"]
    widget_cells = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and "live(" in "".join(c["source"])
    ]
    assert len(widget_cells) >= 3, "Chapter template: at least three widgets"
    for i in widget_cells:
        above = "".join(cells[i - 1]["source"])
        assert cells[i - 1]["cell_type"] == "markdown" and "**Your task.**" in above, (
            f"cell {i}: no task above the widget"
        )


BIBLIOGRAPHY = parse_file(str(ROOT / "references.bib"))
GLOSSARY = (ROOT / "appendices" / "glossary.md").read_text(encoding="utf-8")
TERMS = {
    line.strip().lower()
    for line in GLOSSARY.split("```{glossary}")[1].splitlines()
    if line and not line.startswith((" ", "`"))
}
CITATION = re.compile(r"\[([^\]]+)\]\(cite:([^)\s]+)\)")
GLOSSARY_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./appendices/)?glossary\.md#term-([^)]+)\)")
# Roles that JupyterLab cannot render (see _ext/booktext.py for what replaces them).
OLD_ROLES = re.compile(r"\{(?:cite(?::\w+)?|term|glue(?::\w+)?)\}`")


def book_texts() -> dict[str, str]:
    notebooks = [*NOTEBOOKS, *sorted((ROOT / "appendices").glob("*.ipynb"))]
    texts = {path.name: "\n".join(markdown(read_notebook(path))) for path in notebooks}
    for page in [ROOT / "intro.md", *sorted((ROOT / "appendices").glob("*.md"))]:
        texts[page.name] = page.read_text(encoding="utf-8")
    return texts


def document_set_keys() -> set[str]:
    """Bibliography keys of the chapters' document sets (data/documents), whose
    cards cite them when the chapter shows the set."""
    keys = set()
    for path in sorted((ROOT / "data" / "documents").glob("*.yml")):
        documents = yaml.safe_load(path.read_text(encoding="utf-8"))["documents"]
        keys |= {document["bib_key"] for document in documents}
    return keys


def surnames(key: str) -> list[str]:
    entry = BIBLIOGRAPHY.entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.prelast_names + p.last_names) for p in people]
    if not names:
        names = [entry.fields.get("organization") or entry.fields.get("publisher") or ""]
    return [re.sub(r"[{}]", "", name) for name in names]


def test_citations_name_an_entry_by_its_author_and_year():
    """``[Xi, 2013](cite:key)``: the key exists and the words a notebook reader sees
    (JupyterLab shows the link text) name that entry's first author and year."""
    for name, text in book_texts().items():
        for shown, key in CITATION.findall(text):
            assert key in BIBLIOGRAPHY.entries, f"{name}: no bibliography entry {key!r}"
            year = BIBLIOGRAPHY.entries[key].fields.get("year", "n.d.")
            assert year in shown and surnames(key)[0] in shown, (
                f"{name}: [{shown}](cite:{key}) should name {surnames(key)[0]!r} and {year}"
            )


def test_every_bibliography_entry_is_cited():
    cited = {key for text in book_texts().values() for _, key in CITATION.findall(text)}
    uncited = set(BIBLIOGRAPHY.entries) - cited - document_set_keys()
    assert not uncited, f"entries never cited: {sorted(uncited)}"


def test_no_markup_that_jupyterlab_cannot_render():
    for name, text in book_texts().items():
        if name == "glossary.md":  # its own {term} links resolve inside the page, in JupyterLab too
            continue
        assert not OLD_ROLES.search(text), f"{name}: {OLD_ROLES.search(text).group(0)}…"


def test_every_glossary_link_has_an_entry():
    def simple(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    anchors = {simple(term) for term in TERMS}
    for name, text in book_texts().items():
        for shown, anchor in GLOSSARY_LINK.findall(text):
            assert simple(anchor) in anchors, f"{name}: no glossary entry for [{shown}] (#{anchor})"


def test_dates_in_the_prose_are_in_the_events_timeline():
    """A date written out in a chapter (e.g. '7 September 2013') must be an event in
    data/events.csv."""
    events = set(load("events")["date"])
    pattern = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
    for path in NOTEBOOKS:
        for day, month, year in pattern.findall("\n".join(markdown(read_notebook(path)))):
            date = pd.Timestamp(f"{day} {month} {year}")
            assert date in events, (
                f"{path.name}: {day} {month} {year} is not in the events timeline"
            )


def fmt_assignments(nb: dict) -> list[str]:
    """Names given a ``fmt(...)`` value in a notebook's code, once per assignment."""
    names = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if not isinstance(node, ast.Assign):
                continue
            target, value = node.targets[0], node.value
            pairs = (
                zip(target.elts, value.elts, strict=True)
                if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                else [(target, value)]
            )
            names += [
                t.id
                for t, v in pairs
                if isinstance(t, ast.Name)
                and isinstance(v, ast.Call)
                and getattr(v.func, "id", "") == "fmt"
            ]
    return names


PAGES_WITH_VALUES = [
    *NOTEBOOKS,
    ROOT / "appendices" / "claims-register.ipynb",
    ROOT / "appendices" / "teacher-assessment.ipynb",
]


def value_problems(nb: dict) -> list[str]:
    """What is wrong with a notebook's values in the text: each ``{eval}`name``` needs one
    ``name = fmt(...)``, each fmt value must be used, and the last code cell records them."""
    made = fmt_assignments(nb)
    used = set(re.findall(r"\{eval\}`([^`]+)`", "\n".join(markdown(nb))))
    problems = [
        f"given a value more than once: {n}" for n in sorted({n for n in made if made.count(n) > 1})
    ]
    problems += [f"used in the text, never made with fmt(): {n}" for n in sorted(used - set(made))]
    problems += [f"made with fmt(), not used in the text: {n}" for n in sorted(set(made) - used)]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not code or "record(globals())" not in "".join(code[-1]["source"]):
        problems.append("the last code cell must be record(globals())")
    return problems


@pytest.mark.parametrize("path", PAGES_WITH_VALUES, ids=lambda p: p.stem)
def test_every_value_in_the_text_is_made_once_used_and_recorded(path):
    assert value_problems(read_notebook(path)) == []


@pytest.mark.parametrize(
    "plant, expected",
    [
        ("twice", "given a value more than once: x"),
        ("unmade", "never made with fmt(): y"),
        ("unused", "not used in the text: z"),
        ("unrecorded", "last code cell must be record"),
    ],
)
def test_value_check_catches_each_planted_mistake(plant, expected):
    def cell(kind, text):
        return {"cell_type": kind, "source": [text], "metadata": {}}

    cells = [cell("code", "x = fmt(1)"), cell("markdown", "It is {eval}`x`.")]
    if plant == "twice":
        cells.append(cell("code", "x = fmt(2)"))
    if plant == "unmade":
        cells.append(cell("markdown", "And {eval}`y`."))
    if plant == "unused":
        cells.append(cell("code", "z = fmt(3)"))
    if plant != "unrecorded":
        cells.append(cell("code", "record(globals())"))
    assert any(expected in problem for problem in value_problems({"cells": cells}))
