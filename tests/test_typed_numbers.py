"""No statistic is typed into a chapter's prose: numbers in the text come from the data,
through ``{eval}`` (bookkit.prose). What may be written as digits: dates and years,
headings, list and step numbers, chapter/document/claim labels, citations, and the
short allow-list below. A typed figure anywhere else fails the check."""

from __future__ import annotations

import re

import pytest
from conftest import chapter_notebooks, read_notebook

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Not statistics, though written with digits. Keep this list short and say why.
ALLOWED = [
    r"\bG(?:5|7|20)\b",  # the Group of Five, Seven, Twenty
    r"\bCOVID-19\b",
    r"\b5G\b",  # the mobile network standard
    r"\b2 × 45(?:–50)? min(?:utes)?\b",  # lesson length
    r"\b\d+ min(?:utes)?\b",  # lesson timings
    r"\b(?:16|17|18)[–-]year-olds?\b",  # the readers' age
    r"\b21st[- ]Century\b",  # the "21st-Century Maritime Silk Road"
    r"\b(?:0–14|15–64|65\+)",  # the age groups of population statistics
    r"\baged \d+ (?:or|and) over\b",
    r"= ?100\b",  # an index's base ("start year = 100")
    r"\bTPP-12\b",  # the agreement's name
    r"\b[Ll]essons? (?:of )?\d+(?:–\d+)?",  # "Lesson 1", "two lessons of 45–50 minutes"
    r"\b\d+-word\b",  # "a 100-word brief"
    r"[−+]\d\b",  # the stance codes −1, 0, +1 (and a scale's signed ends)
    r"\b(?:from|to) \d+ \(",  # a rating scale's ends: "from 1 (not at all) to 5 (fully)"
    r"\(\d+ to \d+\)",  # "(0 to 5)"
    r"\b\d+ = [a-z]",  # a scale's points defined: "0 = not convincing"
    r"\bNikkei 225\b",  # the index's name
    r"\(\d+ criteria × \d+ bands\)",  # a rubric's shape
    r"^\|\s*Criterion\s*\|.*$",  # a rubric's header row: its bands 1 to 4
]
LABELS = "[Cc]hapter|Document|Source|[Ss]ection|Part|Q|[Qq]uestion|[Ss]tep"
LABELS += "|[Cc]laim|row|expectation|event"
# Removed before looking for numerals: markup and labels whose digits are not statistics.
SKIPPED = [
    r"\{eval\}`[^`]*`",  # the values from the data
    r"[“\"][^”\"\n]{1,120}[”\"]",  # quotations (the essay's own figures, quoted, are discussed)
    r"^.*\{solution-(?:start|end)\}.*$",
    r"`[^`]*`",  # code
    r"\\\$",  # an escaped dollar sign (US\$) is money, not the start of maths
    r"\$\$.*?\$\$",  # display maths
    r"\$[^$]+\$",  # maths
    r"^.*\*\*\(a\)\*\*.*$",  # the options of a predict-first question are guesses to choose from
    r"\]\([^)]*\)",  # link targets (citations, glossary links, pages)
    r"\[[^\]]*, (?:\d{4}[a-z]?|n\.d\.)\]",  # citation link text: [Xi, 2013]
    r"\[[^\]]* \((?:\d{4}[a-z]?|n\.d\.)\)\]",  # textual citation: [Harris (2018)]
    r"^#+ .*$",  # headings
    r"^\s*(?:\d+\.|\(\d+\)|[-*]) ",  # list numbers
    r"\(\d+\)",  # step numbers in a task: (1), (2)
    r":label: [\w-]+",
    r"\{[\w:-]+\}",  # directive names
    # labels: Chapter 4, Document B, Sources A-C, claim #63, rows 2 and 3
    rf"\b(?:{LABELS})s? (?:#|No\. )?\d+(?:(?:–|-|, | and | or | to )#?\d+)*",
    r"#\d+",  # claim numbers in the register
    r"\b[KXQ]\d+\b",  # argument-map claims K1-K5, expectations X1-X7, quiz Q1
    rf"\b\d{{1,2}}(?:[–-]\d{{1,2}})? (?:{MONTHS})(?: \d{{4}})?",  # 7 September 2013, 25-27 October
    rf"\b(?:{MONTHS})(?: \d{{1,2}},)? \d{{4}}",  # September 2013
    r"\b(?:1[89]|20)\d\d(?:s|(?:[–/-](?:1[89]|20)?\d\d))?\b",  # years, decades, year ranges
    r"\b\d+(?:st|nd|rd|th)\b",  # ordinals: 19th, 3rd
]


def typed_numbers(text: str) -> list[str]:
    """Numerals left in ``text`` once the allowed and skipped forms are taken out."""
    for pattern in SKIPPED + ALLOWED:
        text = re.sub(
            pattern, " ", text, flags=re.M | re.S if pattern.startswith(r"\$\$") else re.M
        )
    return re.findall(r"\d[\d,.]*%?", text)


def prose(path) -> list[str]:
    """The chapter's Markdown cells (checked one by one: a $ sign pairs only within a cell)."""
    cells = read_notebook(path)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_no_statistic_is_typed_into_the_prose(path):
    found = [number for cell in prose(path) for number in typed_numbers(cell)]
    assert not found, f"typed numbers (make them with fmt() and write {{eval}}): {found[:20]}"


@pytest.mark.parametrize(
    "sentence",
    [
        "China's GDP grew 11.9 times.",
        "It rose to 38% of the total.",
        "About 1,700 words of context.",
        "US$1.4 trillion a year.",
    ],
)
def test_the_check_catches_a_typed_figure(sentence):
    assert typed_numbers(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 7 September 2013 in Astana ([Xi, 2013](cite:xi_2013_astana)).",
        "From 2000 to 2019 it grew {eval}`chn_x_cur` times.",
        "See Chapter 4, Document B, and claim #63; the G20 met in 2019.",
        "Between 2013-19 and in the 1990s; (1) set the years; (2) switch.",
    ],
)
def test_the_check_allows_dates_labels_and_values_from_the_data(sentence):
    assert typed_numbers(sentence) == []
