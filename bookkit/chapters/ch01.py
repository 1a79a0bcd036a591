"""Chapter 1, the Belt and Road and China's rise: the functions behind the GDP
explorer, the growth calculator, the ranking of economies and "Who's in the BRI?".

Each ``*_view`` function takes a dataset and control values and returns a
``View`` or, for input it cannot serve, a ``Notice``. They never raise on
bad control values, so a student never sees a traceback.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import FuncFormatter

from bookkit.bri import ALL_REGIONS, signatories_by_year
from bookkit.charts import (
    PALETTE,
    add_source,
    economy_style,
    log_axis,
    new_figure,
    twin_x,
    year_axis,
)
from bookkit.gdp import MEASURE_LABELS, SCALES, TRILLION, growth, names, ranking, series
from bookkit.widgets import Notice, View


def _trillions(value: float, _pos=None) -> str:
    return f"{value / TRILLION:,.1f}"


def explore_view(
    gdp: pd.DataFrame,
    source_line: str,
    economies: tuple[str, ...],
    years: tuple[int, int],
    measure: str,
    scale: str,
) -> View | Notice:
    """GDP explorer: economies over a year range, in current or constant US$,
    on a linear or log scale or as an index (start year = 100)."""
    start, end = years
    if not economies:
        return Notice("Choose at least one economy to draw.")
    if start >= end:
        return Notice("Choose a year range that spans at least two years (start before end).")
    if scale not in SCALES or measure not in MEASURE_LABELS:
        return Notice(
            f"Unknown choice: scale must be one of {SCALES}, measure one of "
            f"{tuple(MEASURE_LABELS)}."
        )

    lines = {code: series(gdp, code, measure).loc[start:end] for code in economies}
    empty = [names(gdp).get(c, c) for c, s in lines.items() if s.empty]
    if empty:
        return Notice(
            f"No {MEASURE_LABELS[measure]} GDP for {', '.join(empty)} between {start} and {end}."
        )
    if scale == "index":
        no_base = [names(gdp)[c] for c, s in lines.items() if s.index[0] != start]
        if no_base:
            return Notice(
                f"An index needs a value in the start year {start}; none for {', '.join(no_base)}."
            )
        lines = {code: 100 * s / s.iloc[0] for code, s in lines.items()}

    fig, ax = new_figure()
    for code, values in lines.items():
        ax.plot(values.index, values.values, label=names(gdp)[code], **economy_style(code))
    if scale == "log":
        log_axis(ax, lambda value: f"{value / TRILLION:,.3g}")
    if scale == "index":
        ax.axhline(100, color=PALETTE["grey"], linewidth=0.8)
        ax.set_ylabel(f"Index, {start} = 100")
    elif scale == "linear":
        ax.yaxis.set_major_formatter(FuncFormatter(_trillions))
    if scale != "index":
        ax.set_ylabel(
            f"US$ trillion, {'2015 prices' if measure == 'constant_2015_usd' else 'current prices'}"
        )
    ax.set_title(
        f"GDP, {MEASURE_LABELS[measure]}, {start}-{end}"
        + (" (log scale)" if scale == "log" else ""),
        loc="left",
    )
    ax.legend(frameon=False, ncols=min(len(lines), 5), loc="upper left")
    year_axis(ax)
    add_source(fig, source_line)

    last = min(s.index[-1] for s in lines.values())
    parts = []
    for code, values in lines.items():
        ratio = values[last] / values.iloc[0]
        parts.append(
            f"{names(gdp)[code]} ×{ratio:.1f}"
            if ratio >= 10
            else f"{names(gdp)[code]} ×{ratio:.2f}"
        )
    first = max(s.index[0] for s in lines.values())
    takeaway = (
        f"GDP in {last} as a multiple of {first} ({MEASURE_LABELS[measure]}): "
        + ", ".join(parts)
        + "."
    )
    if last < end:
        takeaway += f" This series ends in {last}."
    alt = (
        f"Line chart of GDP in {MEASURE_LABELS[measure]} for "
        f"{', '.join(names(gdp)[c] for c in lines)}, "
        f"{start} to {end}, {scale} scale. {takeaway}"
    )
    return View(fig, alt, takeaway)


def ratio_table(gdp: pd.DataFrame, economy: str, measure: str, starts, ends) -> pd.DataFrame:
    """GDP in each end year divided by GDP in each start year: rows are start years,
    columns end years; a year without data gives an empty cell."""
    values = series(gdp, economy, measure)
    table = pd.DataFrame(
        {
            end: [
                values.get(end) / values.get(start) if start in values and end in values else None
                for start in starts
            ]
            for end in ends
        },
        index=list(starts),
    )
    table.index.name, table.columns.name = "start year", "end year"
    return table.astype(float)


def nearest_pair(ratios: pd.DataFrame, target: float) -> tuple[int, int]:
    """The (start, end) pair in a ``ratio_table`` whose ratio is nearest ``target``."""
    distance = (ratios - target).abs().stack()
    start, end = distance.idxmin()
    return int(start), int(end)


def growth_view(
    gdp: pd.DataFrame, source_line: str, economy: str, start: int, end: int, measure: str
) -> View | Notice:
    """Growth calculator: ratio, increase and average annual growth between two years,
    drawn against the steady-growth path that has the same start and end."""
    result = growth(gdp, economy, start, end, measure)
    if isinstance(result, str):
        return Notice(result)

    values = series(gdp, economy, measure).loc[start:end]
    steady = [
        result["start_value"] * (1 + result["cagr_pct"] / 100) ** (y - start) for y in values.index
    ]
    fig, ax = new_figure()
    ax.plot(
        values.index, values.values, label=f"{result['economy']}: actual", **economy_style(economy)
    )
    ax.plot(
        values.index,
        steady,
        color=PALETTE["black"],
        linewidth=1,
        linestyle="--",
        label=f"steady growth at {result['cagr_pct']:.1f}% a year",
    )
    ax.scatter(
        [start, end], [result["start_value"], result["end_value"]], color=PALETTE["black"], zorder=3
    )
    ax.yaxis.set_major_formatter(FuncFormatter(_trillions))
    ax.set_ylabel("US$ trillion")
    ax.set_title(
        f"{result['economy']}: GDP in {MEASURE_LABELS[measure]}, {start}-{end}", loc="left"
    )
    ax.legend(frameon=False, loc="upper left")
    year_axis(ax)
    add_source(fig, source_line)

    takeaway = (
        f"{result['economy']}'s GDP in {end} was {result['ratio']:.2f} times its {start} level, "
        f"{result['cagr_pct']:.1f}% a year on average ({MEASURE_LABELS[measure]})."
    )
    table = pd.DataFrame(
        {
            "": [
                f"GDP {start} (US$ bn)",
                f"GDP {end} (US$ bn)",
                f"ratio {end}/{start}",
                "increase (%)",
                "years",
                "average annual growth (%)",
            ],
            "value": [
                f"{result['start_value'] / 1e9:,.0f}",
                f"{result['end_value'] / 1e9:,.0f}",
                f"{result['ratio']:.2f}",
                f"{result['increase_pct']:,.0f}",
                f"{result['years']}",
                f"{result['cagr_pct']:.2f}",
            ],
        }
    ).set_index("")
    alt = (
        f"Line chart of {result['economy']}'s GDP from {start} to {end} with a dashed "
        "steady-growth curve "
        f"joining the same two points. {takeaway}"
    )
    return View(fig, alt, takeaway, table)


# Named in the ranking's takeaway whatever their rank: the chapter is about these two.
MARKED = {"CHN": "China", "JPN": "Japan"}


def _leaders(table: pd.DataFrame) -> str:
    """The top three of a ranking with their world shares, then China and Japan if lower."""

    def share(row, first: bool = False) -> str:
        if "share_of_world_pct" not in row:
            return ""
        return f" ({row['share_of_world_pct']:.1f}%{' of world GDP' if first else ''})"

    top = [
        f"{rank} {row['economy']}{share(row, first=rank == 1)}"
        for rank, row in table.head(3).iterrows()
    ]
    text = ", ".join(top)
    for code, name in MARKED.items():
        match = table[table["economy_code"] == code]
        if match.empty:
            text += f"; {name} has no figure"
        elif match.index[0] > 3:
            text += f"; {name} was number {match.index[0]}{share(match.iloc[0])}"
    return text


def ranking_view(all_gdp: pd.DataFrame, source_line: str, year: int, top: int) -> View | Notice:
    """The world's largest economies in one year (current US$), China and Japan marked."""
    table = ranking(all_gdp, year)
    if table.empty:
        years = all_gdp["year"]
        return Notice(f"No GDP data for {year}: the dataset covers {years.min()}-{years.max()}.")
    shown = table.head(top).iloc[::-1]
    fig, ax = new_figure(height=0.32 * len(shown) + 1.2)
    colours = [
        economy_style(c)["color"] if c in ("CHN", "JPN", "USA", "KOR", "DEU") else "#BBBBBB"
        for c in shown["economy_code"]
    ]
    ax.barh(
        [f"{rank}. {name}" for rank, name in zip(shown.index, shown["economy"])],
        shown["gdp_current_usd"],
        color=colours,
    )
    ax.xaxis.set_major_formatter(FuncFormatter(_trillions))
    ax.set_xlabel("GDP, US$ trillion (current prices)")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_title(f"The {len(shown)} largest economies in {year}", loc="left")
    add_source(fig, source_line)

    takeaway = f"Largest economies in {year}: {_leaders(table)}."
    alt = (
        f"Horizontal bar chart of the {len(shown)} largest economies by GDP in {year}, "
        f"largest at the top. {takeaway}"
    )
    return View(fig, alt, takeaway)


