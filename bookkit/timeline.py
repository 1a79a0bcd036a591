"""The book's events timeline (``data/events.csv``): finding an event, reading a
number out of its description, and the function behind the timeline explorer.

Prose and charts take dates and quoted figures from the timeline, never from
memory::

    plaza = timeline.event_on(events, "1985-09-22", "Plaza")
    record = timeline.event_on(events, "1989-12-29")["event"]
    peak = timeline.number_in(record, r"record ([\\d,.]+)")
"""

from __future__ import annotations

import html
import re

import pandas as pd

from bookkit.charts import PALETTE, add_source, decimal_year, new_figure, year_axis
from bookkit.widgets import Notice, View

# The timeline's categories, in the order the explorer draws them (bottom to top).
CATEGORIES = ("economy", "trade-agreement", "institution", "BRI-milestone", "diplomacy", "summit")
CATEGORY_LABELS = {
    "economy": "Economy",
    "trade-agreement": "Trade agreements",
    "institution": "Institutions",
    "BRI-milestone": "Belt and Road milestones",
    "diplomacy": "Diplomacy",
    "summit": "Summits",
}
# Marker and colour for the book's stance code; shape and colour both carry it.
SIGNAL_STYLES = {
    1: {"marker": "^", "color": PALETTE["bluish green"], "label": "warmer towards the BRI (+1)"},
    0: {"marker": "o", "color": PALETTE["grey"], "label": "mixed (0)"},
    -1: {"marker": "v", "color": PALETTE["vermillion"], "label": "cooler towards the BRI (-1)"},
    None: {"marker": "s", "color": "#BBBBBB", "label": "no stance code"},
}
PLAIN_STYLE = {"marker": "o", "color": PALETTE["blue"], "label": "event"}
MAX_CARDS = 12
# The explorer's layout, in inches: room for the longest category name on the left, the
# year labels and the source line at the foot, and the legend of stance codes under it.
FIGURE_WIDTH = 7.0
MARGINS = {"left": 2.15, "right": 0.2, "top": 0.35, "bottom": 0.55}
SOURCE_HEIGHT = 0.25  # the source line, at the very foot
LEGEND_HEIGHT = 0.45


def event_on(events: pd.DataFrame, date: str, contains: str | None = None) -> pd.Series:
    """The one event on ``date`` (YYYY-MM-DD) whose description contains ``contains``.

    Raises ``LookupError`` naming the date when there is no such event, or more than one.
    """
    rows = events[events["date"] == pd.Timestamp(date)]
    if contains is not None:
        rows = rows[rows["event"].str.contains(contains, case=False, regex=False)]
    if len(rows) != 1:
        what = f" mentioning {contains!r}" if contains else ""
        raise LookupError(f"Expected one event on {date}{what} in the timeline, found {len(rows)}.")
    return rows.iloc[0]


def number_in(text: str, pattern: str) -> float:
    """The number captured by the first group of ``pattern`` in ``text`` (commas allowed).

    Raises ``LookupError`` quoting the text when the pattern does not match.
    """
    match = re.search(pattern, text)
    if match is None:
        raise LookupError(f"No match for {pattern!r} in: {text!r}")
    return float(match.group(1).replace(",", ""))


def long_date(date: pd.Timestamp, precision: str = "day") -> str:
    """'7 September 2013', or 'September 2013' when only the month is known."""
    date = pd.Timestamp(date)
    if precision == "month":
        return f"{date:%B} {date.year}"
    if precision == "year":
        return str(date.year)
    return f"{date.day} {date:%B} {date.year}"


def short_date(date) -> str:
    """'15 Nov 2020' (portable: no platform-specific strftime codes)."""
    date = pd.Timestamp(date)
    return f"{date.day} {date:%b %Y}"


def filter_events(
    events: pd.DataFrame, years: tuple[int, int], categories: tuple[str, ...]
) -> pd.DataFrame:
    """Events from the start of ``years[0]`` to the end of ``years[1]`` in the chosen categories."""
    start, end = years
    in_years = events["date"].dt.year.between(start, end)
    return events[in_years & events["category"].isin(categories)].sort_values(["date", "event_id"])


