"""Chapter 2's widget functions swept over their control values, and the
helpers behind them unit-tested. Numbers in takeaways and tables are checked
against values read straight from the CSV files with the csv module."""

from __future__ import annotations

import itertools
import random
import re

import pandas as pd
import pytest
from conftest import check_notice, check_view, read_csv

from bookkit import timeline
from bookkit.chapters import ch02
from bookkit.data import load

RAW_EVENTS = read_csv("events")
RAW_FOUNDING = read_csv("aiib_founding_members_2015")
RAW_MILESTONES = read_csv("aiib_membership_milestones")
RAW_PROSPECTIVE = read_csv("aiib_prospective_members_2020")
ALL_CATEGORIES = tuple(timeline.CATEGORIES)
FIRST, LAST = (
    min(int(r["date"][:4]) for r in RAW_EVENTS),
    max(int(r["date"][:4]) for r in RAW_EVENTS),
)


# ---------------------------------------------------------------- timeline helpers


def test_event_on_finds_one_event_and_names_the_date_when_it_cannot(events):
    row = timeline.event_on(events, "1985-09-22", "Plaza")
    assert "Plaza Accord" in row["event"]
    with pytest.raises(LookupError, match="2001-01-01"):
        timeline.event_on(events, "2001-01-01")
    with pytest.raises(LookupError, match="mentioning 'nothing like this'"):
        timeline.event_on(events, "1985-09-22", "nothing like this")


def test_number_in_reads_numbers_with_commas_and_refuses_a_miss():
    assert (
        timeline.number_in("closes at its record 38,915.87 (intraday)", r"record ([\d,]+\.\d+)")
        == 38915.87
    )
    assert timeline.number_in("about US$110bn for Asia", r"US\$([\d.]+)bn") == 110
    with pytest.raises(LookupError, match="No match"):
        timeline.number_in("no number here", r"(\d+) agreements")


def test_numbers_the_chapters_quote_are_in_the_timeline(events):
    raw = {r["date"]: r["event"] for r in RAW_EVENTS}
    assert timeline.number_in(
        timeline.event_on(events, "2018-10-26")["event"], r"(\d+) cooperation agreements"
    ) == float(re.search(r"(\d+) cooperation agreements", raw["2018-10-26"]).group(1))


@pytest.mark.parametrize(
    "date, precision, expected",
    [
        ("2013-09-07", "day", "7 September 2013"),
        ("2017-11-01", "month", "November 2017"),
        ("2018-01-01", "year", "2018"),
    ],
)
def test_long_date(date, precision, expected):
    assert timeline.long_date(pd.Timestamp(date), precision) == expected


def oracle_events(start, end, categories):
    return [
        r for r in RAW_EVENTS if start <= int(r["date"][:4]) <= end and r["category"] in categories
    ]


def test_event_cards_show_each_event_with_a_link_to_its_publisher(events):
    shown = timeline.filter_events(events, (2017, 2017), ALL_CATEGORIES)
    cards = timeline.EventCards(shown.head(5), len(shown))
    page = cards._repr_html_()
    assert page.count('<article class="bk-event-card"') == 5
    for row in shown.head(5).itertuples():
        assert f'href="{row.url}"'.replace("&", "&amp;") in page
    assert f"Showing the first 5 of {len(shown)} events" in page
    assert "<script" not in page


def test_event_cards_render_every_event_including_those_without_a_place(events):
    placeless = events[events["place"].isna()]
    assert len(placeless) > 0, (
        "the timeline has no event without a place: this test no longer covers that case"
    )
    page = timeline.EventCards(events, len(events))._repr_html_()
    assert page.count('<article class="bk-event-card"') == len(events)
    assert page.count("Where: ") == len(events) - len(placeless)
    assert "Where: nan" not in page


# ---------------------------------------------------------------- timeline explorer

RANGES = sorted(
    {(s, min(e, LAST)) for s in range(FIRST, LAST + 1) for e in (s, s + 2, s + 6, LAST)}
)
SUBSETS = [
    c for n in range(1, len(ALL_CATEGORIES) + 1) for c in itertools.combinations(ALL_CATEGORIES, n)
]