def signings_by_region(docs: pd.DataFrame) -> pd.DataFrame:
    """Countries signing a cooperation document, by region (rows) and year (columns);
    countries with no certain date are left out, as in the widget."""
    dated = docs[~docs["join_date_uncertain"]]
    table = pd.crosstab(dated["region"], dated["join_year"].astype(int))
    table.index.name, table.columns.name = "region", "year signed"
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
        return Notice(
            f"Choose a year from {table.index.min()} to {table.index.max()} (the years in the "
            "GFDC list)."
        )

    fig, ax = new_figure()
    colours = [PALETTE["vermillion"] if y == year else "#BBBBBB" for y in table.index]
    ax.bar(table.index, table["joined"], color=colours, label="signed that year")
    ax.set_ylabel("countries signing that year")
    ax2 = twin_x(ax)
    ax2.plot(
        table.index,
        table["in_bri_at_year_end"],
        color=PALETTE["blue"],
        linewidth=2,
        marker="o",
        label="in the BRI at year end",
    )
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
        f"By the end of {year}, {table.loc[year, 'in_bri_at_year_end']} countries{where} had "
        f"signed (GFDC's count); {table.loc[year, 'joined']} signed in {year}."
    )
    if uncertain:
        takeaway += f" ({uncertain} undated, not counted.)"
    alt = (
        "Bar chart of countries signing each year with a line for the running total, "
        f"{region}. {takeaway}"
    )
    listing = (
        joiners[["economy", "region", "income_group"]]
        .rename(columns=str.capitalize)
        .reset_index(drop=True)
    )
    listing.index = listing.index + 1
    return View(fig, alt, takeaway, listing if len(listing) else None)
