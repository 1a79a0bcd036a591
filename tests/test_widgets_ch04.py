"""Chapter 4's widget functions swept over their controls: the trade-exposure
explorer, Japan between its two partners, and the what-if projection of
China's GDP as a percentage of the United States'.

Every call must return a View or a Notice (never raise). The numbers a View
reports are checked against values read straight from the CSV files with the
csv module, not with the code under test. Each widget's view drawn in place (as a
live widget redraws) must match the same view drawn on a new figure."""

from __future__ import annotations

import itertools
import math
import random
import re
from functools import partial

import pytest
from conftest import check_notice, check_view, read_csv
from test_live_figures import check_in_place_matches_fresh

from bookkit.chapters import ch04
from bookkit.data import load

# ---------------------------------------------------------------- oracles from the raw files

US_ROWS = {(r["partner_code"], int(r["year"])): r for r in read_csv("us_goods_trade_annual")}
US_COLUMN = {
    "exports": "us_exports_usd_mn",
    "imports": "us_imports_usd_mn",
    "total": "us_total_trade_usd_mn",
    "balance": "us_balance_usd_mn",
}
US_SHARE = {
    "exports": "share_of_us_exports_pct",
    "imports": "share_of_us_imports_pct",
    "total": "share_of_us_total_trade_pct",
}
PARTIAL_YEARS = sorted({year for (_, year), r in US_ROWS.items() if r["complete_year"] == "false"})


def oracle_us(partner, flow, measure, start, end):
    """{year: value} as the explorer should show it."""
    out = {}
    for year in range(start, end + 1):
        row = US_ROWS.get((partner, year))
        if row is None:
            continue
        if measure == "usd_bn":
            if row["complete_year"] == "true":
                out[year] = float(row[US_COLUMN[flow]]) / 1000
        elif flow == "balance":
            world = US_ROWS.get(("WLD", year))
            if world is not None:
                out[year] = (
                    100 * float(row["us_balance_usd_mn"]) / float(world["us_balance_usd_mn"])
                )
        elif row[US_SHARE[flow]]:
            out[year] = float(row[US_SHARE[flow]])
    return out


JC_ROWS = {int(r["year"]): r for r in read_csv("japan_china_trade_annual")}


def oracle_japan(flow, measure):
    """{year: (china, us)} for Japan's view (US$ billion or % of Japan's trade with the world)."""
    out = {}
    for year, r in JC_ROWS.items():
        us = US_ROWS.get(("JPN", year))
        if us is None:
            continue
        values = {
            "exports": (
                float(r["exports_to_china_usd_mn"]),
                float(us["us_imports_usd_mn"]),
                float(r["merchandise_exports_world_usd_mn_wdi"]),
            ),
            "imports": (
                float(r["imports_from_china_usd_mn"]),
                float(us["us_exports_usd_mn"]),
                float(r["merchandise_imports_world_usd_mn_wdi"]),
            ),
        }
        values["total"] = tuple(a + b for a, b in zip(values["exports"], values["imports"]))
        values["balance"] = tuple(a - b for a, b in zip(values["exports"], values["imports"]))
        china, usa, world = values[flow]
        out[year] = (
            (100 * china / world, 100 * usa / world)
            if measure == "share"
            else (china / 1000, usa / 1000)
        )
    return out


GDP_ROWS = {
    (r["economy_code"], r["measure"], int(r["year"])): int(r["value_usd"])
    for r in read_csv("gdp_core_economies")
}


def oracle_ratio(measure):
    years = sorted(
        y
        for (c, m, y) in GDP_ROWS
        if c == "CHN" and m == measure and ("USA", measure, y) in GDP_ROWS
    )
    return {y: 100 * GDP_ROWS[("CHN", measure, y)] / GDP_ROWS[("USA", measure, y)] for y in years}


def oracle_crossing(start_ratio, start_year, g_china, g_us, limit=3000):
    """Year by year, no logarithms: the first year the ratio reaches 100."""
    ratio, year = start_ratio, start_year
    while ratio < 100:
        ratio *= (1 + g_china / 100) / (1 + g_us / 100)
        year += 1
        if year > limit:
            return None
    return year


@pytest.fixture(scope="module")
def us():
    return load("us_goods_trade_annual")


