"""Chapter 5's widget functions swept over their controls: one country's
groupings, what the groupings weigh, and the infrastructure-gap calculator;
plus the membership table they share, the figures quoted from sources and the
inputs of the gap, and a check that each widget redraws in place as a new
figure would.

Every call must return a View or a Notice (never raise). The numbers a View
reports are checked against values read straight from the CSV files with the
csv module, not with the code under test."""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from functools import partial

import pandas as pd
import pytest
from conftest import ROOT, check_notice, check_view, read_csv
from pybtex.database import parse_file
from test_live_figures import check_in_place_matches_fresh

from bookkit import timeline
from bookkit.chapters import ch05
from bookkit.data import load

# ---------------------------------------------------------------- oracles from the raw files

AGREEMENTS = read_csv("trade_agreement_members")
FOUNDING = read_csv("aiib_founding_members_2015")
DOCS = read_csv("bri_cooperation_documents")
SETS = defaultdict(set)
for row in AGREEMENTS:
    SETS[row["agreement"]].add(row["economy_code"])
SETS["AIIB-57"] = {r["economy_code"] for r in FOUNDING}
SETS["BRI"] = {r["economy_code"] for r in DOCS}
ALL_CODES = set().union(*SETS.values())

GDP = defaultdict(dict)
for row in read_csv("gdp_current_usd_all_economies"):
    GDP[int(row["year"])][row["economy_code"]] = int(row["gdp_current_usd"])
POPULATION = defaultdict(dict)
for row in read_csv("wdi_indicators"):
    if row["indicator_code"] == "SP.POP.TOTL":
        POPULATION[int(row["year"])][row["economy_code"]] = float(row["value"])
ADB_ROWS = read_csv("adb_infrastructure_needs_2017")
ADB = {(r["estimate"], r["measure"]): float(r["value_usd_trillion"]) for r in ADB_ROWS}
QUOTED = {r["figure_id"]: r for r in read_csv("quoted_figures")}
ESSAY = {
    "need_total": float(QUOTED["essay_need"]["value"]),
    "first_year": int(QUOTED["essay_need"]["period"][:4]),
    "last_year": int(QUOTED["essay_need"]["period"][-4:]),
    "gap_per_year": float(QUOTED["essay_gap"]["value"]),
}


@pytest.fixture(scope="module")
def members():
    return ch05.memberships(
        load("trade_agreement_members"),
        load("aiib_founding_members_2015"),
        load("bri_cooperation_documents"),
    )


@pytest.fixture(scope="module")
def gdp_all():
    return load("gdp_current_usd_all_economies")


@pytest.fixture(scope="module")
def adb():
    return load("adb_infrastructure_needs_2017")


@pytest.fixture(scope="module")
def quoted():
    return load("quoted_figures")


# ---------------------------------------------------------------- the membership table


def test_memberships_have_one_row_per_member_of_each_grouping(members):
    for grouping in ch05.GROUPINGS:
        assert (
            set(members.loc[members["grouping"] == grouping, "economy_code"]) == SETS[grouping]
        ), grouping
    assert len(members) == sum(len(s) for s in SETS.values())


def test_members_in_both_rcep_and_cptpp(members):
    both = ch05.members_of(members, ["RCEP", "CPTPP"], "all")
    assert set(both) == SETS["RCEP"] & SETS["CPTPP"]
    assert {"JPN", "AUS", "VNM"} <= set(both) and not {"CHN", "USA", "KOR"} & set(both)
    assert set(ch05.members_of(members, ["RCEP", "CPTPP"], "any")) == SETS["RCEP"] | SETS["CPTPP"]


def test_rcep_is_not_the_belt_and_road(members):
    """The chapter's correction of the essay rests on this: Japan is in RCEP and has no BRI
    document."""
    assert "JPN" in SETS["RCEP"] and "JPN" not in SETS["BRI"]
    japan = members[members["economy_code"] == "JPN"]
    assert set(japan["grouping"]) == {g for g, s in SETS.items() if "JPN" in s}


