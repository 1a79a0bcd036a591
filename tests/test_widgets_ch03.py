"""Chapter 3's widget functions swept over their control values, and the
helpers behind them unit-tested. Numbers in takeaways and tables are checked
against values read straight from the CSV files with the csv module; the page's
predict-then-reveal form is run with Node and compared with the Python functions."""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import subprocess
from functools import partial
from statistics import mean

import pandas as pd
import pytest
from conftest import check_notice, check_view, read_csv
from test_live_figures import check_in_place_matches_fresh

from bookkit.chapters import ch03
from bookkit.data import load

RAW_WDI: dict[str, dict[str, dict[int, float]]] = {}
for _row in read_csv("wdi_indicators"):
    RAW_WDI.setdefault(_row["economy_code"], {}).setdefault(_row["indicator_code"], {})[
        int(_row["year"])
    ] = float(_row["value"])
JAPAN = RAW_WDI["JPN"]
RAW_EVENTS = {(r["date"], r["event"]) for r in read_csv("events")}
RAW_IPSS_OLD = {
    int(r["year"]): float(r["share_of_total_pct"])
    for r in read_csv("japan_population_projection_age_groups")
    if r["age_group"] == "65+"
}
GROWTH, CPI, OLD = JAPAN[ch03.GROWTH], JAPAN[ch03.CPI], JAPAN[ch03.OLD]
TARGET = 2.0


@pytest.fixture(scope="module")
def japan_eras(events, wdi):
    return ch03.define_eras(events, wdi)


@pytest.fixture(scope="module")
def japan(wdi):
    return ch03.japan_series(wdi)


@pytest.fixture(scope="module")
def ageing(wdi):
    return ch03.ageing_data(wdi, load("japan_population_projection_age_groups"))


# ---------------------------------------------------------------- checking the growth series


def oracle_price_gaps() -> dict[int, float]:
    """Implied price rise minus consumer price inflation, from the raw CSV."""
    yen = {
        y: JAPAN["NY.GDP.PCAP.CD"][y] * JAPAN["SP.POP.TOTL"][y] * JAPAN["PA.NUS.FCRF"][y]
        for y in JAPAN["NY.GDP.PCAP.CD"]
        if y in JAPAN["SP.POP.TOTL"] and y in JAPAN["PA.NUS.FCRF"]
    }
    gaps = {}
    for y in yen:
        if y - 1 in yen and y in GROWTH and y in CPI:
            implied = 100 * (yen[y] / yen[y - 1] / (1 + GROWTH[y] / 100) - 1)
            gaps[y] = implied - CPI[y]
    return gaps


def test_price_check_against_the_csv(wdi):
    check = ch03.price_check(wdi)
    gaps = oracle_price_gaps()
    assert sorted(check.index) == sorted(gaps)
    for year, gap in gaps.items():
        assert check.loc[year, "gap (points)"] == pytest.approx(gap)


def test_suspect_years_are_those_beyond_the_limit(wdi):
    gaps = oracle_price_gaps()
    expected = sorted(y for y, gap in gaps.items() if abs(gap) > ch03.PRICE_GAP_LIMIT)
    assert ch03.suspect_years(ch03.price_check(wdi)) == expected
    assert expected, "the check should flag the year the chapter discusses"
    # a planted break is caught
    check = ch03.price_check(wdi).copy()
    check.loc[2000, "gap (points)"] = ch03.PRICE_GAP_LIMIT + 1
    assert 2000 in ch03.suspect_years(check)


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


def oracle_era_mean(values, era, leave_out=()):
    kept = [values[y] for y in era.years if y in values and y not in leave_out]
    return (mean(kept), len(kept)) if kept else (None, 0)


def test_era_table_against_the_csv(japan_eras, japan):
    for code in ch03.INDICATORS:
        table = ch03.era_table(japan[code], japan_eras, [1970])
        for era in japan_eras:
            expected, count = oracle_era_mean(JAPAN[code], era)
            assert table.loc[era.name, "years with data"] == count
            if count:
                assert table.loc[era.name, "average"] == pytest.approx(expected)
                low = min((JAPAN[code][y], y) for y in era.years if y in JAPAN[code])
                assert table.loc[era.name, "lowest in"] == low[1]
            without, kept = oracle_era_mean(JAPAN[code], era, [1970])
            if kept:
                assert table.loc[era.name, "average without them"] == pytest.approx(without)


SUSPECT = {ch03.GROWTH: [1970]}


