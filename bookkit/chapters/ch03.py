"""Chapter 3, Japan's own disadvantages: Japan's economic eras (the era explorer),
the Abenomics scorecard, and ageing (observed World Bank shares and the 2017 IPSS
projection, behind the predict-then-reveal widget).

Era boundaries are a judgement. The book draws them from dated events in the
timeline where it can, and from one stated rule in the data where it cannot:

- *High growth* runs from the first year of the World Bank data to the end of
  the year before Japan's first fall in real GDP in those data (a data rule:
  the era started before the data do, and historians date its end differently).
- *Bubble*: from the Plaza Accord to the Nikkei 225's record close.
- *Lost decades*: from the Nikkei's record close to Abe taking office again.
- *Abenomics*: from Abe taking office again to his announced resignation.

A year belongs to an era if its midpoint (1 July) falls inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bookkit.charts import (
    PALETTE,
    add_source,
    annotate_events,
    decimal_year,
    economy_style,
    new_figure,
    year_axis,
)
from bookkit.timeline import event_on
from bookkit.widgets import Notice, View

GROWTH = "NY.GDP.MKTP.KD.ZG"
CPI = "FP.CPI.TOTL.ZG"
# Indicators the era explorer offers: code -> (name, unit).
INDICATORS = {
    GROWTH: ("Real GDP growth", "% a year"),
    CPI: ("Consumer price inflation", "% a year"),
    "SP.POP.65UP.TO.ZS": ("Population aged 65 and over", "% of population"),
    "SP.POP.1564.TO.ZS": ("Population aged 15-64", "% of population"),
    "NE.TRD.GNFS.ZS": ("Trade (exports + imports)", "% of GDP"),
    "NE.EXP.GNFS.ZS": ("Exports of goods and services", "% of GDP"),
    "PA.NUS.FCRF": ("Yen per US dollar (official rate)", "yen per US$"),
}
ERA_COLOURS = ["#E69F00", "#CC79A7", "#56B4E9", "#009E73"]

# The dated events that bound the eras: (date, text identifying the event).
PLAZA = ("1985-09-22", "Plaza Accord")
NIKKEI_PEAK = ("1989-12-29", "Nikkei 225")
ABE_RETURNS = ("2012-12-26", "Abe becomes prime minister")
ABE_RESIGNS = ("2020-08-28", "resignation")


@dataclass(frozen=True)
class Era:
    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    rule: str

    @property
    def years(self) -> range:
        """The calendar years whose midpoint (1 July) falls inside the era."""
        first = (
            self.start.year
            if self.start <= pd.Timestamp(self.start.year, 7, 1)
            else self.start.year + 1
        )
        last = self.end.year if self.end > pd.Timestamp(self.end.year, 7, 1) else self.end.year - 1
        return range(first, last + 1)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.years.start}-{self.years.stop - 1})"


def _lower_first(text: str) -> str:
    """'Real GDP growth' -> 'real GDP growth' (acronyms keep their capitals)."""
    return text[:1].lower() + text[1:]


def japan(wdi: pd.DataFrame, indicator: str, economy: str = "JPN") -> pd.Series:
    """One economy's annual series for one indicator, indexed by year."""
    rows = wdi[(wdi["economy_code"] == economy) & (wdi["indicator_code"] == indicator)]
    return rows.set_index("year")["value"].astype(float).sort_index()


def define_eras(events: pd.DataFrame, wdi: pd.DataFrame) -> list[Era]:
    """The four eras, with boundaries taken from the timeline and the growth data."""
    plaza, peak, abe, resigns = (
        event_on(events, d, t)["date"] for d, t in (PLAZA, NIKKEI_PEAK, ABE_RETURNS, ABE_RESIGNS)
    )
    growth = japan(wdi, GROWTH)
    first_fall = int(growth[growth < 0].index.min())
    first_year = int(growth.index.min())
    return [
        Era(
            "High growth",
            pd.Timestamp(first_year, 1, 1),
            pd.Timestamp(first_fall, 1, 1),
            f"from the first year of the growth data ({first_year}) to the year before the first "
            "fall in real GDP "
            f"in those data ({first_fall})",
        ),
        Era("Bubble", plaza, peak, "from the Plaza Accord to the Nikkei 225's record close"),
        Era(
            "Lost decades",
            peak,
            abe,
            "from the Nikkei 225's record close to Abe taking office again",
        ),
        Era("Abenomics", abe, resigns, "from Abe taking office again to his announced resignation"),
    ]


