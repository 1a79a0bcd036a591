"""Chapter 6's widget functions (bookkit.chapters.ch06) swept over their controls:
the prediction scorecard (live, and as the web page's form, checked in Chromium
against the Python reference) and the then-and-now explorer. Each call must give
a View or a Notice with a useful message, never raise; the numbers it reports are
checked against the CSV files read with the csv module, not with the code under
test; changes in rates and shares are in percentage points; and a view redrawn in
place matches one drawn on a new figure."""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import random
import re
from collections import defaultdict
from functools import partial

import pandas as pd
import pytest
from conftest import check_notice, check_view, read_csv
from test_live_figures import check_in_place_matches_fresh

from bookkit import timeline
from bookkit.chapters import ch06
from bookkit.data import load

RAW_EXPECT = read_csv("essay_expectations")
RAW_EVENTS = read_csv("events")
RAW_WDI = defaultdict(dict)
for row in read_csv("wdi_indicators"):
    RAW_WDI[(row["economy_code"], row["indicator_code"])][int(row["year"])] = float(row["value"])
RAW_GDP = defaultdict(dict)
for row in read_csv("gdp_current_usd_all_economies"):
    RAW_GDP[row["economy_code"]][int(row["year"])] = float(row["gdp_current_usd"])
ECONOMIES = sorted({code for code, _ in RAW_WDI})
IDS = [r["expectation_id"] for r in RAW_EXPECT]
BOOK = {r["expectation_id"]: r["book_assessment"] for r in RAW_EXPECT}


@pytest.fixture(scope="module")
def expectations():
    return load("essay_expectations")


# ---------------------------------------------------------------- the prediction scorecard


@pytest.mark.sweep
def test_compare_marks_dense_sample(expectations):
    """Every mark for every expectation in turn, and a seeded sample of 1,000 of the 4^n
    combinations: agreement counted exactly as an independent oracle counts it."""
    rng = random.Random(7)
    samples = [{key: mark} for key, mark in itertools.product(IDS, ch06.MARKS)]
    samples += [dict(zip(IDS, (rng.choice(ch06.MARKS) for _ in IDS))) for _ in range(1000)]
    for chosen in samples:
        table = ch06.compare_marks(expectations, chosen).set_index("expectation_id")
        for key, mark in chosen.items():
            if mark == ch06.NOT_MARKED:
                assert pd.isna(table.loc[key, "agree"])
            else:
                assert bool(table.loc[key, "agree"]) == (mark == BOOK[key])


def scorecard_oracle(chosen):
    marked = {k: v for k, v in chosen.items() if v != ch06.NOT_MARKED}
    return len(marked), sum(v == BOOK[k] for k, v in marked.items())


def sample_marks():
    """Every expectation with every mark (others unmarked), plus a seeded sample of full
    combinations."""
    yield {}
    for key, mark in itertools.product(IDS, ch06.MARKS):
        yield {key: mark}
    rng = random.Random(6)
    for _ in range(60):
        yield {key: rng.choice(ch06.MARKS) for key in IDS}
    yield dict(BOOK)


@pytest.mark.sweep
@pytest.mark.parametrize("reveal", [False, True])
def test_scorecard_view_sweep(expectations, events, reveal):
    for chosen in sample_marks():
        result = ch06.scorecard_view(expectations, events, "src", reveal, **chosen)
        check_view(result)
        marked, agree = scorecard_oracle(chosen)
        dots = [line for line in result.figure.axes[0].get_lines() if line.get_marker() == "o"]
        diamonds = [line for line in result.figure.axes[0].get_lines() if line.get_marker() == "D"]
        assert len(dots) == marked and len(diamonds) == (len(IDS) if reveal else 0)
        if not reveal:
            assert (
                ("Mark each" in result.takeaway)
                if marked == 0
                else (f"You have marked {marked} of {len(IDS)}" in result.takeaway)
            )
            assert "Book assessment" not in result.table.columns
        else:
            if marked:
                noun = "expectation" if marked == 1 else "expectations"
                assert (
                    f"You agree with the book on {agree} of the {marked} {noun} you marked"
                    in result.takeaway
                )
            # An expectation the student has not marked shows no mark, not "not marked".
            expected = [chosen.get(k, ch06.NOT_MARKED) for k in IDS]
            expected = ["—" if mark == ch06.NOT_MARKED else mark for mark in expected]
            assert list(result.table["Your mark"]) == expected
            counts = {m: sum(v == m for v in BOOK.values()) for m in ch06.SCALE}
            assert (
                f"{counts['came true']} came true, {counts['partly']} partly, {counts['not yet']} "
                "not yet" in result.takeaway
            )
            assert list(result.table["Book assessment"]) == [BOOK[k] for k in IDS]