def check_timeline(result, start, end, categories):
    rows = oracle_events(start, end, categories)
    if not rows:
        check_notice(result)
        assert "No events" in result.text
        return
    check_view(result)
    coded = [int(r["japan_stance_signal"]) for r in rows if r["japan_stance_signal"]]
    essay = sum(r["in_essay"] == "true" for r in rows)
    assert f"the timeline has {len(rows)} events" in result.takeaway
    assert f"{essay} of them are mentioned in the essay" in result.takeaway
    assert (
        f"The book codes {len(coded)} for Japan's stance: {coded.count(1)} warmer, "
        f"{coded.count(0)} neutral, "
        f"{coded.count(-1)} cooler." in result.takeaway
    )
    assert len(result.table) == min(len(rows), timeline.MAX_CARDS) and result.table.total == len(
        rows
    )
    markers = sum(len(c.get_offsets()) for c in result.figure.axes[0].collections)
    assert markers == len(rows)


def test_timeline_every_year_range_with_all_categories(events):
    for start, end in RANGES:
        check_timeline(
            timeline.timeline_view(events, "src", (start, end), ALL_CATEGORIES),
            start,
            end,
            ALL_CATEGORIES,
        )


def test_timeline_every_selection_of_categories(events):
    for categories in SUBSETS:
        check_timeline(
            timeline.timeline_view(events, "src", (2015, 2019), categories), 2015, 2019, categories
        )


@pytest.mark.parametrize(
    "years, categories, expected",
    [
        ((2015, 2019), (), "Choose at least one category"),
        ((2019, 2015), ALL_CATEGORIES, "start year is after the end year"),
        ((1950, 1960), ALL_CATEGORIES, f"runs from {FIRST} to {LAST}"),
        ((2030, 2040), ALL_CATEGORIES, f"runs from {FIRST} to {LAST}"),
        ((1987, 1988), ("BRI-milestone",), "No events in the timeline from 1987 to 1988"),
        ((2015, 2019), ("weather",), "Unknown category 'weather'"),
    ],
)
def test_timeline_edge_cases_give_a_clear_message(events, years, categories, expected):
    result = timeline.timeline_view(events, "src", years, categories)
    check_notice(result)
    assert expected in result.text


# ---------------------------------------------------------------- code the stance

RAW_SIGNAL = {
    r["date"]: int(r["japan_stance_signal"]) for r in RAW_EVENTS if r["japan_stance_signal"]
}


@pytest.fixture(scope="module")
def key(events):
    return ch02.key_events(events)


def test_key_events_carry_the_book_codes_from_the_csv(key):
    assert len(key) == len(ch02.KEY_EVENTS)
    assert list(key["date"]) == sorted(key["date"])
    for row in key.itertuples():
        assert row.book_code == RAW_SIGNAL[f"{row.date:%Y-%m-%d}"]
        assert row.control == ch02.control_name(row.date)


def test_key_events_refuse_an_event_without_a_code(events):
    with pytest.raises(LookupError, match="no stance code"):
        ch02.key_events(events, [("1985-09-22", "Plaza", "Plaza Accord")])


def test_control_names_round_trip():
    assert ch02.control_name("2015-03-31") == "e_2015_03_31"
    assert ch02.codes_from_controls({"e_2015_03_31": -1, "e_2019_06_27": 1}) == {
        "2015-03-31": -1,
        "2019-06-27": 1,
    }


def code_sets(key):
    dates = [f"{d:%Y-%m-%d}" for d in key["date"]]
    sets = [dict.fromkeys(dates, code) for code in ch02.CODES]
    for date, code in itertools.product(dates, ch02.CODES):
        sets.append({**dict.fromkeys(dates, 0), date: code})
    rng = random.Random(2)  # seeded: the sample is the same on every run
    sets += [{d: rng.choice(ch02.CODES) for d in dates} for _ in range(60)]
    sets.append({d: RAW_SIGNAL[d] for d in dates})
    return sets


def test_stance_compare_over_a_dense_sample_of_codings(key):
    for codes in code_sets(key):
        result = ch02.compare_view(key, "src", codes)
        check_view(result)
        book = sum(RAW_SIGNAL[d] for d in codes)
        differ = sum(codes[d] != RAW_SIGNAL[d] for d in codes)
        assert (
            f"your index ends at {sum(codes.values()):+d} and the book's at {book:+d}"
            in result.takeaway
        )
        assert f"you coded {differ} of {len(codes)} events differently" in result.takeaway
        assert len(result.table) == len(codes)
        assert (result.table["differs"] == "yes").sum() == differ
        yours = [
            line for line in result.figure.axes[0].get_lines() if line.get_label() == "your coding"
        ][0]
        assert yours.get_ydata()[-1] == sum(codes.values())