def test_membership_dates_and_status_come_from_the_files(members):
    for row in AGREEMENTS:
        mine = members[
            (members["grouping"] == row["agreement"])
            & (members["economy_code"] == row["economy_code"])
        ].iloc[0]
        assert mine["joined"] == pd.Timestamp(row["signed"])
        assert (pd.isna(mine["in_force"]) and not row["entry_into_force"]) or mine[
            "in_force"
        ] == pd.Timestamp(row["entry_into_force"])
        assert timeline.short_date(row["signed"]) in mine["status"]
        if row["exit_or_withdrawal"]:
            assert "withdrew " + timeline.short_date(row["exit_or_withdrawal"]) in mine["status"]
    for row in FOUNDING:
        mine = members[
            (members["grouping"] == "AIIB-57") & (members["economy_code"] == row["economy_code"])
        ].iloc[0]
        assert ("29 Jun 2015" in mine["status"]) == (row["signed_at_2015_06_29"] == "true")
        assert ("still not a full member" in mine["status"]) == (
            row["not_yet_member_at_2020_03_31"] == "true"
        )


def test_short_date_is_portable():
    assert timeline.short_date("2020-11-15") == "15 Nov 2020"
    assert timeline.short_date(pd.Timestamp("2022-01-01")) == "1 Jan 2022"


# ---------------------------------------------------------------- one country's groupings


@pytest.mark.sweep
def test_country_view_for_every_economy(members):
    for code in sorted(ALL_CODES):
        result = check_view(ch05.country_view(members, "src", code))
        inside = [ch05.GROUPINGS[g] for g in ch05.GROUPINGS if code in SETS[g]]
        outside = [ch05.GROUPINGS[g] for g in ch05.GROUPINGS if code not in SETS[g]]
        assert (
            f"is in {len(inside)} of the {len(ch05.GROUPINGS)} groupings: {', '.join(inside)}."
            in result.takeaway
        )
        assert len(result.table) == len(inside)
        assert "Not in: " + ", ".join(outside) + "." in result.alt


def test_country_view_marks_withdrawals_and_exits(members):
    """The dates are in the table (and the alt text), not in the short takeaway."""
    usa = check_view(ch05.country_view(members, "src", "USA"))
    withdrawal = next(r for r in AGREEMENTS if r["economy_code"] == "USA")["exit_or_withdrawal"]
    assert "withdrew " + timeline.short_date(withdrawal) in usa.table.loc["TPP-12", "status"]
    assert "withdrew " + timeline.short_date(withdrawal) in usa.alt
    leavers = [r["economy_code"] for r in DOCS if r["likely_exit_date"]]
    for code in leavers:
        result = check_view(ch05.country_view(members, "src", code))
        assert "left, likely" in result.table.loc[ch05.GROUPINGS["BRI"], "status"]
        crosses = [line for line in result.figure.axes[0].get_lines() if line.get_marker() == "x"]
        assert crosses, code


@pytest.mark.parametrize("code", ["XXX", "", "jpn"])
def test_country_view_unknown_economy(members, code):
    assert "none of the groupings" in check_notice(ch05.country_view(members, "src", code)).text


# ---------------------------------------------------------------- what the groupings weigh

SUBSETS = [combo for n in range(1, 6) for combo in itertools.combinations(ch05.GROUPINGS, n)]
YEARS = [1990, 2012, 2016, 2020, max(GDP)]


def oracle_weight(groupings, combine, year):
    sets = [SETS[g] for g in groupings]
    codes = set.intersection(*sets) if combine == "all" else set.union(*sets)
    gdp = GDP[year]
    with_gdp = [c for c in codes if c in gdp]
    share = 100 * sum(gdp[c] for c in with_gdp) / gdp["WLD"]
    population = POPULATION.get(year, {})
    with_pop = [c for c in codes if c in population]
    pop_share = (
        100 * sum(population[c] for c in with_pop) / population["WLD"]
        if "WLD" in population
        else None
    )
    return codes, share, len(with_gdp), pop_share, len(with_pop)