@pytest.fixture(scope="module")
def japan_table(us):
    return ch04.japan_partner_table(load("japan_china_trade_annual"), us)


@pytest.fixture(scope="module")
def gdp():
    return load("gdp_core_economies")


# ---------------------------------------------------------------- the trade-exposure explorer

SUBSETS = [combo for n in range(1, 4) for combo in itertools.combinations(ch04.PARTNERS, n)]
GRID_YEARS = [1985, 1987, 1990, 2001, 2010, 2017, 2018, 2019, 2023, 2024]
NUMBER = r"(-?[\d,]+\.\d)"


def check_exposure(result, selection, flow, measure, start, end):
    expected = {code: oracle_us(code, flow, measure, start, end) for code in selection}
    if not any(expected.values()):
        check_notice(result)
        return
    check_view(result)
    drawn = [
        line
        for line in result.figure.axes[0].get_lines()
        if line.get_label() in ch04.PARTNERS.values()
    ]
    assert len(drawn) == len(selection)
    suffix = "%" if measure == "share" else ""
    for code, values in expected.items():
        name = ch04.PARTNERS[code]
        if not values:
            assert f"{name}: no figures in these years" in result.takeaway
            continue
        found = re.search(
            rf"{name} {NUMBER}{re.escape(suffix)} \((\d{{4}})\), {NUMBER}{re.escape(suffix)} "
            rf"\((\d{{4}})\), (?:peak|largest deficit) {NUMBER}{re.escape(suffix)} \((\d{{4}})\)",
            result.takeaway,
        )
        assert found, (name, result.takeaway)
        first, last = min(values), max(values)
        extreme = (
            min(values, key=values.get)
            if (flow == "balance" and measure == "usd_bn")
            else max(values, key=values.get)
        )
        assert (
            int(found.group(2)) == first
            and int(found.group(4)) == last
            and int(found.group(6)) == extreme
        )
        for group, year in [(1, first), (3, last), (5, extreme)]:
            assert abs(float(found.group(group).replace(",", "")) - values[year]) < 0.051, (
                code,
                year,
            )


@pytest.mark.sweep
@pytest.mark.parametrize("flow", list(ch04.FLOWS))
@pytest.mark.parametrize("measure", list(ch04.MEASURES))
def test_exposure_every_selection_and_flow(us, flow, measure):
    for selection, (start, end) in itertools.product(
        SUBSETS, [(1985, 2024), (2000, 2019), (2018, 2024)]
    ):
        result = ch04.exposure_view(us, "src", [], selection, flow, measure, (start, end))
        check_exposure(result, selection, flow, measure, start, end)


@pytest.mark.sweep
@pytest.mark.parametrize("flow", list(ch04.FLOWS))
@pytest.mark.parametrize("measure", list(ch04.MEASURES))
def test_exposure_every_year_range(us, flow, measure):
    for start, end in itertools.combinations(GRID_YEARS, 2):
        result = ch04.exposure_view(us, "src", [], ("CHN", "JPN"), flow, measure, (start, end))
        check_exposure(result, ("CHN", "JPN"), flow, measure, start, end)


def test_exposure_says_what_happens_to_the_half_year(us):
    partial = PARTIAL_YEARS[-1]
    months = int(US_ROWS[("CHN", partial)]["months_reported"])
    in_dollars = check_view(
        ch04.exposure_view(us, "src", [], ("CHN",), "imports", "usd_bn", (2010, partial))
    )
    assert f"{partial} has {months} months only, so it is left out" in in_dollars.takeaway
    assert f"({partial - 1}), peak" in in_dollars.takeaway
    as_share = check_view(
        ch04.exposure_view(us, "src", [], ("CHN",), "imports", "share", (2010, partial))
    )
    assert f"{partial} has {months} months only (hollow marker)" in as_share.takeaway
    assert f"({partial})," in as_share.takeaway


