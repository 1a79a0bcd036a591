"""AIIB membership over time, and the function behind the AIIB widget (Chapter 2).

The milestones dataset mixes two counts: *approved membership* (members plus
prospective members whose applications the AIIB approved) and *members* (who
have completed joining). They are never drawn as one series.
"""

from __future__ import annotations

import pandas as pd

from bookkit.charts import PALETTE, add_source, annotate_events, decimal_year, new_figure, year_axis
from bookkit.widgets import Notice, View

MEASURES = {
    "approved": "approved membership (members + prospective members)",
    "members": "full members",
    "both": "approved membership and full members",
}
# Economies the widget offers, and the two whose absence the chart marks.
ECONOMIES = ["JPN", "USA", "CHN", "KOR", "AUS", "IND", "GBR", "DEU", "FRA", "ITA", "CAN", "BRA"]
NAMES = {
    "JPN": "Japan", "USA": "United States", "CHN": "China", "KOR": "Korea", "AUS": "Australia",
    "IND": "India", "GBR": "United Kingdom", "DEU": "Germany", "FRA": "France", "ITA": "Italy",
    "CAN": "Canada", "BRA": "Brazil",
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
        signed = ("signed the Articles of Agreement at the Beijing ceremony of 29 June 2015"
                  if row["signed_at_2015_06_29"] else "did not sign at the ceremony of 29 June 2015 but signed later")
        later = (" It was still only a prospective member (not yet ratified) on 31 March 2020."
                 if row["not_yet_member_at_2020_03_31"] else "")
        return f"{name} was one of the {len(founding)} prospective founding members and {signed}.{later}"
    in_2020 = code in set(prospective["economy_code"])
    after = (" It was an approved prospective member on 31 March 2020." if in_2020 else
             " Nor is it on the AIIB's list of prospective members of 31 March 2020; the book has no list of "
             "economies that joined after 2015, so these lists alone cannot show whether it joined later.")
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
        ax.step(x, rows["approved_membership_total"], where="post", color=PALETTE["blue"], linewidth=2,
                label="approved membership")
        exact = rows["date_precision"].ne("year")
        ax.scatter(x[exact], rows.loc[exact, "approved_membership_total"], color=PALETTE["blue"], zorder=3, s=22)
        ax.scatter(x[~exact], rows.loc[~exact, "approved_membership_total"], facecolor="white",
                   edgecolor=PALETTE["blue"], zorder=3, s=30, label="year known, not the day")
        drawn.append(("approved membership", rows, "approved_membership_total"))
    if measure in ("members", "both"):
        rows = milestones.dropna(subset=["members"])
        ax.scatter(rows["date"].map(decimal_year), rows["members"], marker="s", color=PALETTE["orange"],
                   edgecolor="black", linewidth=0.5, zorder=4, s=40, label="full members")
        drawn.append(("full members", rows, "members"))
    ax.set_ylim(0, 120)
    ax.set_xlim(2014.5, 2025.0)
    ax.set_ylabel("number of economies")
    ax.set_title(f"AIIB: {MEASURES[measure]}, 2014-2024", loc="left")
    absent = [NAMES[c] for c in MARKED_ABSENT if c not in set(founding["economy_code"])]
    if absent:
        ax.text(0.99, 0.04, "Not among the founding members:\n" + " and ".join(_with_the(absent)), transform=ax.transAxes,
                ha="right", va="bottom", fontsize=9, color=PALETTE["vermillion"],
                bbox={"facecolor": "white", "edgecolor": PALETTE["vermillion"], "boxstyle": "round,pad=0.3"})
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line)

    counts = []
    for label, rows, column in drawn:
        first, last = rows.iloc[0], rows.iloc[-1]
        counts.append(
            f"{label} {int(first[column])} ({first['date'].year}) to {int(last[column])} ({last['date'].year})"
        )
    takeaway = f"AIIB {'; '.join(counts)}. {status(founding, prospective, economy)}"
    alt = (
        f"Chart of AIIB membership counts at dated milestones from 2014 to 2024, showing {MEASURES[measure]}; "
        f"a box notes that {' and '.join(_with_the(absent)) or 'no marked economy'} are not founding members. {takeaway}"
    )
    return View(fig, alt, takeaway)
