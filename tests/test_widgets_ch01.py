"""Every widget function swept over its grid of control values (or a dense
sample of it), plus the edge cases: empty selection, reversed range, a year
with no data. Each call must return a View or a Notice (never raise), and the
numbers it reports are checked against values read straight from the CSV
files with the csv module, not with the code under test."""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from functools import partial

import pytest
from conftest import check_notice, check_view, read_csv
from test_live_figures import check_in_place_matches_fresh

from bookkit import bri, gdp
from bookkit.chapters import ch01
from bookkit.data import load

CORE = ["CHN", "JPN", "USA", "KOR", "WLD"]
MEASURES = list(gdp.MEASURE_LABELS)


# Oracles built from the raw files.
RAW_CORE = {
    (r["economy_code"], r["measure"], int(r["year"])): int(r["value_usd"])
    for r in read_csv("gdp_core_economies")
}
RAW_ALL = defaultdict(dict)
for row in read_csv("gdp_current_usd_all_economies"):
    RAW_ALL[int(row["year"])][row["economy_code"]] = (
        row["economy_type"],
        int(row["gdp_current_usd"]),
    )
RAW_DOCS = read_csv("bri_cooperation_documents")


@pytest.fixture(scope="module")
def core():
    return load("gdp_core_economies")


def years_with_data(code, measure):
    return sorted(year for (c, m, year) in RAW_CORE if c == code and m == measure)


# ---------------------------------------------------------------- GDP explorer

SUBSETS = [combo for n in range(1, 6) for combo in itertools.combinations(CORE, n)]
GRID_YEARS = list(range(1960, 2026, 5)) + [2024, 2025]
RANGES = [(a, b) for a, b in itertools.combinations(sorted(set(GRID_YEARS)), 2)]


def expected_explorer_outcome(economies, start, end, measure, scale):
    for code in economies:
        have = [y for y in years_with_data(code, measure) if start <= y <= end]
        if not have:
            return "notice"
        if scale == "index" and have[0] != start:
            return "notice"
    return "view"


@pytest.mark.sweep
@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("scale", gdp.SCALES)
def test_explorer_every_selection_of_economies(core, measure, scale):
    for economies in SUBSETS:
        result = ch01.explore_view(core, "src", economies, (2000, 2019), measure, scale)
        check_view(result)
        lines = [
            line
            for line in result.figure.axes[0].get_lines()
            if line.get_label() in gdp.names(core).values()
        ]
        assert len(lines) == len(economies)
        for code in economies:
            ratio = RAW_CORE[(code, measure, 2019)] / RAW_CORE[(code, measure, 2000)]
            shown = re.search(
                rf"{re.escape(gdp.names(core)[code])} ×([0-9]+\.[0-9]+)", result.takeaway
            ).group(1)
            assert abs(float(shown) - ratio) < 0.01 * max(1, ratio), (code, shown, ratio)
        if scale == "index":
            assert all(abs(line.get_ydata()[0] - 100) < 1e-9 for line in lines)


@pytest.mark.sweep
@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("scale", gdp.SCALES)
def test_explorer_every_year_range(core, measure, scale):
    economies = ("CHN", "USA", "JPN")
    for start, end in RANGES:
        result = ch01.explore_view(core, "src", economies, (start, end), measure, scale)
        if expected_explorer_outcome(economies, start, end, measure, scale) == "view":
            check_view(result)
        else:
            check_notice(result)


@pytest.mark.parametrize(
    "economies, years, measure, scale, expected",
    [
        ((), (2000, 2019), "current_usd", "index", "Choose at least one economy"),
        (("CHN",), (2019, 2000), "current_usd", "linear", "start before end"),
        (("CHN",), (2010, 2010), "current_usd", "log", "at least two years"),
        (("CHN",), (2025, 2025), "constant_2015_usd", "linear", "at least two years"),
        (
            ("JPN",),
            (1950, 1955),
            "current_usd",
            "linear",
            "No current US$ (nominal) GDP for Japan between 1950 and 1955",
        ),
        (
            ("CHN", "WLD"),
            (2025, 2030),
            "constant_2015_usd",
            "index",
            "No constant 2015 US$ (real) GDP for China, World",
        ),
        (("CHN",), (2000, 2019), "current_usd", "cubic", "Unknown choice"),
    ],
)
def test_explorer_edge_cases_give_a_clear_message(core, economies, years, measure, scale, expected):
    result = ch01.explore_view(core, "src", economies, years, measure, scale)
    check_notice(result)
    assert expected in result.text


def test_explorer_says_when_a_series_ends_early(core):
    last_constant = max(years_with_data("CHN", "constant_2015_usd"))
    result = ch01.explore_view(
        core, "src", ("CHN",), (2000, last_constant + 1), "constant_2015_usd", "linear"
    )
    check_view(result)
    assert f"This series ends in {last_constant}" in result.takeaway


# ---------------------------------------------------------------- growth calculator


