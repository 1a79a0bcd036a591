"""Chapter 2, Japan's changing position: coding Japan's stance towards the Belt and
Road event by event (the "code the stance" widget), and AIIB membership over time.

A stance code is a judgement: -1 (Japan cooler towards the BRI, or a
counter-move), 0 (neutral or mixed), +1 (warmer, engagement). The book's own
codes are in the ``japan_stance_signal`` column of ``data/events.csv``.
Students code the same events and compare the running totals (a *stance index*).

The AIIB milestones dataset mixes two counts: *approved membership* (members plus
prospective members whose applications the AIIB approved) and *members* (who
have completed joining). They are never drawn as one series.
"""

from __future__ import annotations

import pandas as pd

from bookkit.charts import (
    PALETTE,
    add_source,
    annotate_events,
    decimal_year,
    new_figure,
    year_axis,
)
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
        rows.append(
            {
                "date": row["date"],
                "when": long_date(row["date"], row["date_precision"]),
                "short": short,
                "event": row["event"],
                "in_essay": bool(row["in_essay"]),
                "book_code": int(row["japan_stance_signal"]),
                "control": control_name(row["date"]),
            }
        )
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
    ax.step(
        x,
        table["book_index"],
        where="post",
        color=PALETTE["blue"],
        linewidth=2,
        label="the book's coding",
    )
    ax.step(
        x,
        table["your_index"],
        where="post",
        color=PALETTE["vermillion"],
        linewidth=2,
        linestyle="--",
        label="your coding",
    )
    ax.scatter(x, table["book_index"], color=PALETTE["blue"], s=18, zorder=3)
    ax.scatter(x, table["your_index"], color=PALETTE["vermillion"], marker="D", s=18, zorder=3)
    differ = table["your_code"] != table["book_code"]
    if differ.any():
        ax.scatter(
            x[differ],
            table.loc[differ, "your_index"],
            s=110,
            facecolor="none",
            edgecolor=PALETTE["vermillion"],
            linewidth=1.2,
            zorder=4,
            label="you differ from the book",
        )
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
        takeaway += (
            " Start by defending your codes for: "
            + "; ".join(table.loc[differ, "short"].head(3))
            + "."
        )
    alt = (
        f"Step chart of two running totals of stance codes over {len(table)} key events from "
        f"{table['when'].iloc[0]} to {table['when'].iloc[-1]}: the book's (solid) and yours "
        f"(dashed). {takeaway}"
    )
    shown = table.assign(
        differs=differ.map({True: "yes", False: ""}),
    )[["when", "short", "your_code", "book_code", "differs"]].rename(
        columns={
            "when": "date",
            "short": "event",
            "your_code": "your code",
            "book_code": "book's code",
        }
    )
    shown.index = shown.index + 1
    return View(fig, alt, takeaway, shown)


def compare_from_controls(key: pd.DataFrame, source_line: str, **values) -> View | Notice:
    """``compare_view`` for controls named with ``control_name`` (what ``live`` passes)."""
    return compare_view(key, source_line, codes_from_controls(values))


# ---------------------------------------------------------- AIIB membership

MEASURES = {
    "approved": "approved membership (members + prospective members)",
    "members": "full members",
    "both": "approved membership and full members",
}
# Economies the widget offers, and the two whose absence the chart marks.
ECONOMIES = ["JPN", "USA", "CHN", "KOR", "AUS", "IND", "GBR", "DEU", "FRA", "ITA", "CAN", "BRA"]
NAMES = {
    "JPN": "Japan",
    "USA": "United States",
    "CHN": "China",
    "KOR": "Korea",
    "AUS": "Australia",
    "IND": "India",
    "GBR": "United Kingdom",
    "DEU": "Germany",
    "FRA": "France",
    "ITA": "Italy",
    "CAN": "Canada",
    "BRA": "Brazil",
}
MARKED_ABSENT = ("JPN", "USA")


def _with_the(names: list[str]) -> list[str]:
    return [f"the {n}" if n in ("United States", "United Kingdom") else n for n in names]


