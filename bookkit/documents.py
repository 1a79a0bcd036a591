"""A chapter's document set: short excerpts in the sources' own words, each with a
headnote, vocabulary and prompts, ending with a claim-evidence-reasoning organiser.

The sets are data (``data/documents/chNN.yml``): who is speaking, from which
perspective, when, to whom, published by whom, and the excerpt itself. The page is
built from them, so the balance of voices can be checked by a test.

    document_set(2)      # the cards, as Markdown (citations link to the bibliography)
    organiser(2)         # the organiser: boxes to fill in, on screen or on paper
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import yaml

from bookkit.data import DataError, read_text

PROMPTS = {
    "sourcing": "Sourcing",
    "close_reading": "Close reading",
    "corroboration": "Corroboration",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]


def document_file(chapter: int) -> str:
    return f"documents/ch{chapter:02d}.yml"


def load_set(chapter: int) -> dict:
    """The chapter's document set, read from the data folder."""
    where, text = read_text(document_file(chapter))
    try:
        found = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(f"{where}: not valid YAML ({err}).") from None
    if not isinstance(found, dict) or not found.get("documents"):
        raise DataError(f"{where}: no documents listed (expected a 'documents:' list).")
    return found


def written_date(date: str | None) -> str:
    """'2018-11-17' -> '17 November 2018'; '2018-11' -> 'November 2018'; None -> 'undated'."""
    if not date:
        return "undated"
    parts = [int(part) for part in str(date).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def citation(document: dict) -> str:
    """The card's citation, in the form the book's text uses: ``[Author, Year](cite:key)``."""
    year = str(document["date"])[:4] if document.get("date") else "n.d."
    return f"[{document['cite_as']}, {year}](cite:{document['bib_key']})"


def _card(document: dict) -> str:
    lines = [
        f"**Document {document['letter']}: {document['perspective_label']}.** "
        f"*{document['title']}*"
        + (" (descriptive title)" if document.get("descriptive_title") else ""),
        "",
        f"{document['headnote'].strip()}",
        "",
    ]
    excerpt = " ".join(document["excerpt"].split())
    lines += [f"> {excerpt}", ">"]
    translation = document.get("translation")
    if translation:
        lines.append(
            f"> *Translated from {translation['original_language']} by "
            f"{translation['translator']}.*"
        )
        lines.append(">")
    source = (
        f"> — {document['author']}, {written_date(document.get('date'))}. "
        f"{document['kind'].capitalize()} for: {document['audience']}. "
        f"Published by {document['publisher']} ({citation(document)})."
    )
    if document.get("read_at"):
        source += f" Read in [a copy]({document['read_at']})."
    lines += [source, ""]
    words = "; ".join(f"**{v['term']}**: {v['meaning']}" for v in document.get("vocabulary", []))
    if words:
        lines += [f"*Words to know.* {words}.", ""]
    lines += [
        f"- **{label}.** {document['prompts'][key].strip()}" for key, label in PROMPTS.items()
    ]
    return "\n".join(lines)


@dataclass
class DocumentSet:
    """A chapter's document cards, shown as Markdown in notebooks and on the page."""

    chapter: int
    question: str
    documents: list[dict]

    def _repr_markdown_(self) -> str:
        cards = [_card(document) for document in self.documents]
        intro = f"**The documents' question.** {self.question.strip()}"
        return "\n\n---\n\n".join([intro, *cards])

    def __str__(self) -> str:
        return f"Document set for chapter {self.chapter}: {len(self.documents)} documents"

    __repr__ = __str__


def document_set(chapter: int) -> DocumentSet:
    """The chapter's document set, ready to display (the last expression of a cell)."""
    found = load_set(chapter)
    return DocumentSet(chapter, found.get("question", ""), found["documents"])


@dataclass
class Organiser:
    """A claim-evidence-reasoning organiser: boxes to type in on screen, lines on paper."""

    chapter: int
    question: str
    letters: list[str]

    def _repr_html_(self) -> str:
        name = f"bk-cer-{self.chapter}"
        box = (
            '<label for="{id}">{label}</label>'
            '<textarea id="{id}" name="{id}" rows="{rows}"></textarea>'
        )
        rows = [
            box.format(
                id=f"{name}-claim",
                label="<strong>Claim.</strong> My answer, in one sentence:",
                rows=2,
            )
        ]
        for letter in self.letters:
            rows.append(
                box.format(
                    id=f"{name}-{letter}",
                    label=(
                        f"<strong>Evidence from Document {letter}.</strong> What it says, in a "
                        "short "
                        "quotation or your own words, and who says it:"
                    ),
                    rows=2,
                )
            )
        rows.append(
            box.format(
                id=f"{name}-reasoning",
                label=(
                    "<strong>Reasoning.</strong> Why this evidence supports the claim, how far "
                    "each source can be trusted, and what would change your mind:"
                ),
                rows=4,
            )
        )
        return (
            f'<form class="bk-cer" id="{name}" aria-label="Claim, evidence, reasoning">'
            '<p class="bk-cer-question"><strong>Question.</strong> '
            f"{html.escape(self.question)}</p>"
            + "".join(f'<div class="bk-cer-row">{row}</div>' for row in rows)
            + '<p class="bk-cer-note">Nothing you type here is saved: print the page, or copy '
            "your answer into your notes.</p></form>"
        )

    def __str__(self) -> str:
        return f"Claim-evidence-reasoning organiser: {self.question}"

    __repr__ = __str__


def organiser(chapter: int) -> Organiser:
    """The claim-evidence-reasoning organiser that ends the chapter's document set."""
    found = load_set(chapter)
    question = (found.get("organiser") or {}).get("claim_prompt") or found.get("question", "")
    return Organiser(chapter, question, [d["letter"] for d in found["documents"]])
