"""Who belongs to which Asia-Pacific grouping, what the groupings weigh in the
world economy, and the infrastructure-gap calculator: the functions behind
Chapter 5's widgets.

Groupings, as far as the book's data allow:

- RCEP, the CPTPP and the TPP-12: every member, with its dates of signature and
  entry into force (``trade_agreement_members``);
- the AIIB: only its 57 *prospective founding members* of 2015
  (``aiib_founding_members_2015``). The book has counts of later members
  (``aiib_membership_milestones``) but no list of them;
- the Belt and Road: countries that signed a cooperation document with China, by
  the Green Finance & Development Center's count (``bri_cooperation_documents``).

Each ``*_view`` function returns a ``View`` or, for input it cannot serve, a
``Notice``; it never raises.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from bookkit.charts import PALETTE, add_source, decimal_year, new_figure, year_axis
from bookkit.timeline import number_in, short_date
from bookkit.widgets import Notice, View

GROUPINGS = {
    "RCEP": "RCEP",
    "CPTPP": "CPTPP",
    "TPP-12": "TPP-12",
    "AIIB-57": "AIIB founding members",
    "BRI": "BRI cooperation document",
}
COMBINE = {"all": "in all of", "any": "in any of"}
POPULATION = "SP.POP.TOTL"
NAMES_IN_TAKEAWAY = 8  # more names than this go to the table only
_AIIB_SIGNING_COLUMN = "signed_at_2015_06_29"


def _date_from_column(column: str) -> pd.Timestamp:
    """The date in a column name such as 'signed_at_2015_06_29'."""
    return pd.Timestamp("-".join(column.split("_")[-3:]))


def memberships(
    agreements: pd.DataFrame, aiib_founding: pd.DataFrame, bri_docs: pd.DataFrame
) -> pd.DataFrame:
    """One row per grouping and member: when it joined (signed), when the grouping
    took effect for it, from when the book draws it as a member, whether it left,
    and a short status in words."""
    rows = []
    for _, r in agreements.iterrows():
        if pd.notna(r["entry_into_force"]):
            status = (
                f"signed {short_date(r['signed'])}; in force {short_date(r['entry_into_force'])}"
            )
        elif r["entry_into_force_status"] == "never entered into force":
            status = f"signed {short_date(r['signed'])}; never in force"
        else:
            status = f"signed {short_date(r['signed'])}; date of entry into force not found"
        if pd.notna(r["exit_or_withdrawal"]):
            status += f"; withdrew {short_date(r['exit_or_withdrawal'])}"
        rows.append(
            {
                "grouping": r["agreement"],
                "economy_code": r["economy_code"],
                "economy": r["economy"],
                "joined": r["signed"],
                "in_force": r["entry_into_force"],
                "left": r["exit_or_withdrawal"],
                "member_from": r["entry_into_force"],
                "status": status,
            }
        )
    signing = _date_from_column(_AIIB_SIGNING_COLUMN)
    for _, r in aiib_founding.iterrows():
        signed = bool(r[_AIIB_SIGNING_COLUMN])
        status = (
            f"prospective founding member; signed the Articles {short_date(signing)}"
            if signed
            else "prospective founding member; signed the Articles later (date not in the data)"
        )
        if r["not_yet_member_at_2020_03_31"]:
            status += "; still not a full member on 31 Mar 2020"
        rows.append(
            {
                "grouping": "AIIB-57",
                "economy_code": r["economy_code"],
                "economy": r["economy"],
                "joined": signing if signed else pd.NaT,
                "in_force": pd.NaT,
                "left": pd.NaT,
                # The date each founding member completed membership is not in the data: the
                # bar starts at the signing for those that had completed by 2020, and is not
                # drawn otherwise.
                "member_from": signing
                if signed and not r["not_yet_member_at_2020_03_31"]
                else pd.NaT,
                "status": status,
            }
        )
    for _, r in bri_docs.iterrows():
        if r["join_date_uncertain"] or pd.isna(r["likely_join_date"]):
            status = "signed a cooperation document (date uncertain)"
        else:
            joined = pd.Timestamp(r["likely_join_date"]).strftime("%b %Y")
            status = f"signed a cooperation document, likely {joined}"
        if pd.notna(r["likely_exit_date"]):
            status += f"; left, likely {pd.Timestamp(r['likely_exit_date']).strftime('%b %Y')}"
        rows.append(
            {
                "grouping": "BRI",
                "economy_code": r["economy_code"],
                "economy": r["economy"],
                "joined": r["likely_join_date"] if not r["join_date_uncertain"] else pd.NaT,
                "in_force": pd.NaT,
                "left": r["likely_exit_date"],
                "member_from": r["likely_join_date"] if not r["join_date_uncertain"] else pd.NaT,
                "status": status,
            }
        )
    table = pd.DataFrame(rows)
    for column in ("joined", "in_force", "left", "member_from"):
        table[column] = pd.to_datetime(table[column])
    return table


def economy_names(members: pd.DataFrame) -> dict[str, str]:
    """Code -> one name per economy (the trade-agreement spelling wins, then AIIB, then GFDC)."""
    order = {g: i for i, g in enumerate(["RCEP", "CPTPP", "TPP-12", "AIIB-57", "BRI"])}
    ranked = members.assign(_o=members["grouping"].map(order)).sort_values("_o")
    return dict(
        ranked.drop_duplicates("economy_code")
        .set_index("economy_code")["economy"]
        .sort_values()
        .items()
    )


def members_of(members: pd.DataFrame, groupings: Sequence[str], combine: str) -> list[str]:
    """Codes of the economies in all (or any) of the groupings."""
    sets = [set(members.loc[members["grouping"] == g, "economy_code"]) for g in groupings]
    chosen = set.intersection(*sets) if combine == "all" else set.union(*sets)
    return sorted(chosen)


# ---------------------------------------------------------------- a country's groupings


def country_view(members: pd.DataFrame, source_line: str, economy: str) -> View | Notice:
    """One economy: which groupings it belongs to, and since when, on a time line."""
    names = economy_names(members)
    if economy not in names:
        return Notice(
            f"{economy!r} is in none of the groupings in the book's data. Choose an economy from "
            "the list."
        )
    mine = members[members["economy_code"] == economy].set_index("grouping")
    dates = pd.concat([members["joined"], members["in_force"], members["left"]]).dropna()
    # Bars run to the latest date anywhere in the membership data: the data say nothing later.
    data_end = dates.max()
    first_year, last_year = int(dates.min().year), int(data_end.year)

    fig, ax = new_figure(height=3.2)
    labels = list(GROUPINGS)
    for y, grouping in enumerate(labels):
        if grouping not in mine.index:
            ax.text(
                first_year + 0.1, y, "not a member", va="center", fontsize=9, color=PALETTE["grey"]
            )
            continue
        row = mine.loc[grouping]
        colour = PALETTE["blue"]
        if pd.notna(row["joined"]):
            ax.plot(
                [decimal_year(row["joined"])],
                [y],
                marker="D",
                color=colour,
                markersize=7,
                linestyle="none",
            )
        start = row["member_from"]
        end = row["left"] if pd.notna(row["left"]) else data_end
        if pd.notna(start):
            ax.plot(
                [decimal_year(start), decimal_year(end)],
                [y, y],
                color=colour,
                linewidth=5,
                solid_capstyle="butt",
                alpha=0.6,
            )
        if pd.notna(row["left"]):
            ax.plot(
                [decimal_year(row["left"])],
                [y],
                marker="x",
                color=PALETTE["vermillion"],
                markersize=9,
                markeredgewidth=2,
                linestyle="none",
            )
        if pd.isna(row["joined"]) and pd.isna(start) and pd.isna(row["left"]):
            ax.text(
                first_year + 0.1,
                y,
                "member (date not in the data)",
                va="center",
                fontsize=9,
                color=colour,
            )
    ax.set_yticks(range(len(labels)), [GROUPINGS[g] for g in labels])
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.invert_yaxis()
    ax.set_xlim(first_year, last_year + 1)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    year_axis(ax)
    ax.set_title(f"{names[economy]}: which groupings, since when", loc="left")
    key = [
        Line2D(
            [], [], marker="D", color=PALETTE["blue"], linestyle="none", label="signed or joined"
        ),
        Line2D([], [], color=PALETTE["blue"], linewidth=5, alpha=0.6, label="in force / member"),
        Line2D(
            [],
            [],
            marker="x",
            color=PALETTE["vermillion"],
            markeredgewidth=2,
            linestyle="none",
            label="left",
        ),
    ]
    ax.legend(
        handles=key,
        frameon=False,
        fontsize=8,
        ncols=3,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
    )
    add_source(fig, source_line)

    inside = [GROUPINGS[g] for g in labels if g in mine.index]
    outside = [GROUPINGS[g] for g in labels if g not in mine.index]
    # The takeaway names the groupings; the dates are in the table below the chart.
    # Every economy here is in at least one grouping (see the check above).
    takeaway = (
        f"{names[economy]} is in {len(inside)} of the {len(labels)} groupings: {', '.join(inside)}."
    )
    statuses = "; ".join(f"{GROUPINGS[g]}: {mine.loc[g, 'status']}" for g in mine.index)
    alt = (
        f"Time line of {names[economy]}'s membership of RCEP, the CPTPP, the TPP-12, the AIIB's "
        f"founding group and the BRI. {takeaway} {statuses}. Not in: {', '.join(outside)}."
    )
    table = mine.reindex([g for g in labels if g in mine.index])[["status"]].rename(index=GROUPINGS)
    table.index.name = "grouping"
    return View(fig, alt, takeaway, table)


# ---------------------------------------------------------------- groupings and their weight


def shares(codes: Sequence[str], values: pd.Series, world: float) -> tuple[pd.Series, list[str]]:
    """Each code's share (%) of ``world``, and the codes with no value."""
    present = [c for c in codes if c in values.index and pd.notna(values[c])]
    missing = [c for c in codes if c not in present]
    return (100 * values[present] / world).sort_values(ascending=False), missing


