"""The claims register (``data/essay_claims.csv``): verdict counts, the
"filter the claims" widget, the rule its verdicts follow, and the register as an
HTML table whose rows carry the anchors ``claim-1``, ``claim-2``, ... so that any
chapter can link to an entry: ``../appendices/claims-register.html#claim-14``.

The register holds two kinds of entry (rule V1 of ``bookkit.verdicts``): claims the
essay makes about the world, and checks of the essay's footnotes (citations), which
are counted apart.

    >>> claims = load("essay_claims")
    >>> verdict_counts(only_claims(claims))         # claims per verdict
    >>> filter_claims(claims, ("wrong",), (1, 2), "Nikai")
    >>> ClaimsTable(claims, [69, 70])               # a chapter's claims, with links
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bookkit.charts import PALETTE, add_source, new_figure
from bookkit.verdicts import CITATION_MEANINGS, ONE_SIDED, RULE, VERDICT_MEANINGS, VERDICTS
from bookkit.widgets import Notice, View

VERDICT_COLOURS = {
    "correct": PALETTE["bluish green"],
    "imprecise": PALETTE["sky blue"],
    "misleading": PALETTE["orange"],
    "wrong": PALETTE["vermillion"],
    "unverified": PALETTE["grey"],
    "opinion": PALETTE["reddish purple"],
}
# One entry of each verdict, shown on the register page as an example (a test checks
# that each still has its verdict).
VERDICT_EXAMPLES = {
    "correct": 68,
    "imprecise": 51,
    "misleading": 17,
    "wrong": 23,
    "unverified": 64,
    "opinion": 56,
}
# The filter's choice for the checks of the essay's footnotes (filed under chapter 7).
FOOTNOTES = "footnotes"
FOOTNOTES_LABEL = "Footnotes: checks of the essay's citations"
CHAPTERS_DIR = Path(__file__).resolve().parents[1] / "chapters"
REGISTER_PAGE = "claims-register.html"
SEARCHED_COLUMNS = (
    "claim",
    "what_is_the_case",
    "verdict_note",
    "essay_section",
    "source_publisher",
)


def claim_url(claim_id: int, from_chapter: bool = True) -> str:
    """The address of a claim's row in the register, from a chapter page (or from the
    register page)."""
    return f"{'../appendices/' if from_chapter else ''}{REGISTER_PAGE}#claim-{int(claim_id)}"


@lru_cache(maxsize=1)
def chapter_titles(folder: Path = CHAPTERS_DIR) -> dict[int, str]:
    """Each chapter's own title, the first heading of its notebook ("7. Conclusion: ..."),
    so that the register never shows a title of its own. Where the notebooks are not at
    hand (a notebook opened on its own, e.g. in Colab) this is empty, and the register
    says "Chapter 7"."""
    titles = {}
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "".join(next(c["source"] for c in cells if c["cell_type"] == "markdown"))
        heading = re.search(r"^# (\d+)\. .+$", text, re.M)
        if heading:
            titles[int(heading.group(1))] = heading.group(0)[2:].strip()
    return titles


def chapter_label(chapter: int) -> str:
    return chapter_titles().get(int(chapter), f"Chapter {int(chapter)}")


def chapter_options(claims: pd.DataFrame) -> list[tuple[str, int | str]]:
    """The filter's choices: each chapter by its title, then the footnotes."""
    chapters = sorted(only_claims(claims)["chapter"].unique())
    return [(chapter_label(c), int(c)) for c in chapters] + [(FOOTNOTES_LABEL, FOOTNOTES)]


def only_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The essay's claims about the world, without the checks of its footnotes (V1)."""
    return claims[claims["kind"] == "claim"]


def only_citations(claims: pd.DataFrame) -> pd.DataFrame:
    """The checks of the essay's footnotes."""
    return claims[claims["kind"] == "citation"]


