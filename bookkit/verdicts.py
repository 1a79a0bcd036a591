"""The register's written rule: from the fact-check's verdict to the register's verdict.

The team's fact-check gives each entry a verdict in its own words, often qualified
("correct per the Chinese readout, one-sided"). The register gives one of six words,
by the rule in ``RULE`` (clauses V1-V11), applied by ``rule_verdict``. The data build
(``tools/build_data.py``) refuses a register verdict that the rule does not give,
unless the entry states its reason; the register page prints the rule.

    >>> rule_verdict("correct in part; needs data", "claim")
    ('imprecise', 'V6')
    >>> rule_verdict("correct but one-sided", "claim", one_sided="presented as joint")
    ('misleading', 'V9')

Pure Python on purpose: the data build uses it without the plotting libraries.
"""

from __future__ import annotations

import re

# The verdicts, from best to worst supported, then the two that are not about
# accuracy (no source found; not a checkable fact).
VERDICTS = ("correct", "imprecise", "misleading", "wrong", "unverified", "opinion")
VERDICT_MEANINGS = {
    "correct": "matches the sources",
    "imprecise": "right in substance, wrong in a detail, a name, a date or the wording",
    "misleading": "the facts may be accurate, but the framing or the inference is not supported",
    "wrong": "contradicted by the sources",
    "unverified": "no source found",
    "opinion": "a judgement, not a checkable fact, presented as if it were one",
}
# What the words mean for an entry about one of the essay's footnotes (V1).
CITATION_MEANINGS = {
    "correct": "the cited source exists and says what the essay reports",
    "misleading": "the cited source exists but does not support what it is cited for",
    "unverified": "the cited source could not be found, or the essay gives none",
}
KINDS = ("claim", "citation")
# The fact-check's "Footnotes and references" table holds the citation entries.
CITATION_SECTION = "Footnotes and references"

# V9: what the other government's record shows, for an entry that reports a meeting
# from one government's readout.
ONE_SIDED = {
    "corroborated": "the other side's record, or a wire report of its side, confirms the substance",
    "contradicted": "the other side's record was seen and leaves out or departs from the substance",
    "presented as joint": "the essay presents as agreed by both what only one side announced",
    "other side not seen": "the other side's record on the point was not seen",
}
MISLEADING_CASES = ("contradicted", "presented as joint")

# V10: the fact-check's words for its footnote checks.
CITATION_WORDS = {
    "exists; content matches": "correct",
    "consistent": "correct",
    "weakness": "unverified",
}

RULE = [
    (
        "V1",
        "Kind",
        "Entries from the fact-check's table of footnotes and references are checks of a "
        "citation; all others are claims. Citations are counted apart from claims.",
    ),
    ("V2", "One word", "A fact-check verdict that is one of the six words is used as it is."),
    (
        "V3",
        "As presented",
        "If the fact-check gives a verdict on the claim 'as presented', that verdict is used.",
    ),
    (
        "V4",
        "A qualified word",
        "One verdict word with a qualifier, such as 'correct (broadly)' or 'wrong (name)': "
        "that word; the qualifier goes into the note.",
    ),
    (
        "V5",
        "Two words",
        "Two verdict words, such as 'opinion / misleading': the first; the second goes into "
        "the note.",
    ),
    (
        "V6",
        "Partly right as worded",
        "'Correct in part' or 'correct in substance, imprecise wording': imprecise, because "
        "the register judges the claim as the essay words it.",
    ),
    (
        "V7",
        "Data wanted",
        "'Needs data' alone: unverified. With a verdict word as well, that word.",
    ),
    (
        "V8",
        "Time",
        "Claims are judged as of autumn 2020, when the essay was written. A claim that has "
        "gone out of date keeps its verdict and is flagged with the year it went out of date; "
        "'out of date' with no verdict word is a judgement about relations: opinion.",
    ),
    (
        "V9",
        "One side's account",
        "When the essay reports a meeting from one government's readout: misleading if the "
        "other side's record was seen and leaves out or departs from what the essay reports, "
        "or if the essay presents as agreed by both what only one side announced; otherwise "
        "the word the clauses above give, with the gap stated.",
    ),
    (
        "V10",
        "Citation words",
        "'Exists; content matches' and 'consistent': correct. 'Weakness' (no citation "
        "given): unverified.",
    ),
    (
        "V11",
        "Reasons",
        "Every verdict under V8 or V9, and any verdict that departs from V1-V10, states its "
        "reason in the register.",
    ),
]

_WORD = re.compile(r"\b(" + "|".join(VERDICTS) + r")\b")


def kind_of(essay_section: str) -> str:
    """V1: 'citation' for the fact-check's footnotes table, 'claim' for everything else."""
    return "citation" if essay_section == CITATION_SECTION else "claim"


def rule_verdict(factcheck: str, kind: str, one_sided: str = "", out_of_date: bool = False):
    """The register verdict that the rule gives, and the clause that gave it.

    ``one_sided`` is one of ``ONE_SIDED`` for an entry that reports a meeting from one
    government's readout (V9); ``out_of_date`` flags a claim that has since gone out of
    date (V8). Raises ValueError for a fact-check verdict that no clause fits, so a new
    wording cannot slip through unmapped."""
    text = " ".join(factcheck.lower().split())
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {KINDS}")
    if one_sided and one_sided not in ONE_SIDED:
        raise ValueError(f"one_sided {one_sided!r} is not one of {tuple(ONE_SIDED)}")
    if kind == "citation" and text in CITATION_WORDS:
        return CITATION_WORDS[text], "V10"
    if one_sided in MISLEADING_CASES:
        return "misleading", "V9"
    word, clause = _word_and_clause(text)
    if word is None:
        raise ValueError(f"no clause of the verdict rule fits the fact-check's {factcheck!r}")
    if kind == "citation":
        return word, clause
    if one_sided:
        return word, "V9"
    if out_of_date:
        return word, "V8"
    return word, clause


def _word_and_clause(text: str) -> tuple[str | None, str]:
    """V2-V8 on a fact-check verdict (lower case): the verdict word and its clause."""
    if text in VERDICTS:
        return text, "V2"
    presented = re.search(r"\b(" + "|".join(VERDICTS) + r") as presented\b", text)
    if presented:
        return presented.group(1), "V3"
    if "in part" in text or "imprecise wording" in text:
        return "imprecise", "V6"
    if text == "needs data":
        return "unverified", "V7"
    if text == "out of date":
        return "opinion", "V8"
    words = _WORD.findall(text)
    if not words:
        return None, ""
    if "needs data" in text:
        return words[0], "V7"
    if "out of date" in text:
        return words[0], "V8"
    return words[0], "V5" if len(set(words)) > 1 else "V4"