@pytest.mark.parametrize(
    "selection, flow, measure, years, expected",
    [
        ((), "imports", "share", (1990, 2024), "Choose at least one partner"),
        (("CHN",), "imports", "share", (2019, 2000), "start before end"),
        (("CHN",), "imports", "share", (2010, 2010), "at least two years"),
        (("CHN",), "imports", "share", (1985, 1986), "shares start in 1987"),
        (
            ("CHN", "JPN"),
            "balance",
            "usd_bn",
            (PARTIAL_YEARS[-1], PARTIAL_YEARS[-1] + 1),
            "choose complete years",
        ),
        (("XXX",), "imports", "share", (1990, 2024), "Unknown choice"),
        (("CHN",), "re-exports", "share", (1990, 2024), "Unknown choice"),
        (("CHN",), "imports", "per person", (1990, 2024), "Unknown choice"),
    ],
)
def test_exposure_edge_cases_give_a_clear_message(us, selection, flow, measure, years, expected):
    result = check_notice(ch04.exposure_view(us, "src", [], selection, flow, measure, years))
    assert expected in result.text


def test_us_series_balance_share_is_share_of_the_us_deficit(us):
    share = ch04.us_series(us, "CHN", "balance", "share")
    expected = oracle_us("CHN", "balance", "share", 1985, 2024)
    assert set(share.index) == set(expected)
    for year, value in expected.items():
        assert share[year] == pytest.approx(value)


def test_incomplete_years_are_read_from_the_data(us):
    assert ch04.incomplete_years(us) == {
        y: int(US_ROWS[("CHN", y)]["months_reported"]) for y in PARTIAL_YEARS
    }


# ---------------------------------------------------------------- Japan between its two partners


def test_japan_partner_table_matches_the_files(japan_table):
    for flow in ("exports", "imports", "total", "balance"):
        for year, (china, usa) in oracle_japan(flow, "usd_bn").items():
            assert japan_table.loc[year, f"{flow}_china"] == pytest.approx(china)
            assert japan_table.loc[year, f"{flow}_us"] == pytest.approx(usa)
    assert set(japan_table.index) == set(JC_ROWS)


def oracle_clear_from(values):
    """Counting back from the last year: the first year of the unbroken run of years in
    which China's figure is more than 10% above the US's (None if the last year is not)."""
    clear = None
    for year in sorted(values, reverse=True):
        china, usa = values[year]
        if not china > 1.1 * usa:
            break
        clear = year
    return clear


def test_clear_lead_is_the_books_ten_per_cent_rule():
    assert ch04.CLEAR_LEAD_PCT == 10  # the caution box and the tests say 10%


def test_china_is_clearly_ahead_in_total_trade_only_after_the_close_years(japan_table):
    """Total trade: China's lead is within the noise in the years around the crossing, and
    the year the chapter calls the first clear one is the oracle's."""
    oracle = oracle_japan("total", "usd_bn")
    lead = ch04.lead_pct(japan_table["total_china"], japan_table["total_us"])
    first_clear = ch04.clear_lead_from(lead)
    assert first_clear == oracle_clear_from(oracle)
    first_ahead = min(y for y, (china, usa) in oracle.items() if china > usa)
    assert first_ahead < first_clear, "the first year China was ahead is inside the noise"


# Every year at the ends and around the crossings, plus years outside the data.
JAPAN_RANGES = list(
    itertools.combinations(
        [1995, 2001, 2002, 2005, 2006, 2008, 2009, 2010, 2013, 2018, 2019, 2024], 2
    )
)


@pytest.mark.sweep
@pytest.mark.parametrize("flow", list(ch04.JAPAN_FLOWS))
@pytest.mark.parametrize("measure", list(ch04.JAPAN_MEASURES))
def test_japan_view_every_year_range(japan_table, flow, measure):
    oracle = oracle_japan(flow, measure)
    for start, end in JAPAN_RANGES:
        result = ch04.japan_partners_view(japan_table, "src", flow, measure, (start, end))
        years = [y for y in oracle if start <= y <= end]
        if flow == "balance" and measure == "share" or not years:
            check_notice(result)
            continue
        check_view(result)
        assert ch04.MIRROR_NOTE in result.alt
        legend = [text.get_text() for text in result.figure.axes[0].get_legend().get_texts()]
        assert "United States (US Census mirror)" in legend
        y0, y1 = min(years), max(years)
        if flow == "balance":
            found = re.search(
                r"China ([+-][\d,]+\.\d) \((\d{4})\), ([+-][\d,]+\.\d) \((\d{4})\); "
                r"the US ([+-][\d,]+\.\d), ([+-][\d,]+\.\d);",
                result.takeaway,
            )
            shown = [found.group(1), found.group(3), found.group(5), found.group(6)]
            assert (int(found.group(2)), int(found.group(4))) == (y0, y1)
        else:
            suffix = re.escape("%" if measure == "share" else "")
            found = re.search(
                rf"China ([\d,]+\.\d){suffix} \((\d{{4}})\), ([\d,]+\.\d){suffix} \((\d{{4}})\); "
                rf"the US ([\d,]+\.\d){suffix}, ([\d,]+\.\d){suffix}\. "
                rf"China larger in (\d+) of (\d+) years",
                result.takeaway,
            )
            shown = [found.group(1), found.group(3), found.group(5), found.group(6)]
            assert (int(found.group(2)), int(found.group(4))) == (y0, y1)
            ahead = sum(oracle[y][0] > oracle[y][1] for y in years)
            assert (int(found.group(7)), int(found.group(8))) == (ahead, len(years))
            clear = oracle_clear_from({y: oracle[y] for y in years})
            if clear is None:
                assert f"; not clearly (by over 10%) in {y1}." in result.takeaway
            else:
                assert f"; clearly (by over 10%) from {clear}." in result.takeaway
        expected = [oracle[y0][0], oracle[y1][0], oracle[y0][1], oracle[y1][1]]
        for text, value in zip(shown, expected):
            assert abs(float(text.replace(",", "")) - value) < 0.051