def groupings_view(
    members: pd.DataFrame,
    all_gdp: pd.DataFrame,
    wdi: pd.DataFrame,
    source_line: str,
    groupings: Sequence[str],
    combine: str,
    year: int,
) -> View | Notice:
    """The economies in all (or any) of the chosen groupings, and their combined share
    of world GDP, and of world population where the data allow."""
    if not groupings:
        return Notice("Choose at least one grouping.")
    unknown = [g for g in groupings if g not in GROUPINGS]
    if unknown or combine not in COMBINE:
        return Notice(
            f"Unknown choice: groupings must be among {list(GROUPINGS)}, combine one of "
            f"{list(COMBINE)}."
        )
    names = economy_names(members)
    label = (
        f"{COMBINE[combine]} {', '.join(GROUPINGS[g] for g in groupings)}"
        if len(groupings) > 1
        else f"in {GROUPINGS[groupings[0]]}"
    )
    codes = members_of(members, groupings, combine)
    if not codes:
        return Notice(f"No economy is {label}. Try 'in any of', or fewer groupings.")
    gdp_year = (
        all_gdp[all_gdp["year"] == year].set_index("economy_code")["gdp_current_usd"].astype(float)
    )
    if "WLD" not in gdp_year.index:
        return Notice(
            f"No world GDP for {year}: the GDP data cover "
            f"{all_gdp['year'].min()}-{all_gdp['year'].max()}."
        )
    gdp_shares, no_gdp = shares(codes, gdp_year, gdp_year["WLD"])
    total_gdp = float(gdp_shares.sum())

    population = (
        wdi[(wdi["indicator_code"] == POPULATION) & (wdi["year"] == year)]
        .set_index("economy_code")["value"]
        .astype(float)
    )
    if "WLD" in population.index:
        pop_shares, no_pop = shares(codes, population, population["WLD"])
        covered = len(codes) - len(no_pop)
        if not no_pop:
            pop_text = f"Population: {pop_shares.sum():.1f}% of the world's."
        elif covered:
            pop_text = (
                f"Population: at least {pop_shares.sum():.1f}% of the world's (data for "
                f"{covered} of {len(codes)})."
            )
        else:
            pop_text = "Population: no share, since none of them has population data in the book."
    else:
        pop_shares, no_pop = pd.Series(dtype=float), list(codes)
        pop_text = f"Population: the book has no world population for {year}."

    top = 15
    shown = gdp_shares.head(top)
    bars = pd.Series(shown.values, index=[names[c] for c in shown.index])
    if len(gdp_shares) > top:
        bars[f"{len(gdp_shares) - top} others"] = gdp_shares.iloc[top:].sum()
    fig, ax = new_figure(height=0.28 * len(bars) + 1.4)
    colours = [
        PALETTE["vermillion"]
        if c == "CHN"
        else PALETTE["blue"]
        if c == "JPN"
        else PALETTE["orange"]
        if c == "USA"
        else "#9DB9D3"
        for c in list(shown.index) + ([None] if len(bars) > len(shown) else [])
    ]
    ax.barh(bars.index[::-1], bars.values[::-1], color=colours[::-1])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    ax.set_xlabel(f"share of world GDP in {year} (current US$)")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_title(f"{len(codes)} economies, {total_gdp:.1f}% of world GDP in {year}", loc="left")
    add_source(fig, source_line)

    everyone = ", ".join(sorted(names[c] for c in codes))
    # A short list is part of the answer; a long one is in the table below the chart.
    listed = f": {everyone}" if len(codes) <= NAMES_IN_TAKEAWAY else " (see the table)"
    takeaway = (
        f"{len(codes)} economies are {label}{listed}. Together {total_gdp:.1f}% of world GDP in "
        f"{year} (current US$)."
    )
    if no_gdp:
        takeaway += (
            f" No GDP for {year} for {', '.join(names[c] for c in no_gdp)}, so the share leaves "
            "them out."
        )
    takeaway += " " + pop_text
    alt = (
        f"Horizontal bar chart of each member's share of world GDP in {year}, largest first. "
        f"{takeaway} The economies: {everyone}."
    )
    table = pd.DataFrame(
        {
            "economy": [names[c] for c in codes],
            f"% of world GDP {year}": [
                round(gdp_shares[c], 2) if c in gdp_shares.index else None for c in codes
            ],
            f"% of world population {year}": [
                round(pop_shares[c], 2) if c in pop_shares.index else "no data" for c in codes
            ],
        },
        index=pd.Index(codes, name="code"),
    ).sort_values(f"% of world GDP {year}", ascending=False, na_position="last")
    return View(fig, alt, takeaway, table)