@pytest.mark.sweep
@pytest.mark.parametrize("combine", list(ch05.COMBINE))
def test_groupings_every_combination(members, gdp_all, wdi, combine):
    for groupings, year in itertools.product(SUBSETS, YEARS):
        result = ch05.groupings_view(members, gdp_all, wdi, "src", groupings, combine, year)
        codes, share, n_gdp, pop_share, n_pop = oracle_weight(groupings, combine, year)
        if not codes:
            assert "No economy is" in check_notice(result).text
            continue
        check_view(result)
        assert result.takeaway.startswith(f"{len(codes)} economies are ")
        names_listed = len(codes) <= ch05.NAMES_IN_TAKEAWAY
        assert ("(see the table)" in result.takeaway) == (not names_listed)
        found = re.search(r"Together ([\d.]+)% of world GDP in (\d{4})", result.takeaway)
        assert int(found.group(2)) == year and abs(float(found.group(1)) - share) < 0.051
        assert (f"No GDP for {year} for" in result.takeaway) == (n_gdp < len(codes))
        if pop_share is None:
            assert "no world population" in result.takeaway
        elif n_pop == len(codes):
            assert f"Population: {pop_share:.1f}% of the world's." in result.takeaway
        elif n_pop:
            assert (
                f"at least {pop_share:.1f}% of the world's (data for {n_pop} of {len(codes)})"
                in result.takeaway
            )
        else:
            assert "none of them has population data" in result.takeaway
        assert set(result.table.index) == codes
        bars = result.figure.axes[0].patches
        assert len(bars) == min(len(codes) - (len(codes) - n_gdp), 15) + (1 if n_gdp > 15 else 0)


@pytest.mark.parametrize(
    "groupings, combine, year, expected",
    [
        ((), "all", 2020, "Choose at least one grouping"),
        (("RCEP", "OPEC"), "all", 2020, "Unknown choice"),
        (("RCEP",), "some", 2020, "Unknown choice"),
        (("RCEP",), "all", 1950, "No world GDP for 1950"),
        (("RCEP",), "all", 2040, "No world GDP for 2040"),
    ],
)
def test_groupings_edge_cases(members, gdp_all, wdi, groupings, combine, year, expected):
    result = ch05.groupings_view(members, gdp_all, wdi, "src", groupings, combine, year)
    assert expected in check_notice(result).text


def test_groupings_with_no_common_member(members, gdp_all, wdi):
    """Viet Nam is in all five groupings in the data, so an empty overlap needs made-up
    memberships."""
    disjoint = members[members["economy_code"].isin(["JPN", "CHN"])]
    disjoint = disjoint[
        ((disjoint["economy_code"] == "JPN") & (disjoint["grouping"] == "CPTPP"))
        | ((disjoint["economy_code"] == "CHN") & (disjoint["grouping"] == "BRI"))
    ]
    result = ch05.groupings_view(disjoint, gdp_all, wdi, "src", ("CPTPP", "BRI"), "all", 2020)
    assert "No economy is in all of CPTPP, BRI cooperation document" in check_notice(result).text
    assert check_view(
        ch05.groupings_view(disjoint, gdp_all, wdi, "src", ("CPTPP", "BRI"), "any", 2020)
    )


def test_rcep_population_is_a_lower_bound(members, gdp_all, wdi):
    result = check_view(ch05.groupings_view(members, gdp_all, wdi, "src", ("RCEP",), "all", 2020))
    missing = [c for c in SETS["RCEP"] if c not in POPULATION[2020]]
    assert missing, (
        "if every RCEP member now has population data, update the chapter's lower-bound wording"
    )
    assert (
        "at least" in result.takeaway
        and f"(data for {len(SETS['RCEP']) - len(missing)} of" in result.takeaway
    )
    assert (result.table.loc[missing, "% of world population 2020"] == "no data").all()