@pytest.mark.parametrize(
    "flow, measure, years, expected",
    [
        ("balance", "share", (2001, 2019), "no share of Japan's trade with the world"),
        ("total", "usd_bn", (2019, 2001), "start before end"),
        ("total", "usd_bn", (1990, 2000), "for 2001-2019 only"),
        ("total", "usd_bn", (2020, 2024), "for 2001-2019 only"),
        ("services", "usd_bn", (2001, 2019), "Unknown choice"),
    ],
)
def test_japan_view_edge_cases(japan_table, flow, measure, years, expected):
    result = check_notice(ch04.japan_partners_view(japan_table, "src", flow, measure, years))
    assert expected in result.text


# ---------------------------------------------------------------- the what-if projection


def test_ratio_and_trailing_growth_match_the_files(gdp):
    for measure in ("current_usd", "constant_2015_usd"):
        expected = oracle_ratio(measure)
        ratio = ch04.ratio(gdp, measure)
        assert list(ratio.index) == list(expected)
        assert all(ratio[y] == pytest.approx(v) for y, v in expected.items())
        for code in ("CHN", "USA"):
            rate, first, last = ch04.trailing_growth(gdp, code, measure)
            assert last - first == 10
            assert rate == pytest.approx(
                100
                * ((GDP_ROWS[(code, measure, last)] / GDP_ROWS[(code, measure, first)]) ** 0.1 - 1)
            )


@pytest.mark.parametrize("start_ratio", [20.0, 63.4, 81.9, 99.99, 100.0, 120.0])
def test_crossing_year_agrees_with_a_year_by_year_count(start_ratio):
    rates = [round(0.1 * i, 1) for i in range(0, 101, 3)]
    for g_china, g_us in itertools.product(rates, rates):
        found = ch04.crossing_year(start_ratio, 2024, g_china, g_us)
        expected = oracle_crossing(start_ratio, 2024, g_china, g_us)
        if expected is None:  # beyond the oracle's limit: only "later than that" can be checked
            assert found is None or found > 3000
        else:
            assert found == expected


def test_projection_compounds_the_growth_gap():
    path = ch04.projection(50.0, 2020, 7.0, 2.0, 2030)
    assert list(path.index) == list(range(2020, 2031))
    assert path[2020] == 50.0
    assert path[2030] == pytest.approx(50.0 * (1.07 / 1.02) ** 10)


@pytest.mark.sweep
@pytest.mark.parametrize("measure", ["current_usd", "constant_2015_usd"])
def test_catchup_view_grid(gdp, measure):
    history = oracle_ratio(measure)
    base = max(history)
    for g_china, g_us, horizon in itertools.product(
        range(0, 11), range(0, 7), [base + 1, 2050, 2075]
    ):
        result = check_view(
            ch04.catchup_view(gdp, "src", [], measure, float(g_china), float(g_us), horizon)
        )
        assert result.takeaway.startswith(ch04.ILLUSTRATION)
        assert f"from {history[base]:.1f}% of US GDP in {base}" in result.takeaway
        crossing = oracle_crossing(history[base], base, g_china, g_us)
        if crossing is not None and crossing <= horizon:
            assert (
                f"China would pass the US in {crossing}." in result.takeaway
                or "already" in result.takeaway
            )
            assert result.table.loc["crossing year", "value"] == str(crossing)
        else:
            projected = history[base] * ((1 + g_china / 100) / (1 + g_us / 100)) ** (horizon - base)
            assert f"would reach {projected:.0f}% of US GDP by {horizon}" in result.takeaway
            if crossing is None:
                assert "never cross" in result.takeaway
            else:
                assert f"would cross only in {crossing}" in result.takeaway


