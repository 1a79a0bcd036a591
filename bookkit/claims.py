"""The claims register (``data/essay_claims.csv``): verdict counts, the
"filter the claims" widget, and the register as an HTML table whose rows
carry the anchors ``claim-1``, ``claim-2``, ... so that any chapter can link
to a claim: ``../appendices/claims-register.html#claim-14``.

    >>> claims = load("essay_claims")
    >>> verdict_counts(claims)                      # claims per verdict
    >>> filter_claims(claims, ("wrong",), (1, 2), "Nikai")
    >>> ClaimsTable(claims, [69, 70])               # a chapter's claims, with links
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bookkit.charts import PALETTE, add_source, new_figure
from bookkit.widgets import Notice, View

# The verdicts, from best to worst supported, then the two kinds that are not
# about accuracy (no source found; not a checkable fact).
VERDICTS = ("correct", "imprecise", "misleading", "wrong", "unverified", "opinion")
VERDICT_MEANINGS = {
    "correct": "matches the sources",
    "imprecise": "right in substance, wrong in a detail, a name, a date or the wording",
    "misleading": "the facts may be accurate, but the framing or the inference is not supported",
    "wrong": "contradicted by the sources",
    "unverified": "no source found",
    "opinion": "a judgement, not a checkable fact, presented as if it were one",
}
VERDICT_COLOURS = {
    "correct": PALETTE["bluish green"],
    "imprecise": PALETTE["sky blue"],
    "misleading": PALETTE["orange"],
    "wrong": PALETTE["vermillion"],
    "unverified": PALETTE["grey"],
    "opinion": PALETTE["reddish purple"],
}
CHAPTER_TITLES = {
    1: "1. The Belt and Road and China's rise",
    2: "2. Japan's changing position",
    3: "3. Motivation I: Japan's own disadvantages",
    4: "4. Motivation II: China–US relations",
    5: "5. Motivation III: the regional trend",
    6: "6. Future prospects",
    7: "7. Conclusion (and footnotes)",
}
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


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """Claims per verdict, in the order of VERDICTS (zeros included)."""
    return claims["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0).rename("claims")


def counts_by_chapter(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per chapter (rows) and verdict (columns), with totals."""
    table = pd.crosstab(claims["chapter"], claims["verdict"]).reindex(
        columns=list(VERDICTS), fill_value=0
    )
    table = table.reindex(sorted(CHAPTER_TITLES), fill_value=0)
    table["all"] = table.sum(axis=1)
    table.index.name = "chapter"
    return table


def filter_claims(
    claims: pd.DataFrame,
    verdicts: Iterable[str] = VERDICTS,
    chapters: Iterable[int] = tuple(CHAPTER_TITLES),
    text: str = "",
) -> pd.DataFrame:
    """The claims with one of ``verdicts``, in one of ``chapters``, and containing
    every word of ``text`` (case-insensitive, in the claim, what is the case, the
    verdict note, the essay section or the publisher). ``#14`` or ``14`` finds claim 14."""
    verdicts, chapters = set(verdicts), {int(c) for c in chapters}
    keep = claims["verdict"].isin(verdicts) & claims["chapter"].isin(chapters)
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
    ax.set_xlabel("number of claims")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_xlim(0, max(1, int(shown.max())) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, loc="left")
    add_source(fig, source_line)
    return fig


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
    """The "filter the claims" widget: the chosen claims, counted by verdict, and listed."""
    unknown = sorted(set(verdicts) - set(VERDICTS))
    if unknown:
        return Notice(
            f"Unknown verdict(s) {', '.join(unknown)}: choose from {', '.join(VERDICTS)}."
        )
    if not verdicts:
        return Notice("Choose at least one verdict (hold Ctrl or Cmd to choose several).")
    if not chapters:
        return Notice("Choose at least one chapter (hold Ctrl or Cmd to choose several).")
    chosen = filter_claims(claims, verdicts, chapters, text)
    if chosen.empty:
        searched = f" containing {text.strip()!r}" if text.strip() else ""
        return Notice(
            f"No claim{searched} has one of the chosen verdicts in the chosen chapters. "
            "Try fewer or shorter words, or choose more verdicts or chapters."
        )
    counts = verdict_counts(chosen)
    where = (
        "all chapters"
        if set(chapters) >= set(CHAPTER_TITLES)
        else (
            "chapter " + ", ".join(str(c) for c in sorted(chapters))
            if len(chapters) > 1
            else f"chapter {chapters[0]}"
        )
    )
    search = f" containing {text.strip()!r}" if text.strip() else ""
    fig = verdict_figure(counts, f"Claims by verdict: {where}{search}", source_line)
    takeaway = (
        f"{len(chosen)} of {len(claims)} claims match ({where}{search}): {describe_counts(counts)}."
    )
    alt = f"Bar chart of the number of claims with each verdict, {where}{search}. {takeaway}"
    table = (
        chosen.assign(
            claim_no=chosen["claim_id"].map("#{}".format),
            source_publisher=chosen["source_publisher"].fillna("(none found)"),
        )
        .set_index("claim_no")[
            ["chapter", "verdict", "claim", "what_is_the_case", "source_publisher"]
        ]
        .rename(
            columns={
                "chapter": "Chapter",
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


def register_html(claims: pd.DataFrame) -> str:
    """The whole register as one HTML table; each row has the anchor ``claim-<number>``."""
    e = html.escape
    rows = []
    for _, row in claims.sort_values("claim_id").iterrows():
        note = (
            f"<br><small>{e(_text(row['verdict_note']))}</small>"
            if _text(row["verdict_note"])
            else ""
        )
        data = (
            f"<br><small>Check it with the data: <code>{e(_text(row['book_data']))}</code></small>"
            if _text(row["book_data"])
            else ""
        )
        rows.append(
            f'<tr id="claim-{int(row["claim_id"])}"><th scope="row">#{int(row["claim_id"])}'
            f"<br><small>{e(row['essay_section'])} · chapter {int(row['chapter'])}</small></th>"
            f"<td>{e(row['claim'])}</td><td>{_verdict_badge(row['verdict'])}{note}</td>"
            f"<td>{e(row['what_is_the_case'])}{data}<br><small><strong>Source:</strong></small> "
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
        return f"Claims register: {len(self.claims)} claims"


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
