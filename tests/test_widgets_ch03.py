"""Chapter 3's widget functions swept over their control values, and the
helpers behind them unit-tested. Numbers in takeaways and tables are checked
against values read straight from the CSV files with the csv module."""

from __future__ import annotations

import itertools
from statistics import mean

import pandas as pd
import pytest
from conftest import check_notice, check_view, read_csv

from bookkit.chapters import ch03
from bookkit.data import load

RAW_WDI = {}
for _row in read_csv("wdi_indicators"):
    if _row["economy_code"] == "JPN":
        RAW_WDI.setdefault(_row["indicator_code"], {})[int(_row["year"])] = float(_row["value"])
RAW_EVENTS = {(r["date"], r["event"]) for r in read_csv("events")}
RAW_IPSS_OLD = {
    int(r["year"]): float(r["share_of_total_pct"])
    for r in read_csv("japan_population_projection_age_groups")
    if r["age_group"] == "65+"
}
GROWTH, CPI, OLD = RAW_WDI[ch03.GROWTH], RAW_WDI[ch03.CPI], RAW_WDI[ch03.OLD]
TARGET = 2.0


@pytest.fixture(scope="module")
def japan_eras(events, wdi):
    return ch03.define_eras(events, wdi)


# ---------------------------------------------------------------- eras


def test_era_boundaries_come_from_the_timeline_and_the_data(japan_eras):
    names = [era.name for era in japan_eras]
    assert names == ["High growth", "Bubble", "Lost decades", "Abenomics"]
    dates = {era.name: (f"{era.start:%Y-%m-%d}", f"{era.end:%Y-%m-%d}") for era in japan_eras}
    event_dates = {date for date, _ in RAW_EVENTS}
    for name in names[1:]:
        assert set(dates[name]) <= event_dates, name
    first_fall = min(year for year, value in GROWTH.items() if value < 0)
    assert dates["High growth"] == (f"{min(GROWTH)}-01-01", f"{first_fall}-01-01")
    # eras follow each other without overlap
    for earlier, later in zip(japan_eras, japan_eras[1:]):
        assert earlier.end <= later.start


@pytest.mark.parametrize(
    "start, end, years",
    [
        ("1985-09-22", "1989-12-29", (1986, 1989)),
        ("2012-12-26", "2020-08-28", (2013, 2020)),
        ("1961-01-01", "1974-01-01", (1961, 1973)),
        ("2000-07-01", "2001-07-01", (2000, 2000)),
    ],
)
def test_a_year_counts_in_an_era_if_its_midpoint_does(start, end, years):
    era = ch03.Era("test", pd.Timestamp(start), pd.Timestamp(end), "rule")
    assert (era.years.start, era.years.stop - 1) == years


def oracle_era_mean(series, era):
    values = [series[y] for y in era.years if y in series]
    return (mean(values), len(values)) if values else (None, 0)


def test_era_table_against_the_csv(japan_eras, wdi):
    for code in ch03.INDICATORS:
        table = ch03.era_table(ch03.japan(wdi, code), japan_eras)
        for era in japan_eras:
            expected, count = oracle_era_mean(RAW_WDI[code], era)
            assert table.loc[era.name, "years with data"] == count
            if count:
                assert table.loc[era.name, "average"] == pytest.approx(expected)


@pytest.mark.parametrize("show_eras, show_events", list(itertools.product([True, False], repeat=2)))
def test_era_explorer_every_indicator_and_toggle(wdi, japan_eras, events, show_eras, show_events):
    marks = [(events.loc[events["event"].str.contains("Plaza Accord"), "date"].iloc[0], "Plaza")]
    for code in ch03.INDICATORS:
        result = ch03.explore_view(wdi, japan_eras, marks, "src", code, show_eras, show_events)
        check_view(result)
        for era in japan_eras:
            expected, count = oracle_era_mean(RAW_WDI[code], era)
            assert f"{era.name} (" in result.takeaway
            if count:
                assert f"{expected:.1f}" in result.takeaway.split(f"{era.name} (")[1].split(";")[0]
            if 0 < count < len(era.years):
                assert (
                    f"data from {min(y for y in era.years if y in RAW_WDI[code])}"
                    in result.takeaway
                )
        ax = result.figure.axes[0]
        shaded = [p for p in ax.patches]
        assert len(shaded) == (len(japan_eras) if show_eras else 0)
        labels = [t.get_text() for t in ax.texts]
        assert ("Plaza" in labels) == show_events
        assert len(result.table) == len(japan_eras)


def test_era_explorer_edge_cases(wdi, japan_eras):
    result = ch03.explore_view(wdi, japan_eras, [], "src", "NOT.AN.INDICATOR", True, True)
    check_notice(result)
    assert "Unknown indicator" in result.text
    no_japan = wdi[wdi["economy_code"] != "JPN"]
    result = ch03.explore_view(no_japan, japan_eras, [], "src", ch03.GROWTH, True, True)
    check_notice(result)
    assert "No data for Japan on real GDP growth" in result.text


