"""Chapter 4, China-US relations and Japan: the trade widgets and the what-if
projection of China's GDP relative to the United States'.

Two sources meet here, and they are not the same kind of number:

- ``us_goods_trade_annual`` is the US Census Bureau's record of US goods trade
  with each partner (the US point of view, 1985 to June 2024);
- ``japan_china_trade_annual`` is Japan's Ministry of Finance record of Japan's
  trade with China (Japan's point of view, 2001-2019), converted to dollars.

Japan's trade with the United States is *not* in the Japanese data. The book
uses the US record of the same trade instead (US imports from Japan stand in
for Japan's exports to the US, and the other way round): a "mirror". Mirror
figures differ from a country's own figures (valuation, timing, goods routed
through third places), so every view that mixes the two says so.

Each ``*_view`` function takes the data and the control values and returns a
``View`` or, for input it cannot serve, a ``Notice``; it never raises.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from bookkit.charts import (
    PALETTE,
    add_source,
    annotate_events,
    economy_style,
    new_figure,
    year_axis,
)
from bookkit.gdp import MEASURE_LABELS, series
from bookkit.widgets import Notice, View

PARTNERS = {"CHN": "China", "JPN": "Japan", "KOR": "Korea"}
FLOWS = {
    "exports": "US exports to",
    "imports": "US imports from",
    "total": "US total goods trade with",
    "balance": "US goods balance with",
}
MEASURES = {"usd_bn": "US$ billion", "share": "% of the US total"}
_VALUE = {
    "exports": "us_exports_usd_mn",
    "imports": "us_imports_usd_mn",
    "total": "us_total_trade_usd_mn",
    "balance": "us_balance_usd_mn",
}
_SHARE = {
    "exports": "share_of_us_exports_pct",
    "imports": "share_of_us_imports_pct",
    "total": "share_of_us_total_trade_pct",
}

JAPAN_FLOWS = {
    "exports": "Japan's exports to",
    "imports": "Japan's imports from",
    "total": "Japan's total goods trade with",
    "balance": "Japan's goods balance with",
}
JAPAN_MEASURES = {"usd_bn": "US$ billion", "share": "% of Japan's trade with the world"}
MIRROR_NOTE = "The US line is a mirror: the US Census record of US trade with Japan, not Japan's own statistics."


# ---------------------------------------------------------------- the US view


def us_series(us: pd.DataFrame, partner: str, flow: str, measure: str) -> pd.Series:
    """One partner's trade with the US by year, in US$ billion or as a share (%).

    A balance's "share" is the partner's share of the US goods balance with the
    world (for a deficit: the share of the US deficit; negative where the US had
    a surplus with the partner). Years without a world total have no share.
    """
    rows = us[us["partner_code"] == partner].set_index("year").sort_index()
    if measure == "usd_bn":
        return rows[_VALUE[flow]].astype(float) / 1000
    if flow == "balance":
        world = us[us["partner_code"] == "WLD"].set_index("year")["us_balance_usd_mn"].astype(float)
        return (100 * rows["us_balance_usd_mn"].astype(float) / world).dropna()
    return rows[_SHARE[flow]].astype(float).dropna()


def incomplete_years(us: pd.DataFrame) -> dict[int, int]:
    """Years that do not cover all twelve months -> months reported."""
    partial = us[~us["complete_year"]].drop_duplicates("year")
    return dict(zip(partial["year"].astype(int), partial["months_reported"].astype(int)))


def exposure_view(
    us: pd.DataFrame,
    source_line: str,
    marks: Iterable[tuple[pd.Timestamp, str]],
    partners: Sequence[str],
    flow: str,
    measure: str,
    years: tuple[int, int],
) -> View | Notice:
    """Trade-exposure explorer: US goods trade with China, Japan and Korea.

    A year that covers only part of the year (2024: January to June) is left out
    of values in dollars, which would not be comparable with whole years; it is
    kept for shares (a share of half a year's trade is still a share) and drawn
    with a hollow marker.
    """
    start, end = years
    if not partners:
        return Notice("Choose at least one partner (China, Japan or Korea).")
    unknown = [p for p in partners if p not in PARTNERS]
    if unknown or flow not in FLOWS or measure not in MEASURES:
        return Notice(
            f"Unknown choice: partners must be among {list(PARTNERS)}, flow one of {list(FLOWS)}, "
            f"measure one of {list(MEASURES)}."
        )
    if start >= end:
        return Notice("Choose a year range that spans at least two years (start before end).")

    partial = incomplete_years(us)
    left_out = [y for y in partial if start <= y <= end] if measure == "usd_bn" else []
    lines = {}
    for code in partners:
        values = us_series(us, code, flow, measure).loc[start:end]
        lines[code] = values.drop(left_out, errors="ignore")
    if all(s.empty for s in lines.values()):
        first = int(us_series(us, "CHN", flow, measure).index.min())
        return Notice(
            f"No {MEASURES[measure]} figures between {start} and {end}: "
            f"{'shares start in ' + str(first) + ' (the first year with a US total)' if measure == 'share' else 'choose complete years'}."
        )

    fig, ax = new_figure()
    for code, values in lines.items():
        whole = values.drop([y for y in partial if y in values.index])
        ax.plot(
            whole.index,
            whole.values,
            label=PARTNERS[code],
            marker="o",
            markersize=3,
            **economy_style(code),
        )
        for year in (y for y in partial if y in values.index):
            ax.plot(
                [year],
                [values[year]],
                marker="o",
                markersize=7,
                markerfacecolor="white",
                color=economy_style(code)["color"],
                linestyle="none",
            )
    if flow == "balance":
        ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    unit = (
        "US$ billion (current)"
        if measure == "usd_bn"
        else (
            "% of the US goods balance with the world"
            if flow == "balance"
            else f"% of all US goods {flow if flow != 'total' else 'trade'}"
        )
    )
    ax.set_ylabel(unit)
    ax.set_title(
        f"{FLOWS[flow]} {', '.join(PARTNERS[c] for c in partners)}, {start}-{end}", loc="left"
    )
    ax.legend(frameon=False, loc="best")
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line)

    parts, rows = [], []
    for code, values in lines.items():
        if values.empty:
            parts.append(f"{PARTNERS[code]}: no figures in these years")
            continue
        first_year, last_year = int(values.index[0]), int(values.index[-1])
        extreme_year = int(
            values.idxmin() if flow == "balance" and measure == "usd_bn" else values.idxmax()
        )
        suffix = "%" if measure == "share" else " bn"
        label = "largest deficit" if flow == "balance" and measure == "usd_bn" else "peak"
        parts.append(
            f"{PARTNERS[code]} {values.iloc[0]:,.1f}{suffix} in {first_year} and "
            f"{values.iloc[-1]:,.1f}{suffix} in "
            f"{last_year} ({label} {values[extreme_year]:,.1f}{suffix} in {extreme_year})"
        )
        rows.append(
            {
                "partner": PARTNERS[code],
                f"first ({first_year})": round(values.iloc[0], 1),
                f"{label} (year)": f"{values[extreme_year]:,.1f} ({extreme_year})",
                f"last ({last_year})": round(values.iloc[-1], 1),
            }
        )
    what = f"{FLOWS[flow]} each partner" + (
        " as a share of the US total" if measure == "share" else ", US$ billion"
    )
    takeaway = f"{what}: " + "; ".join(parts) + "."
    for year, months in partial.items():
        if start <= year <= end:
            takeaway += (
                f" {year} covers {months} months only, so it is left out of values in dollars."
                if measure == "usd_bn"
                else f" The {year} share (hollow marker) covers {months} months only."
            )
    alt = f"Line chart of {FLOWS[flow]} {', '.join(PARTNERS[c] for c in partners)}, {start} to {end}, in {unit}. {takeaway}"
    table = pd.DataFrame(rows).set_index("partner") if rows else None
    return View(fig, alt, takeaway, table)


# ---------------------------------------------------------------- Japan's view


def japan_partner_table(jc: pd.DataFrame, us: pd.DataFrame) -> pd.DataFrame:
    """Japan's goods trade with China (Japan's statistics) and with the US (the US
    mirror), US$ billion, by year, with Japan's trade with the world (World Bank).

    Only years in both sources (2001-2019) are kept.
    """
    japan = us[us["partner_code"] == "JPN"].set_index("year")
    china = jc.set_index("year")
    table = (
        pd.DataFrame(
            {
                "exports_china": china["exports_to_china_usd_mn"],
                "imports_china": china["imports_from_china_usd_mn"],
                "exports_us": japan["us_imports_usd_mn"],
                "imports_us": japan["us_exports_usd_mn"],
                "exports_world": china["merchandise_exports_world_usd_mn_wdi"],
                "imports_world": china["merchandise_imports_world_usd_mn_wdi"],
            }
        )
        .dropna()
        .astype(float)
        / 1000
    )
    for who in ("china", "us", "world"):
        table[f"total_{who}"] = table[f"exports_{who}"] + table[f"imports_{who}"]
        table[f"balance_{who}"] = table[f"exports_{who}"] - table[f"imports_{who}"]
    table.index = table.index.astype(int)
    table.index.name = "year"
    return table


def japan_series(table: pd.DataFrame, partner: str, flow: str, measure: str) -> pd.Series:
    """Japan's trade with 'china' or 'us' for one flow, in US$ billion or as % of its trade with the world."""
    values = table[f"{flow}_{partner}"]
    if measure == "share":
        return 100 * values / table[f"{flow}_world"]
    return values