# ---------------------------------------------------------------- the infrastructure gap

NEEDS = {
    "climate-adjusted": "climate-adjusted",
    "baseline": "baseline (no climate mitigation/adaptation costs)",
}
FIRST_YEAR, LAST_YEAR = 2016, 2030  # the period of ADB's estimate
INVESTMENT = "current investment (ADB estimate)"
GAP_ECONOMIES = r"the (\d+) economies"  # how many economies ADB's gap covers, in its description


def adb_figures(adb: pd.DataFrame) -> dict[str, float]:
    """ADB's headline figures by a short name (US$ trillion, or US$ trillion a year), and the
    number of economies its need and its current investment cover (from the rows' notes)."""
    table = adb.set_index(["estimate", "measure"])
    value = table["value_usd_trillion"].astype(float)
    return {
        "climate_total": value[("climate-adjusted", "total 2016-2030")],
        "climate_per_year": value[("climate-adjusted", "per year")],
        "baseline_total": value[(NEEDS["baseline"], "total 2016-2030")],
        "baseline_per_year": value[(NEEDS["baseline"], "per year")],
        "current_investment": value[(INVESTMENT, "per year")],
        "previous_2009_per_year": value[("previous ADB estimate (2009)", "per year")],
        "need_economies": number_in(
            table.loc[("climate-adjusted", "total 2016-2030"), "note"],
            r"(\d+) ADB developing member",
        ),
        "investment_economies": number_in(
            table.loc[(INVESTMENT, "per year"), "note"], r"for (\d+) economies"
        ),
    }


