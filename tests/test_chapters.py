"""The chapter notebooks: committed without outputs, run top to bottom in a
fresh kernel, follow the eleven-part chapter template, and cite only what
exists (bibliography keys, glossary terms, dated events)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import ROOT, chapter_notebooks, read_notebook

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
PERSPECTIVES = ["Chinese", "Japanese", "United States", "US ", "Scholar", "recipient"]
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
    assert len(re.findall(r"\{term\}`", opener)) >= 4, (
        "at least four key terms linked to the glossary"
    )

    sources = parts["Sources"]
    cards = re.findall(r":class: note source-card", sources)
    assert len(cards) >= 2, "at least two source cards"
    labelled = {p for p in PERSPECTIVES if re.search(rf"Source [A-Z] — [^\n]*{p}", sources)}
    assert len(labelled) >= 2, f"at least two labelled perspectives, found {labelled}"

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


BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
)
GLOSSARY = (ROOT / "appendices" / "glossary.md").read_text(encoding="utf-8")
TERMS = {
    line.strip().lower()
    for line in GLOSSARY.split("```{glossary}")[1].splitlines()
    if line and not line.startswith((" ", "`"))
}


def book_texts() -> dict[str, str]:
    texts = {path.name: "\n".join(markdown(read_notebook(path))) for path in NOTEBOOKS}
    for page in [ROOT / "intro.md", *sorted((ROOT / "appendices").glob("*.md"))]:
        texts[page.name] = page.read_text(encoding="utf-8")
    return texts


def test_every_citation_key_exists_and_every_entry_is_cited():
    cited = set()
    for name, text in book_texts().items():
        for group in re.findall(r"\{cite(?::[pt])?\}`([^`]+)`", text):
            keys = {k.strip() for k in group.split(",")}
            assert keys <= BIB_KEYS, f"{name}: unknown citation keys {keys - BIB_KEYS}"
            cited |= keys
    assert cited >= BIB_KEYS, f"entries never cited: {BIB_KEYS - cited}"


def test_every_glossary_link_has_an_entry():
    for name, text in book_texts().items():
        for term in re.findall(r"\{term\}`([^`<]+)", text):
            assert term.strip().lower() in TERMS, f"{name}: no glossary entry for {term!r}"


def test_dates_in_the_prose_are_in_the_events_timeline():
    """A date written out in a chapter (e.g. '7 September 2013') must be an event in data/events.csv."""
    events = set(load("events")["date"])
    pattern = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
    for path in NOTEBOOKS:
        for day, month, year in pattern.findall("\n".join(markdown(read_notebook(path)))):
            date = pd.Timestamp(f"{day} {month} {year}")
            assert date in events, (
                f"{path.name}: {day} {month} {year} is not in the events timeline"
            )