def japan_partners_view(
    table: pd.DataFrame, source_line: str, flow: str, measure: str, years: tuple[int, int]
) -> View | Notice:
    """Japan between its two largest partners: China (Japan's data) and the US (US mirror data)."""
    start, end = years
    if flow not in JAPAN_FLOWS or measure not in JAPAN_MEASURES:
        return Notice(
            f"Unknown choice: flow must be one of {list(JAPAN_FLOWS)}, measure one of "
            f"{list(JAPAN_MEASURES)}."
        )
    if flow == "balance" and measure == "share":
        return Notice(
            "A balance (exports minus imports) has no share of Japan's trade with the world: "
            "choose US$ billion, "
            "or choose exports, imports or total trade to see shares."
        )
    if start >= end:
        return Notice("Choose a year range that spans at least two years (start before end).")
    first, last = int(table.index.min()), int(table.index.max())
    if end < first or start > last:
        return Notice(
            f"Japan's trade with China is in the book's data for {first}-{last} only: choose "
            "years in that range."
        )
    china = japan_series(table, "china", flow, measure).loc[start:end]
    usa = japan_series(table, "us", flow, measure).loc[start:end]

    fig, ax = new_figure()
    ax.plot(
        china.index,
        china.values,
        label="China (Japan's Ministry of Finance)",
        marker="o",
        markersize=3,
        **economy_style("CHN"),
    )
    ax.plot(
        usa.index,
        usa.values,
        label="United States (US Census mirror)",
        marker="o",
        markersize=3,
        **economy_style("USA"),
    )
    if flow == "balance":
        ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    unit = (
        "US$ billion (current)"
        if measure == "usd_bn"
        else f"% of Japan's goods {flow if flow != 'total' else 'trade'} with the world"
    )
    ax.set_ylabel(unit)
    ax.set_title(
        f"{JAPAN_FLOWS[flow]} China and the United States, "
        f"{int(china.index[0])}-{int(china.index[-1])}",
        loc="left",
    )
    ax.legend(frameon=False, loc="best")
    year_axis(ax)
    add_source(fig, source_line)

    y0, y1 = int(china.index[0]), int(china.index[-1])
    suffix = "%" if measure == "share" else " bn"
    if flow == "balance":
        takeaway = (
            f"Japan's goods balance, US$ billion: with China {china[y0]:+,.1f} in {y0} and "
            f"{china[y1]:+,.1f} in {y1}; "
            f"with the US {usa[y0]:+,.1f} in {y0} and {usa[y1]:+,.1f} in {y1} (minus = deficit)."
        )
    else:
        ahead = china > usa
        count = int(ahead.sum())
        first_ahead = f", first in {int(ahead.idxmax())}" if count else ""
        takeaway = (
            f"{JAPAN_FLOWS[flow]} China: {china[y0]:,.1f}{suffix} in {y0}, "
            f"{china[y1]:,.1f}{suffix} in {y1}; "
            f"the US: {usa[y0]:,.1f}{suffix} in {y0}, {usa[y1]:,.1f}{suffix} in {y1}. "
            f"China was the larger partner in {count} of {len(ahead)} years{first_ahead}."
        )
    takeaway += " " + MIRROR_NOTE
    alt = f"Line chart comparing {JAPAN_FLOWS[flow]} China and the United States, {y0} to {y1}, in {unit}. {takeaway}"
    shown = pd.DataFrame({"China": china.round(1), "United States (mirror)": usa.round(1)})
    shown.index.name = "year"
    return View(fig, alt, takeaway, shown.loc[[y0, y1]])