@pytest.mark.parametrize("show_eras, show_events", list(itertools.product([True, False], repeat=2)))
def test_era_explorer_every_indicator_and_toggle(japan, japan_eras, events, show_eras, show_events):
    marks = [(events.loc[events["event"].str.contains("Plaza Accord"), "date"].iloc[0], "Plaza")]
    for code in ch03.INDICATORS:
        result = ch03.explore_view(
            japan, japan_eras, marks, "src", SUSPECT, code, show_eras, show_events
        )
        check_view(result)
        for era in japan_eras:
            expected, count = oracle_era_mean(JAPAN[code], era)
            summary = result.takeaway.split(era.name)[1].split(";")[0]
            if count:
                assert f"{expected:.1f}" in summary
            if 0 < count < len(era.years):
                first = min(y for y in era.years if y in JAPAN[code])
                assert f"(data from {first})" in summary
            suspect_here = code in SUSPECT and 1970 in era.years and 1970 in JAPAN[code]
            assert ("without 1970 (a suspect value)" in summary) == suspect_here
            if suspect_here:
                without, _ = oracle_era_mean(JAPAN[code], era, [1970])
                assert f"or {without:.1f} without 1970" in summary
        ax = result.figure.axes[0]
        assert len(ax.patches) == (len(japan_eras) if show_eras else 0)
        labels = [t.get_text() for t in ax.texts]
        assert ("Plaza" in labels) == show_events
        assert ("1970: suspect value" in labels) == (code in SUSPECT)
        assert len(result.table) == len(japan_eras)


def test_era_explorer_edge_cases(wdi, japan, japan_eras):
    result = ch03.explore_view(japan, japan_eras, [], "src", {}, "NOT.AN.INDICATOR", True, True)
    check_notice(result, "Unknown indicator")
    no_japan = ch03.japan_series(wdi[wdi["economy_code"] != "JPN"])
    result = ch03.explore_view(no_japan, japan_eras, [], "src", {}, ch03.GROWTH, True, True)
    check_notice(result, "No data for Japan on real GDP growth")
    # a suspect year outside the data changes nothing
    plain = ch03.explore_view(japan, japan_eras, [], "src", {}, ch03.CPI, True, False)
    odd = ch03.explore_view(japan, japan_eras, [], "src", {ch03.CPI: [1900]}, ch03.CPI, True, False)
    assert plain.takeaway == odd.takeaway


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
        "at_target": [y for y in years if CPI[y] >= TARGET],
        "growth_mean": mean(GROWTH[y] for y in years),
        "growth_before": mean(GROWTH[y] for y in before),
        "before_at_target": sum(CPI[y] >= TARGET for y in before),
    }


def test_scorecard_every_start_year_with_a_dense_set_of_end_years(japan):
    for start in range(1955, 2030):
        for end in sorted({start - 1, start, start + 1, start + 6, start + 15, 2025, 2026}):
            result = ch03.scorecard(japan, start, end, TARGET)
            expected = oracle_scorecard(start, end)
            if isinstance(expected, str):
                assert isinstance(result, str) and expected in result, (start, end, result)
                continue
            for key, value in expected.items():
                assert result[key] == pytest.approx(value), (start, end, key)


def test_the_abenomics_years_reach_the_target_once_in_2014(japan):
    """The chapter's reading of 2013-2019, checked against the CSV."""
    assert [y for y in range(2013, 2020) if CPI[y] >= TARGET] == [2014]
    result = ch03.scorecard(japan, 2013, 2019, TARGET)
    assert result["at_target"] == [2014]
    view = ch03.scorecard_view(japan, "src", TARGET, (2013, 2019))
    assert "in 1 of 7 years (2014)" in view.takeaway


@pytest.mark.sweep
def test_scorecard_view_over_a_sample_of_ranges(japan):
    ranges = [(s, e) for s in range(1960, 2027, 3) for e in (s, s + 4, s + 9, 2025) if e <= 2027]
    for start, end in ranges + [(2013, 2019), (2013, 2020), (2015, 2019)]:
        result = ch03.scorecard_view(japan, "src", TARGET, (start, end))
        expected = oracle_scorecard(start, end)
        if isinstance(expected, str):
            check_notice(result)
            assert expected in result.text
            continue
        check_view(result)
        assert f"averaged {expected['cpi_mean']:.1f}% a year" in result.takeaway
        named = ", ".join(map(str, expected["at_target"][:5]))
        more = ", ..." if len(expected["at_target"]) > 5 else ""
        shown = f" ({named}{more})" if named else ""
        assert f"in {expected['years_at_target']} of {end - start + 1} years{shown};" in (
            result.takeaway
        )
        before = f"{2 * start - end - 1}-{start - 1}"
        assert (
            f"averaged {expected['growth_mean']:.1f}% a year, against "
            f"{expected['growth_before']:.1f}% in {before}." in result.takeaway
        )
        assert len(result.table) == 3
        assert result.table.iloc[1, 1] == f"{expected['before_at_target']} of {end - start + 1}"


@pytest.mark.parametrize(
    "years, expected",
    [
        ((2019, 2013), "after the end year"),
        ((2020, 2030), "No inflation or growth figure for Japan in 2026"),
        ((1962, 1970), "growth data start in 1961"),
    ],
)
def test_scorecard_edge_cases(japan, years, expected):
    result = ch03.scorecard_view(japan, "src", TARGET, years)
    check_notice(result, expected)


