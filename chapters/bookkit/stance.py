"""Coding Japan's stance towards the Belt and Road, event by event, and the
function behind the "code the stance" widget (Chapter 2).

A stance code is a judgement: -1 (Japan cooler towards the BRI, or a
counter-move), 0 (neutral or mixed), +1 (warmer, engagement). The book's own
codes are in the ``japan_stance_signal`` column of ``data/events.csv``.
Students code the same events and compare the running totals (a *stance index*).
"""

from __future__ import annotations

import pandas as pd

from bookkit.charts import PALETTE, add_source, decimal_year, new_figure
from bookkit.timeline import event_on, long_date
from bookkit.widgets import Notice, View

CODES = (-1, 0, 1)
CODE_LABELS = {-1: "-1 cooler", 0: "0 neutral", 1: "+1 warmer"}

# The key events students code: (date, text that identifies the event, short label).
KEY_EVENTS = [
    ("2015-03-31", "AIIB", "Japan does not apply to join the AIIB"),
    ("2015-05-21", "Quality Infrastructure", "Partnership for Quality Infrastructure"),
    ("2015-06-29", "Articles of Agreement", "AIIB founding charter signed without Japan"),
    ("2016-08-27", "Indo-Pacific", "Free and Open Indo-Pacific announced"),
    ("2017-05-14", "Belt and Road Forum", "Nikai attends the Belt and Road Forum"),
    ("2017-06-05", "Future of Asia", "Abe's conditions for cooperation"),
    ("2017-07-08", "Hamburg", "Xi-Abe meeting in Hamburg"),
    ("2017-11-01", "guidelines", "Guidelines for third-country cooperation"),
    ("2017-11-20", "business mission", "Record business mission to China"),
    ("2018-01-10", "case by case", "Abe: individual projects, case by case"),
    ("2018-10-26", "Third-Party Market", "First third-party market cooperation forum"),
    ("2019-04-26", "distancing", "Nikkei: government distances itself from the BRI"),
    ("2019-06-27", "Osaka", "Xi-Abe meeting in Osaka"),
]


def control_name(date: pd.Timestamp | str) -> str:
    """The keyword for one event's control: 'e_2015_03_31'."""
    return "e_" + pd.Timestamp(date).strftime("%Y_%m_%d")


def key_events(events: pd.DataFrame, key: list[tuple[str, str, str]] = KEY_EVENTS) -> pd.DataFrame:
    """The key events with a short label and the book's code, in date order.

    Raises ``LookupError`` if an event is missing from the timeline or has no code.
    """
    rows = []
    for date, contains, short in key:
        row = event_on(events, date, contains)
        if pd.isna(row["japan_stance_signal"]):
            raise LookupError(f"The event on {date} ({short}) has no stance code in the timeline.")
        rows.append({
            "date": row["date"],
            "when": long_date(row["date"], row["date_precision"]),
            "short": short,
            "event": row["event"],
            "in_essay": bool(row["in_essay"]),
            "book_code": int(row["japan_stance_signal"]),
            "control": control_name(row["date"]),
        })
    return pd.DataFrame(rows).sort_values("date").reset_index(drop=True)


def codes_from_controls(values: dict) -> dict[str, object]:
    """{'e_2015_03_31': -1, ...} -> {'2015-03-31': -1, ...}."""
    return {name[2:].replace("_", "-"): value for name, value in values.items()}


def stance_index(key: pd.DataFrame, codes: dict[str, int]) -> pd.DataFrame:
    """The key events with the student's code and both running totals."""
    table = key.copy()
    table["your_code"] = [int(codes[f"{d:%Y-%m-%d}"]) for d in table["date"]]
    table["book_index"] = table["book_code"].cumsum()
    table["your_index"] = table["your_code"].cumsum()
    return table


def _check(key: pd.DataFrame, codes: dict) -> str | None:
    """A message if ``codes`` cannot be used, else None."""
    if not codes:
        return "Code at least one event: give each event -1, 0 or +1."
    wanted = {f"{d:%Y-%m-%d}" for d in key["date"]}
    unknown = sorted(set(codes) - wanted)
    if unknown:
        return f"These dates are not among the key events: {', '.join(unknown)}."
    missing = [row.short for row in key.itertuples() if f"{row.date:%Y-%m-%d}" not in codes]
    if missing:
        return f"Give every event a code: still missing {', '.join(missing)}."
    bad = [f"{d} ({v!r})" for d, v in codes.items() if v not in CODES or isinstance(v, bool)]
    if bad:
        return f"Codes must be -1, 0 or +1; not valid: {', '.join(bad)}."
    return None


def compare_view(key: pd.DataFrame, source_line: str, codes: dict[str, int]) -> View | Notice:
    """The student's stance index (running total of their codes) beside the book's."""
    problem = _check(key, codes)
    if problem:
        return Notice(problem)
    table = stance_index(key, codes)
    x = table["date"].map(decimal_year)

    fig, ax = new_figure(height=4.2)
    ax.step(x, table["book_index"], where="post", color=PALETTE["blue"], linewidth=2, label="the book's coding")
    ax.step(x, table["your_index"], where="post", color=PALETTE["vermillion"], linewidth=2, linestyle="--",
            label="your coding")
    ax.scatter(x, table["book_index"], color=PALETTE["blue"], s=18, zorder=3)
    ax.scatter(x, table["your_index"], color=PALETTE["vermillion"], marker="D", s=18, zorder=3)
    differ = table["your_code"] != table["book_code"]
    if differ.any():
        ax.scatter(x[differ], table.loc[differ, "your_index"], s=110, facecolor="none", edgecolor=PALETTE["vermillion"],
                   linewidth=1.2, zorder=4, label="you differ from the book")
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_ylabel("stance index (running total of codes)")
    ax.set_title("Japan's stance towards the Belt and Road: your coding and the book's", loc="left")
    ax.legend(frameon=False, loc="upper left")
    ax.set_xlim(x.min() - 0.2, x.max() + 0.4)
    add_source(fig, source_line)

    n_differ = int(differ.sum())
    yours, books = int(table["your_index"].iloc[-1]), int(table["book_index"].iloc[-1])
    takeaway = (
        f"Over the {len(table)} events your index ends at {yours:+d} and the book's at {books:+d}; "
        f"you coded {n_differ} of {len(table)} events differently from the book."
    )
    if n_differ:
        takeaway += " Start by defending your codes for: " + "; ".join(table.loc[differ, "short"].head(3)) + "."
    alt = (
        f"Step chart of two running totals of stance codes over {len(table)} key events from "
        f"{table['when'].iloc[0]} to {table['when'].iloc[-1]}: the book's (solid) and yours (dashed). {takeaway}"
    )
    shown = table.assign(
        differs=differ.map({True: "yes", False: ""}),
    )[["when", "short", "your_code", "book_code", "differs"]].rename(
        columns={"when": "date", "short": "event", "your_code": "your code", "book_code": "book's code"}
    )
    shown.index = shown.index + 1
    return View(fig, alt, takeaway, shown)


def compare_from_controls(key: pd.DataFrame, source_line: str, **values) -> View | Notice:
    """``compare_view`` for controls named with ``control_name`` (what ``live`` passes)."""
    return compare_view(key, source_line, codes_from_controls(values))
