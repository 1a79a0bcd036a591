"""Counting the Belt and Road's participants, and the function behind the
"Who's in the BRI?" widget."""

from __future__ import annotations

import pandas as pd

from bookkit.charts import PALETTE, add_source, new_figure, year_axis
from bookkit.widgets import Notice, View

ALL_REGIONS = "All regions"


def signatories_by_year(docs: pd.DataFrame, region: str = ALL_REGIONS) -> pd.DataFrame:
    """New signatories per year and the number in the BRI at the end of each year.

    Countries with an uncertain joining date are left out of every year; a
    country that left (an exit date) stops counting from its exit year.
    """
    if region != ALL_REGIONS:
        docs = docs[docs["region"] == region]
    dated = docs[~docs["join_date_uncertain"]]
    years = range(int(dated["join_year"].min()), int(dated["join_year"].max()) + 1) if len(dated) else range(0)
    joined = dated["join_year"].value_counts().reindex(years, fill_value=0)
    left = dated["likely_exit_date"].dt.year.value_counts().reindex(years, fill_value=0)
    table = pd.DataFrame({"joined": joined, "left": left})
    table["in_bri_at_year_end"] = (table["joined"] - table["left"]).cumsum()
    table.index.name = "year"
    return table


def membership_view(docs: pd.DataFrame, source_line: str, year: int, region: str) -> View | Notice:
    """Bars: countries signing each year; line: countries in the BRI at each year's end."""
    regions = sorted(docs["region"].unique())
    if region != ALL_REGIONS and region not in regions:
        return Notice(f"Unknown region {region!r}. Choose one of: {', '.join(regions)}.")
    table = signatories_by_year(docs, region)
    if table.empty:
        return Notice(f"No dated signatories in {region}.")
    if year not in table.index:
        return Notice(f"Choose a year from {table.index.min()} to {table.index.max()} (the years in the GFDC list).")

    fig, ax = new_figure()
    colours = [PALETTE["vermillion"] if y == year else "#BBBBBB" for y in table.index]
    ax.bar(table.index, table["joined"], color=colours, label="signed that year")
    ax.set_ylabel("countries signing that year")
    ax2 = ax.twinx()
    ax2.plot(table.index, table["in_bri_at_year_end"], color=PALETTE["blue"], linewidth=2, marker="o",
             label="in the BRI at year end")
    ax2.set_ylabel("countries in the BRI at year end", color=PALETTE["blue"])
    ax2.set_ylim(bottom=0)
    ax2.spines["top"].set_visible(False)
    ax.set_title(f"Belt and Road cooperation documents by year: {region}", loc="left")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles=handles, frameon=False, loc="upper left")
    year_axis(ax)
    add_source(fig, source_line)

    in_region = docs if region == ALL_REGIONS else docs[docs["region"] == region]
    joiners = in_region[in_region["join_year"] == year].sort_values("economy")
    uncertain = int(in_region["join_date_uncertain"].sum())
    where = "" if region == ALL_REGIONS else f" in {region}"
    takeaway = (
        f"By the end of {year}, {table.loc[year, 'in_bri_at_year_end']} countries{where} had signed a Belt and Road "
        f"cooperation document by GFDC's count; {table.loc[year, 'joined']} signed in {year}."
    )
    if uncertain:
        takeaway += f" {uncertain} more have no certain date and are not counted."
    alt = f"Bar chart of countries signing each year with a line for the running total, {region}. {takeaway}"
    listing = joiners[["economy", "region", "income_group"]].rename(columns=str.capitalize).reset_index(drop=True)
    listing.index = listing.index + 1
    return View(fig, alt, takeaway, listing if len(listing) else None)
