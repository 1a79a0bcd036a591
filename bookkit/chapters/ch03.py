"""Chapter 3, Japan's own disadvantages: Japan's economic eras (the era explorer),
a check of the growth series, the Abenomics scorecard, and ageing (observed World
Bank shares and the 2017 IPSS projection, behind the predict-then-reveal activity).

Era boundaries are a judgement. The book draws them from dated events in the
timeline where it can, and from one stated rule in the data where it cannot:

- *High growth* runs from the first year of the World Bank data to the end of
  the year before Japan's first fall in real GDP in those data (a data rule:
  the era started before the data do, and historians date its end differently).
- *Bubble*: from the Plaza Accord to the Nikkei 225's record close.
- *Lost decades*: from the Nikkei's record close to Abe taking office again.
- *Abenomics*: from Abe taking office again to his announced resignation.

A year belongs to an era if its midpoint (1 July) falls inside it.

The widget functions take series prepared once in the notebook (``japan_series``,
``ageing_data``), so that a redraw does no filtering of the whole data file.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from bookkit.charts import (
    PALETTE,
    add_source,
    annotate_events,
    decimal_year,
    economy_style,
    new_figure,
    render_png,
    year_axis,
)
from bookkit.forms import judgement_form
from bookkit.timeline import event_on
from bookkit.widgets import Notice, View

GROWTH = "NY.GDP.MKTP.KD.ZG"
CPI = "FP.CPI.TOTL.ZG"
OLD = "SP.POP.65UP.TO.ZS"
YEN_PER_DOLLAR = "PA.NUS.FCRF"
# Indicators the era explorer offers: code -> (name, unit).
INDICATORS = {
    GROWTH: ("Real GDP growth", "% a year"),
    CPI: ("Consumer price inflation", "% a year"),
    OLD: ("Population aged 65 and over", "% of population"),
    "SP.POP.1564.TO.ZS": ("Population aged 15-64", "% of population"),
    "NE.TRD.GNFS.ZS": ("Trade (exports + imports)", "% of GDP"),
    "NE.EXP.GNFS.ZS": ("Exports of goods and services", "% of GDP"),
    YEN_PER_DOLLAR: ("Yen per US dollar (official rate)", "yen per US$"),
}
ERA_COLOURS = ["#E69F00", "#CC79A7", "#56B4E9", "#009E73"]

# The dated events that bound the eras: (date, text identifying the event).
PLAZA = ("1985-09-22", "Plaza Accord")
NIKKEI_PEAK = ("1989-12-29", "Nikkei 225")
ABE_RETURNS = ("2012-12-26", "Abe becomes prime minister")
ABE_RESIGNS = ("2020-08-28", "resignation")

# Consumer prices and the GDP deflator measure different baskets, so they differ by a
# few points in a normal year. A gap this large (percentage points) means the real and
# the nominal GDP series cannot both be right for that year.
PRICE_GAP_LIMIT = 8.0


def series(wdi: pd.DataFrame, indicator: str, economy: str = "JPN") -> pd.Series:
    """One economy's annual series for one indicator, indexed by year."""
    rows = wdi[(wdi["economy_code"] == economy) & (wdi["indicator_code"] == indicator)]
    return rows.set_index("year")["value"].astype(float).sort_index()


def japan_series(wdi: pd.DataFrame) -> dict[str, pd.Series]:
    """Japan's series for every indicator the explorer offers, read once."""
    return {code: series(wdi, code) for code in INDICATORS}


# --------------------------------------------------------------------- checking a series


def price_check(wdi: pd.DataFrame) -> pd.DataFrame:
    """Real growth against the growth of GDP in current yen, and the rise in prices the
    two imply (the GDP deflator), beside consumer price inflation, by year.

    GDP in current yen is GDP per person (current US$) x population x yen per US$."""
    nominal = (
        series(wdi, "NY.GDP.PCAP.CD") * series(wdi, "SP.POP.TOTL") * series(wdi, YEN_PER_DOLLAR)
    )
    table = pd.DataFrame(
        {
            "growth in current yen (%)": 100 * nominal.pct_change(),
            "real growth (%)": series(wdi, GROWTH),
            "consumer prices (%)": series(wdi, CPI),
        }
    ).dropna()
    table["implied price rise (%)"] = 100 * (
        (1 + table["growth in current yen (%)"] / 100) / (1 + table["real growth (%)"] / 100) - 1
    )
    table["gap (points)"] = table["implied price rise (%)"] - table["consumer prices (%)"]
    return table


