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
FLOW_NAMES = {  # short names for takeaways
    "exports": "US exports",
    "imports": "US imports",
    "total": "US goods trade",
    "balance": "US goods balance",
}
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
JAPAN_FLOW_NAMES = {  # short names for takeaways
    "exports": "Japan's exports",
    "imports": "Japan's imports",
    "total": "Japan's total goods trade",
    "balance": "Japan's goods balance",
}
MIRROR_NOTE = (
    "The US line is a mirror: the US Census record of US trade with Japan, not Japan's own "
    "statistics."
)
# The book's rule of thumb, not a published threshold: the China line is Japan's own record and
# the US line a US mirror, measured differently, so China counts as "clearly" ahead only when
# its figure is more than this many per cent above the US's.
CLEAR_LEAD_PCT = 10


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
        advice = (
            f"shares start in {first} (the first year with a US total)"
            if measure == "share"
            else "choose complete years"
        )
        return Notice(f"No {MEASURES[measure]} figures between {start} and {end}: {advice}.")

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
        suffix = "%" if measure == "share" else ""  # the unit heads the takeaway
        label = "largest deficit" if flow == "balance" and measure == "usd_bn" else "peak"
        parts.append(
            f"{PARTNERS[code]} {values.iloc[0]:,.1f}{suffix} ({first_year}), "
            f"{values.iloc[-1]:,.1f}{suffix} ({last_year}), "
            f"{label} {values[extreme_year]:,.1f}{suffix} ({extreme_year})"
        )
        rows.append(
            {
                "partner": PARTNERS[code],
                f"first ({first_year})": round(values.iloc[0], 1),
                f"{label} (year)": f"{values[extreme_year]:,.1f} ({extreme_year})",
                f"last ({last_year})": round(values.iloc[-1], 1),
            }
        )
    takeaway = f"{FLOW_NAMES[flow]}, {MEASURES[measure]}: " + "; ".join(parts) + "."
    for year, months in partial.items():
        if start <= year <= end:
            takeaway += (
                f" {year} has {months} months only, so it is left out."
                if measure == "usd_bn"
                else f" {year} has {months} months only (hollow marker)."
            )
    names = ", ".join(PARTNERS[c] for c in partners)
    alt = f"Line chart of {FLOWS[flow]} {names}, {start} to {end}, in {unit}. {takeaway}"
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
    """Japan's trade with 'china' or 'us' for one flow, in US$ billion or as % of its trade
    with the world."""
    values = table[f"{flow}_{partner}"]
    if measure == "share":
        return 100 * values / table[f"{flow}_world"]
    return values


def lead_pct(china: pd.Series, usa: pd.Series) -> pd.Series:
    """How far Japan's trade with China is above its trade with the US, % of the US figure
    (negative where the US figure is larger). The same for dollars and shares of one flow."""
    return 100 * (china / usa - 1)