def checkable(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that can be checked: neither a footnote check nor an opinion."""
    chosen = only_claims(claims)
    return chosen[chosen["verdict"] != "opinion"]


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """Entries per verdict, in the order of VERDICTS (zeros included)."""
    return claims["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0).rename("claims")


def counts_by_chapter(claims: pd.DataFrame) -> pd.DataFrame:
    """The essay's claims (not its footnotes) per chapter (rows) and verdict (columns),
    with totals."""
    chosen = only_claims(claims)
    table = pd.crosstab(chosen["chapter"], chosen["verdict"]).reindex(
        columns=list(VERDICTS), fill_value=0
    )
    table["all"] = table.sum(axis=1)
    table.index.name = "chapter"
    return table


def filter_claims(
    claims: pd.DataFrame,
    verdicts: Iterable[str] = VERDICTS,
    chapters: Iterable[int | str] | None = None,
    text: str = "",
) -> pd.DataFrame:
    """The entries with one of ``verdicts``, in one of ``chapters`` (chapter numbers, and
    ``FOOTNOTES`` for the checks of the essay's footnotes; all if None), and containing
    every word of ``text`` (case-insensitive, in the claim, what is the case, the
    verdict note, the essay section or the publisher). ``#14`` or ``14`` finds entry 14."""
    verdicts = set(verdicts)
    chosen = set(chapters) if chapters is not None else {*claims["chapter"], FOOTNOTES}
    numbers = {int(c) for c in chosen if c != FOOTNOTES}
    is_claim = claims["kind"] == "claim"
    where = (is_claim & claims["chapter"].isin(numbers)) | (~is_claim & (FOOTNOTES in chosen))
    keep = claims["verdict"].isin(verdicts) & where
    number = re.fullmatch(r"#?\s*(\d+)", text.strip())
    if number:
        keep &= claims["claim_id"] == int(number.group(1))
    else:
        haystack = claims[list(SEARCHED_COLUMNS)].fillna("").agg(" ".join, axis=1).str.lower()
        for word in text.lower().split():
            keep &= haystack.str.contains(word, regex=False)
    return claims[keep]


def verdict_figure(counts: pd.Series, title: str, source_line: str) -> Figure:
    """Horizontal bars: claims per verdict, each bar labelled with its count."""
    shown = counts.iloc[::-1]
    fig, ax = new_figure(height=0.42 * len(shown) + 1.3)
    bars = ax.barh(shown.index, shown.values, color=[VERDICT_COLOURS[v] for v in shown.index])
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_xlabel("number of entries")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_xlim(0, max(1, int(shown.max())) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, loc="left")
    add_source(fig, source_line)
    return fig


def describe_where(chapters: Iterable[int | str], every: Iterable[int]) -> str:
    """'all chapters and the footnotes', 'chapter 7 and the footnotes', 'chapters 3, 4, 5'."""
    chosen = set(chapters)
    numbers = sorted(int(c) for c in chosen if c != FOOTNOTES)
    if set(numbers) >= set(every):
        where = "all chapters"
    elif numbers:
        where = f"chapter{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
    else:
        return "the footnotes"
    return where + (" and the footnotes" if FOOTNOTES in chosen else "")


def describe_counts(counts: pd.Series) -> str:
    """'41 correct, 13 imprecise, ...' (verdicts with no claims left out)."""
    return ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n)


def register_view(
    claims: pd.DataFrame,
    source_line: str,
    verdicts: tuple[str, ...],
    chapters: tuple[int, ...],
    text: str,
) -> View | Notice:
    """The "filter the claims" widget: the chosen entries, counted by verdict, and listed."""
    unknown = sorted(set(verdicts) - set(VERDICTS))
    if unknown:
        return Notice(
            f"Unknown verdict(s) {', '.join(unknown)}: choose from {', '.join(VERDICTS)}."
        )
    if not verdicts:
        return Notice("Choose at least one verdict (hold Ctrl or Cmd to choose several).")
    if not chapters:
        return Notice("Choose at least one chapter (hold Ctrl or Cmd to choose several).")
    every = set(claims["chapter"])
    unknown = sorted(str(c) for c in set(chapters) - every - {FOOTNOTES})
    if unknown:
        return Notice(f"No chapter {', '.join(unknown)} in the register: choose from the list.")
    chosen = filter_claims(claims, verdicts, chapters, text)
    if chosen.empty:
        searched = f" containing {text.strip()!r}" if text.strip() else ""
        return Notice(
            f"No entry{searched} has one of the chosen verdicts in the chosen chapters. "
            "Try fewer or shorter words, or choose more verdicts or chapters."
        )
    counts = verdict_counts(chosen)
    where = describe_where(chapters, every)
    search = f" containing {text.strip()!r}" if text.strip() else ""
    fig = verdict_figure(counts, f"Entries by verdict: {where}{search}", source_line)
    takeaway = (
        f"{len(chosen)} of {len(claims)} entries match ({where}{search}): "
        f"{describe_counts(counts)}."
    )
    alt = f"Bar chart of the number of entries with each verdict, {where}{search}. {takeaway}"
    table = (
        chosen.assign(
            claim_no=chosen["claim_id"].map("#{}".format),
            source_publisher=chosen["source_publisher"].fillna("(none found)"),
        )
        .set_index("claim_no")[
            ["chapter", "kind", "verdict", "claim", "what_is_the_case", "source_publisher"]
        ]
        .rename(
            columns={
                "chapter": "Chapter",
                "kind": "Kind",
                "verdict": "Verdict",
                "claim": "The essay claims",
                "what_is_the_case": "What is the case",
                "source_publisher": "Source",
            }
        )
    )
    table.index.name = "Claim"
    return View(fig, alt, takeaway, table)


def _text(value) -> str:
    """A text cell as a string ('' where the CSV cell is empty)."""
    return "" if pd.isna(value) else str(value)


def _verdict_badge(verdict: str) -> str:
    return f'<span class="bk-verdict bk-verdict-{verdict}">{html.escape(verdict)}</span>'


def _source_html(row: pd.Series) -> str:
    e = html.escape
    url, publisher, note = (
        _text(row["source_url"]),
        _text(row["source_publisher"]),
        _text(row["source_note"]),
    )
    if not url:
        return f"<em>{e(note)}</em>"
    link = f'<a href="{e(url, quote=True)}">{e(publisher)}</a>'
    return link + (f"<br><small>{e(note)}</small>" if note else "")


def _rule_html(row: pd.Series) -> str:
    """Which clause of the rule gave the verdict, with the entry's flags."""
    e = html.escape
    parts = [f"Rule {e(_text(row['verdict_rule']))}"]
    if _text(row["one_sided"]):
        parts.append(f"one side's account: {e(_text(row['one_sided']))}")
    if _text(row["out_of_date"]):
        parts.append(f"out of date since {int(row['out_of_date'])}")
    return f"<br><small><em>{'; '.join(parts)}.</em></small>"


def _reason_html(row: pd.Series) -> str:
    reason = _text(row["verdict_reason"])
    return (
        f"<br><small><strong>Why this verdict:</strong> {html.escape(reason)}</small>"
        if reason
        else ""
    )


def register_html(claims: pd.DataFrame) -> str:
    """The whole register as one HTML table; each row has the anchor ``claim-<number>``."""
    e = html.escape
    rows = []
    for _, row in claims.sort_values("claim_id").iterrows():
        note = (
            f"<br><small>{e(_text(row['verdict_note']))}</small>"
            if _text(row["verdict_note"])
            else ""
        ) + _rule_html(row)
        data = (
            f"<br><small>Check it with the data: <code>{e(_text(row['book_data']))}</code></small>"
            if _text(row["book_data"])
            else ""
        )
        rows.append(
            f'<tr id="claim-{int(row["claim_id"])}"><th scope="row">#{int(row["claim_id"])}'
            f"<br><small>{e(row['essay_section'])} · chapter {int(row['chapter'])} · "
            f"{e(row['kind'])}</small></th>"
            f"<td>{e(row['claim'])}</td><td>{_verdict_badge(row['verdict'])}{note}</td>"
            f"<td>{e(row['what_is_the_case'])}{_reason_html(row)}{data}"
            "<br><small><strong>Source:</strong></small> "
            f"{_source_html(row)}</td></tr>"
        )
    head = (
        "<thead><tr><th scope='col'>Claim</th><th scope='col'>The essay claims</th>"
        "<th scope='col'>Verdict</th><th scope='col'>What is the case, and the "
        "source</th></tr></thead>"
    )
    return (
        '<table class="bk-claims bk-claims-full" aria-label="The claims register: every claim of '
        f'the essay">{head}'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


class RegisterTable:
    """Displays as the whole register (the last expression of a notebook cell)."""

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims

    def _repr_html_(self) -> str:
        return register_html(self.claims)

    def __repr__(self) -> str:
        return f"Claims register: {len(self.claims)} entries"


class ClaimsTable:
    """A chapter's claims as a short table, each linked to its row in the register."""

    def __init__(self, claims: pd.DataFrame, claim_ids: Iterable[int]):
        wanted = [int(i) for i in claim_ids]
        missing = sorted(set(wanted) - set(claims["claim_id"]))
        if missing:
            raise ValueError(f"No claim(s) {missing} in the register.")
        self.rows = claims.set_index("claim_id").loc[wanted].reset_index()

    def _repr_html_(self) -> str:
        e = html.escape
        body = "".join(
            '<tr><th scope="row"><a '
            f'href="{claim_url(r["claim_id"])}">#{int(r["claim_id"])}</a></th>'
            f"<td>{e(r['claim'])}</td><td>{_verdict_badge(r['verdict'])}</td><td>{e(r['what_is_the_case'])}</td></tr>"
            for _, r in self.rows.iterrows()
        )
        return (
            '<table class="bk-claims bk-claims-short"><thead><tr><th scope="col">#</th><th '
            'scope="col">The essay claims</th>'
            '<th scope="col">Verdict</th><th scope="col">What is the '
            f"case</th></tr></thead><tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"#{r['claim_id']} ({r['verdict']}): {r['claim']}" for _, r in self.rows.iterrows()
        )


def claim_card(claims: pd.DataFrame, claim_id: int) -> HTML:
    """One claim as a short card (for worked examples on the register page), linked to its row."""
    e = html.escape
    row = claims.set_index("claim_id").loc[int(claim_id)]
    return HTML(
        f'<div class="bk-claim-card"><p><a href="#claim-{int(claim_id)}"><strong>Claim '
        f"#{int(claim_id)}</strong></a> "
        f"({e(row['essay_section'])}) {_verdict_badge(row['verdict'])}</p>"
        f"<p><strong>The essay claims:</strong> {e(row['claim'])}</p>"
        f"<p><strong>What is the case:</strong> {e(row['what_is_the_case'])}</p>"
        f"<p><strong>Source:</strong> {_source_html(row)}</p></div>"
    )


def meanings_html(claims: pd.DataFrame) -> str:
    """What each verdict means, for a claim and for a citation, with an example entry of
    each (linked to its row)."""
    e = html.escape
    by_id = claims.set_index("claim_id")
    rows = []
    for verdict in VERDICTS:
        example = VERDICT_EXAMPLES[verdict]
        rows.append(
            f"<tr><th scope='row'>{_verdict_badge(verdict)}</th>"
            f"<td>{e(VERDICT_MEANINGS[verdict])}</td>"
            f"<td>{e(CITATION_MEANINGS.get(verdict, '(not used)'))}</td>"
            f'<td>{e(by_id.loc[example, "claim"])} (<a href="#claim-{example}">#{example}</a>)'
            "</td></tr>"
        )
    return (
        '<table class="bk-claims bk-verdict-meanings"><thead><tr><th scope="col">Verdict</th>'
        '<th scope="col">For a claim: it means</th><th scope="col">For a citation: it means</th>'
        '<th scope="col">Example</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def rule_html(claims: pd.DataFrame) -> str:
    """The written rule from the fact-check's verdicts to the register's (V1-V11), each
    clause with the number of entries whose verdict it gave."""
    e = html.escape
    used = claims["verdict_rule"].value_counts()
    items = []
    for clause, name, text in RULE:
        count = int(used.get(clause, 0))
        tally = f" <small>({count} entr{'y' if count == 1 else 'ies'})</small>" if count else ""
        extra = ""
        if clause == "V9":
            extra = (
                "<ul>"
                + "".join(
                    f"<li><em>{e(case)}</em>: {e(meaning)}</li>"
                    for case, meaning in ONE_SIDED.items()
                )
                + "</ul>"
            )
        items.append(f"<li><strong>{clause} {e(name)}.</strong> {e(text)}{tally}{extra}</li>")
    exceptions = int(used.get("exception", 0))
    closing = (
        f"<p>Verdicts that depart from the rule: {exceptions}"
        + (", each with its reason in the register." if exceptions else ".")
        + "</p>"
    )
    opening = (
        "<p><strong>The rule, clause by clause.</strong> V2 to V7 read the fact-check's "
        "wording; the special cases V8 (time), V9 (one side's account) and V10 (citations) "
        "come first where they apply. In brackets: how many entries' verdicts each clause "
        "gave.</p>"
    )
    return (
        f'{opening}<ul class="bk-verdict-rule" style="list-style:none;padding-left:0">'
        f"{''.join(items)}</ul>{closing}"
    )


class RuleDisplay:
    """Displays as the verdicts' meanings and the rule (the last expression of a cell)."""

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims

    def _repr_html_(self) -> str:
        return meanings_html(self.claims) + rule_html(self.claims)

    def __repr__(self) -> str:
        return "\n".join(f"{clause} {name}: {text}" for clause, name, text in RULE)