# ---------------------------------------------------------------- the infrastructure-gap calculator


def test_adb_figures_match_the_file(adb):
    figures = ch05.adb_figures(adb)
    assert figures["climate_total"] == ADB[("climate-adjusted", "total 2016-2030")]
    assert (
        figures["baseline_per_year"]
        == ADB[("baseline (no climate mitigation/adaptation costs)", "per year")]
    )
    assert figures["current_investment"] == ADB[("current investment (ADB estimate)", "per year")]
    notes = {(r["estimate"], r["measure"]): r["note"] for r in ADB_ROWS}
    need_note = notes[("climate-adjusted", "total 2016-2030")]
    invest_note = notes[("current investment (ADB estimate)", "per year")]
    assert f"{figures['need_economies']:.0f} ADB developing member" in need_note
    assert f"for {figures['investment_economies']:.0f} economies" in invest_note


def test_quoted_figures_name_a_bibliography_entry_and_a_check():
    """Each figure quoted from a source names its entry in references.bib and where the
    team checked it; the figures the chapter needs are there."""
    entries = parse_file(str(ROOT / "references.bib")).entries
    for figure_id, row in QUOTED.items():
        assert row["source_key"] in entries, figure_id
        assert row["checked_in"].strip() and row["where_in_source"].strip(), figure_id
    assert {"essay_need", "essay_gap", "jin_need", "adb_gap"} <= set(QUOTED)
    assert QUOTED["adb_gap"]["unit"].startswith("% of")  # a share, never read as US$


def test_essay_figures_come_from_the_quoted_figures(quoted):
    assert ch05.essay_figures(quoted) == ESSAY


def test_gap_inputs_show_that_need_and_investment_cover_different_economies(adb, quoted):
    """The like-for-like check the chapter shows: the need covers more economies than the
    investment, and ADB's own gap covers the same economies as the investment."""
    inputs = ch05.gap_inputs(adb, quoted)
    assert inputs["value"].iloc[0] == pytest.approx(
        ADB[("climate-adjusted", "total 2016-2030")] / 15
    )
    assert inputs["value"].iloc[1] == ADB[("current investment (ADB estimate)", "per year")]
    assert inputs["value"].iloc[2] == float(QUOTED["adb_gap"]["value"])
    assert inputs["unit"].iloc[2] == QUOTED["adb_gap"]["unit"]
    covered = [int(text.split()[0]) for text in inputs["economies covered"]]
    assert covered[0] > covered[1] == covered[2]
    assert inputs["years"].iloc[2] == QUOTED["adb_gap"]["period"]


def test_gap_path_never_goes_below_zero():
    path = ch05.gap_path(1.0, 0.5, 20.0, 10)
    assert list(path.index) == list(range(2016, 2026))
    assert path["investment"].iloc[3] == pytest.approx(0.5 * 1.2**3)
    assert (path["gap"] >= 0).all() and path["gap"].iloc[-1] == 0
    assert path["gap"].iloc[0] == pytest.approx(0.5)


def oracle_gap(estimate, investment, growth, years):
    key = (
        "climate-adjusted"
        if estimate == "climate-adjusted"
        else "baseline (no climate mitigation/adaptation costs)"
    )
    need = ADB[(key, "total 2016-2030")] / 15
    gaps = [max(need - investment * (1 + growth / 100) ** t, 0) for t in range(years)]
    covered = next((2016 + t for t, g in enumerate(gaps) if g <= 0), None)
    return need, sum(gaps), covered