# --------------------------------------------- What-if: China's GDP as % of the US's
# China's GDP as a percentage of the United States', and a what-if projection.
#
# The projection is arithmetic, not a forecast: if China's GDP grows at ``g_c``
# and the United States' at ``g_u`` every year from the last year with data, the
# ratio is multiplied by ``(1 + g_c) / (1 + g_u)`` each year. The student sets
# both rates; the chapter shows where its default rates come from (each
# economy's average growth over the last ten years in the data).
#
# ``catchup_view`` returns a ``View``, or a ``Notice`` when the input cannot be
# served, including when the two economies never cross within the horizon.


GROWTH_LIMITS = (-5.0, 15.0)  # % a year: the sliders stay inside this range
ILLUSTRATION = "Illustration, not a forecast"


def ratio(
    gdp: pd.DataFrame, measure: str, numerator: str = "CHN", denominator: str = "USA"
) -> pd.Series:
    """GDP of ``numerator`` as a percentage of ``denominator``'s, for the years both have."""
    return (100 * series(gdp, numerator, measure) / series(gdp, denominator, measure)).dropna()


def trailing_growth(
    gdp: pd.DataFrame, economy: str, measure: str, years: int = 10
) -> tuple[float, int, int]:
    """Average annual growth (%) over the last ``years`` years of data: (rate, first year, last year)."""
    values = series(gdp, economy, measure)
    last = int(values.index.max())
    first = last - years
    return 100 * ((values[last] / values[first]) ** (1 / years) - 1), first, last


