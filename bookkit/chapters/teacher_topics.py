"""The teacher guide's page on sensitive topics: for each topic, where the book meets
it and which of the book's own sources speak to it.

The lists are found when the book is built, in the chapters' text, the events
timeline (``data/events.csv``) and the document sets (``data/documents/``), so they
follow the book as it changes; the bibliography entries named for each topic are
checked by the build (an unknown key fails it). Nothing is quoted here that the
book's sources do not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from IPython.display import Markdown

from bookkit.chapters.teacher_guide import read_chapters
from bookkit.data import load
from bookkit.documents import citation, load_set, written_date


@dataclass(frozen=True)
class Topic:
    pattern: str  # a regular expression for the topic in events, cards and chapters
    entries: tuple[str, ...]  # bibliography keys to name besides the cards


TOPICS = {
    "taiwan": Topic(
        r"\bTaiwan\b(?! News)",  # "Taiwan News" is only a publisher's name in the timeline
        ("yomiuri_2025_taiwan", "mfaprc_2025_lin_jian_dec", "yomiuri_2025_advisory"),
    ),
    "senkaku": Topic(
        r"Senkaku|Diaoyu",
        ("japantimes_2012_senkaku", "mofa_2019_osaka", "mofa_2020_suga_xi", "mofa_2021_kishida_xi"),
    ),
    "xinjiang": Topic(r"Xinjiang|Uyghur|Uighur", ("mofa_2021_kishida_xi",)),
    "treated-water": Topic(
        r"treated water|Fukushima|nuclear-contaminated|aquatic|seafood",
        (
            "jiji_2023_seafood_ban",
            "xinhua_2023_wang_wenbin",
            "japantimes_2024_seafood",
            "yomiuri_2025_seafood",
            "chinadailyhk_2025_seafood",
        ),
    ),
}


# How precisely the timeline dates an event -> the part of the date to write.
DATE_FORMS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def bib_citation(key: str, bibliography: Path) -> str:
    """``[Author, Year](cite:key)`` for a bibliography entry, as the book's text cites it."""
    text = bibliography.read_text(encoding="utf-8")
    entry = re.search(rf"@\w+\{{{re.escape(key)},(.*?)\n\}}", text, re.S)
    if not entry:
        raise ValueError(f"{bibliography.name}: no entry {key}")
    author = re.search(r"author\s*=\s*\{(.+)\},?\s*$", entry.group(1), re.M).group(1)
    year = re.search(r"year\s*=\s*\{(\d{4})\}", entry.group(1)).group(1)
    return f"[{author.replace('{', '').replace('}', '')}, {year}](cite:{key})"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def topic_sources(
    name: str,
    chapters: Path = Path("../chapters"),
    bibliography: Path = Path("../references.bib"),
    link_prefix: str = "../chapters/",
) -> Markdown:
    """Where the book meets a topic (see ``TOPICS``), and its sources on it."""
    if name not in TOPICS:
        raise ValueError(f"no topic {name!r}: choose one of {', '.join(TOPICS)}")
    topic = TOPICS[name]
    found = re.compile(topic.pattern)
    parts = []

    pages = [c for c in read_chapters(chapters) if found.search(c.text)]
    links = ", ".join(f"[{c.title}]({c.link(link_prefix)})" for c in pages) or "none"
    parts.append(f"**In the chapters:** {links}.")

    events = load("events")
    events = events[events["event"].str.contains(topic.pattern, regex=True)]
    if len(events):
        rows = ["| Date | Event, as the timeline records it | Publisher |", "|---|---|---|"]
        rows += [
            f"| {written_date(row.date.strftime(DATE_FORMS[row.date_precision]))} "
            f"| {_cell(row.event)} | {_cell(row.publisher)} |"
            for row in events.itertuples()
        ]
        parts.append("**In the timeline** (`data/events.csv`):\n\n" + "\n".join(rows))

    cards, cited = [], set()
    for chapter in sorted({int(p.name[:2]) for p in chapters.glob("[0-9][0-9]-*.ipynb")}):
        for doc in load_set(chapter)["documents"]:
            if found.search(" ".join([doc["title"], doc["headnote"], doc["excerpt"]])):
                cited.add(doc["bib_key"])
                cards.append(
                    f"- Chapter {chapter}, Document {doc['letter']}: "
                    f"{doc['perspective_label']}. *{doc['title']}* ({citation(doc)})."
                )
    parts.append("**Document-set cards:**\n\n" + ("\n".join(cards) or "- none"))

    others = [bib_citation(key, bibliography) for key in topic.entries if key not in cited]
    if others:
        parts.append("**Other entries in the bibliography:** " + "; ".join(others) + ".")
    return Markdown("\n\n".join(parts))