def suspect_years(check: pd.DataFrame, limit: float = PRICE_GAP_LIMIT) -> list[int]:
    """Years whose implied price rise is more than ``limit`` points from consumer price
    inflation: the real growth figure for that year is suspect."""
    return [int(year) for year in check.index[check["gap (points)"].abs() > limit]]


# --------------------------------------------------------------------- eras


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


def define_eras(events: pd.DataFrame, wdi: pd.DataFrame) -> list[Era]:
    """The four eras, with boundaries taken from the timeline and the growth data."""
    plaza, peak, abe, resigns = (
        event_on(events, d, t)["date"] for d, t in (PLAZA, NIKKEI_PEAK, ABE_RETURNS, ABE_RESIGNS)
    )
    growth = series(wdi, GROWTH)
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


def era_table(values: pd.Series, eras: list[Era], suspect: Iterable[int] = ()) -> pd.DataFrame:
    """Average, lowest and highest value of a series in each era, the years with data,
    and the average without the ``suspect`` years."""
    rows = []
    for era in eras:
        found = values.reindex(list(era.years)).dropna()
        kept = found.drop([year for year in suspect if year in found.index])
        rows.append(
            {
                "era": era.name,
                "years": f"{era.years.start}-{era.years.stop - 1}",
                "years with data": len(found),
                "first year with data": int(found.index.min()) if len(found) else None,
                "average": found.mean() if len(found) else float("nan"),
                "suspect years": ", ".join(str(y) for y in found.index if y in suspect),
                "average without them": kept.mean() if len(kept) else float("nan"),
                "lowest": found.min() if len(found) else float("nan"),
                "lowest in": int(found.idxmin()) if len(found) else None,
                "highest": found.max() if len(found) else float("nan"),
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


def _era_summary(era: Era, row: pd.Series) -> str:
    """'High growth 8.9, or 9.6 without 1970 (a suspect value)'; the years are in the table."""
    if row["years with data"] == 0:
        return f"{era.name}: no data"
    partial = (
        ""
        if row["years with data"] == len(era.years)
        else f" (data from {int(row['first year with data'])})"
    )
    text = f"{era.name}{partial} {row['average']:.1f}"
    if row["suspect years"]:
        text += (
            f", or {row['average without them']:.1f} without {row['suspect years']} "
            "(a suspect value)"
        )
    return text


def explore_view(
    japan: dict[str, pd.Series],
    eras: list[Era],
    marks: list[tuple[pd.Timestamp, str]],
    source_line: str,
    suspect: dict[str, list[int]],
    indicator: str,
    show_eras: bool,
    show_events: bool,
) -> View | Notice:
    """Era explorer: one indicator for Japan, eras shaded and events marked on request,
    with the indicator's average in each era. ``suspect`` lists, for an indicator,
    years whose value fails a check (``suspect_years``): they are circled, and each
    era's average is also given without them."""
    if indicator not in INDICATORS:
        return Notice(f"Unknown indicator {indicator!r}: choose one from the list.")
    name, unit = INDICATORS[indicator]
    values = japan.get(indicator, pd.Series(dtype=float))
    if values.empty:
        return Notice(f"No data for Japan on {_lower_first(name)} in this dataset.")
    doubtful = [year for year in suspect.get(indicator, []) if year in values.index]

    fig, ax = new_figure(height=4.0)
    ax.plot(
        values.index, values.values, color=PALETTE["blue"], linewidth=2, marker="o", markersize=2.5
    )
    for year in doubtful:
        ax.scatter([year], [values[year]], s=110, facecolor="none", edgecolor=PALETTE["vermillion"])
        ax.annotate(
            f"{year}: suspect value",
            xy=(year, values[year]),
            xytext=(-7, -7),  # below and to the left, clear of the line
            textcoords="offset points",
            fontsize=8,
            color=PALETTE["vermillion"],
            ha="right",
            va="top",
        )
    if indicator in (GROWTH, CPI):
        ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    # One time axis for every indicator, so the eras stay in place as the indicator changes.
    first = min(int(s.index.min()) for s in japan.values() if len(s))
    last = max(int(s.index.max()) for s in japan.values() if len(s))
    ax.set_xlim(first - 0.5, last + 0.5)
    low, high = min(values.min(), 0), values.max()
    ax.set_ylim(low - 0.05 * (high - low), high + 0.05 * (high - low))
    ax.set_ylabel(unit)
    ax.set_title(
        f"Japan: {_lower_first(name)}, {values.index.min()}-{values.index.max()}",
        loc="left",
        pad=14,
    )
    if show_eras:
        _shade(ax, eras)
    year_axis(ax)
    if show_events:
        annotate_events(ax, marks)
    add_source(fig, f"{source_line} Series: {indicator}.")

    table = era_table(values, eras, doubtful)
    parts = [_era_summary(era, table.loc[era.name]) for era in eras]
    takeaway = f"Average {_lower_first(name)} ({unit}) by era: " + "; ".join(parts) + "."
    shading = "with the four eras shaded" if show_eras else "without era shading"
    marked = f"and {len(marks)} events marked" if show_events else "and no events marked"
    circled = f", the suspect value for {', '.join(map(str, doubtful))} circled" if doubtful else ""
    alt = (
        f"Line chart of Japan's {_lower_first(name)} from {values.index.min()} to "
        f"{values.index.max()}, {shading} {marked}{circled}. {takeaway}"
    )
    columns = ["years", "years with data", "average", "lowest", "lowest in", "highest"]
    if doubtful:
        columns[3:3] = ["suspect years", "average without them"]
    return View(fig, alt, takeaway, table[columns].round(2))


# --------------------------------------------------------------------- Abenomics scorecard


def scorecard(japan: dict[str, pd.Series], start: int, end: int, target: float) -> dict | str:
    """Inflation against the target and growth against the same number of years before.

    Returns a dict of results, or a message (str) saying why it can't.
    """
    if start > end:
        return "The start year is after the end year: choose the start year first."
    cpi, growth = japan[CPI], japan[GROWTH]
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
    prices = cpi.loc[years]
    return {
        "start": start,
        "end": end,
        "years": len(years),
        "target": target,
        "cpi_mean": prices.mean(),
        "years_at_target": int((prices >= target).sum()),
        "at_target": [int(y) for y in prices.index[prices >= target]],
        "cpi_max": prices.max(),
        "growth_mean": growth.loc[years].mean(),
        "before_start": before[0],
        "before_end": before[-1],
        "growth_before": growth.loc[before].mean(),
        "cpi_before": cpi.loc[before].mean(),
        "before_at_target": int((cpi.loc[before] >= target).sum()),
    }


def _which_years(years: list[int]) -> str:
    """' (2014)', ' (2014, 2015)', '' for none; at most five years are named."""
    if not years:
        return ""
    named = ", ".join(map(str, years[:5]))
    return f" ({named}{', ...' if len(years) > 5 else ''})"


def scorecard_view(
    japan: dict[str, pd.Series], source_line: str, target: float, years: tuple[int, int]
) -> View | Notice:
    """Abenomics scorecard: did inflation reach the target, and did growth pick up,
    over the chosen years compared with the same number of years before?"""
    start, end = years
    result = scorecard(japan, start, end, target)
    if isinstance(result, str):
        return Notice(result)
    cpi, growth = japan[CPI], japan[GROWTH]
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
    ax.set_xlim(result["before_start"] - 0.7, end + 0.7)
    shown = [*cpi.loc[span], *growth.loc[span], target, 0]
    low, high = min(shown), max(shown)
    ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
    ax.set_ylabel("% a year")
    ax.set_title(f"Japan: inflation and growth, {result['before_start']}-{end}", loc="left", pad=14)
    ax.legend(frameon=False, fontsize=8, loc="best")
    year_axis(ax)
    add_source(fig, f"{source_line} Series: {CPI}, {GROWTH}.")

    takeaway = (
        f"{start}-{end}: inflation averaged {result['cpi_mean']:.1f}% a year, at or above the "
        f"{target:g}% target in {result['years_at_target']} of {result['years']} "
        f"years{_which_years(result['at_target'])}; real growth averaged "
        f"{result['growth_mean']:.1f}% a year, against {result['growth_before']:.1f}% in "
        f"{result['before_start']}-{result['before_end']}."
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
                f"{result['before_at_target']} of {result['years']}",
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


@dataclass(frozen=True)
class Ageing:
    """Shares of the population aged 65 and over (% of total), by year."""

    seen: pd.Series  # Japan, World Bank
    future: pd.Series  # Japan, IPSS 2017 medium variant, years after the last observed one
    world: pd.Series  # the world, World Bank
    earlier_projection: pd.Series  # the projection's years up to ten before that, for the chart


def projected(age_groups: pd.DataFrame, age_group: str = "65+") -> pd.Series:
    """IPSS 2017 medium-variant projection of an age group's share (% of total), by year."""
    rows = age_groups[age_groups["age_group"] == age_group]
    return rows.set_index("year")["share_of_total_pct"].astype(float).sort_index()


def ageing_data(wdi: pd.DataFrame, age_groups: pd.DataFrame) -> Ageing:
    seen, projection = series(wdi, OLD), projected(age_groups)
    last = seen.index.max()
    return Ageing(
        seen=seen,
        future=projection[projection.index > last],
        world=series(wdi, OLD, "WLD"),
        earlier_projection=projection[projection.index >= last - 10],
    )


def reveal(ageing: Ageing, year: int) -> dict | str:
    """The share of Japan's population aged 65+ in ``year``: observed where the World
    Bank has it, else the IPSS projection. A message (str) when neither has the year."""
    if year in ageing.seen.index:
        return {
            "year": year,
            "value": ageing.seen[year],
            "kind": "observed",
            "source": "World Bank",
        }
    if year in ageing.future.index:
        return {
            "year": year,
            "value": ageing.future[year],
            "kind": "projected",
            "source": "IPSS 2017 projection, medium variant",
        }
    projected_years = ", ".join(str(y) for y in ageing.future.index)
    return (
        f"No figure for {year}. Observed shares run from {ageing.seen.index.min()} to "
        f"{ageing.seen.index.max()}; after that the official projection gives only "
        f"{projected_years}."
    )


def _verdict(result: dict, guess: float) -> str:
    """The sentence comparing a guess with the figure (the page's form writes the same)."""
    gap = guess - result["value"]
    verb = "was" if result["kind"] == "observed" else "is projected to be"
    direction = "too high" if gap > 0 else "too low"
    closeness = "spot on" if abs(gap) < 0.5 else f"{abs(gap):.1f} percentage points {direction}"
    return (
        f"In {result['year']}, the share of Japan's population aged 65 and over {verb} "
        f"{result['value']:.1f}% ({result['source']}). You guessed {guess:.1f}%: {closeness}."
    )


def _ageing_lines(ax, ageing: Ageing) -> None:
    ax.plot(
        ageing.seen.index,
        ageing.seen.values,
        label="Japan, observed (World Bank)",
        **economy_style("JPN"),
    )
    ax.plot(
        ageing.earlier_projection.index,
        ageing.earlier_projection.values,
        color=PALETTE["blue"],
        linewidth=1.5,
        linestyle=":",
        marker="o",
        markersize=3,
        label="Japan, IPSS 2017 projection (medium)",
    )
    ax.plot(
        ageing.world.index, ageing.world.values, label="World, observed", **economy_style("WLD")
    )
    ax.set_xlim(ageing.seen.index.min() - 1, ageing.earlier_projection.index.max() + 1)


# No real guess is 0 %, and an empty box on the page reads as 0, so 0 means "no guess yet":
# the figure stays hidden until the student has typed one.
NO_GUESS = "Type your guess first: a share of the population, above 0 and up to 100 (%)."


def reveal_view(ageing: Ageing, source_line: str, year: int, guess: float) -> View | Notice:
    """Predict, then reveal: the student's guess for one year against the data, with the gap."""
    if guess is None or not 0 < guess <= 100:
        return Notice(NO_GUESS)
    result = reveal(ageing, year)
    if isinstance(result, str):
        return Notice(result)

    fig, ax = new_figure(height=4.0)
    _ageing_lines(ax, ageing)
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

    takeaway = _verdict(result, guess)
    alt = (
        "Line chart of the share of people aged 65 and over in Japan and the world, "
        f"{ageing.seen.index.min()} to {ageing.earlier_projection.index.max()}, with your guess "
        f"and the figure for {year} marked. {takeaway}"
    )
    return View(fig, alt, takeaway)


# The page's version of reveal_view's text, in the reader's browser (bookkit.forms).
# The tests run it with Node and compare it with the Python functions.
REVEAL_JS = """(values, data) => {
  const year = values.year, guess = values.guess;
  if (!(guess > 0) || guess > 100) return data.no_guess;
  let value, kind, source;
  if (String(year) in data.seen) {
    value = data.seen[year]; kind = 'observed'; source = 'World Bank';
  } else if (String(year) in data.future) {
    value = data.future[year]; kind = 'projected'; source = 'IPSS 2017 projection, medium variant';
  } else {
    return `No figure for ${year}. Observed shares run from ${data.first} to ${data.last}; ` +
      `after that the official projection gives only ${Object.keys(data.future).join(', ')}.`;
  }
  const gap = guess - value;
  const verb = kind === 'observed' ? 'was' : 'is projected to be';
  const closeness = Math.abs(gap) < 0.5 ? 'spot on'
    : `${Math.abs(gap).toFixed(1)} percentage points ${gap > 0 ? 'too high' : 'too low'}`;
  return `<p>In ${year}, the share of Japan's population aged 65 and over ${verb} ` +
    `${value.toFixed(1)}% (${source}). You guessed ${guess.toFixed(1)}%: ${closeness}.</p>` +
    `<img class="bk-figure" src="data:image/png;base64,${data.chart}" alt="${data.alt}" ` +
    'style="max-width:100%;height:auto">';
}"""


# Printed (tools/print_chapters.py --handouts), the form becomes the task's four guesses
# and its question, to fill in before the teacher reveals the figures.
PRINTED_REVEAL = (
    '<div class="bk-print-only"><p>Write your guesses before you see the chart. Then look up '
    "each figure on the book's page and say whether you guessed too high or too low.</p>"
    '<table class="bk-choices"><thead><tr><th scope="col">Year</th>'
    '<th scope="col">Your guess (% aged 65 and over)</th><th scope="col">The figure (%)</th>'
    '<th scope="col">Too high or too low?</th></tr></thead><tbody>'
    + "".join(
        f'<tr><th scope="row">{year}</th><td></td><td></td><td></td></tr>'
        for year in (
            "Your choice: ______",
            "Before you were born: ______",
            "This year: ______",
            "2050",
        )
    )
    + "</tbody></table><p>What did you assume that turned out wrong?</p>"
    '<div class="bk-print-lines"></div></div>'
)


def reveal_page(ageing: Ageing, source_line: str) -> str:
    """The predict-then-reveal activity for the published page: the reader types a year
    and a guess, presses the button, and only then sees the figure and the chart."""
    fig, ax = new_figure(height=4.0)
    _ageing_lines(ax, ageing)
    ax.set_ylabel("% of population aged 65 and over")
    ax.set_ylim(0, 45)
    ax.set_title("Japan's population aged 65 and over, observed and projected", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    year_axis(ax)
    add_source(fig, source_line)
    last = int(ageing.seen.index.max())
    data = {
        "seen": {int(y): float(v) for y, v in ageing.seen.items()},
        "future": {int(y): float(v) for y, v in ageing.future.items()},
        "no_guess": NO_GUESS,
        "first": int(ageing.seen.index.min()),
        "last": last,
        "chart": base64.b64encode(render_png(fig)).decode("ascii"),
        "alt": html.escape(
            "Line chart of the share of people aged 65 and over in Japan and the world: Japan "
            f"rises from {ageing.seen.iloc[0]:.1f}% in {ageing.seen.index.min()} to "
            f"{ageing.seen.iloc[-1]:.1f}% in {last} and is projected to reach "
            f"{ageing.future.iloc[-1]:.1f}% in {ageing.future.index.max()}; the world reaches "
            f"{ageing.world.iloc[-1]:.1f}% in {ageing.world.index.max()}.",
            quote=True,
        ),
    }
    body = (
        '<p class="bk-guess"><label for="ch03-reveal-year">Year</label> '
        f'<input type="number" id="ch03-reveal-year" name="year" min="{data["first"]}" '
        f'max="{ageing.future.index.max()}" step="1" value="2020"> '
        '<label for="ch03-reveal-guess">Your guess (% aged 65 and over)</label> '
        '<input type="number" id="ch03-reveal-guess" name="guess" min="0" max="100" '
        'step="0.5"></p>' + PRINTED_REVEAL
    )
    return judgement_form(
        "ch03-reveal",
        intro="Type a year and your guess, then reveal the figure.",
        body=body,
        data=data,
        compute=REVEAL_JS,
        button="Reveal the figure",
    )