@pytest.mark.sweep
@pytest.mark.parametrize("estimate", list(ch05.NEEDS))
def test_gap_calculator_grid(adb, estimate):
    for investment, growth, years in itertools.product(
        [0, 0.881, 1.2, 1.6, 2.5], [-5, 0, 2.5, 5, 10, 15], [1, 5, 10, 15]
    ):
        result = check_view(ch05.gap_view(adb, "src", ESSAY, estimate, investment, growth, years))
        need, total, covered = oracle_gap(estimate, investment, growth, years)
        assert f"need of {need:.2f} a year" in result.takeaway
        assert f": {total:.1f} trillion US$ ({total / years:.2f} a year)" in result.takeaway
        assert f"{2016}-{2015 + years}" in result.takeaway
        assert ("Investment covers the need from" in result.takeaway) == (covered is not None)
        if covered is not None:
            assert f"Investment covers the need from {covered}." in result.takeaway
        assert "your assumption" in result.table.loc["investment growth", "source"]
        assert "ADB (2017)" in result.table.loc["need (US$ tn)", "source"]
        assert "not like for like" in result.table.loc["gap (US$ tn)", "source"]
        assert result.table.loc["the essay's gap (US$ tn)", "value"].startswith(
            f"{ESSAY['gap_per_year']:g}"
        )


def test_gap_calculator_default_matches_adb(adb):
    result = check_view(
        ch05.gap_view(
            adb,
            "src",
            ESSAY,
            "climate-adjusted",
            ADB[("current investment (ADB estimate)", "per year")],
            0,
            15,
        )
    )
    need, total, _ = oracle_gap(
        "climate-adjusted", ADB[("current investment (ADB estimate)", "per year")], 0, 15
    )
    assert total == pytest.approx(
        15 * (need - ADB[("current investment (ADB estimate)", "per year")])
    )
    assert f"{total:.1f} trillion US$" in result.takeaway


@pytest.mark.parametrize(
    "estimate, investment, growth, years, expected",
    [
        ("climate-adjusted", 0.9, 0, 0, "choose between 1 and 15 years"),
        ("climate-adjusted", 0.9, 0, 16, "choose between 1 and 15 years"),
        ("climate-adjusted", -0.1, 0, 15, "cannot be negative"),
        ("climate-adjusted", 0.9, 25, 15, "between -10% and 20%"),
        ("essay", 0.9, 0, 15, "Unknown estimate"),
    ],
)
def test_gap_calculator_edge_cases(adb, estimate, investment, growth, years, expected):
    result = ch05.gap_view(adb, "src", ESSAY, estimate, investment, growth, years)
    assert expected in check_notice(result).text


# ---------------------------------------------------------------- redrawn in place


@pytest.mark.sweep
def test_country_view_in_place_matches_a_new_figure(members):
    rng = random.Random(51)
    settings = [{"economy": code} for code in rng.sample(sorted(ALL_CODES), 15)]
    function = partial(ch05.country_view, members, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) == 15


@pytest.mark.sweep
def test_groupings_in_place_match_a_new_figure_as_the_height_changes(members, gdp_all, wdi):
    rng = random.Random(52)
    settings = [
        {
            "groupings": rng.choice(SUBSETS),
            "combine": rng.choice(list(ch05.COMBINE)),
            "year": rng.choice(YEARS),
        }
        for _ in range(20)
    ]
    function = partial(ch05.groupings_view, members, gdp_all, wdi, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 12


@pytest.mark.sweep
def test_gap_calculator_in_place_matches_a_new_figure(adb):
    rng = random.Random(53)
    settings = [
        {
            "estimate": rng.choice(list(ch05.NEEDS)),
            "investment": rng.choice([0, 0.881, 1.2, 2.5]),
            "growth": rng.choice([-5, 0, 2.5, 5, 15]),
            "years": rng.randint(1, 15),
        }
        for _ in range(20)
    ]
    function = partial(ch05.gap_view, adb, "Source: test.", ESSAY)
    assert check_in_place_matches_fresh(function, settings) == 20
