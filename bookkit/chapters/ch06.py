"""Chapter 6 (future prospects): the functions behind its widgets.

- ``scorecard_view``: students mark each of the essay's expectations for after
  2020 as came true / partly / not yet, then compare with the book's assessment.
  On the web page, ``scorecard_form`` does the same in the reader's browser.
- ``then_and_now_view``: an indicator for chosen economies, in the essay's
  years (2019 or 2020) against the latest year in the data, with the change in
  percentage points for a rate or share and in per cent for a level.

Each returns a ``View`` or, for input it cannot serve, a ``Notice``; none raises
on a control value.
"""

from __future__ import annotations

import html
import textwrap

import ipywidgets as w
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from bookkit.changes import ChangeError, change, is_rate_or_share
from bookkit.charts import PALETTE, add_source, economy_style, new_figure
from bookkit.forms import choice_table, judgement_form
from bookkit.timeline import short_date
from bookkit.widgets import Notice, View, keep_equal

# ---------------------------------------------------------------------------
# The prediction scorecard
# ---------------------------------------------------------------------------

NOT_MARKED = "not marked"
MARKS = (NOT_MARKED, "came true", "partly", "not yet")
SCALE = ("not yet", "partly", "came true")  # left to right on the chart
FORM_IDS = {False: "ch06-predict", True: "ch06-compare"}  # the two forms on the web page
# The book's assessment on the chart: an open diamond (a bigger one than in the legend).
BOOK_MARKER = {
    "markersize": 14,
    "markerfacecolor": "none",
    "markeredgecolor": PALETTE["vermillion"],
    "markeredgewidth": 2,
}
BOOK_LEGEND = {**BOOK_MARKER, "markersize": 10}


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


# The sentences below are the reference for the web page's forms (scorecard_form), whose
# JavaScript writes the same words; a browser test compares the two.


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def predict_summary(table: pd.DataFrame) -> str:
    """'You have marked 3 of 6 expectations (1 came true, 2 partly).' ('' if none is marked)."""
    marked = table.loc[table["your_mark"] != NOT_MARKED, "your_mark"]
    if marked.empty:
        return ""
    tally = ", ".join(f"{(marked == m).sum()} {m}" for m in MARKS[1:] if (marked == m).any())
    return f"You have marked {marked.size} of {_plural(len(table), 'expectation')} ({tally})."


def book_summary(expectations: pd.DataFrame) -> str:
    """'The book's assessment: 2 came true, 3 partly, 1 not yet.'"""
    counts = expectations["book_assessment"].value_counts()
    return "The book's assessment: " + ", ".join(f"{counts.get(m, 0)} {m}" for m in MARKS[1:]) + "."


def compare_summary(table: pd.DataFrame) -> str:
    """'You agree with the book on 2 of the 3 expectations you marked; you differ on X4.'
    ('' if none is marked)."""
    marked = table[table["your_mark"] != NOT_MARKED]
    if marked.empty:
        return ""
    differ = marked.loc[~marked["agree"].astype(bool), "expectation_id"].tolist()
    return (
        f"You agree with the book on {int(marked['agree'].sum())} of the "
        f"{_plural(len(marked), 'expectation')} you marked"
        + (f"; you differ on {', '.join(differ)}" if differ else "")
        + "."
    )


def _event_sources(events: pd.DataFrame, event_ids: pd.Series) -> pd.Series:
    """For each '; '-separated list of event numbers, '16 Sep 2020: Jiji Press (via
    Nippon.com); ...' (the date and first publisher of each event)."""
    cited = {int(key) for ids in event_ids for key in str(ids).split(";")}
    rows = events[events["event_id"].isin(cited)]
    source = {
        key: f"{short_date(date)}: {publisher.split(';')[0]}"
        for key, date, publisher in zip(rows["event_id"], rows["date"], rows["publisher"])
    }
    return event_ids.map(lambda ids: "; ".join(source[int(key)] for key in str(ids).split(";")))