@pytest.mark.sweep
def test_growth_every_pair_of_years_for_china(core):
    years = years_with_data("CHN", "current_usd")
    for start, end in itertools.product(years, years):
        result = gdp.growth(core, "CHN", start, end, "current_usd")
        if start >= end:
            assert result == "The start year must be earlier than the end year."
            continue
        ratio = RAW_CORE[("CHN", "current_usd", end)] / RAW_CORE[("CHN", "current_usd", start)]
        assert result["ratio"] == pytest.approx(ratio, rel=1e-12)
        assert result["cagr_pct"] == pytest.approx(
            100 * (ratio ** (1 / (end - start)) - 1), rel=1e-9
        )
        assert result["increase_pct"] == pytest.approx(100 * (ratio - 1), rel=1e-9)


@pytest.mark.sweep
@pytest.mark.parametrize("code", CORE)
@pytest.mark.parametrize("measure", MEASURES)
def test_growth_grid_for_every_economy_and_measure(core, code, measure):
    have = set(years_with_data(code, measure))
    for start, end in itertools.product(GRID_YEARS, GRID_YEARS):
        result = gdp.growth(core, code, start, end, measure)
        if start >= end:
            assert isinstance(result, str) and "earlier" in result
        elif start not in have or end not in have:
            assert isinstance(result, str) and "this series covers" in result
        else:
            assert result["ratio"] == pytest.approx(
                RAW_CORE[(code, measure, end)] / RAW_CORE[(code, measure, start)]
            )


@pytest.mark.parametrize("code", CORE)
@pytest.mark.parametrize("measure", MEASURES)
def test_growth_view_draws_or_explains(core, code, measure):
    for start, end in [
        (1960, 2019),
        (2000, 2019),
        (2013, 2024),
        (2019, 2000),
        (2020, 2025),
        (1990, 1990),
    ]:
        result = ch01.growth_view(core, "src", code, start, end, measure)
        outcome = gdp.growth(core, code, start, end, measure)
        if isinstance(outcome, str):
            check_notice(result)
            assert result.text == outcome
        else:
            check_view(result)
            assert f"{outcome['ratio']:.2f} times its {start} level" in result.takeaway
            assert result.table is not None and len(result.table) == 6


# The growth calculator's task: pairs of years whose ratio is near the essay's figure.
STARTS, ENDS = range(1998, 2003), range(2017, 2022)


def test_ratio_table_divides_end_by_start(core):
    table = ch01.ratio_table(core, "CHN", "current_usd", STARTS, ENDS)
    assert list(table.index) == list(STARTS) and list(table.columns) == list(ENDS)
    for start, end in itertools.product(STARTS, ENDS):
        expected = RAW_CORE[("CHN", "current_usd", end)] / RAW_CORE[("CHN", "current_usd", start)]
        assert table.loc[start, end] == pytest.approx(expected, rel=1e-12)


def test_ratio_table_leaves_a_year_without_data_empty(core):
    last = max(years_with_data("CHN", "constant_2015_usd"))
    table = ch01.ratio_table(core, "CHN", "constant_2015_usd", [2000], [last, last + 1])
    assert table.loc[2000, last] > 1 and table[last + 1].isna().all()


@pytest.mark.parametrize("target", [10.6, 11.6, 12.5])
def test_nearest_pair_is_the_closest_ratio_in_the_raw_data(core, target):
    def ratio(pair):
        start, end = pair
        return RAW_CORE[("CHN", "current_usd", end)] / RAW_CORE[("CHN", "current_usd", start)]

    expected = min(itertools.product(STARTS, ENDS), key=lambda pair: abs(ratio(pair) - target))
    table = ch01.ratio_table(core, "CHN", "current_usd", STARTS, ENDS)
    assert ch01.nearest_pair(table, target) == expected


def test_the_nearest_pair_view_shows_that_ratio(core):
    start, end = ch01.nearest_pair(ch01.ratio_table(core, "CHN", "current_usd", STARTS, ENDS), 10.6)
    result = check_view(ch01.growth_view(core, "src", "CHN", start, end, "current_usd"))
    ratio = RAW_CORE[("CHN", "current_usd", end)] / RAW_CORE[("CHN", "current_usd", start)]
    assert f"{ratio:.2f} times its {start} level" in result.takeaway