def projection(
    start_ratio: float, start_year: int, china_growth: float, us_growth: float, end_year: int
) -> pd.Series:
    """The ratio path from ``start_year`` to ``end_year`` at constant growth rates (in %)."""
    factor = (1 + china_growth / 100) / (1 + us_growth / 100)
    years = range(start_year, end_year + 1)
    return pd.Series(
        [start_ratio * factor ** (y - start_year) for y in years], index=list(years), dtype=float
    )


def crossing_year(
    start_ratio: float, start_year: int, china_growth: float, us_growth: float
) -> int | None:
    """First year in which the projected ratio reaches 100, or None if it never does."""
    if start_ratio >= 100:
        return start_year
    factor = (1 + china_growth / 100) / (1 + us_growth / 100)
    if factor <= 1:
        return None
    years = math.log(100 / start_ratio) / math.log(factor)
    crossing = start_year + math.ceil(years - 1e-9)
    # Guard against rounding at an exact crossing.
    while start_ratio * factor ** (crossing - start_year) < 100:
        crossing += 1
    return crossing


def catchup_view(
    gdp: pd.DataFrame,
    source_line: str,
    marks: Iterable[tuple[pd.Timestamp, str]],
    measure: str,
    china_growth: float,
    us_growth: float,
    horizon: int,
) -> View | Notice:
    """China's GDP as % of the US's: the data, then a projection at the student's growth rates."""
    if measure not in MEASURE_LABELS:
        return Notice(f"Unknown measure {measure!r}: choose one of {list(MEASURE_LABELS)}.")
    low, high = GROWTH_LIMITS
    for name, rate in (("China's", china_growth), ("the United States'", us_growth)):
        if not low <= rate <= high:
            return Notice(
                f"Choose a growth rate for {name} GDP between {low:g}% and {high:g}% a year."
            )
    history = ratio(gdp, measure)
    base_year = int(history.index.max())
    if horizon <= base_year:
        return Notice(
            f"The data run to {base_year}: choose a horizon after {base_year} to project."
        )
    start = history[base_year]
    path = projection(start, base_year, china_growth, us_growth, horizon)
    crossing = crossing_year(start, base_year, china_growth, us_growth)
    assumptions = (
        f"China {china_growth:.1f}% a year and the US {us_growth:.1f}% a year, every year from "
        f"{base_year}, "
        f"in {MEASURE_LABELS[measure]}"
    )
    if crossing is None or crossing > horizon:
        return Notice(
            f"{ILLUSTRATION}. With {assumptions}, China's GDP stays below the United States' up "
            f"to {horizon}: "
            f"it would be {path[horizon]:.0f}% of the US's in {horizon} (it was {start:.0f}% in "
            f"{base_year}). "
            "The lines never cross within this horizon. Raise China's rate, lower the US's, or "
            "look further ahead."
        )

    fig, ax = new_figure()
    shown = history.loc[1990:]
    ax.plot(
        shown.index,
        shown.values,
        label=f"data ({int(shown.index[0])}-{base_year})",
        **economy_style("CHN"),
    )
    ax.plot(
        path.index,
        path.values,
        color=economy_style("CHN")["color"],
        linestyle="--",
        linewidth=2,
        label=f"what-if: China {china_growth:.1f}%, US {us_growth:.1f}% a year",
    )
    ax.axhline(
        100,
        color=economy_style("USA")["color"],
        linewidth=1.2,
        linestyle="-.",
        label="United States = 100",
    )
    ax.axvspan(base_year, horizon, color="#F2F2F2", zorder=0)
    ax.text(
        base_year + 0.5, 4, ILLUSTRATION.upper(), fontsize=8, color=PALETTE["grey"], va="bottom"
    )
    ax.plot([crossing], [path[crossing]], marker="o", color=PALETTE["black"], zorder=4)
    ax.annotate(
        f"crosses in {crossing}",
        (crossing, path[crossing]),
        xytext=(6, -14),
        textcoords="offset points",
        fontsize=9,
    )
    ax.set_ylim(0, max(110, float(path.max()) * 1.05, float(shown.max()) * 1.05))
    ax.set_ylabel("China's GDP, % of the US's")
    ax.set_title(
        f"China's GDP as % of the US's, {MEASURE_LABELS[measure]}: data and a what-if", loc="left"
    )
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line + f" What-if: {assumptions}; the reader's assumptions.")

    peak_year = int(history.idxmax())
    if crossing == base_year:
        when = f"China's GDP is already at least the US's in {base_year}"
    else:
        when = f"China's GDP would pass the US's in {crossing}, {crossing - base_year} years after the last data"
    takeaway = (
        f"{ILLUSTRATION}: with {assumptions}, {when}. In the data China's GDP was {start:.1f}% of "
        "the US's in "
        f"{base_year} (highest: {history[peak_year]:.1f}% in {peak_year})."
    )
    alt = (
        "Line chart of China's GDP as a percentage of the United States' in "
        f"{MEASURE_LABELS[measure]}, from "
        f"{int(shown.index[0])} to {base_year} (data), then a dashed what-if line to {horizon}. "
        f"{takeaway}"
    )
    table = pd.DataFrame(
        {
            "assumption": ["China's growth", "US growth", "start", "crossing year"],
            "value": [
                f"{china_growth:.1f}% a year",
                f"{us_growth:.1f}% a year",
                f"{start:.1f}% in {base_year}",
                str(crossing),
            ],
            "source": ["your setting", "your setting", "World Bank data", "arithmetic"],
        }
    ).set_index("assumption")
    return View(fig, alt, takeaway, table)