def essay_figures(quoted: pd.DataFrame) -> dict[str, float]:
    """The essay's infrastructure figures (``quoted_figures``): its total need in US$ trillion,
    the first and last year of its period, and its yearly gap in US$ trillion."""
    figures = quoted.set_index("figure_id")
    first, last = (int(year) for year in figures.loc["essay_need", "period"].split("-"))
    return {
        "need_total": float(figures.loc["essay_need", "value"]),
        "first_year": first,
        "last_year": last,
        "gap_per_year": float(figures.loc["essay_gap", "value"]),
    }


def gap_inputs(adb: pd.DataFrame, quoted: pd.DataFrame) -> pd.DataFrame:
    """The figures a gap is made of, each with the economies and years it covers: need minus
    investment compares like with like only where these are the same."""
    adb_values = adb_figures(adb)
    gap = quoted.set_index("figure_id").loc["adb_gap"]
    years = LAST_YEAR - FIRST_YEAR + 1
    rows = [
        (
            "ADB's need (climate-adjusted), a year on average",
            adb_values["climate_total"] / years,
            "US$ trillion a year",
            f"{adb_values['need_economies']:.0f} developing members",
            f"{FIRST_YEAR}-{LAST_YEAR} (average)",
        ),
        (
            "ADB's estimate of current investment",
            adb_values["current_investment"],
            "US$ trillion a year",
            f"{adb_values['investment_economies']:.0f} with adequate data",
            "the level when ADB wrote (2015 prices)",
        ),
        (
            "ADB's own gap (need minus investment)",
            float(gap["value"]),
            gap["unit"],
            f"{number_in(gap['figure'], GAP_ECONOMIES):.0f} with adequate data",
            gap["period"],
        ),
    ]
    return pd.DataFrame(
        rows, columns=["figure", "value", "unit", "economies covered", "years"]
    ).set_index("figure")