def status(founding: pd.DataFrame, prospective: pd.DataFrame, code: str) -> str:
    """What the two membership lists say about one economy, in a sentence."""
    name = NAMES.get(code, code)
    row = founding[founding["economy_code"] == code]
    if len(row):
        row = row.iloc[0]
        signed = (
            "signed the Articles of Agreement at the Beijing ceremony of 29 June 2015"
            if row["signed_at_2015_06_29"]
            else "did not sign at the ceremony of 29 June 2015 but signed later"
        )
        later = (
            " It was still only a prospective member (not yet ratified) on 31 March 2020."
            if row["not_yet_member_at_2020_03_31"]
            else ""
        )
        return f"{name} was one of the {len(founding)} prospective founding members and {signed}.{later}"
    in_2020 = code in set(prospective["economy_code"])
    after = (
        " It was an approved prospective member on 31 March 2020."
        if in_2020
        else " Nor is it on the AIIB's list of prospective members of 31 March 2020; the book has "
        "no list of "
        "economies that joined after 2015, so these lists alone cannot show whether it joined "
        "later."
    )
    return f"{name} is not among the {len(founding)} prospective founding members.{after}"


def membership_view(
    milestones: pd.DataFrame,
    founding: pd.DataFrame,
    prospective: pd.DataFrame,
    source_line: str,
    marks: list[tuple[pd.Timestamp, str]],
    measure: str,
    economy: str,
) -> View | Notice:
    """AIIB counts at each dated milestone, approved membership and/or full members,
    with Japan's and the United States' absence from the founding members marked."""
    if measure not in MEASURES:
        return Notice(f"Unknown count {measure!r}: choose one of {', '.join(MEASURES)}.")
    if economy not in NAMES:
        return Notice(f"Choose an economy from the list ({', '.join(NAMES.values())}).")

    fig, ax = new_figure(height=4.0)
    drawn = []
    if measure in ("approved", "both"):
        rows = milestones.dropna(subset=["approved_membership_total"])
        x = rows["date"].map(decimal_year)
        ax.step(
            x,
            rows["approved_membership_total"],
            where="post",
            color=PALETTE["blue"],
            linewidth=2,
            label="approved membership",
        )
        exact = rows["date_precision"].ne("year")
        ax.scatter(
            x[exact],
            rows.loc[exact, "approved_membership_total"],
            color=PALETTE["blue"],
            zorder=3,
            s=22,
        )
        ax.scatter(
            x[~exact],
            rows.loc[~exact, "approved_membership_total"],
            facecolor="white",
            edgecolor=PALETTE["blue"],
            zorder=3,
            s=30,
            label="year known, not the day",
        )
        drawn.append(("approved membership", rows, "approved_membership_total"))
    if measure in ("members", "both"):
        rows = milestones.dropna(subset=["members"])
        ax.scatter(
            rows["date"].map(decimal_year),
            rows["members"],
            marker="s",
            color=PALETTE["orange"],
            edgecolor="black",
            linewidth=0.5,
            zorder=4,
            s=40,
            label="full members",
        )
        drawn.append(("full members", rows, "members"))
    ax.set_ylim(0, 120)
    ax.set_xlim(2014.5, 2025.0)
    ax.set_ylabel("number of economies")
    ax.set_title(f"AIIB: {MEASURES[measure]}, 2014-2024", loc="left")
    absent = [NAMES[c] for c in MARKED_ABSENT if c not in set(founding["economy_code"])]
    if absent:
        ax.text(
            0.99,
            0.04,
            "Not among the founding members:\n" + " and ".join(_with_the(absent)),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            color=PALETTE["vermillion"],
            bbox={
                "facecolor": "white",
                "edgecolor": PALETTE["vermillion"],
                "boxstyle": "round,pad=0.3",
            },
        )
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line)

    counts = []
    for label, rows, column in drawn:
        first, last = rows.iloc[0], rows.iloc[-1]
        counts.append(
            f"{label} {int(first[column])} ({first['date'].year}) to {int(last[column])} "
            f"({last['date'].year})"
        )
    takeaway = f"AIIB {'; '.join(counts)}. {status(founding, prospective, economy)}"
    alt = (
        "Chart of AIIB membership counts at dated milestones from 2014 to 2024, showing "
        f"{MEASURES[measure]}; "
        f"a box notes that {' and '.join(_with_the(absent)) or 'no marked economy'} are not "
        f"founding members. {takeaway}"
    )
    return View(fig, alt, takeaway)
