"""GDP calculations shared by several chapters: a series, growth between two years, rankings.

``growth`` returns a dict of results, or a sentence saying why it cannot (a year
without data), never raising: the widgets built on it show that sentence.
"""

from __future__ import annotations

import pandas as pd

MEASURE_LABELS = {
    "current_usd": "current US$ (nominal)",
    "constant_2015_usd": "constant 2015 US$ (real)",
}
SCALES = ("linear", "log", "index")
TRILLION = 1e12


def series(gdp: pd.DataFrame, economy: str, measure: str) -> pd.Series:
    """One economy's GDP for one measure, indexed by year."""
    rows = gdp[(gdp["economy_code"] == economy) & (gdp["measure"] == measure)]
    return rows.set_index("year")["value_usd"].astype(float).sort_index()


def names(gdp: pd.DataFrame) -> dict[str, str]:
    """Economy code -> short name."""
    first = gdp.drop_duplicates("economy_code")
    return dict(zip(first["economy_code"], first["economy"], strict=True))


def cagr(ratio: float, years: int) -> float:
    """Average annual growth rate that turns 1 into ``ratio`` over ``years`` years."""
    return ratio ** (1 / years) - 1


def growth(gdp: pd.DataFrame, economy: str, start: int, end: int, measure: str) -> dict | str:
    """Ratio, percentage increase and average annual growth between two years.

    Returns a dict of results, or a message (str) saying why it can't.
    """
    if start >= end:
        return "The start year must be earlier than the end year."
    values = series(gdp, economy, measure)
    label = names(gdp).get(economy, economy)
    missing = [year for year in (start, end) if year not in values.index]
    if missing:
        span = f"{values.index.min()}-{values.index.max()}" if len(values) else "no years"
        return (
            f"No {MEASURE_LABELS[measure]} GDP for {label} in {', '.join(map(str, missing))}: "
            f"this series covers {span}."
        )
    ratio = values[end] / values[start]
    return {
        "economy": label,
        "start": start,
        "end": end,
        "start_value": values[start],
        "end_value": values[end],
        "ratio": ratio,
        "increase_pct": (ratio - 1) * 100,
        "years": end - start,
        "cagr_pct": cagr(ratio, end - start) * 100,
    }


def ranking(all_gdp: pd.DataFrame, year: int) -> pd.DataFrame:
    """Economies (not aggregates) ranked by current-US$ GDP in one year, with world shares."""
    rows = all_gdp[all_gdp["year"] == year]
    world = rows.loc[rows["economy_code"] == "WLD", "gdp_current_usd"]
    ranked = rows[rows["economy_type"] == "economy"].sort_values("gdp_current_usd", ascending=False)
    ranked = ranked.assign(rank=range(1, len(ranked) + 1))
    if len(world):
        ranked = ranked.assign(share_of_world_pct=100 * ranked["gdp_current_usd"] / world.iloc[0])
    return ranked.set_index("rank")[
        ["economy_code", "economy", "gdp_current_usd"]
        + (["share_of_world_pct"] if len(world) else [])
    ]