# ---------------------------------------------------------------- predict, then reveal


def oracle_reveal(year):
    if year in OLD:
        return OLD[year], "was"
    if year in RAW_IPSS_OLD and year > max(OLD):
        return RAW_IPSS_OLD[year], "is projected to be"
    return None, None


def test_reveal_every_year(ageing):
    for year in range(1940, 2081):
        result = ch03.reveal(ageing, year)
        value, _ = oracle_reveal(year)
        if value is None:
            assert isinstance(result, str) and f"No figure for {year}" in result
        else:
            assert result["value"] == pytest.approx(value)


@pytest.mark.sweep
@pytest.mark.parametrize("guess", [0.5, 12.5, 30.0, 100.0])
def test_reveal_view_over_years_and_guesses(ageing, guess):
    for year in list(range(1955, 2071, 5)) + [2013, 2024, 2026, 2031]:
        result = ch03.reveal_view(ageing, "src", year, guess)
        value, verb = oracle_reveal(year)
        if value is None:
            check_notice(result, f"No figure for {year}")
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


@pytest.mark.parametrize("guess", [-1.0, 0, 100.5, None])
def test_reveal_waits_for_a_guess_that_is_a_share(ageing, guess):
    """The live widget opens with 0, "no guess yet": nothing is revealed until one is typed."""
    result = ch03.reveal_view(ageing, "src", 2020, guess)
    check_notice(result, "Type your guess first")


@pytest.fixture(scope="module")
def page(ageing):
    return ch03.reveal_page(ageing, "Source: test.")


def test_the_page_form_shows_nothing_before_the_button(page):
    assert "Nothing chosen yet" in page
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)  # what the reader sees
    assert "<img" not in shown and "percentage points" not in shown and "%)." not in shown
    assert 'name="year"' in page and 'name="guess"' in page and "Reveal the figure" in page


def run_page_form(page: str, cases: list[dict]) -> list[str]:
    """The form's compute function run by Node on the page's own data."""
    data = re.search(r'class="bk-judge-data">(.*?)</script>', page, re.S).group(1)
    script = (
        f"const compute = {ch03.REVEAL_JS};\nconst data = {data};\n"
        f"const cases = {json.dumps(cases)};\n"
        "console.log(JSON.stringify(cases.map(c => compute(c, data))));"
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_page_form_agrees_with_the_python_functions(ageing, page):
    rng = random.Random(3)
    cases = [{"year": y, "guess": rng.choice([5.0, 20.0, 28.5, 40.0])} for y in range(1950, 2075)]
    cases += [{"year": 2020, "guess": round(rng.uniform(1, 60), 2)} for _ in range(20)]
    cases += [{"year": 2020, "guess": 0}, {"year": 2020, "guess": 101}]
    for case, shown in zip(cases, run_page_form(page, cases)):
        python = ch03.reveal_view(ageing, "src", case["year"], case["guess"])
        if isinstance(python, ch03.Notice):
            assert shown == python.text, case
        else:
            assert re.sub(r"<[^>]+>", "", shown.split("<img")[0]) == python.takeaway, case
            assert 'src="data:image/png;base64,' in shown and 'alt="Line chart' in shown


# ---------------------------------------------------------------- drawn in place


@pytest.mark.sweep
def test_era_explorer_in_place_matches_a_new_figure(japan, japan_eras, events):
    marks = [(events.loc[events["event"].str.contains("Plaza Accord"), "date"].iloc[0], "Plaza")]
    rng = random.Random(31)
    settings = [
        {
            "indicator": rng.choice(list(ch03.INDICATORS)),
            "show_eras": rng.random() < 0.5,
            "show_events": rng.random() < 0.5,
        }
        for _ in range(24)
    ]
    function = partial(ch03.explore_view, japan, japan_eras, marks, "Source: test.", SUSPECT)
    assert check_in_place_matches_fresh(function, settings) >= 20


@pytest.mark.sweep
def test_scorecard_in_place_matches_a_new_figure(japan):
    rng = random.Random(32)
    settings = []
    for _ in range(24):
        start = rng.randint(1975, 2024)
        settings.append({"years": (start, rng.randint(start, min(start + 12, 2025)))})
    function = partial(ch03.scorecard_view, japan, "Source: test.", TARGET)
    assert check_in_place_matches_fresh(function, settings) >= 20


@pytest.mark.sweep
def test_reveal_in_place_matches_a_new_figure(ageing):
    rng = random.Random(33)
    years = [*ageing.seen.index, *ageing.future.index]
    settings = [
        {"year": int(rng.choice(years)), "guess": rng.choice([5.0, 20.0, 35.5, 60.0])}
        for _ in range(20)
    ]
    function = partial(ch03.reveal_view, ageing, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 20