def era_table(series: pd.Series, eras: list[Era]) -> pd.DataFrame:
    """Average, lowest and highest value of a series in each era, and the years with data."""
    rows = []
    for era in eras:
        values = series.reindex(list(era.years)).dropna()
        rows.append(
            {
                "era": era.name,
                "years": f"{era.years.start}-{era.years.stop - 1}",
                "years with data": len(values),
                "first year with data": int(values.index.min()) if len(values) else None,
                "average": values.mean() if len(values) else float("nan"),
                "lowest": values.min() if len(values) else float("nan"),
                "highest": values.max() if len(values) else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("era")


def _shade(ax, eras: list[Era]) -> None:
    for era, colour in zip(eras, ERA_COLOURS):
        ax.axvspan(
            decimal_year(era.start), decimal_year(era.end), color=colour, alpha=0.18, linewidth=0
        )
        middle = (decimal_year(era.start) + decimal_year(era.end)) / 2
        ax.text(
            middle,
            1.0,
            era.name,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#333333",
        )


def explore_view(
    wdi: pd.DataFrame,
    eras: list[Era],
    marks: list[tuple[pd.Timestamp, str]],
    source_line: str,
    indicator: str,
    show_eras: bool,
    show_events: bool,
) -> View | Notice:
    """Era explorer: one indicator for Japan, eras shaded and events marked on request,
    with the indicator's average in each era."""
    if indicator not in INDICATORS:
        return Notice(f"Unknown indicator {indicator!r}: choose one from the list.")
    name, unit = INDICATORS[indicator]
    series = japan(wdi, indicator)
    if series.empty:
        return Notice(f"No data for Japan on {_lower_first(name)} in this dataset.")

    fig, ax = new_figure(height=4.0)
    ax.plot(
        series.index, series.values, color=PALETTE["blue"], linewidth=2, marker="o", markersize=2.5
    )
    if indicator in (GROWTH, CPI):
        ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_xlim(series.index.min() - 0.5, series.index.max() + 0.5)
    ax.set_ylabel(unit)
    ax.set_title(
        f"Japan: {_lower_first(name)}, {series.index.min()}-{series.index.max()}",
        loc="left",
        pad=14,
    )
    if show_eras:
        _shade(ax, eras)
    year_axis(ax)
    if show_events:
        annotate_events(ax, marks)
    add_source(fig, f"{source_line} Series: {indicator}.")

    table = era_table(series, eras)
    parts = []
    for era in eras:
        row = table.loc[era.name]
        if row["years with data"] == 0:
            parts.append(f"{era.name}: no data")
            continue
        partial = (
            ""
            if row["years with data"] == len(era.years)
            else f", data from {int(row['first year with data'])}"
        )
        parts.append(f"{era.name} ({row['years']}{partial}) {row['average']:.1f}")
    takeaway = f"Average {_lower_first(name)} ({unit}) by era: " + "; ".join(parts) + "."
    shading = "with the four eras shaded" if show_eras else "without era shading"
    marked = f"and {len(marks)} events marked" if show_events else "and no events marked"
    alt = (
        f"Line chart of Japan's {_lower_first(name)} from {series.index.min()} to "
        f"{series.index.max()}, "
        f"{shading} {marked}. {takeaway}"
    )
    shown = table[["years", "years with data", "average", "lowest", "highest"]].round(2)
    return View(fig, alt, takeaway, shown)


# --------------------------------------------------------------------- Abenomics scorecard


def scorecard(wdi: pd.DataFrame, start: int, end: int, target: float) -> dict | str:
    """Inflation against the target and growth against the same number of years before.

    Returns a dict of results, or a message (str) saying why it can't.
    """
    if start > end:
        return "The start year is after the end year: choose the start year first."
    cpi, growth = japan(wdi, CPI), japan(wdi, GROWTH)
    have = sorted(set(cpi.index) & set(growth.index))
    years = list(range(start, end + 1))
    missing = [y for y in years if y not in have]
    if missing:
        return (
            f"No inflation or growth figure for Japan in {', '.join(map(str, missing[:5]))}"
            f"{' ...' if len(missing) > 5 else ''}: the data cover {have[0]}-{have[-1]}."
        )
    before = list(range(start - len(years), start))
    if any(y not in growth.index for y in before):
        return (
            f"To compare, the scorecard needs the {len(years)} years before {start} "
            f"({before[0]}-{before[-1]}), but growth data start in {int(growth.index.min())}. "
            "Choose a later or shorter range."
        )
    return {
        "start": start,
        "end": end,
        "years": len(years),
        "target": target,
        "cpi_mean": cpi.loc[years].mean(),
        "years_at_target": int((cpi.loc[years] >= target).sum()),
        "cpi_max": cpi.loc[years].max(),
        "growth_mean": growth.loc[years].mean(),
        "before_start": before[0],
        "before_end": before[-1],
        "growth_before": growth.loc[before].mean(),
        "cpi_before": cpi.loc[before].mean(),
    }


def scorecard_view(
    wdi: pd.DataFrame, source_line: str, target: float, years: tuple[int, int]
) -> View | Notice:
    """Abenomics scorecard: did inflation reach the target, and did growth pick up,
    over the chosen years compared with the same number of years before?"""
    start, end = years
    result = scorecard(wdi, start, end, target)
    if isinstance(result, str):
        return Notice(result)
    cpi, growth = japan(wdi, CPI), japan(wdi, GROWTH)
    span = list(range(result["before_start"], end + 1))

    fig, ax = new_figure(height=4.0)
    ax.axvspan(result["before_start"] - 0.5, start - 0.5, color="#DDDDDD", alpha=0.6, linewidth=0)
    ax.axvspan(start - 0.5, end + 0.5, color=PALETTE["yellow"], alpha=0.25, linewidth=0)
    ax.bar(
        span, cpi.loc[span], color=PALETTE["orange"], width=0.6, label="consumer price inflation"
    )
    ax.plot(
        span,
        growth.loc[span],
        color=PALETTE["blue"],
        linewidth=2,
        marker="o",
        markersize=3,
        label="real GDP growth",
    )
    ax.axhline(
        target,
        color=PALETTE["vermillion"],
        linestyle="--",
        linewidth=1.2,
        label=f"inflation target ({target:g}%)",
    )
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.text(
        start - 0.4,
        1.0,
        f"chosen {start}-{end}",
        transform=ax.get_xaxis_transform(),
        va="bottom",
        fontsize=8,
    )
    ax.text(
        result["before_start"] - 0.4,
        1.0,
        f"before {result['before_start']}-{result['before_end']}",
        transform=ax.get_xaxis_transform(),
        va="bottom",
        fontsize=8,
        color="#555555",
    )
    ax.set_ylabel("% a year")
    ax.set_title(f"Japan: inflation and growth, {result['before_start']}-{end}", loc="left", pad=14)
    ax.legend(frameon=False, fontsize=8, loc="best")
    year_axis(ax)
    add_source(fig, f"{source_line} Series: {CPI}, {GROWTH}.")

    takeaway = (
        f"{start}-{end}: consumer price inflation averaged {result['cpi_mean']:.1f}% a year and "
        "reached the "
        f"{target:g}% target in {result['years_at_target']} of {result['years']} years; real GDP "
        "growth averaged "
        f"{result['growth_mean']:.1f}% a year, against {result['growth_before']:.1f}% in the "
        f"{result['years']} years "
        f"before ({result['before_start']}-{result['before_end']})."
    )
    alt = (
        f"Bar chart of Japan's consumer price inflation with a line for real GDP growth, "
        f"{result['before_start']} to {end}, the chosen years shaded and a dashed line at the "
        f"{target:g}% target. "
        f"{takeaway}"
    )
    table = pd.DataFrame(
        {
            f"{start}-{end}": [
                f"{result['cpi_mean']:.2f}",
                f"{result['years_at_target']} of {result['years']}",
                f"{result['growth_mean']:.2f}",
            ],
            f"{result['before_start']}-{result['before_end']}": [
                f"{result['cpi_before']:.2f}",
                f"{int((cpi.loc[result['before_start'] : result['before_end']] >= target).sum())} "
                f"of {result['years']}",
                f"{result['growth_before']:.2f}",
            ],
        },
        index=[
            "average inflation (%)",
            f"years at or above {target:g}%",
            "average real growth (%)",
        ],
    )
    return View(fig, alt, takeaway, table)


# -------------------------------------------------------------------- Ageing

OLD = "SP.POP.65UP.TO.ZS"


def observed(wdi: pd.DataFrame, economy: str = "JPN", indicator: str = OLD) -> pd.Series:
    """Share of the population in an age group (% of total), World Bank, by year."""
    rows = wdi[(wdi["economy_code"] == economy) & (wdi["indicator_code"] == indicator)]
    return rows.set_index("year")["value"].astype(float).sort_index()


def projected(age_groups: pd.DataFrame, age_group: str = "65+") -> pd.Series:
    """IPSS 2017 medium-variant projection of an age group's share (% of total), by year."""
    rows = age_groups[age_groups["age_group"] == age_group]
    return rows.set_index("year")["share_of_total_pct"].astype(float).sort_index()


def reveal(wdi: pd.DataFrame, age_groups: pd.DataFrame, year: int) -> dict | str:
    """The share of Japan's population aged 65+ in ``year``: observed where the World
    Bank has it, else the IPSS projection. A message (str) when neither has the year."""
    seen, future = observed(wdi), projected(age_groups)
    if year in seen.index:
        return {"year": year, "value": seen[year], "kind": "observed", "source": "World Bank"}
    later = future[future.index > seen.index.max()]
    if year in later.index:
        return {
            "year": year,
            "value": later[year],
            "kind": "projected",
            "source": "IPSS 2017 projection, medium variant",
        }
    projected_years = ", ".join(str(y) for y in later.index)
    return (
        f"No figure for {year}. Observed shares run from {seen.index.min()} to {seen.index.max()}; "
        f"after that the official projection gives only {projected_years}."
    )


def reveal_view(
    wdi: pd.DataFrame, age_groups: pd.DataFrame, source_line: str, year: int, guess: float
) -> View | Notice:
    """Predict, then reveal: the student's guess for one year against the data, with the gap."""
    if guess is None or not 0 <= guess <= 100:
        return Notice("Your guess is a share of the population: enter a number from 0 to 100.")
    result = reveal(wdi, age_groups, year)
    if isinstance(result, str):
        return Notice(result)
    seen, future = observed(wdi), projected(age_groups)
    world = observed(wdi, "WLD")
    future = future[future.index >= seen.index.max() - 10]

    fig, ax = new_figure(height=4.0)
    ax.plot(seen.index, seen.values, label="Japan, observed (World Bank)", **economy_style("JPN"))
    ax.plot(
        future.index,
        future.values,
        color=PALETTE["blue"],
        linewidth=1.5,
        linestyle=":",
        marker="o",
        markersize=3,
        label="Japan, IPSS 2017 projection (medium)",
    )
    ax.plot(world.index, world.values, label="World, observed", **economy_style("WLD"))
    ax.scatter(
        [year], [guess], marker="X", s=90, color=PALETTE["vermillion"], zorder=4, label="your guess"
    )
    ax.scatter(
        [year],
        [result["value"]],
        marker="o",
        s=70,
        facecolor="white",
        edgecolor="black",
        zorder=4,
        label="the figure",
    )
    ax.vlines(
        year,
        min(guess, result["value"]),
        max(guess, result["value"]),
        color=PALETTE["vermillion"],
        linewidth=1.2,
        zorder=3,
    )
    ax.set_ylabel("% of population aged 65 and over")
    ax.set_ylim(0, max(45, guess + 3))
    ax.set_title(f"Japan's population aged 65 and over: your guess for {year}", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    year_axis(ax)
    add_source(fig, source_line)

    gap = guess - result["value"]
    verb = "was" if result["kind"] == "observed" else "is projected to be"
    direction = "too high" if gap > 0 else "too low"
    closeness = "spot on" if abs(gap) < 0.5 else f"{abs(gap):.1f} percentage points {direction}"
    takeaway = (
        f"In {year}, the share of Japan's population aged 65 and over {verb} "
        f"{result['value']:.1f}% "
        f"({result['source']}). You guessed {guess:.1f}%: {closeness}."
    )
    alt = (
        "Line chart of the share of people aged 65 and over in Japan and the world, "
        f"{seen.index.min()} to "
        f"{future.index.max()}, with your guess and the figure for {year} marked. {takeaway}"
    )
    return View(fig, alt, takeaway)