def test_scorecard_sources_are_dated_events(expectations, events):
    result = ch06.scorecard_view(expectations, events, "src", True)
    by_id = {r["event_id"]: r for r in RAW_EVENTS}
    for key, sources in result.table["Sources"].items():
        row = next(r for r in RAW_EXPECT if r["expectation_id"] == key)
        for event_id, part in zip(row["event_ids"].split("; "), sources.split("; ")):
            date = pd.Timestamp(by_id[event_id]["date"])
            assert part.startswith(f"{date.day} {date:%b %Y}: ")


@pytest.mark.parametrize(
    "marks, expected",
    [
        ({"X99": "came true"}, ["No expectation called X99"]),
        ({"X1": "maybe"}, ["'maybe' is not a mark", "came true"]),
    ],
)
def test_scorecard_edge_cases(expectations, events, marks, expected):
    check_notice(ch06.scorecard_view(expectations, events, "src", True, **marks), *expected)


# ---------------------------------------------------------------- the scorecard on the web page


def form_data(form: str) -> dict:
    return json.loads(re.search(r'class="bk-judge-data">(.*?)</script>', form, re.S).group(1))


def test_the_forms_offer_every_mark_and_keep_the_answers_for_the_comparison(expectations):
    predict = ch06.scorecard_form(expectations, reveal=False)
    compare = ch06.scorecard_form(expectations, reveal=True)
    for form in (predict, compare):
        for key in IDS:
            for mark in ch06.MARKS[1:]:
                assert f'name="mark-{key}" value="{mark}"' in form
        assert ch06.NOT_MARKED not in form  # no choice, and no result, called "not marked"
        assert "Nothing chosen yet" in form  # the result says so until the button is pressed
    assert "book" not in form_data(predict) and form_data(predict)["compare"] == "ch06-compare"
    assert form_data(compare)["book"] == BOOK
    counts = {m: sum(v == m for v in BOOK.values()) for m in ch06.SCALE}
    assert form_data(compare)["bookSummary"] == (
        f"The book's assessment: {counts['came true']} came true, {counts['partly']} partly, "
        f"{counts['not yet']} not yet."
    )


def browser_samples():
    """Nothing marked, one expectation, the book's own marks, and a seeded sample."""
    rng = random.Random(17)
    yield {}
    yield {IDS[0]: "partly"}
    yield dict(BOOK)
    for _ in range(6):
        yield {k: rng.choice(ch06.MARKS[1:]) for k in IDS if rng.random() < 0.7}


def test_the_forms_give_the_python_answers_in_the_browser(expectations, browser):
    """Clicks in Chromium: the predicting form sums up the marks and copies them to the
    comparing form, whose result matches the Python reference (the live widget's words)."""
    page = browser.new_page()
    predict = ch06.scorecard_form(expectations, reveal=False)
    compare = ch06.scorecard_form(expectations, reveal=True)
    for chosen in browser_samples():
        page.set_content(f"<!doctype html><html><body>{predict}{compare}</body></html>")
        for key, mark in chosen.items():
            page.check(f'#ch06-predict input[name="mark-{key}"][value="{mark}"]')
        page.click("#ch06-predict button")
        first = page.inner_text("#ch06-predict output")
        page.click("#ch06-compare button")
        second = page.inner_text("#ch06-compare output")
        table = ch06.compare_marks(expectations, chosen)
        if not chosen:
            assert first.startswith("Nothing marked yet") and second.startswith("Nothing marked")
            continue
        assert first.startswith(ch06.predict_summary(table))
        assert second.startswith(f"{ch06.compare_summary(table)} {ch06.book_summary(expectations)}")
        rows = page.locator("#ch06-compare output tbody tr")
        assert rows.count() == len(chosen)  # only the expectations the student marked
        for number, key in enumerate(k for k in IDS if k in chosen):
            cells = rows.nth(number).locator("td").all_inner_texts()
            assert cells == [chosen[key], BOOK[key], "yes" if chosen[key] == BOOK[key] else "no"]
        unmarked = [k for k in IDS if k not in chosen]
        assert ("Not marked, so not compared: " + ", ".join(unmarked) in second) == bool(unmarked)
    page.close()