def clear_lead_from(lead: pd.Series, band: float = CLEAR_LEAD_PCT) -> int | None:
    """The first year from which China's lead is above ``band`` % in every later year of
    ``lead``, or None if it is not above ``band`` in the last year."""
    clear = lead > band
    if clear.empty or not clear.iloc[-1]:
        return None
    unclear_years = clear.index[~clear]
    if unclear_years.empty:
        return int(clear.index[0])
    return int(clear.index[clear.index > unclear_years.max()].min())


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
    suffix = "%" if measure == "share" else ""  # the unit heads the takeaway
    sign = "+," if flow == "balance" else ","
    ends = (
        f"China {china[y0]:{sign}.1f}{suffix} ({y0}), {china[y1]:{sign}.1f}{suffix} ({y1}); "
        f"the US {usa[y0]:{sign}.1f}{suffix}, {usa[y1]:{sign}.1f}{suffix}"
    )
    if flow == "balance":
        takeaway = f"{JAPAN_FLOW_NAMES[flow]}, US$ billion: {ends}; minus is a deficit."
    else:
        count = int((china > usa).sum())
        clear = clear_lead_from(lead_pct(china, usa))
        margin = f"by over {CLEAR_LEAD_PCT}%"
        takeaway = (
            f"{JAPAN_FLOW_NAMES[flow]}, {JAPAN_MEASURES[measure]}: {ends}. "
            f"China larger in {count} of {len(china)} years"
            + (
                f"; clearly ({margin}) from {clear}."
                if clear is not None
                else f"; not clearly ({margin}) in {y1}."
            )
        )
    # The legend and the chapter's caution box say the US line is a mirror; the alt text too.
    alt = (
        f"Line chart comparing {JAPAN_FLOWS[flow]} China and the United States, {y0} to {y1}, "
        f"in {unit}. {takeaway} {MIRROR_NOTE}"
    )
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
# ``catchup_view`` returns a ``View`` (also when the lines do not cross: that is an
# answer too), or a ``Notice`` when the input cannot be served.


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
    """Average annual growth (%) over the last ``years`` years of data:
    (rate, first year, last year)."""
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
    crosses = crossing is not None and crossing <= horizon
    assumptions = (
        f"China {china_growth:.1f}% and the US {us_growth:.1f}% a year from {base_year}, "
        f"{MEASURE_LABELS[measure]}"
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
    # Inside the axes at the right, so a short horizon never pushes the label off the figure.
    ax.text(
        0.99,
        0.02,
        ILLUSTRATION.upper(),
        transform=ax.transAxes,
        fontsize=8,
        color=PALETTE["grey"],
        ha="right",
        va="bottom",
    )
    # Mark where the lines cross, or, if they do not within the horizon, where the path ends.
    marked_year = crossing if crosses else horizon
    note = f"crosses in {crossing}" if crosses else f"{path[horizon]:.0f}% in {horizon}"
    ax.plot([marked_year], [path[marked_year]], marker="o", color=PALETTE["black"], zorder=4)
    ax.annotate(
        note,
        (marked_year, path[marked_year]),
        xytext=(-6, -14),
        textcoords="offset points",
        ha="right",
        fontsize=9,
    )
    ax.set_ylim(0, max(110, float(path.max()) * 1.05, float(shown.max()) * 1.05))
    ax.set_ylabel(f"% of US GDP, {MEASURE_LABELS[measure]}")
    # The measure is in the axis label: a title wider than the figure cannot be fitted.
    ax.set_title("China's GDP as a percentage of the US's: data and a what-if", loc="left")
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line + f" What-if: {assumptions}; the reader's assumptions.")

    peak_year = int(history.idxmax())
    if crossing == base_year:
        when = f"China's GDP is already at least the US's in {base_year}"
    elif crosses:
        when = f"China would pass the US in {crossing}"
    else:
        when = f"China would reach {path[horizon]:.0f}% of US GDP by {horizon}; " + (
            f"the lines would cross only in {crossing}"
            if crossing is not None
            else "the lines would never cross"
        )
    takeaway = (
        f"{ILLUSTRATION}: at China {china_growth:.1f}% and the US {us_growth:.1f}% a year "
        f"in {MEASURE_LABELS[measure]}, from {start:.1f}% of US GDP in {base_year}, {when}."
    )
    alt = (
        "Line chart of China's GDP as a percentage of the United States' in "
        f"{MEASURE_LABELS[measure]}, from "
        f"{int(shown.index[0])} to {base_year} (data; highest {history[peak_year]:.1f}% in "
        f"{peak_year}), then a dashed what-if line to {horizon}. {takeaway}"
    )
    table = pd.DataFrame(
        {
            "assumption": ["China's growth", "US growth", "start", "crossing year"],
            "value": [
                f"{china_growth:.1f}% a year",
                f"{us_growth:.1f}% a year",
                f"{start:.1f}% in {base_year}",
                "never" if crossing is None else str(crossing),
            ],
            "source": ["your setting", "your setting", "World Bank data", "arithmetic"],
        }
    ).set_index("assumption")
    return View(fig, alt, takeaway, table)