def mark_controls(
    expectations: pd.DataFrame, copy_of: dict[str, w.Dropdown] | None = None
) -> dict[str, w.Dropdown]:
    """A dropdown for the mark of each expectation (the scorecard's controls).

    The comparison after the evidence gets dropdowns of its own, kept equal to the
    prediction's (``copy_of``, by ``keep_equal``): a change redraws the scorecard whose
    dropdown was changed first, then the other, instead of both before either shows."""
    controls = {
        key: w.Dropdown(
            options=MARKS,
            value=NOT_MARKED,
            description=key,
            layout=w.Layout(width="15em"),
            style={"description_width": "initial"},
        )
        for key in expectations["expectation_id"]
    }
    for key, control in (copy_of or {}).items():
        keep_equal(control, controls[key])
    return controls


def scorecard_view(
    expectations: pd.DataFrame, events: pd.DataFrame, source_line: str, reveal: bool, **marks: str
) -> View | Notice:
    """Your marks for the essay's expectations, and (when ``reveal``) the book's assessment
    beside them.

    A chapter shows the scorecard twice, with the same marks (``mark_controls``): first with
    ``reveal=False`` (predict), then, after the evidence, with ``reveal=True`` (compare)."""
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
    ax.tick_params(axis="y", left=True, right=False)
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
            ax.plot(SCALE.index(r.book_assessment), y, "D", zorder=4, **BOOK_MARKER)
    handles = [
        Line2D(
            [], [], marker="o", color=PALETTE["blue"], linestyle="", markersize=9, label="your mark"
        )
    ]
    if reveal:
        handles.append(
            Line2D([], [], linestyle="", label="the book's assessment", marker="D", **BOOK_LEGEND)
        )
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=2, frameon=False
    )
    ax.set_title("What the essay expected after 2020: did it happen?", loc="left", pad=24)
    add_source(fig, source_line)

    count = _plural(len(table), "expectation")
    if not reveal:
        takeaway = (
            predict_summary(table) or f"Mark each of the {count} (came true, partly or not yet)."
        ) + " The book's assessment is shown beside your marks after the evidence."
        shown = table[["expectation_id", "expectation", "your_mark"]]
    else:
        compared, book = compare_summary(table), book_summary(expectations)
        takeaway = f"{compared} {book}" if compared else f"{book} Mark the expectations to compare."
        shown = table.assign(
            your_mark=table["your_mark"].replace(NOT_MARKED, "—"),
            agree=table["agree"].map({True: "yes", False: "no"}).fillna("—"),
            sources=_event_sources(events, table["event_ids"]),
        )[["expectation_id", "label", "your_mark", "book_assessment", "agree", "sources"]]
    dots = "Blue dots mark your marks" + (
        "; diamonds mark the book's assessment. " if reveal else ". "
    )
    alt = (
        f"Chart with one row for each of the essay's {count} and three columns: not yet, "
        f"partly, came true. {dots}{takeaway}"
    )
    shown = shown.rename(columns=lambda c: c.replace("_", " ").capitalize()).set_index(
        "Expectation id"
    )
    shown.index.name = "Expectation"
    return View(fig, alt, takeaway, shown)


# What the forms' buttons do in the reader's browser (bookkit.forms): ``values`` holds the
# checked mark of each radio group "mark-X1", "mark-X2"... The words follow predict_summary,
# book_summary and compare_summary above.
_JS_COMMON = """
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const marked = data.ids.filter((id) => values['mark-' + id]);
  if (!marked.length) return data.empty;
"""
PREDICT_JS = (
    "(values, data) => {"
    + _JS_COMMON
    + """
  // Copy the marks into the comparison form further down the page, so they are there later.
  const later = document.getElementById(data.compare);
  for (const id of marked) {
    const box = later
      && later.querySelector(`input[name="mark-${id}"][value="${values['mark-' + id]}"]`);
    if (box) box.checked = true;
  }
  const tally = data.marks
    .map((m) => [m, marked.filter((id) => values['mark-' + id] === m).length])
    .filter(([, n]) => n > 0).map(([m, n]) => `${n} ${m}`).join(', ');
  return `<p>You have marked ${marked.length} of ${plural(data.ids.length, 'expectation')} `
    + `(${tally}). ${data.after}</p>`;
}"""
)
COMPARE_JS = (
    "(values, data) => {"
    + _JS_COMMON
    + """
  const differ = marked.filter((id) => values['mark-' + id] !== data.book[id]);
  const rows = marked.map((id) => {
    const mark = values['mark-' + id];
    return `<tr><th scope="row">${data.labels[id]}</th><td>${mark}</td><td>${data.book[id]}</td>`
      + `<td>${mark === data.book[id] ? 'yes' : 'no'}</td></tr>`;
  }).join('');
  const unmarked = data.ids.filter((id) => !values['mark-' + id]);
  return `<p>You agree with the book on ${marked.length - differ.length} of the `
    + `${plural(marked.length, 'expectation')} you marked`
    + (differ.length ? `; you differ on ${differ.join(', ')}` : '') + `. ${data.bookSummary}</p>`
    + `<table class="bk-choices"><thead><tr><th scope="col">Expectation</th>`
    + `<th scope="col">Your mark</th><th scope="col">The book's assessment</th>`
    + `<th scope="col">Agree?</th></tr></thead><tbody>${rows}</tbody></table>`
    + (unmarked.length ? `<p>Not marked, so not compared: ${unmarked.join(', ')}.</p>` : '');
}"""
)
FORM_TEXT = {
    False: {
        "intro": "Mark what you think now, and keep your marks.",
        "button": "Keep my marks",
        "after": "They are copied to the comparison after the evidence.",
    },
    True: {
        "intro": "Your kept marks are here: change any you like, then compare.",
        "button": "Compare with the book's assessment",
    },
}