@pytest.mark.sweep
def test_scorecard_in_place_matches_a_new_figure(expectations, events):
    rng = random.Random(26)
    settings = [
        {"reveal": rng.random() < 0.5, **{k: rng.choice(ch06.MARKS) for k in IDS}}
        for _ in range(12)
    ]
    function = partial(ch06.scorecard_view, expectations, events, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) == len(settings)


# ---------------------------------------------------------------- then and now


@pytest.fixture(scope="module")
def frame():
    """The notebook's combined frame: GDP levels and world shares from the all-economies
    file, plus WDI."""
    wdi = load("wdi_indicators")
    all_gdp = load("gdp_current_usd_all_economies")
    names = wdi.drop_duplicates("economy_code").set_index("economy_code")["economy"]
    wide = all_gdp.pivot_table(index="year", columns="economy_code", values="gdp_current_usd")
    share = (
        (100 * wide.div(wide["WLD"], axis=0))[list(names.index)]
        .stack()
        .rename("value")
        .reset_index()
    )
    level = all_gdp[all_gdp["economy_code"].isin(names.index)].rename(
        columns={"gdp_current_usd": "value"}
    )
    return pd.concat(
        [
            level.assign(indicator_code="NY.GDP.MKTP.CD"),
            share.assign(indicator_code="GDP_SHARE_WLD"),
            wdi,
        ]
    )[["economy_code", "indicator_code", "year", "value"]].assign(
        economy=lambda t: t["economy_code"].map(names)
    )


LABELS = {
    "NY.GDP.MKTP.CD": ("GDP (current US$)", "current US$"),
    "GDP_SHARE_WLD": ("Share of world GDP", "% of world GDP"),
    "NY.GDP.MKTP.KD.ZG": ("GDP growth (annual %)", "% (real, annual)"),
    "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "current US$ per person"),
    "NE.TRD.GNFS.ZS": ("Trade (% of GDP)", "% of GDP"),
    "TX.VAL.MRCH.CD.WT": ("Merchandise exports (current US$)", "current US$"),
    "FP.CPI.TOTL.ZG": ("Inflation, consumer prices (annual %)", "% (annual)"),
    "SP.POP.65UP.TO.ZS": (
        "Population ages 65 and above (% of total population)",
        "% of total population",
    ),
}


# The indicators whose values are rates or shares (their units are percentages).
RATES_AND_SHARES = {
    "GDP_SHARE_WLD",
    "NY.GDP.MKTP.KD.ZG",
    "NE.TRD.GNFS.ZS",
    "FP.CPI.TOTL.ZG",
    "SP.POP.65UP.TO.ZS",
}


def raw_series(code, indicator):
    if indicator == "NY.GDP.MKTP.CD":
        return RAW_GDP[code]
    if indicator == "GDP_SHARE_WLD":
        return {
            y: 100 * v / RAW_GDP["WLD"][y] for y, v in RAW_GDP[code].items() if y in RAW_GDP["WLD"]
        }
    return RAW_WDI[(code, indicator)]


def raw_then_and_now(code, indicator, baseline):
    series = raw_series(code, indicator)
    later = [y for y in series if y > baseline]
    if baseline not in series or not later:
        return None
    return series[baseline], max(later), series[max(later)]