# ---------------------------------------------------------------- Abenomics scorecard

YEARS = sorted(set(GROWTH) & set(CPI))


def oracle_scorecard(start, end):
    if start > end:
        return "after the end year"
    years = list(range(start, end + 1))
    if any(y not in YEARS for y in years):
        return "No inflation or growth figure"
    before = list(range(start - len(years), start))
    if any(y not in GROWTH for y in before):
        return "To compare, the scorecard needs"
    return {
        "cpi_mean": mean(CPI[y] for y in years),
        "years_at_target": sum(CPI[y] >= TARGET for y in years),
        "growth_mean": mean(GROWTH[y] for y in years),
        "growth_before": mean(GROWTH[y] for y in before),
    }


def test_scorecard_every_start_year_with_a_dense_set_of_end_years(wdi):
    for start in range(1955, 2030):
        for end in sorted({start - 1, start, start + 1, start + 6, start + 15, 2025, 2026}):
            result = ch03.scorecard(wdi, start, end, TARGET)
            expected = oracle_scorecard(start, end)
            if isinstance(expected, str):
                assert isinstance(result, str) and expected in result, (start, end, result)
                continue
            for key, value in expected.items():
                assert result[key] == pytest.approx(value), (start, end, key)


def test_scorecard_view_over_a_sample_of_ranges(wdi):
    ranges = [(s, e) for s in range(1960, 2027, 3) for e in (s, s + 4, s + 9, 2025) if e <= 2027]
    for start, end in ranges + [(2013, 2019), (2013, 2020)]:
        result = ch03.scorecard_view(wdi, "src", TARGET, (start, end))
        expected = oracle_scorecard(start, end)
        if isinstance(expected, str):
            check_notice(result)
            assert expected in result.text
            continue
        check_view(result)
        assert f"averaged {expected['cpi_mean']:.1f}% a year" in result.takeaway
        assert f"in {expected['years_at_target']} of {end - start + 1} years" in result.takeaway
        assert (
            f"averaged {expected['growth_mean']:.1f}% a year, against "
            f"{expected['growth_before']:.1f}%" in result.takeaway
        )
        assert len(result.table) == 3


@pytest.mark.parametrize(
    "years, expected",
    [
        ((2019, 2013), "after the end year"),
        ((2020, 2030), "No inflation or growth figure for Japan in 2026"),
        ((1962, 1970), "growth data start in 1961"),
    ],
)
def test_scorecard_edge_cases(wdi, years, expected):
    result = ch03.scorecard_view(wdi, "src", TARGET, years)
    check_notice(result)
    assert expected in result.text


# ---------------------------------------------------------------- predict, then reveal


@pytest.fixture(scope="module")
def age_groups():
    return load("japan_population_projection_age_groups")


def oracle_reveal(year):
    if year in OLD:
        return OLD[year], "was"
    if year in RAW_IPSS_OLD and year > max(OLD):
        return RAW_IPSS_OLD[year], "is projected to be"
    return None, None


def test_reveal_every_year(wdi, age_groups):
    for year in range(1940, 2081):
        result = ch03.reveal(wdi, age_groups, year)
        value, _ = oracle_reveal(year)
        if value is None:
            assert isinstance(result, str) and f"No figure for {year}" in result
        else:
            assert result["value"] == pytest.approx(value)


@pytest.mark.parametrize("guess", [0.0, 12.5, 30.0, 100.0])
def test_reveal_view_over_years_and_guesses(wdi, age_groups, guess):
    for year in list(range(1955, 2071, 5)) + [2013, 2024, 2026, 2031]:
        result = ch03.reveal_view(wdi, age_groups, "src", year, guess)
        value, verb = oracle_reveal(year)
        if value is None:
            check_notice(result)
            assert f"No figure for {year}" in result.text
            continue
        check_view(result)
        assert (
            f"In {year}, the share of Japan's population aged 65 and over {verb} {value:.1f}%"
            in result.takeaway
        )
        gap = guess - value
        if abs(gap) >= 0.5:
            assert (
                f"{abs(gap):.1f} percentage points {'too high' if gap > 0 else 'too low'}"
                in result.takeaway
            )
        else:
            assert "spot on" in result.takeaway


@pytest.mark.parametrize("guess", [-1.0, 100.5, None])
def test_reveal_refuses_a_guess_that_is_not_a_share(wdi, age_groups, guess):
    result = ch03.reveal_view(wdi, age_groups, "src", 2020, guess)
    check_notice(result)
    assert "from 0 to 100" in result.text
