"""China's GDP as a percentage of the United States', and a what-if projection.

The projection is arithmetic, not a forecast: if China's GDP grows at ``g_c``
and the United States' at ``g_u`` every year from the last year with data, the
ratio is multiplied by ``(1 + g_c) / (1 + g_u)`` each year. The student sets
both rates; the chapter shows where its default rates come from (each
economy's average growth over the last ten years in the data).

``catchup_view`` returns a ``View``, or a ``Notice`` when the input cannot be
served, including when the two economies never cross within the horizon.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from bookkit.charts import PALETTE, add_source, annotate_events, economy_style, new_figure, year_axis
from bookkit.gdp import MEASURE_LABELS, series
from bookkit.widgets import Notice, View

GROWTH_LIMITS = (-5.0, 15.0)  # % a year: the sliders stay inside this range
ILLUSTRATION = "Illustration, not a forecast"


def ratio(gdp: pd.DataFrame, measure: str, numerator: str = "CHN", denominator: str = "USA") -> pd.Series:
    """GDP of ``numerator`` as a percentage of ``denominator``'s, for the years both have."""
    return (100 * series(gdp, numerator, measure) / series(gdp, denominator, measure)).dropna()


def trailing_growth(gdp: pd.DataFrame, economy: str, measure: str, years: int = 10) -> tuple[float, int, int]:
    """Average annual growth (%) over the last ``years`` years of data: (rate, first year, last year)."""
    values = series(gdp, economy, measure)
    last = int(values.index.max())
    first = last - years
    return 100 * ((values[last] / values[first]) ** (1 / years) - 1), first, last


def projection(start_ratio: float, start_year: int, china_growth: float, us_growth: float, end_year: int) -> pd.Series:
    """The ratio path from ``start_year`` to ``end_year`` at constant growth rates (in %)."""
    factor = (1 + china_growth / 100) / (1 + us_growth / 100)
    years = range(start_year, end_year + 1)
    return pd.Series([start_ratio * factor ** (y - start_year) for y in years], index=list(years), dtype=float)


def crossing_year(start_ratio: float, start_year: int, china_growth: float, us_growth: float) -> int | None:
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
            return Notice(f"Choose a growth rate for {name} GDP between {low:g}% and {high:g}% a year.")
    history = ratio(gdp, measure)
    base_year = int(history.index.max())
    if horizon <= base_year:
        return Notice(f"The data run to {base_year}: choose a horizon after {base_year} to project.")
    start = history[base_year]
    path = projection(start, base_year, china_growth, us_growth, horizon)
    crossing = crossing_year(start, base_year, china_growth, us_growth)
    assumptions = (
        f"China {china_growth:.1f}% a year and the US {us_growth:.1f}% a year, every year from {base_year}, "
        f"in {MEASURE_LABELS[measure]}"
    )
    if crossing is None or crossing > horizon:
        return Notice(
            f"{ILLUSTRATION}. With {assumptions}, China's GDP stays below the United States' up to {horizon}: "
            f"it would be {path[horizon]:.0f}% of the US's in {horizon} (it was {start:.0f}% in {base_year}). "
            "The lines never cross within this horizon. Raise China's rate, lower the US's, or look further ahead."
        )

    fig, ax = new_figure()
    shown = history.loc[1990:]
    ax.plot(shown.index, shown.values, label=f"data ({int(shown.index[0])}-{base_year})", **economy_style("CHN"))
    ax.plot(path.index, path.values, color=economy_style("CHN")["color"], linestyle="--", linewidth=2,
            label=f"what-if: China {china_growth:.1f}%, US {us_growth:.1f}% a year")
    ax.axhline(100, color=economy_style("USA")["color"], linewidth=1.2, linestyle="-.", label="United States = 100")
    ax.axvspan(base_year, horizon, color="#F2F2F2", zorder=0)
    ax.text(base_year + 0.5, 4, ILLUSTRATION.upper(), fontsize=8, color=PALETTE["grey"], va="bottom")
    ax.plot([crossing], [path[crossing]], marker="o", color=PALETTE["black"], zorder=4)
    ax.annotate(f"crosses in {crossing}", (crossing, path[crossing]), xytext=(6, -14), textcoords="offset points", fontsize=9)
    ax.set_ylim(0, max(110, float(path.max()) * 1.05, float(shown.max()) * 1.05))
    ax.set_ylabel("China's GDP, % of the US's")
    ax.set_title(f"China's GDP as % of the US's, {MEASURE_LABELS[measure]}: data and a what-if", loc="left")
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
        f"{ILLUSTRATION}: with {assumptions}, {when}. In the data China's GDP was {start:.1f}% of the US's in "
        f"{base_year} (highest: {history[peak_year]:.1f}% in {peak_year})."
    )
    alt = (
        f"Line chart of China's GDP as a percentage of the United States' in {MEASURE_LABELS[measure]}, from "
        f"{int(shown.index[0])} to {base_year} (data), then a dashed what-if line to {horizon}. {takeaway}"
    )
    table = pd.DataFrame(
        {
            "assumption": ["China's growth", "US growth", "start", "crossing year"],
            "value": [f"{china_growth:.1f}% a year", f"{us_growth:.1f}% a year", f"{start:.1f}% in {base_year}", str(crossing)],
            "source": ["your setting", "your setting", "World Bank data", "arithmetic"],
        }
    ).set_index("assumption")
    return View(fig, alt, takeaway, table)
