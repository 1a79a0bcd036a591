"""Japan's ageing population: observed shares (World Bank) and the 2017 official
projection (IPSS), and the function behind the predict-then-reveal widget (Chapter 3)."""

from __future__ import annotations

import pandas as pd

from bookkit.charts import PALETTE, add_source, economy_style, new_figure, year_axis
from bookkit.widgets import Notice, View

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
        return {"year": year, "value": later[year], "kind": "projected", "source": "IPSS 2017 projection, medium variant"}
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
    ax.plot(future.index, future.values, color=PALETTE["blue"], linewidth=1.5, linestyle=":", marker="o",
            markersize=3, label="Japan, IPSS 2017 projection (medium)")
    ax.plot(world.index, world.values, label="World, observed", **economy_style("WLD"))
    ax.scatter([year], [guess], marker="X", s=90, color=PALETTE["vermillion"], zorder=4, label="your guess")
    ax.scatter([year], [result["value"]], marker="o", s=70, facecolor="white", edgecolor="black", zorder=4,
               label="the figure")
    ax.vlines(year, min(guess, result["value"]), max(guess, result["value"]), color=PALETTE["vermillion"],
              linewidth=1.2, zorder=3)
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
        f"In {year}, the share of Japan's population aged 65 and over {verb} {result['value']:.1f}% "
        f"({result['source']}). You guessed {guess:.1f}%: {closeness}."
    )
    alt = (
        f"Line chart of the share of people aged 65 and over in Japan and the world, {seen.index.min()} to "
        f"{future.index.max()}, with your guess and the figure for {year} marked. {takeaway}"
    )
    return View(fig, alt, takeaway)