def scorecard_form(expectations: pd.DataFrame, reveal: bool) -> str:
    """The scorecard for the web page (``live(..., page=...)``): a radio button per mark and
    expectation, and a button. Predicting (``reveal=False``), the button sums up the marks
    and copies them to the comparison form; comparing, it shows the book's assessment
    beside each mark. Nothing is shown as a result before the student has chosen."""
    ids = list(expectations["expectation_id"])
    labels = {
        key: f"<strong>{html.escape(key)}</strong> {html.escape(text)}"
        for key, text in zip(ids, expectations["expectation"])
    }
    text = FORM_TEXT[reveal]
    data = {
        "ids": ids,
        "marks": list(MARKS[1:]),
        "empty": "<p>Nothing marked yet: choose a mark for at least one expectation, then press "
        "the button.</p>",
    }
    if reveal:
        data |= {
            # The result table names each expectation by its short label, to fit a phone.
            "labels": {
                key: f"<strong>{html.escape(key)}</strong> {html.escape(label)}"
                for key, label in zip(ids, expectations["label"])
            },
            "book": dict(zip(ids, expectations["book_assessment"])),
            "bookSummary": book_summary(expectations),
        }
    else:
        data |= {"compare": FORM_IDS[True], "after": text["after"]}
    return judgement_form(
        FORM_IDS[reveal],
        intro=text["intro"],
        body=choice_table("mark", list(labels.items()), [(m, m) for m in MARKS[1:]]),
        data=data,
        compute=COMPARE_JS if reveal else PREDICT_JS,
        button=text["button"],
    )


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


# A change in a rate or a share is in percentage points; in a level, in per cent
# (bookkit.changes refuses the other way round). The column's name says which.
CHANGE_COLUMNS = {"points": "change_pp", "percent": "change_pct"}
CHANGE_HEADINGS = {"points": "change (percentage points)", "percent": "change (%)"}


def change_kind(unit: str) -> str:
    """'points' for a rate or share (e.g. '% of GDP'), 'percent' for a level (e.g. 'US$')."""
    return "points" if is_rate_or_share(unit) else "percent"


def then_and_now(
    frame: pd.DataFrame, indicator: str, economies: tuple[str, ...], baseline: int, unit: str
) -> pd.DataFrame | str:
    """Each economy's value in ``baseline`` and in its latest year with data, and the change:
    ``change_pp`` (percentage points) if ``unit`` is a rate or share, else ``change_pct``.
    Returns a message (str) when the selection cannot be served."""
    chosen = frame[frame["economy_code"].isin(economies)]
    rows = chosen[chosen["indicator_code"] == indicator]
    names = dict(chosen[["economy_code", "economy"]].drop_duplicates("economy_code").to_numpy())
    how = change_kind(unit)
    values = {code: part.set_index("year")["value"] for code, part in rows.groupby("economy_code")}
    out = []
    for code in economies:
        series = values.get(code, pd.Series(dtype=float)).dropna().sort_index()
        if baseline not in series.index:
            return f"No value for {names.get(code, code)} in {baseline} for this indicator."
        later = series.loc[series.index > baseline]
        if later.empty:
            return f"No value for {names.get(code, code)} after {baseline} for this indicator."
        latest_year = int(later.index.max())
        old, new = float(series[baseline]), float(series[latest_year])
        try:
            moved = change(old, new, unit, how)
        except ChangeError as err:
            return f"{names.get(code, code)}: {err}"
        out.append(
            {
                "economy_code": code,
                "economy": names.get(code, code),
                "baseline_year": baseline,
                "baseline": old,
                "latest_year": latest_year,
                "latest": new,
                CHANGE_COLUMNS[how]: moved,
            }
        )
    return pd.DataFrame(out)