@pytest.mark.sweep
@pytest.mark.parametrize("indicator", list(LABELS))
@pytest.mark.parametrize("baseline", ch06.BASELINES)
def test_then_and_now_every_economy_pair(frame, indicator, baseline):
    """Every economy alone, and Japan paired with each other economy, for every indicator
    and base year."""
    unit = LABELS[indicator][1]
    for economies in [(c,) for c in ECONOMIES] + [("JPN", c) for c in ECONOMIES if c != "JPN"]:
        table = ch06.then_and_now(frame, indicator, economies, baseline, unit)
        raw = {c: raw_then_and_now(c, indicator, baseline) for c in economies}
        if any(v is None for v in raw.values()):
            assert isinstance(table, str) and "No value for" in table
            continue
        got = table.set_index("economy_code")
        for code, (base, latest_year, latest) in raw.items():
            assert got.loc[code, "baseline"] == pytest.approx(base, rel=1e-9)
            assert got.loc[code, "latest_year"] == latest_year
            assert got.loc[code, "latest"] == pytest.approx(latest, rel=1e-9)
            if indicator in RATES_AND_SHARES:  # a difference of percentages: points, never %
                assert "change_pct" not in got
                assert got.loc[code, "change_pp"] == pytest.approx(latest - base, abs=1e-9)
            else:
                assert "change_pp" not in got
                assert got.loc[code, "change_pct"] == pytest.approx(
                    100 * (latest - base) / base, rel=1e-6
                )


@pytest.mark.parametrize("indicator", list(LABELS))
def test_then_and_now_view_draws_or_explains(frame, indicator):
    for baseline, economies in itertools.product(
        ch06.BASELINES, [("CHN", "JPN", "USA", "DEU", "IND"), ("WLD",), ("JPN",)]
    ):
        result = ch06.then_and_now_view(frame, LABELS, "src", indicator, economies, baseline)
        raw = {c: raw_then_and_now(c, indicator, baseline) for c in economies}
        if any(v is None for v in raw.values()):
            check_notice(result, "No value for")
            continue
        check_view(result)
        assert len(result.figure.axes[0].patches) == 2 * len(economies)
        assert len(result.table) == len(economies)
        for code in economies:
            assert f"({raw[code][1]})" in result.takeaway
        points = indicator in RATES_AND_SHARES
        assert ("change (percentage points)" in result.table.columns) == points
        assert ("change (%)" in result.table.columns) == (not points)
        assert ("percentage points" in result.takeaway) == points