@pytest.mark.sweep
def test_growth_in_place_matches_a_new_figure(core):
    rng = random.Random(18)
    first, last = 1960, max(years_with_data("CHN", "current_usd"))
    settings = []
    for _ in range(24):
        start = rng.randint(first, last - 1)
        settings.append(
            {
                "economy": rng.choice(CORE),
                "start": start,
                "end": rng.randint(start + 1, last),
                "measure": rng.choice(MEASURES),
            }
        )
    function = partial(ch01.growth_view, core, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 15


# ---------------------------------------------------------------- ranking


@pytest.fixture(scope="module")
def all_gdp():
    return load("gdp_current_usd_all_economies")


def oracle_rank(year, code):
    economies = sorted(
        ((v, c) for c, (kind, v) in RAW_ALL[year].items() if kind == "economy"), reverse=True
    )
    return [c for _, c in economies].index(code) + 1, len(economies)


def oracle_ranking(year):
    """Economies (not aggregates) in one year, largest first, with their shares of world GDP."""
    world = RAW_ALL[year].get("WLD", (None, None))[1]
    economies = sorted(
        ((v, c) for c, (kind, v) in RAW_ALL[year].items() if kind == "economy"), reverse=True
    )
    return [(c, 100 * v / world if world else None) for v, c in economies]


NAMES = {row["economy_code"]: row["economy"] for row in read_csv("gdp_current_usd_all_economies")}


@pytest.mark.sweep
@pytest.mark.parametrize("top", [5, 12, 20])
def test_ranking_every_year(all_gdp, top):
    for year in sorted(RAW_ALL):
        result = ch01.ranking_view(all_gdp, "src", year, top)
        check_view(result)
        ranked = oracle_ranking(year)
        assert len(result.figure.axes[0].patches) == min(top, len(ranked))
        # The takeaway names the top three in order, with their world shares...
        leaders = ", ".join(
            f"{rank} {NAMES[code]}"
            + ("" if share is None else f" ({share:.1f}%{' of world GDP' if rank == 1 else ''})")
            for rank, (code, share) in enumerate(ranked[:3], 1)
        )
        assert result.takeaway.startswith(f"Largest economies in {year}: {leaders}"), (
            leaders,
            result.takeaway,
        )
        # ...then China and Japan, when they are not among them.
        for code, name in [("CHN", "China"), ("JPN", "Japan")]:
            rank = [c for c, _ in ranked].index(code) + 1 if code in dict(ranked) else None
            if rank is None:
                assert f"{name} has no figure" in result.takeaway
            elif rank > 3:
                assert f"{name} was number {rank} (" in result.takeaway
            else:
                assert f"{rank} {name}" in result.takeaway


def test_ranking_names_the_leaders_with_their_shares(all_gdp):
    """One year written out in full, from the raw file: the sentence a student reads."""
    ranked = oracle_ranking(2001)
    (c1, s1), (c2, s2), (c3, s3) = ranked[:3]
    china = [c for c, _ in ranked].index("CHN") + 1
    china_share = dict(ranked)["CHN"]
    expected = (
        f"Largest economies in 2001: 1 {NAMES[c1]} ({s1:.1f}% of world GDP), "
        f"2 {NAMES[c2]} ({s2:.1f}%), 3 {NAMES[c3]} ({s3:.1f}%); "
        f"China was number {china} ({china_share:.1f}%)."
    )
    assert ch01.ranking_view(all_gdp, "src", 2001, 10).takeaway == expected


@pytest.mark.parametrize("year", [1950, 2030])
def test_ranking_year_without_data(all_gdp, year):
    result = ch01.ranking_view(all_gdp, "src", year, 10)
    check_notice(result)
    assert f"No GDP data for {year}" in result.text


# ---------------------------------------------------------------- who's in the BRI


@pytest.fixture(scope="module")
def docs():
    return load("bri_cooperation_documents")


def oracle_members(year, region):
    rows = [r for r in RAW_DOCS if region == bri.ALL_REGIONS or r["region"] == region]
    joined = [
        r for r in rows if r["join_date_uncertain"] == "false" and int(r["join_year"]) <= year
    ]
    left = [r for r in joined if r["likely_exit_date"] and int(r["likely_exit_date"][:4]) <= year]
    return len(joined) - len(left), sum(r["join_year"] == str(year) for r in rows)


@pytest.mark.sweep
def test_membership_every_year_and_region(docs):
    regions = [bri.ALL_REGIONS] + sorted({r["region"] for r in RAW_DOCS})
    years = sorted({int(r["join_year"]) for r in RAW_DOCS if r["join_year"]})
    for region, year in itertools.product(regions, range(years[0], years[-1] + 1)):
        result = ch01.membership_view(docs, "src", year, region)
        table = bri.signatories_by_year(docs, region)
        if year not in table.index:
            check_notice(result)
            continue
        check_view(result)
        members, new = oracle_members(year, region)
        assert f"By the end of {year}, {members} countries" in result.takeaway
        assert f"{new} signed in {year}" in result.takeaway
        listed = 0 if result.table is None else len(result.table)
        assert listed == new


@pytest.mark.parametrize(
    "year, region, expected",
    [
        (2012, bri.ALL_REGIONS, "Choose a year from 2013"),
        (2030, bri.ALL_REGIONS, "Choose a year from"),
        (2018, "Atlantis", "Unknown region 'Atlantis'"),
    ],
)
def test_membership_edge_cases(docs, year, region, expected):
    result = ch01.membership_view(docs, "src", year, region)
    check_notice(result)
    assert expected in result.text


def test_signings_by_region_counts_the_dated_signatories(docs):
    table = ch01.signings_by_region(docs)
    dated = [r for r in RAW_DOCS if r["join_date_uncertain"] == "false"]
    assert int(table.to_numpy().sum()) == len(dated)
    for region, year in itertools.product(table.index, table.columns):
        expected = sum(r["region"] == region and int(r["join_year"]) == year for r in dated)
        assert table.loc[region, year] == expected, (region, year)
