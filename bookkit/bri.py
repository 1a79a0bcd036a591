"""Counting the Belt and Road's participants, and the function behind the
"Who's in the BRI?" widget."""

from __future__ import annotations

import pandas as pd

ALL_REGIONS = "All regions"


def signatories_by_year(docs: pd.DataFrame, region: str = ALL_REGIONS) -> pd.DataFrame:
    """New signatories per year and the number in the BRI at the end of each year.

    Countries with an uncertain joining date are left out of every year; a
    country that left (an exit date) stops counting from its exit year.
    """
    if region != ALL_REGIONS:
        docs = docs[docs["region"] == region]
    dated = docs[~docs["join_date_uncertain"]]
    years = (
        range(int(dated["join_year"].min()), int(dated["join_year"].max()) + 1)
        if len(dated)
        else range(0)
    )
    joined = dated["join_year"].value_counts().reindex(years, fill_value=0)
    left = dated["likely_exit_date"].dt.year.value_counts().reindex(years, fill_value=0)
    table = pd.DataFrame({"joined": joined, "left": left})
    table["in_bri_at_year_end"] = (table["joined"] - table["left"]).cumsum()
    table.index.name = "year"
    return table
