"""Chapter 6 (future prospects): the functions behind two of its widgets (its
timeline explorer is the shared one in ``bookkit.timeline``).

- ``scorecard_view``: students mark each of the essay's expectations for after
  2020 as came true / partly / not yet, then compare with the book's assessment.
- ``then_and_now_view``: an indicator for chosen economies, in the essay's
  years (2019 or 2020) against the latest year in the data.

Each returns a ``View`` or, for input it cannot serve, a ``Notice``; none raises
on a control value.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from bookkit.charts import (
    PALETTE,
    add_source,
    economy_style,
    new_figure,
)
from bookkit.timeline import short_date
from bookkit.widgets import Notice, View

# ---------------------------------------------------------------------------
# The prediction scorecard
# ---------------------------------------------------------------------------

NOT_MARKED = "not marked"
MARKS = (NOT_MARKED, "came true", "partly", "not yet")
SCALE = ("not yet", "partly", "came true")  # left to right on the chart


def compare_marks(expectations: pd.DataFrame, marks: dict[str, str]) -> pd.DataFrame:
    """One row per expectation: the student's mark, the book's assessment and whether they agree
    (``agree`` is missing where the student has not marked the expectation)."""
    table = expectations[
        ["expectation_id", "label", "expectation", "book_assessment", "evidence", "event_ids"]
    ].copy()
    table["your_mark"] = table["expectation_id"].map(lambda key: marks.get(key, NOT_MARKED))
    marked = table["your_mark"] != NOT_MARKED
    table["agree"] = (
        (table["your_mark"] == table["book_assessment"]).where(marked).astype("boolean")
    )
    return table


def _event_sources(events: pd.DataFrame, event_ids: str) -> str:
    """'16 Sep 2020, Jiji Press (via Nippon.com); ...' for the events named in a '; '-separated list."""
    by_id = events.set_index("event_id")
    parts = []
    for key in str(event_ids).split(";"):
        row = by_id.loc[int(key)]
        parts.append(f"{short_date(row['date'])}: {row['publisher'].split(';')[0]}")
    return "; ".join(parts)


def scorecard_view(
    expectations: pd.DataFrame, events: pd.DataFrame, source_line: str, reveal: bool, **marks: str
) -> View | Notice:
    """Your marks for the essay's expectations, and (when ``reveal``) the book's assessment beside them.

    A chapter shows the scorecard twice with the same controls: first with ``reveal=False`` (predict),
    then, after the evidence, with ``reveal=True`` (compare)."""
    known = set(expectations["expectation_id"])
    unknown_ids = sorted(set(marks) - known)
    if unknown_ids:
        return Notice(
            f"No expectation called {', '.join(unknown_ids)}: the expectations are "
            f"{', '.join(sorted(known))}."
        )
    bad = {key: value for key, value in marks.items() if value not in MARKS}
    if bad:
        key, value = next(iter(bad.items()))
        return Notice(f"{key}: {value!r} is not a mark. Choose one of: {', '.join(MARKS)}.")

    table = compare_marks(expectations, marks)
    rows = list(range(len(table)))[::-1]  # the first expectation at the top
    fig, ax = new_figure(width=7.0, height=0.5 * len(table) + 1.6)
    ax.set_xlim(-0.6, len(SCALE) - 0.4)
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.set_xticks(range(len(SCALE)), SCALE)
    ax.xaxis.tick_top()
    ax.set_yticks(
        rows,
        [textwrap.fill(f"{r.expectation_id}: {r.label}", 30) for r in table.itertuples()],
        fontsize=9,
    )
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    for y, r in zip(rows, table.itertuples()):
        if r.your_mark != NOT_MARKED:
            ax.plot(
                SCALE.index(r.your_mark), y, "o", markersize=11, color=PALETTE["blue"], zorder=3
            )
        else:
            ax.text(-0.55, y, "not marked", fontsize=8, color=PALETTE["grey"], va="center")
        if reveal:
            ax.plot(
                SCALE.index(r.book_assessment),
                y,
                "D",
                markersize=14,
                markerfacecolor="none",
                markeredgecolor=PALETTE["vermillion"],
                markeredgewidth=2,
                zorder=4,
            )
    handles = [
        Line2D(
            [], [], marker="o", color=PALETTE["blue"], linestyle="", markersize=9, label="your mark"
        )
    ]
    if reveal:
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                markerfacecolor="none",
                markeredgecolor=PALETTE["vermillion"],
                markeredgewidth=2,
                linestyle="",
                markersize=10,
                label="the book's assessment",
            )
        )
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=2, frameon=False
    )
    ax.set_title("What the essay expected after 2020: did it happen?", loc="left", pad=24)
    add_source(fig, source_line)

    marked = table[table["your_mark"] != NOT_MARKED]
    tally = ", ".join(
        f"{(marked['your_mark'] == m).sum()} {m}"
        for m in reversed(SCALE)
        if (marked["your_mark"] == m).any()
    )
    if not reveal:
        if marked.empty:
            takeaway = (
                f"Mark each of the {len(table)} expectations (came true, partly or not yet); the "
                "book's "
                "assessment is shown beside your marks after the evidence."
            )
        else:
            takeaway = (
                f"You have marked {len(marked)} of {len(table)} expectations ({tally}). The "
                "book's assessment "
                "is shown beside your marks after the evidence."
            )
        shown = table[["expectation_id", "expectation", "your_mark"]]
    else:
        book = ", ".join(f"{(table['book_assessment'] == m).sum()} {m}" for m in reversed(SCALE))
        if marked.empty:
            takeaway = f"The book's assessment: {book}. Mark the expectations yourself to compare."
        else:
            differ = marked.loc[~marked["agree"].astype(bool), "expectation_id"].tolist()
            takeaway = (
                f"You agree with the book on {int(marked['agree'].sum())} of the {len(marked)} "
                "expectations you "
                f"marked"
                + (f"; you differ on {', '.join(differ)}" if differ else "")
                + f". The book's assessment: {book}."
            )
        agree = table["agree"].map({True: "yes", False: "no"}).fillna("—")
        shown = table.assign(
            agree=agree, sources=table["event_ids"].map(lambda ids: _event_sources(events, ids))
        )[["expectation_id", "label", "your_mark", "book_assessment", "agree", "sources"]]
    alt = (
        f"Chart with one row for each of the essay's {len(table)} expectations and three columns: "
        "not yet, partly, "
        "came true. "
        f"{'Blue dots mark your marks; diamonds mark the book assessment. ' if reveal else 'Blue dots mark your marks. '}"
        f"{takeaway}"
    )
    shown = shown.rename(columns=lambda c: c.replace("_", " ").capitalize()).set_index(
        "Expectation id"
    )
    shown.index.name = "Expectation"
    return View(fig, alt, takeaway, shown)


# ---------------------------------------------------------------------------
# Then and now: the essay's years against the latest data
# ---------------------------------------------------------------------------


def overtaking_year(leader: pd.Series, follower: pd.Series) -> int | None:
    """The first year from which ``leader`` has stayed above ``follower`` (years where both have
    a value), or None if it is not above in the latest such year."""
    both = pd.concat([leader, follower], axis=1, keys=["leader", "follower"]).dropna().sort_index()
    ahead = both["leader"] > both["follower"]
    if ahead.empty or not ahead.iloc[-1]:
        return None
    behind = ahead.index[~ahead]
    return int(ahead.index[0] if behind.empty else ahead.index[ahead.index > behind.max()].min())


BASELINES = (2019, 2020)


def _scale(unit: str, largest: float) -> tuple[float, str]:
    """(divisor, unit label) for showing values of one indicator."""
    if "current US$" in unit and "per person" not in unit:
        if largest >= 1e12:
            return 1e12, "US$ trillion"
        if largest >= 1e9:
            return 1e9, "US$ billion"
        return 1e6, "US$ million"
    if unit == "persons":
        return 1e6, "million people"
    return 1.0, unit


def then_and_now(
    frame: pd.DataFrame, indicator: str, economies: tuple[str, ...], baseline: int
) -> pd.DataFrame | str:
    """Each economy's value in ``baseline`` and in its latest year with data, with the change.
    Returns a message (str) when the selection cannot be served."""
    rows = frame[(frame["indicator_code"] == indicator) & frame["economy_code"].isin(economies)]
    names = dict(zip(frame["economy_code"], frame["economy"]))
    out = []
    for code in economies:
        series = rows[rows["economy_code"] == code].set_index("year")["value"].dropna().sort_index()
        if baseline not in series.index:
            return f"No value for {names.get(code, code)} in {baseline} for this indicator."
        later = series.loc[series.index > baseline]
        if later.empty:
            return f"No value for {names.get(code, code)} after {baseline} for this indicator."
        latest_year = int(later.index.max())
        out.append(
            {
                "economy_code": code,
                "economy": names.get(code, code),
                "baseline_year": baseline,
                "baseline": float(series[baseline]),
                "latest_year": latest_year,
                "latest": float(series[latest_year]),
            }
        )
    table = pd.DataFrame(out)
    table["change"] = table["latest"] - table["baseline"]
    table["change_pct"] = 100 * table["change"] / table["baseline"].abs()
    return table


def then_and_now_view(
    frame: pd.DataFrame,
    labels: dict[str, tuple[str, str]],
    source_line: str,
    indicator: str,
    economies: tuple[str, ...],
    baseline: int,
) -> View | Notice:
    """Bars: each economy's value in the essay's year (light) and in the latest year (dark)."""
    if indicator not in labels:
        return Notice(f"Unknown indicator {indicator!r}. Choose one of: {', '.join(labels)}.")
    if not economies:
        return Notice("Choose at least one economy (hold Ctrl or Cmd to choose several).")
    if baseline not in BASELINES:
        return Notice(
            f"Compare with {' or '.join(map(str, BASELINES))}, the years the essay could see."
        )
    table = then_and_now(frame, indicator, tuple(economies), baseline)
    if isinstance(table, str):
        return Notice(table)

    name, unit = labels[indicator]
    largest = float(table[["baseline", "latest"]].abs().max().max())
    divisor, shown_unit = _scale(unit, largest)
    table = table.sort_values("latest")
    fig, ax = new_figure(height=0.55 * len(table) + 1.5)
    positions = range(len(table))
    for y, r in zip(positions, table.itertuples()):
        colour = economy_style(r.economy_code)["color"]
        ax.barh(
            y + 0.2,
            r.baseline / divisor,
            height=0.38,
            color="white",
            edgecolor=colour,
            hatch="///",
            linewidth=1.2,
        )
        ax.barh(y - 0.2, r.latest / divisor, height=0.38, color=colour)
    ax.set_yticks(list(positions), [f"{r.economy} ({r.latest_year})" for r in table.itertuples()])
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{v:,.1f}" if divisor != 1 or abs(v) < 1000 else f"{v:,.0f}")
    )
    ax.set_xlabel(shown_unit)
    ax.set_title(f"{name}: {baseline} (hatched) and the latest year (solid)", loc="left")
    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="s",
                markersize=10,
                linestyle="",
                markerfacecolor="white",
                markeredgecolor=PALETTE["grey"],
                label=f"{baseline}, the essay's data",
            ),
            Line2D(
                [],
                [],
                marker="s",
                markersize=10,
                linestyle="",
                color=PALETTE["grey"],
                label="latest year in the data",
            ),
        ],
        frameon=False,
        loc="lower right",
    )
    add_source(fig, source_line)

    def fmt(value: float) -> str:
        return f"{value / divisor:,.2f}" if divisor != 1 else f"{value:,.1f}"

    ordered = table.sort_values("latest", ascending=False)
    parts = [
        f"{r.economy} {fmt(r.baseline)} → {fmt(r.latest)} ({r.latest_year})"
        for r in ordered.itertuples()
    ]
    takeaway = f"{name}, {shown_unit}, {baseline} → latest: " + "; ".join(parts) + "."
    alt = (
        f"Horizontal bar chart of {name} for {', '.join(ordered['economy'])}: a hatched bar for "
        f"{baseline} and a "
        f"solid bar for the latest year. {takeaway}"
    )
    shown = ordered.set_index("economy")[
        ["baseline", "latest_year", "latest", "change", "change_pct"]
    ].copy()
    for column in ("baseline", "latest", "change"):
        shown[column] = shown[column] / divisor
    shown = shown.round(2).rename(
        columns={
            "baseline": f"{baseline} ({shown_unit})",
            "latest_year": "latest year",
            "latest": f"latest ({shown_unit})",
            "change": "change",
            "change_pct": "change (%)",
        }
    )
    return View(fig, alt, takeaway, shown)