class EventCards:
    """Event cards (date, event, actors, place and publisher with a link to the source).

    ``frame`` holds the events shown; in a notebook or on the web page the cards
    show as HTML, folded under a summary line (they are reference, not reading),
    with the publisher's page one click away. ``show_stance=False`` leaves out the
    book's stance codes (Chapter 2 shows the cards before students code).
    """

    def __init__(self, frame: pd.DataFrame, total: int, show_stance: bool = True):
        self.frame = frame
        self.total = total
        self.show_stance = show_stance

    def __len__(self) -> int:
        return len(self.frame)

    def _stance(self, signal) -> str:
        if not self.show_stance or pd.isna(signal):
            return ""
        return f" · book's stance code {int(signal):+d}"

    def _repr_html_(self) -> str:
        e = html.escape
        cards = []
        for row in self.frame.itertuples():
            essay = " · in the essay" if row.in_essay else ""
            # Some events (a treaty entering into force) have no single place.
            where = "" if pd.isna(row.place) else f" · Where: {e(row.place)}"
            cards.append(
                '<article class="bk-event-card" style="border-left:4px solid #0072B2;margin:.4em '
                '0;padding:.2em .7em">'
                "<p "
                f'style="margin:0"><strong>{e(long_date(row.date, row.date_precision))}</strong> '
                "· "
                f"{e(CATEGORY_LABELS.get(row.category, row.category))}"
                f"{e(self._stance(row.japan_stance_signal))}{e(essay)}</p>"
                f'<p style="margin:.1em 0">{e(row.event)}</p>'
                f'<p style="margin:0;font-size:.9em">Who: {e(row.actors)}{where} · '
                f'Source: <a href="{e(row.url, quote=True)}">{e(row.publisher)}</a></p>'
                "</article>"
            )
        more = ""
        if self.total > len(self.frame):
            more = (
                f"<p><em>Showing the first {len(self.frame)} of {self.total} events: "
                "narrow the years or the categories to see the others.</em></p>"
            )
        shown = _events(len(self.frame))
        if self.total > len(self.frame):
            shown = f"the first {len(self.frame)} of {self.total} events"
        summary = f"Event cards: {shown}, each with who, where and a link to its source"
        return (
            f'<details class="bk-event-cards"><summary>{e(summary)}</summary>'
            f'<section aria-label="Event cards">{"".join(cards)}{more}</section></details>'
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"{long_date(r.date, r.date_precision)}: {r.event}" for r in self.frame.itertuples()
        )