def test_stance_from_controls_matches_the_dict_version(key):
    values = {row.control: row.book_code for row in key.itertuples()}
    result = ch02.compare_from_controls(key, "src", **values)
    check_view(result)
    assert "you coded 0 of" in result.takeaway


def test_stance_edge_cases_give_a_clear_message(key):
    dates = [f"{d:%Y-%m-%d}" for d in key["date"]]
    full = dict.fromkeys(dates, 0)
    cases = [
        ({}, "Code at least one event"),
        ({dates[0]: 1}, "still missing"),
        ({**full, "2001-01-01": 1}, "not among the key events: 2001-01-01"),
        ({**full, dates[0]: 2}, "Codes must be -1, 0 or +1"),
        ({**full, dates[0]: None}, "Codes must be -1, 0 or +1"),
        ({**full, dates[0]: True}, "Codes must be -1, 0 or +1"),
    ]
    for codes, expected in cases:
        result = ch02.compare_view(key, "src", codes)
        check_notice(result)
        assert expected in result.text, (codes, result.text)


# ---------------------------------------------------------------- AIIB membership


@pytest.fixture(scope="module")
def aiib_data():
    return (
        load("aiib_membership_milestones"),
        load("aiib_founding_members_2015"),
        load("aiib_prospective_members_2020"),
    )


def oracle_status(code):
    founding = {r["economy_code"]: r for r in RAW_FOUNDING}
    if code in founding:
        row = founding[code]
        return (
            "signed the Articles"
            if row["signed_at_2015_06_29"] == "true"
            else "did not sign at the ceremony"
        )
    return "is not among the"


def test_aiib_every_count_and_economy(aiib_data):
    milestones, founding, prospective = aiib_data
    approved = [r for r in RAW_MILESTONES if r["approved_membership_total"]]
    members = [r for r in RAW_MILESTONES if r["members"]]
    for measure, code in itertools.product(ch02.MEASURES, ch02.ECONOMIES):
        result = ch02.membership_view(milestones, founding, prospective, "src", [], measure, code)
        check_view(result)
        if measure in ("approved", "both"):
            assert (
                f"approved membership {approved[0]['approved_membership_total']} "
                f"({approved[0]['date'][:4]}) to "
                f"{approved[-1]['approved_membership_total']} ({approved[-1]['date'][:4]})"
            ) in result.takeaway
        if measure in ("members", "both"):
            assert (
                f"full members {members[0]['members']} ({members[0]['date'][:4]}) to "
                f"{members[-1]['members']} ({members[-1]['date'][:4]})"
            ) in result.takeaway
        if measure == "approved":
            assert "full members" not in result.takeaway
        assert oracle_status(code) in result.takeaway
        assert f"{ch02.NAMES[code]} " in result.takeaway
        box = [t.get_text() for t in result.figure.axes[0].texts if "founding" in t.get_text()]
        assert box == ["Not among the founding members:\nJapan and the United States"]


def test_aiib_status_uses_both_membership_lists(aiib_data):
    _, founding, prospective = aiib_data
    assert f"not among the {len(RAW_FOUNDING)} prospective founding members" in ch02.status(
        founding, prospective, "JPN"
    )
    assert "cannot show whether it joined later" in ch02.status(founding, prospective, "USA")
    assert "still only a prospective member" in ch02.status(founding, prospective, "BRA")
    assert "approved prospective member on 31 March 2020" in ch02.status(
        founding, prospective, "ARG"
    )


@pytest.mark.parametrize(
    "measure, economy, expected",
    [
        ("members only", "JPN", "Unknown count 'members only'"),
        ("both", "XXX", "Choose an economy from the list"),
    ],
)
def test_aiib_edge_cases_give_a_clear_message(aiib_data, measure, economy, expected):
    result = ch02.membership_view(*aiib_data, "src", [], measure, economy)
    check_notice(result)
    assert expected in result.text