def then_and_now_view(
    frame: pd.DataFrame,
    labels: dict[str, tuple[str, str]],
    source_line: str,
    indicator: str,
    economies: tuple[str, ...],
    baseline: int,
) -> View | Notice:
    """Bars: each economy's value in the essay's year (hatched) and in the latest year (solid),
    with the change in the indicator's right unit (``labels``: code -> (name, unit))."""
    if indicator not in labels:
        return Notice(f"Unknown indicator {indicator!r}. Choose one of: {', '.join(labels)}.")
    if not economies:
        return Notice("Choose at least one economy (hold Ctrl or Cmd to choose several).")
    if baseline not in BASELINES:
        return Notice(
            f"Compare with {' or '.join(map(str, BASELINES))}, the years the essay could see."
        )
    name, unit = labels[indicator]
    table = then_and_now(frame, indicator, tuple(economies), baseline, unit)
    if isinstance(table, str):
        return Notice(table)

    how = change_kind(unit)
    moved = CHANGE_COLUMNS[how]
    largest = float(table[["baseline", "latest"]].abs().max().max())
    divisor, shown_unit = _scale(unit, largest)
    table = table.sort_values("latest")
    fig, ax = new_figure(height=0.55 * len(table) + 1.5)
    positions = range(len(table))
    colours = [economy_style(code)["color"] for code in table["economy_code"]]
    ax.barh(
        [y + 0.2 for y in positions],
        table["baseline"] / divisor,
        height=0.38,
        color="white",
        edgecolor=colours,
        hatch="///",
        linewidth=1.2,
    )
    ax.barh([y - 0.2 for y in positions], table["latest"] / divisor, height=0.38, color=colours)
    ax.set_yticks(list(positions), [f"{r.economy} ({r.latest_year})" for r in table.itertuples()])
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    # Ticks on the left and bottom only (a recycled figure may have new ticks on every side),
    # labelled as short as they can be: 0.05, 1.5, 2,000.
    ax.tick_params(left=True, right=False, bottom=True, top=False)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,g}"))
    ax.set_xlabel(shown_unit)
    # The title is the key (hatched: the essay's year; solid: the latest), so no legend
    # covers the bars. Wrapped: a long indicator name must not push the margins past the axes.
    title = f"{name}: {baseline} (hatched) and the latest year (solid)"
    ax.set_title(textwrap.fill(title, 48), loc="left")
    add_source(fig, source_line)

    def level(value: float) -> str:
        return f"{value / divisor:,.2f}" if divisor != 1 else f"{value:,.1f}"

    def moved_text(value: float) -> str:
        return f"{value:+.1f} percentage points" if how == "points" else f"{value:+.0f}%"

    ordered = table.sort_values("latest", ascending=False)
    parts = [
        f"{r.economy} {level(r.baseline)} → {level(r.latest)} ({r.latest_year}), "
        f"{moved_text(getattr(r, moved))}"
        for r in ordered.itertuples()
    ]
    takeaway = f"{name}, {shown_unit}, {baseline} → latest: " + "; ".join(parts) + "."
    alt = (
        f"Horizontal bar chart of {name} for {', '.join(ordered['economy'])}: a hatched bar for "
        f"{baseline} and a solid bar for the latest year. {takeaway}"
    )
    shown = ordered.set_index("economy")[["baseline", "latest", "latest_year", moved]].copy()
    for column in ("baseline", "latest"):
        shown[column] = shown[column] / divisor
    # Short headings, so that the table fits a phone; the unit heads the column of economies.
    shown = shown.round(2).rename(
        columns={
            "baseline": str(baseline),
            "latest": "latest",
            "latest_year": "year",
            moved: CHANGE_HEADINGS[how],
        }
    )
    shown.index.name = f"in {shown_unit}"
    return View(fig, alt, takeaway, shown)