def _stagger(x: pd.Series, category: pd.Series, gap: float = 0.12, step: float = 0.2) -> pd.Series:
    """Small vertical offsets so that events close in time on one row don't hide each other."""
    offsets = pd.Series(0.0, index=x.index)
    for _, group in x.groupby(category):
        previous, level = None, 0
        for index, value in group.sort_values().items():
            level = level + 1 if previous is not None and value - previous < gap else 0
            offsets[index] = step * ((level + 1) // 2) * (1 if level % 2 else -1)
            previous = value
    return offsets


def timeline_view(
    events: pd.DataFrame,
    source_line: str,
    years: tuple[int, int],
    categories: tuple[str, ...],
    show_stance: bool = True,
) -> View | Notice:
    """Timeline explorer: the chosen years and categories as a strip chart (one row
    per category; with ``show_stance``, each marker shows the book's stance code) and
    as event cards. Chapter 2 passes ``show_stance=False`` until students have coded."""
    start, end = years
    first, last = int(events["date"].dt.year.min()), int(events["date"].dt.year.max())
    if not categories:
        return Notice("Choose at least one category of events.")
    unknown = [c for c in categories if c not in CATEGORY_LABELS]
    if unknown:
        return Notice(
            f"Unknown category {', '.join(map(repr, unknown))}. Choose from: "
            f"{', '.join(CATEGORIES)}."
        )
    if start > end:
        return Notice(
            "The start year is after the end year: choose a start year first, then a later end "
            "year."
        )
    if end < first or start > last:
        return Notice(f"The timeline runs from {first} to {last}: choose years inside that range.")
    shown = filter_events(events, years, tuple(categories))
    chosen = ", ".join(CATEGORY_LABELS[c].lower() for c in CATEGORIES if c in categories)
    if shown.empty:
        return Notice(
            f"No events in the timeline from {start} to {end} in: {chosen}. Widen the years or "
            "add categories."
        )

    rows = [c for c in CATEGORIES if c in categories]
    height = 1.4 + 0.42 * len(rows) + (LEGEND_HEIGHT if show_stance else 0)
    fig, ax = new_figure(height=height)
    # Fixed margins, wide enough for the longest category name: one draw per view, however
    # the rows change (tracked margins would redraw whenever the widest label changed).
    fig.bk_fixed_layout = True
    foot = MARGINS["bottom"] + (LEGEND_HEIGHT if show_stance else 0)
    fig.subplots_adjust(
        left=MARGINS["left"] / FIGURE_WIDTH,
        right=1 - MARGINS["right"] / FIGURE_WIDTH,
        bottom=foot / height,
        top=1 - MARGINS["top"] / height,
    )
    x = shown["date"].map(decimal_year)
    y = shown["category"].map(rows.index) + _stagger(x, shown["category"])
    signal = shown["japan_stance_signal"]
    styles = SIGNAL_STYLES if show_stance else {"any": PLAIN_STYLE}
    for code, style in styles.items():
        if code == "any":
            mask = pd.Series(True, index=shown.index)
        elif code is None:
            mask = signal.isna()
        else:
            mask = signal.eq(code).fillna(False).astype(bool)
        if mask.any():
            ax.scatter(
                x[mask],
                y[mask],
                marker=style["marker"],
                color=style["color"],
                s=46,
                zorder=3,
                edgecolor="black",
                linewidth=0.4,
                label=style["label"],
            )
    ax.set_yticks(range(len(rows)), [CATEGORY_LABELS[c] for c in rows])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(start - 0.05, end + 1.05)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    span = str(start) if start == end else f"{start}-{end}"
    ax.set_title(f"The book's timeline, {span}: {_events(len(shown))}", loc="left")
    if show_stance:
        ax.legend(
            frameon=False,
            fontsize=8,
            loc="lower center",
            # in figure coordinates, just above the source line, whatever the axes' height
            bbox_to_anchor=(0.5, SOURCE_HEIGHT / height),
            bbox_transform=fig.transFigure,
            ncols=2,
            handletextpad=0.2,
            columnspacing=1.0,
        )
    year_axis(ax)
    add_source(fig, source_line)

    in_essay = int(shown["in_essay"].sum())
    when = f"In {start}" if start == end else f"From {start} to {end}"
    takeaway = (
        f"{when} the timeline has {_events(len(shown))} in these categories; "
        f"{in_essay} of them {'is' if in_essay == 1 else 'are'} mentioned in the essay."
    )
    if show_stance:
        takeaway += " " + stance_summary(signal)
    marker = "a marker whose shape shows the book's stance code" if show_stance else "a dot"
    alt = (
        f"Strip chart of the events from {start} to {end}, one row per category ({chosen}), each "
        f"event {marker}. {takeaway}"
    )
    cards = EventCards(shown.head(MAX_CARDS), len(shown), show_stance)
    return View(fig, alt, takeaway, cards)


def _events(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def stance_summary(signal: pd.Series) -> str:
    """How many of these events the book's stance rule codes, and how: a sentence that
    says so plainly when it codes none of them."""
    coded = signal.dropna().astype(int)
    if coded.empty:
        return "The book's stance rule codes none of them."
    return (
        f"The book's stance rule codes {len(coded)} of them: {int((coded == 1).sum())} warmer "
        f"(+1), {int((coded == 0).sum())} mixed (0), {int((coded == -1).sum())} cooler (-1)."
    )