def test_catchup_draws_the_path_when_the_lines_do_not_cross(gdp):
    """Not crossing is an answer too: the figure shows the what-if line and says so."""
    result = check_view(ch04.catchup_view(gdp, "src", [], "current_usd", 1.0, 3.0, 2075))
    assert "never cross" in result.takeaway
    assert result.table.loc["crossing year", "value"] == "never"
    labels = [line.get_label() for line in result.figure.axes[0].get_lines()]
    assert any(label.startswith("what-if") for label in labels)


@pytest.mark.parametrize(
    "measure, china, us, horizon, expected",
    [
        ("ppp", 5.0, 2.0, 2050, "Unknown measure"),
        ("constant_2015_usd", 16.0, 2.0, 2050, "between -5% and 15%"),
        ("constant_2015_usd", 5.0, -6.0, 2050, "between -5% and 15%"),
        ("constant_2015_usd", 5.0, 2.0, 2000, "choose a horizon after"),
    ],
)
def test_catchup_edge_cases(gdp, measure, china, us, horizon, expected):
    result = check_notice(ch04.catchup_view(gdp, "src", [], measure, china, us, horizon))
    assert expected in result.text


def test_catchup_default_view_is_labelled_as_an_illustration(gdp):
    rate_china = round(ch04.trailing_growth(gdp, "CHN", "constant_2015_usd")[0], 1)
    rate_us = round(ch04.trailing_growth(gdp, "USA", "constant_2015_usd")[0], 1)
    result = check_view(
        ch04.catchup_view(gdp, "src", [], "constant_2015_usd", rate_china, rate_us, 2050)
    )
    texts = [t.get_text() for t in result.figure.axes[0].texts]
    assert ch04.ILLUSTRATION.upper() in texts
    assert "your setting" in set(result.table["source"])
    assert not math.isnan(float(result.table.loc["crossing year", "value"]))


# ---------------------------------------------------------------- drawn in place = drawn anew


@pytest.mark.sweep
def test_exposure_explorer_in_place_matches_a_new_figure(us):
    rng = random.Random(41)
    settings = []
    for _ in range(30):
        start = rng.randint(1985, 2022)
        settings.append(
            {
                "partners": rng.choice(SUBSETS),
                "flow": rng.choice(list(ch04.FLOWS)),
                "measure": rng.choice(list(ch04.MEASURES)),
                "years": (start, rng.randint(start + 1, 2024)),
            }
        )
    function = partial(ch04.exposure_view, us, "Source: test.", [])
    assert check_in_place_matches_fresh(function, settings) >= 20


@pytest.mark.sweep
def test_japan_view_in_place_matches_a_new_figure(japan_table):
    rng = random.Random(42)
    settings = []
    for _ in range(30):
        start = rng.randint(2001, 2018)
        settings.append(
            {
                "flow": rng.choice(list(ch04.JAPAN_FLOWS)),
                "measure": rng.choice(list(ch04.JAPAN_MEASURES)),
                "years": (start, rng.randint(start + 1, 2019)),
            }
        )
    function = partial(ch04.japan_partners_view, japan_table, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 20


@pytest.mark.sweep
def test_catchup_in_place_matches_a_new_figure(gdp):
    rng = random.Random(43)
    settings = [
        {
            "measure": rng.choice(["current_usd", "constant_2015_usd"]),
            "china_growth": round(rng.uniform(0, 10), 1),
            "us_growth": round(rng.uniform(0, 6), 1),
            "horizon": rng.randint(2027, 2075),
        }
        for _ in range(30)
    ]
    function = partial(ch04.catchup_view, gdp, "Source: test.", [])
    assert check_in_place_matches_fresh(function, settings) >= 25