@pytest.mark.sweep
def test_then_and_now_in_place_matches_a_new_figure(frame):
    rng = random.Random(27)
    settings = [
        {
            "indicator": rng.choice(list(LABELS)),
            "economies": tuple(rng.sample(ECONOMIES, rng.randint(1, 6))),
            "baseline": rng.choice(ch06.BASELINES),
        }
        for _ in range(20)
    ]
    function = partial(ch06.then_and_now_view, frame, LABELS, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 10


def test_then_and_now_reports_germany_passing_japan(frame):
    result = ch06.then_and_now_view(frame, LABELS, "src", "NY.GDP.MKTP.CD", ("JPN", "DEU"), 2019)
    latest = max(RAW_GDP["JPN"])
    order = re.findall(r"(Germany|Japan) [0-9.]+ →", result.takeaway)
    assert order == (
        ["Germany", "Japan"]
        if RAW_GDP["DEU"][latest] > RAW_GDP["JPN"][latest]
        else ["Japan", "Germany"]
    )
    assert "US$ trillion" in result.takeaway


@pytest.mark.parametrize(
    "indicator, economies, baseline, expected",
    [
        ("NY.GDP.MKTP.CD", (), 2019, "Choose at least one economy"),
        ("NO.SUCH", ("JPN",), 2019, "Unknown indicator"),
        ("NY.GDP.MKTP.CD", ("JPN",), 2015, "Compare with 2019 or 2020"),
        ("NY.GDP.MKTP.CD", ("XXX",), 2019, "No value for XXX in 2019"),
    ],
)
def test_then_and_now_edge_cases(frame, indicator, economies, baseline, expected):
    check_notice(
        ch06.then_and_now_view(frame, LABELS, "src", indicator, economies, baseline), expected
    )


def test_then_and_now_without_a_later_year():
    frame = pd.DataFrame(
        {
            "economy_code": ["JPN"],
            "economy": ["Japan"],
            "indicator_code": ["X"],
            "year": [2020],
            "value": [1.0],
        }
    )
    assert (
        ch06.then_and_now(frame, "X", ("JPN",), 2020, "US$")
        == "No value for Japan after 2020 for this indicator."
    )


def test_then_and_now_explains_a_change_it_cannot_give():
    """A level that starts at zero has no percentage change: a message, not a traceback."""
    frame = pd.DataFrame(
        {
            "economy_code": ["JPN", "JPN"],
            "economy": ["Japan", "Japan"],
            "indicator_code": ["X", "X"],
            "year": [2019, 2024],
            "value": [0.0, 5.0],
        }
    )
    assert ch06.then_and_now(frame, "X", ("JPN",), 2019, "US$") == (
        "Japan: No percentage change from zero."
    )
    labels = {"X": ("A level", "US$")}
    check_notice(ch06.then_and_now_view(frame, labels, "s", "X", ("JPN",), 2019), "from zero")
    rate = ch06.then_and_now(frame, "X", ("JPN",), 2019, "% of GDP")
    assert rate.loc[0, "change_pp"] == 5.0 and "change_pct" not in rate


@pytest.mark.parametrize(
    "unit, kind",
    [
        ("current US$", "percent"),
        ("current US$ per person", "percent"),
        ("persons", "percent"),
        ("% (real, annual)", "points"),
        ("% of world GDP", "points"),
        ("% of total population", "points"),
        ("% of GDP", "points"),
    ],
)
def test_change_kind_follows_the_unit(unit, kind):
    assert ch06.change_kind(unit) == kind


# ---------------------------------------------------------------- helpers


def test_overtaking_year():
    years = range(2000, 2006)
    a = pd.Series([1, 3, 1, 3, 3, 3], index=years)
    b = pd.Series([2, 2, 2, 2, 2, 2], index=years)
    assert ch06.overtaking_year(a, b) == 2003
    assert ch06.overtaking_year(b, a) is None
    assert ch06.overtaking_year(a + 10, b) == 2000
    assert ch06.overtaking_year(pd.Series(dtype=float), b) is None
    deu = pd.Series(RAW_GDP["DEU"])
    jpn = pd.Series(RAW_GDP["JPN"])
    expected = min(
        y for y in deu.index if all(deu[z] > jpn[z] for z in deu.index if z >= y and z in jpn.index)
    )
    assert ch06.overtaking_year(deu, jpn) == expected


def test_day_month_year_has_no_leading_zero():
    assert timeline.short_date(pd.Timestamp("2021-10-04")) == "4 Oct 2021"


def test_the_comparison_keeps_its_marks_equal_to_the_prediction():
    """Without an event loop (a script) a mark is copied at once; in a kernel (an event loop
    running) it is copied once the change has been answered, either way round.

    Run in a thread of its own: the test worker's thread may hold an event loop already
    (Playwright's, for the browser tests), which is not a kernel's."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_keep_marks_equal).result()


def _keep_marks_equal():
    expectations = load("essay_expectations")
    predict = ch06.mark_controls(expectations)
    compare = ch06.mark_controls(expectations, copy_of=predict)
    first, last = list(predict), list(predict)[-1]
    predict[first[0]].value = "partly"
    assert compare[first[0]].value == "partly"
    assert all(compare[k].value == ch06.NOT_MARKED for k in first[1:])

    async def in_a_kernel():
        compare[last].value = "not yet"
        copied_at_once = predict[last].value == "not yet"
        await asyncio.sleep(0)  # the kernel answers the change; then the copy is made
        copied = predict[last].value
        # Changes faster than the kernel answers them settle on the last, on both sides,
        # and then nothing more changes.
        for mark in ("came true", "partly", "not yet", "came true"):
            predict[first[0]].value = mark
        for _ in range(20):
            await asyncio.sleep(0)
        later = []
        compare[first[0]].observe(later.append, names="value")
        predict[first[0]].observe(later.append, names="value")
        for _ in range(20):
            await asyncio.sleep(0)
        settled = compare[first[0]].value, predict[first[0]].value, later
        return copied_at_once, copied, settled

    assert asyncio.run(in_a_kernel()) == (False, "not yet", ("came true", "came true", []))
