"""Chapter 2's widget functions swept over their control values, the stance rule
checked against the codes in the data, and the helpers behind them unit-tested.
Numbers in takeaways and tables are checked against values read straight from the
CSV files with the csv module; the web page's coding form is run in Node.js and
checked against the Python function it mirrors."""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import subprocess
from collections import Counter
from functools import partial

import pandas as pd
import pytest
from conftest import check_notice, check_view, read_csv
from test_live_figures import check_in_place_matches_fresh

from bookkit import timeline
from bookkit.chapters import ch02
from bookkit.data import load
from bookkit.forms import NOTHING_YET

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
    # folded under one summary line: reference material, not reading
    assert page.startswith(
        f'<details class="bk-event-cards"><summary>Event cards: the first 5 of {len(shown)} events'
    )


def test_event_cards_hide_the_stance_codes_when_asked(events):
    shown = timeline.filter_events(events, (2017, 2017), ALL_CATEGORIES)
    coded = int(shown["japan_stance_signal"].notna().sum())
    assert coded, "2017 has no coded event: this test no longer covers the codes"
    assert timeline.EventCards(shown, len(shown))._repr_html_().count("stance code") == coded
    assert "stance" not in timeline.EventCards(shown, len(shown), show_stance=False)._repr_html_()


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


def plural(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def check_timeline(result, start, end, categories, show_stance=True):
    rows = oracle_events(start, end, categories)
    if not rows:
        check_notice(result)
        assert "No events" in result.text
        return
    check_view(result)
    coded = [int(r["japan_stance_signal"]) for r in rows if r["japan_stance_signal"]]
    essay = sum(r["in_essay"] == "true" for r in rows)
    assert f"the timeline has {plural(len(rows))} in these categories" in result.takeaway
    assert f"{essay} of them" in result.takeaway
    if not show_stance:
        assert "stance" not in result.takeaway.lower() and "stance" not in result.alt.lower()
    elif coded:
        assert (
            f"The book's stance rule codes {len(coded)} of them: {coded.count(1)} warmer (+1), "
            f"{coded.count(0)} mixed (0), {coded.count(-1)} cooler (-1)." in result.takeaway
        )
    else:  # said in words, never "codes 0 events"
        assert "The book's stance rule codes none of them." in result.takeaway
    assert not re.search(r"codes 0\b", result.takeaway)
    assert len(result.table) == min(len(rows), timeline.MAX_CARDS) and result.table.total == len(
        rows
    )
    markers = sum(len(c.get_offsets()) for c in result.figure.axes[0].collections)
    assert markers == len(rows)
    assert (result.figure.axes[0].get_legend() is not None) == show_stance


@pytest.mark.sweep
def test_timeline_every_year_range_with_all_categories(events):
    for start, end in RANGES:
        check_timeline(
            timeline.timeline_view(events, "src", (start, end), ALL_CATEGORIES),
            start,
            end,
            ALL_CATEGORIES,
        )


@pytest.mark.sweep
def test_timeline_every_selection_of_categories(events):
    for categories in SUBSETS:
        check_timeline(
            timeline.timeline_view(events, "src", (2015, 2019), categories), 2015, 2019, categories
        )


@pytest.mark.parametrize("years", [(2015, 2016), (2017, 2017), (2013, 2025)])
def test_timeline_without_the_stance_codes(events, years):
    """Chapter 2 shows the explorer before students code: no code in chart, text or cards."""
    for categories in (ALL_CATEGORIES, ("diplomacy", "summit")):
        result = timeline.timeline_view(events, "src", years, categories, show_stance=False)
        check_timeline(result, *years, categories, show_stance=False)
        assert "stance" not in result.table._repr_html_()


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


@pytest.mark.sweep
def test_timeline_in_place_matches_a_new_figure(events):
    rng = random.Random(21)
    settings = []
    for _ in range(14):
        start = rng.randint(FIRST, LAST)
        settings.append(
            {
                "years": (start, rng.randint(start, min(start + 8, LAST))),
                "categories": tuple(rng.sample(ALL_CATEGORIES, rng.randint(1, 6))),
                "show_stance": rng.random() < 0.5,
            }
        )
    function = partial(timeline.timeline_view, events, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 8


# ---------------------------------------------------------------- the stance rule

RAW_SIGNAL = {
    int(r["event_id"]): int(r["japan_stance_signal"])
    for r in RAW_EVENTS
    if r["japan_stance_signal"]
}
RAW_YEAR = {int(r["event_id"]): int(r["date"][:4]) for r in RAW_EVENTS}


def test_every_code_follows_a_clause_of_the_written_rule():
    """Each coded event has its reason, and the reason's clause gives that very code; each
    reason for an uncoded event says why it is not coded."""
    assert set(RAW_SIGNAL) <= set(ch02.REASONS), sorted(set(RAW_SIGNAL) - set(ch02.REASONS))
    for event_id, reason in ch02.REASONS.items():
        clause = reason.split(":")[0]
        if event_id in RAW_SIGNAL:
            assert ch02.CLAUSE_CODES.get(clause) == RAW_SIGNAL[event_id], (event_id, reason)
        else:
            assert clause in ch02.NOT_CODED, (event_id, reason)


def test_the_rule_codes_the_cooler_moves_of_2019():
    """Issue 13: the G20 principles, the Blue Dot Network and the distancing report."""
    raw = {int(r["event_id"]): r for r in RAW_EVENTS}
    for event_id, words in [(100, "Quality Infrastructure"), (101, "Blue Dot"), (67, "distancing")]:
        assert words in raw[event_id]["event"] and RAW_SIGNAL[event_id] == -1


def test_coding_table_lists_every_reason_with_its_code(events):
    table = ch02.coding_table(events)
    assert len(table) == len(ch02.REASONS)
    for row in table.itertuples():
        assert row.reason == ch02.REASONS[row.event_id]
        assert (pd.isna(row.code) and row.event_id not in RAW_SIGNAL) or (
            row.code == RAW_SIGNAL.get(row.event_id)
        )
    with pytest.raises(LookupError, match="not in the timeline: \\[999999\\]"):
        ch02.coding_table(events, {999999: "S3: an event that does not exist"})


YEARS = range(2013, LAST + 1)


def oracle_years() -> dict[int, Counter]:
    by_year = {year: Counter() for year in YEARS}
    for event_id, code in RAW_SIGNAL.items():
        by_year[RAW_YEAR[event_id]][code] += 1
    return by_year


def test_yearly_counts_match_the_csv(events):
    coded = events.dropna(subset=["japan_stance_signal"])
    table = ch02.yearly_counts(coded["date"], coded["japan_stance_signal"], YEARS)
    running = 0
    for year, counts in oracle_years().items():
        row = table.loc[year]
        assert (row["cooler"], row["mixed"], row["warmer"]) == (counts[-1], counts[0], counts[1])
        assert row["coded"] == sum(counts.values())
        running += counts[1] - counts[-1]
        assert row["net"] == counts[1] - counts[-1] and row["running"] == running


def test_the_chapter_verdict_matches_the_codes():
    """The chapter's text says, in words, what the yearly codes show: warmest in 2017, net
    cooler in 2015, 2016 and 2019, and no coded event after 2019. If the codes change so
    that this no longer holds, the text must change too."""
    by_year = oracle_years()
    net = {year: c[1] - c[-1] for year, c in by_year.items()}
    assert max(by_year, key=lambda y: sum(by_year[y].values())) == 2017
    assert net[2017] > 0 and net[2018] > 0
    assert net[2015] < 0 and net[2016] < 0 and net[2019] < 0
    assert not any(sum(by_year[y].values()) for y in YEARS if y > 2019)


def test_yearly_view_shows_the_counts_and_says_each_year_net(events):
    coded = events.dropna(subset=["japan_stance_signal"])
    table = ch02.yearly_counts(coded["date"], coded["japan_stance_signal"], YEARS)
    result = check_view(ch02.yearly_view(table, "src"))
    by_year = oracle_years()
    active = [y for y in YEARS if sum(by_year[y].values())]
    assert f"codes {len(RAW_SIGNAL)} events from {YEARS[0]} to {YEARS[-1]}" in result.takeaway
    for year in active:
        assert f"{year} {by_year[year][1] - by_year[year][-1]:+d}" in result.takeaway
    assert f"No event after {max(active)} is coded." in result.takeaway
    ax = result.figure.axes[0]
    heights = Counter()
    for bar in ax.patches:
        heights[round(bar.get_x() + bar.get_width() / 2)] += bar.get_height()
    assert {y: heights[y] for y in YEARS} == {y: sum(by_year[y].values()) for y in YEARS}
    labels = {round(t.xy[0]): t.get_text() for t in ax.texts}
    assert labels == {y: str(sum(by_year[y].values())) for y in YEARS}  # how many coded, per year
    diamonds = ax.collections[0].get_offsets()
    assert [int(x) for x, _ in diamonds] == active  # no net drawn for a year with no codes


def test_yearly_view_refuses_years_without_codes(events):
    coded = events.dropna(subset=["japan_stance_signal"])
    empty = ch02.yearly_counts(coded["date"], coded["japan_stance_signal"], range(1990, 1995))
    check_notice(ch02.yearly_view(empty, "src"), "No coded events")


@pytest.mark.sweep
def test_yearly_view_in_place_matches_a_new_figure(events):
    coded = events.dropna(subset=["japan_stance_signal"])
    spans = [(2013, LAST), (2015, 2019), (2017, 2018), (2010, 2020), (2016, 2016), (2013, LAST)]
    settings = [
        {"table": ch02.yearly_counts(coded["date"], coded["japan_stance_signal"], range(a, b + 1))}
        for a, b in spans
    ]
    assert check_in_place_matches_fresh(partial(ch02.yearly_view, source_line="s"), settings) >= 5


# ---------------------------------------------------------------- code the stance yourself


@pytest.fixture(scope="module")
def key(events):
    return ch02.key_events(events)


def test_key_events_carry_the_book_codes_and_reasons_from_the_csv(key):
    assert len(key) == len(ch02.KEY_EVENTS)
    assert list(key["date"]) == sorted(key["date"])
    for row in key.itertuples():
        assert row.book_code == RAW_SIGNAL[row.event_id]
        assert row.reason == ch02.REASONS[row.event_id]
        assert row.control == ch02.control_name(row.event_id)
    years = {RAW_YEAR[e] for e in ch02.KEY_EVENTS}
    assert {2015, 2016, 2017, 2018, 2019} <= years  # every year students code has events
    assert {RAW_SIGNAL[e] for e in ch02.KEY_EVENTS} == {-1, 0, 1}


def test_key_events_refuse_a_missing_or_uncoded_event(events):
    with pytest.raises(LookupError, match="no stance code"):
        ch02.key_events(events, {1: "Plaza Accord"})
    with pytest.raises(LookupError, match="not in the timeline"):
        ch02.key_events(events, {999999: "nothing"})


def test_control_names_round_trip():
    assert ch02.control_name(26) == "e26"
    assert ch02.codes_from_controls({"e26": -1, "e101": 1}) == {26: -1, 101: 1}


def oracle_compare(key, codes):
    """Year -> (your net, your index, book's net, book's index), from the raw CSV."""
    out, yours, book = {}, 0, 0
    for year in sorted({RAW_YEAR[e] for e in codes}):
        ids = [e for e in codes if RAW_YEAR[e] == year]
        your_net, book_net = sum(codes[e] for e in ids), sum(RAW_SIGNAL[e] for e in ids)
        yours, book = yours + your_net, book + book_net
        out[year] = (your_net, yours, book_net, book)
    return out


def code_sets(key):
    ids = list(key["event_id"])
    sets = [dict.fromkeys(ids, code) for code in ch02.CODES]
    for event_id, code in itertools.product(ids, ch02.CODES):
        sets.append({**dict.fromkeys(ids, 0), event_id: code})
    rng = random.Random(2)  # seeded: the sample is the same on every run
    sets += [{e: rng.choice(ch02.CODES) for e in ids} for _ in range(40)]
    sets.append({e: RAW_SIGNAL[e] for e in ids})
    return sets


@pytest.mark.sweep
def test_stance_compare_over_a_dense_sample_of_codings(key):
    for codes in code_sets(key):
        result = check_view(ch02.compare_view(key, "src", codes))
        expected = oracle_compare(key, codes)
        end = max(expected)
        agree = sum(codes[e] == RAW_SIGNAL[e] for e in codes)
        assert f"You and the book agree on {agree} of {len(codes)} events." in result.takeaway
        assert (
            f"At the end of {end} your index is {expected[end][1]:+d} and the book's "
            f"{expected[end][3]:+d}." in result.takeaway
        )
        assert (result.table["differs"] == "yes").sum() == len(codes) - agree
        lines = {line.get_label(): line for line in result.figure.axes[0].get_lines()}
        assert list(lines["your index"].get_ydata()) == [v[1] for v in expected.values()]
        assert list(lines["the book's index"].get_ydata()) == [v[3] for v in expected.values()]


def test_nothing_is_compared_or_revealed_before_every_event_is_coded(key):
    ids = list(key["event_id"])
    nothing = ch02.compare_view(key, "src", dict.fromkeys(ids))
    check_notice(nothing, f"Code the {len(ids)} events first")
    partly = ch02.compare_view(key, "src", {**dict.fromkeys(ids), ids[0]: 1, ids[3]: -1})
    check_notice(partly, f"Still to code: {len(ids) - 2} of {len(ids)} events")
    for notice in (nothing, partly, ch02.compare_view(key, "src", {})):
        assert "you coded" not in notice.text.lower() and "agree" not in notice.text
        assert not any(reason in notice.text for reason in ch02.REASONS.values())


def test_stance_from_controls_matches_the_dict_version(key):
    values = {row.control: row.book_code for row in key.itertuples()}
    result = check_view(ch02.compare_from_controls(key, "src", **values))
    assert f"agree on {len(key)} of {len(key)} events" in result.takeaway
    assert "differs" not in result.takeaway


def test_stance_edge_cases_give_a_clear_message(key):
    ids = list(key["event_id"])
    full = dict.fromkeys(ids, 0)
    cases = [
        ({**full, 999999: 1}, "not among the key events: 999999"),
        ({**full, ids[0]: 2}, "Codes must be -1, 0 or +1"),
        ({**full, ids[0]: True}, "Codes must be -1, 0 or +1"),
        ({**full, ids[0]: "1"}, "Codes must be -1, 0 or +1"),
    ]
    for codes, expected in cases:
        check_notice(ch02.compare_view(key, "src", codes), expected)


@pytest.mark.sweep
def test_compare_in_place_matches_a_new_figure(key):
    settings = [{"codes": codes} for codes in code_sets(key)[::6]]
    function = partial(ch02.compare_view, key, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 8


# ------------------------------------------------ the web page's coding form (in the browser)


def test_the_form_shows_no_code_of_the_book_before_the_button(key):
    page = ch02.stance_form(key)
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert visible.count('type="radio"') == 3 * len(key)
    assert NOTHING_YET in visible
    assert "you coded" not in visible.lower() and "agree on" not in visible
    assert not any(ch02.REASONS[e] in visible for e in key["event_id"])
    for row in key.itertuples():
        assert f'name="code-{row.event_id}"' in page and row.url.replace("&", "&amp;") in page


NODE = shutil.which("node")


def run_form(key, values: dict) -> str:
    """The form's JavaScript, run in Node.js on the chosen values, as the page runs it."""
    data = json.loads(
        re.search(r'class="bk-judge-data">(.*?)</script>', ch02.stance_form(key), re.S).group(1)
    )
    call = f"compute({json.dumps(values)}, {json.dumps(data)})"
    script = f"const compute = {ch02.STANCE_JS.strip()};\nprocess.stdout.write({call});"
    return subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_the_form_computes_what_the_python_function_computes(key):
    ids = list(key["event_id"])
    assert run_form(key, {}).startswith("Nothing chosen yet")
    partly = run_form(key, {f"code-{ids[0]}": "1"})
    assert f"Still to code: {len(ids) - 1} of {len(ids)} events" in partly and "agree" not in partly
    for codes in code_sets(key)[::9]:
        html = run_form(key, {f"code-{e}": str(c) for e, c in codes.items()})
        python = ch02.compare_by_year(key, codes)
        rows = re.findall(r"<tr><th scope=\"row\">(\d+)</th>((?:<td>[-+]?\d+</td>){4})</tr>", html)
        assert [int(year) for year, _ in rows] == list(python.index)
        for (year, cells), (_, expected) in zip(rows, python.iterrows(), strict=True):
            assert [int(v) for v in re.findall(r"[-+]?\d+", cells)] == list(expected), year
        agree = sum(codes[e] == RAW_SIGNAL[e] for e in ids)
        assert f"agree on {agree} of {len(ids)} events" in html
        assert html.count("<li>") == len(ids) - agree


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


@pytest.mark.sweep
def test_membership_in_place_matches_a_new_figure(aiib_data):
    settings = [
        {"measure": measure, "economy": economy}
        for measure, economy in itertools.product(ch02.MEASURES, ["JPN", "GBR", "BRA", "USA"])
    ]
    function = partial(ch02.membership_view, *aiib_data, "Source: test.", [])
    assert check_in_place_matches_fresh(function, settings) >= 10