def gap_path(need_per_year: float, investment: float, growth: float, years: int) -> pd.DataFrame:
    """Year by year from 2016: need, investment (growing at ``growth`` % a year) and the gap
    (never below 0)."""
    index = list(range(FIRST_YEAR, FIRST_YEAR + years))
    invest = [investment * (1 + growth / 100) ** t for t in range(years)]
    frame = pd.DataFrame({"need": need_per_year, "investment": invest}, index=index)
    frame["gap"] = (frame["need"] - frame["investment"]).clip(lower=0)
    frame.index.name = "year"
    return frame


def gap_view(
    adb: pd.DataFrame,
    source_line: str,
    essay: dict[str, float],
    estimate: str,
    investment: float,
    growth: float,
    years: int,
) -> View | Notice:
    """Infrastructure-gap calculator: ADB's need (baseline or climate-adjusted) minus
    investment, year by year from 2016, beside the essay's figures.

    ``essay`` holds the essay's figures (``essay_figures``): ``need_total`` (US$ trillion),
    ``first_year``/``last_year`` of its period and ``gap_per_year``. The need covers more
    economies than ADB's estimate of investment (see ``gap_inputs``), and the table says so.
    """
    if estimate not in NEEDS:
        return Notice(f"Unknown estimate {estimate!r}: choose one of {list(NEEDS)}.")
    if not 1 <= years <= LAST_YEAR - FIRST_YEAR + 1:
        return Notice(
            f"ADB's estimate covers {FIRST_YEAR}-{LAST_YEAR}: choose between 1 and "
            f"{LAST_YEAR - FIRST_YEAR + 1} years."
        )
    if investment < 0 or not -10 <= growth <= 20:
        return Notice(
            "Investment cannot be negative, and its growth must be between -10% and 20% a year."
        )
    adb_values = adb_figures(adb)
    key = "climate" if estimate == "climate-adjusted" else "baseline"
    period = LAST_YEAR - FIRST_YEAR + 1
    need = adb_values[f"{key}_total"] / period
    path = gap_path(need, investment, growth, years)
    total_gap = float(path["gap"].sum())
    end_year = int(path.index[-1])
    essay_years = essay["last_year"] - essay["first_year"] + 1
    essay_need = essay["need_total"] / essay_years

    fig, ax = new_figure()
    ax.bar(
        path.index, path["investment"], color=PALETTE["sky blue"], label="investment (your setting)"
    )
    ax.bar(
        path.index,
        path["gap"],
        bottom=path["investment"].clip(upper=need),
        color=PALETTE["vermillion"],
        alpha=0.75,
        label="gap: need minus investment",
    )
    ax.plot(
        path.index,
        path["need"],
        color=PALETTE["black"],
        linewidth=2,
        label=f"ADB need, {estimate} ({need:.2f} a year)",
    )
    ax.axhline(
        essay_need,
        color=PALETTE["grey"],
        linestyle="--",
        linewidth=1.2,
        label=f"essay's US${essay['need_total']:g}tn spread over {essay_years} years "
        f"({essay_need:.2f} a year)",
    )
    ax.set_ylabel("US$ trillion a year")
    ax.set_ylim(0, max(essay_need, need, float(path["investment"].max())) * 1.25)
    ax.set_title(
        f"Infrastructure need and investment in developing Asia, {FIRST_YEAR}-{end_year}",
        loc="left",
    )
    ax.legend(frameon=False, loc="upper left", fontsize=8, ncols=2)
    year_axis(ax)
    add_source(fig, source_line + " Investment growth: the reader's assumption.")

    covered = path.index[path["gap"] <= 0]
    takeaway = (
        f"Gap {FIRST_YEAR}-{end_year}: {total_gap:.1f} trillion US$ ({total_gap / years:.2f} a "
        f"year) against a {estimate} need of {need:.2f} a year; investment {investment:.3g} in "
        f"{FIRST_YEAR}, growing {growth:.1f}% a year (your assumption)."
    )
    if len(covered):
        takeaway += f" Investment covers the need from {int(covered[0])}."
    alt = (
        f"Bar chart of investment and the gap to ADB's {estimate} need of {need:.2f} trillion "
        f"US$ a year, year by year, {FIRST_YEAR} to {end_year}, with the essay's need spread "
        f"over its years as a dashed line. {takeaway}"
    )
    table = pd.DataFrame(
        {
            "value": [
                f"{need:.3f} a year",
                f"{investment:.3f} in {FIRST_YEAR}",
                f"{growth:.1f}% a year",
                f"{FIRST_YEAR}-{end_year}",
                f"{total_gap:.2f} in all",
                f"{essay['gap_per_year']:g} a year",
            ],
            "source": [
                f"ADB (2017): {estimate} total of {adb_values[key + '_total']:g} trillion for "
                f"{FIRST_YEAR}-{LAST_YEAR}, divided by {period}; "
                f"{adb_values['need_economies']:.0f} economies",
                "your setting (ADB's estimate of current investment: "
                f"{adb_values['current_investment']:.3f} a year, for only "
                f"{adb_values['investment_economies']:.0f} economies)",
                "your assumption (no source)",
                f"your setting (ADB's period is {FIRST_YEAR}-{LAST_YEAR})",
                "arithmetic: need minus investment, each year, added up; not like for like, "
                "since the need covers more economies than the investment",
                f"the essay, for {essay['first_year']}-{essay['last_year']} (untraceable)",
            ],
        },
        index=pd.Index(
            [
                "need (US$ tn)",
                "investment (US$ tn)",
                "investment growth",
                "years",
                "gap (US$ tn)",
                "the essay's gap (US$ tn)",
            ],
            name="assumption",
        ),
    )
    return View(fig, alt, takeaway, table)
