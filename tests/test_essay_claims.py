"""The claims register (data/essay_claims.csv) and the book's other essay
compilations (essay_expectations, argument_map): complete, consistent with
each other and with the timeline; every register verdict follows the written
rule from the fact-check's verdicts (issue 13, check 6), and every piece of
evidence counted for a motivation in the argument map comes before the turn it
explains (check 1), each check shown to fail on a planted mistake; the build
functions that make them from data/book (run on made-up entries), with the
own-words check that keeps the essay's sentences out of the register; and the
functions of bookkit.claims, including the "filter the claims" widget swept
over its controls, with counts checked against the CSV read with the csv module."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil

import build_data
import own_words
import pandas as pd
import pytest
from conftest import DATA, read_csv

from bookkit import claims as register
from bookkit import verdicts as rule
from bookkit.data import load
from bookkit.widgets import Notice, View

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCE = next(r for r in PACKAGE["resources"] if r["name"] == "essay_claims")


RAW = read_csv("essay_claims")
RAW_EVENTS = {int(r["event_id"]): r for r in read_csv("events")}


# ------------------------------------------------------------ the register covers the fact-check


def test_register_covers_every_claim_of_the_factcheck():
    """Claim ids are exactly 1..N, N being the highest number in the fact-check's section 1,
    which the build records in the dataset's metadata."""
    count = RESOURCE["factcheck_claim_count"]
    assert count == 77, "the fact-check's section 1 numbers its claims 1 to 77"
    assert RESOURCE["factcheck_section"] == "1. Claim-by-claim table"
    assert [int(r["claim_id"]) for r in RAW] == list(range(1, count + 1))


def test_every_row_is_complete():
    for row in RAW:
        assert row["claim"] and row["what_is_the_case"] and row["factcheck_verdict"], row[
            "claim_id"
        ]
        assert row["verdict"] in register.VERDICTS
        # A source, or a note saying why there is none.
        assert row["source_url"] or row["source_note"], row["claim_id"]
        if row["source_url"]:
            assert row["source_url"].startswith("http") and row["source_publisher"], row["claim_id"]
        # A compound verdict keeps its qualification.
        if row["factcheck_verdict"] not in register.VERDICTS:
            assert row["verdict_note"], row["claim_id"]
        # Rule V1: the fact-check's footnotes table holds the citations.
        footnote = row["essay_section"] == "Footnotes and references"
        assert row["kind"] == ("citation" if footnote else "claim"), row["claim_id"]
        for name in filter(None, row["book_data"].split("; ")):
            assert (DATA / f"{name}.csv").is_file(), (row["claim_id"], name)


def test_chapters_follow_the_essay_sections():
    expected = build_data.ESSAY_SECTIONS
    for row in RAW:
        assert int(row["chapter"]) == expected[row["essay_section"]], row["claim_id"]
    # Spot checks against the fact-check's tables.
    by_id = {int(r["claim_id"]): r for r in RAW}
    assert by_id[14]["essay_section"] == "The Development and Benefits of the Belt and Road"
    assert by_id[23]["chapter"] == "2" and by_id[49]["chapter"] == "3"
    assert by_id[56]["chapter"] == "4" and by_id[64]["chapter"] == "5"
    assert by_id[69]["chapter"] == "6" and by_id[72]["essay_section"] == "Conclusion"
    assert by_id[77]["essay_section"] == "Footnotes and references" and by_id[77]["chapter"] == "7"


def test_key_verdicts_from_the_factcheck():
    by_id = {int(r["claim_id"]): r for r in RAW}
    assert by_id[23]["verdict"] == "wrong"  # "Nakai" for Nikai
    assert by_id[70]["verdict"] == "wrong"  # RCEP as part of the BRI
    assert by_id[69]["verdict"] == "misleading"  # China's readout presented as Japan's
    assert by_id[36]["verdict"] == "misleading"  # China's "consensus" presented as joint
    assert by_id[29]["verdict"] == "correct"  # Japan's side confirms the cooperation offer
    assert by_id[72]["verdict"] == "opinion" and by_id[72]["out_of_date"] == "2023"
    # Footnote ix is China's readout: cite the foreign ministry, not a reprint.
    assert by_id[75]["source_url"] == "https://www.fmprc.gov.cn/mfa_eng/zxxx_662805/t1819295.shtml"
    assert "agenzianova" in by_id[75]["other_sources"]
    assert by_id[17]["verdict"] == "misleading"  # "abandoning" a status never held
    assert by_id[64]["verdict"] == "unverified"  # US$38 trillion
    assert by_id[49]["verdict"] == "wrong"  # "Great Recession"
    assert by_id[69]["source_url"] == "https://www.mofa.go.jp/a_o/c_m1/cn/page3e_001063.html"


def test_reprints_are_replaced_by_the_original_publisher_or_flagged():
    """No cited address is a known reprint unless its note says only a reprint was seen."""
    reprint_domains = {
        "wikisum.wiki",
        "marketscreener.com",
        "rt-p.com",
        "en.chinaapw.com",
        "todayshistory.org",
        "centreforaviation.com",
        "thisday.fyi",
        "kenyannews.co.ke",
        "moneywords.com",
    }
    for row in RAW:
        domain = re.sub(r"^https?://(www\.)?", "", row["source_url"]).split("/")[0]
        if domain in reprint_domains:
            pytest.fail(f"claim {row['claim_id']} cites the reprint {row['source_url']}")
        if "Only a reprint was seen" in row["source_note"]:
            assert row["source_publisher"], row["claim_id"]


# ------------------------------------- the written rule from fact-check verdicts (check 6)

# Every wording of the fact-check's verdicts in the register, with the register verdict
# and clause the written rule gives it (for a claim with no flag), worked out by hand
# from the rule's text in bookkit/verdicts.py.
BY_HAND = {
    "correct": ("correct", "V2"),
    "imprecise": ("imprecise", "V2"),
    "misleading": ("misleading", "V2"),
    "wrong": ("wrong", "V2"),
    "unverified": ("unverified", "V2"),
    "opinion": ("opinion", "V2"),
    "correct as the Chinese readout; misleading as presented": ("misleading", "V3"),
    "correct (broadly)": ("correct", "V4"),
    "correct as far as found": ("correct", "V4"),
    "correct (with a nuance)": ("correct", "V4"),
    "correct (the date is the Xi meeting; the trip ran longer)": ("correct", "V4"),
    "correct in substance": ("correct", "V4"),
    "correct in substance (Japanese side confirms the trade part)": ("correct", "V4"),
    "correct (for 2016)": ("correct", "V4"),
    "correct as a list": ("correct", "V4"),
    "correct (events), incomplete": ("correct", "V4"),
    "correct (the negotiations are real)": ("correct", "V4"),
    "correct per the Chinese readout, incomplete": ("correct", "V4"),
    "correct per the Chinese readout, one-sided": ("correct", "V4"),
    "correct but one-sided": ("correct", "V4"),
    "correct as a summary of the cited source, but one-sided": ("correct", "V4"),
    "correct as a quote of the Chinese readout; partly verified word for word": ("correct", "V4"),
    "correct for 2019–2020": ("correct", "V4"),
    "wrong (name)": ("wrong", "V4"),
    "wrong term": ("wrong", "V4"),
    "unverified / vague": ("unverified", "V4"),
    "unverified / probably misattributed; garbled": ("unverified", "V4"),
    "opinion / broadly accepted": ("opinion", "V4"),
    "opinion / one-sided": ("opinion", "V4"),
    "opinion / oversimplified": ("opinion", "V4"),
    "opinion (partly supported)": ("opinion", "V4"),
    "opinion / misleading": ("opinion", "V5"),
    "broadly correct / opinion": ("correct", "V5"),
    "wrong name / imprecise": ("wrong", "V5"),
    "unverified, probably wrong or mis-sourced": ("unverified", "V5"),
    "imprecise (event correct; quotation only partly verified; no citation)": ("imprecise", "V5"),
    "correct (date, place, theme, Fukuda's attendance); sponsor unverified": ("correct", "V5"),
    "correct in substance, imprecise wording": ("imprecise", "V6"),
    "correct in part; needs data": ("imprecise", "V6"),
    "needs data": ("unverified", "V7"),
    "needs data / imprecise": ("imprecise", "V7"),
    "correct for 2010–2022, now out of date": ("correct", "V8"),
    "out of date": ("opinion", "V8"),
}
# The fact-check's words for its footnote checks (rule V10).
CITATIONS_BY_HAND = {
    "exists; content matches": ("correct", "V10"),
    "consistent": ("correct", "V10"),
    "weakness": ("unverified", "V10"),
    "unverified": ("unverified", "V2"),
}


def test_the_rule_gives_each_wording_of_the_factcheck_what_was_worked_out_by_hand():
    for wording, expected in BY_HAND.items():
        assert rule.rule_verdict(wording, "claim") == expected, wording
    for wording, expected in CITATIONS_BY_HAND.items():
        assert rule.rule_verdict(wording, "citation") == expected, wording
    # Every wording in the register is covered, so a new one needs a decision here.
    assert {r["factcheck_verdict"] for r in RAW if r["kind"] == "claim"} <= set(BY_HAND)
    assert {r["factcheck_verdict"] for r in RAW if r["kind"] == "citation"} <= set(
        CITATIONS_BY_HAND
    )


def test_the_rule_flags_and_refusals():
    # V9: one side's account is misleading when contradicted or presented as joint ...
    for case in ("contradicted", "presented as joint"):
        assert rule.rule_verdict("correct but one-sided", "claim", case) == ("misleading", "V9")
    # ... and otherwise keeps the word the other clauses give.
    for case in ("corroborated", "other side not seen"):
        assert rule.rule_verdict("correct but one-sided", "claim", case) == ("correct", "V9")
    assert rule.rule_verdict("correct for 2019–2020", "claim", out_of_date=True) == (
        "correct",
        "V8",
    )
    with pytest.raises(ValueError, match="no clause of the verdict rule fits"):
        rule.rule_verdict("half true", "claim")
    with pytest.raises(ValueError, match="one_sided 'partly'"):
        rule.rule_verdict("correct", "claim", "partly")


def mapping_problems(rows: list[dict]) -> list[str]:
    """What breaks the written rule in register rows (as the CSV holds them): a verdict the
    rule does not give with no reason, a wrong clause recorded, a V8 or V9 verdict with
    no reason, an 'out of date' wording with no year."""
    problems = []
    for row in rows:
        number, reason = row["claim_id"], row["verdict_reason"]
        expected, clause = rule.rule_verdict(
            row["factcheck_verdict"], row["kind"], row["one_sided"], bool(row["out_of_date"])
        )
        if row["verdict"] != expected:
            if not reason or row["verdict_rule"] != "exception":
                problems.append(f"#{number}: {row['verdict']!r}, but the rule gives {expected!r}")
        elif row["verdict_rule"] != clause:
            problems.append(f"#{number}: rule {row['verdict_rule']!r} recorded, {clause} applies")
        if clause in ("V8", "V9") and not reason:
            problems.append(f"#{number}: a verdict under {clause} without a verdict_reason")
        if "out of date" in row["factcheck_verdict"] and not row["out_of_date"]:
            problems.append(f"#{number}: out of date, but no year")
    return problems


def test_every_register_verdict_follows_the_written_rule():
    assert mapping_problems(RAW) == []
    # The rule's own cases are in the data.
    by_id = {int(r["claim_id"]): r for r in RAW}
    assert by_id[36]["one_sided"] == "presented as joint" and by_id[36]["verdict_rule"] == "V9"
    assert by_id[69]["one_sided"] == "contradicted"
    assert [by_id[i]["verdict_rule"] for i in (73, 74, 75, 77)] == ["V10"] * 4


@pytest.mark.parametrize(
    "claim_id, change, expected",
    [
        (69, {"verdict": "correct"}, "#69: 'correct', but the rule gives 'misleading'"),
        (23, {"verdict": "imprecise"}, "#23: 'imprecise', but the rule gives 'wrong'"),
        (36, {"verdict_reason": ""}, "#36: a verdict under V9 without a verdict_reason"),
        (7, {"out_of_date": "", "verdict_reason": ""}, "#7: out of date, but no year"),
        (14, {"verdict_rule": "V4"}, "#14: rule 'V4' recorded, V6 applies"),
    ],
    ids=["wrong-verdict", "wrong-verdict-plain", "no-reason", "no-year", "wrong-clause"],
)
def test_the_rule_check_catches_a_planted_mistake(claim_id, change, expected):
    planted = [dict(r, **change) if int(r["claim_id"]) == claim_id else r for r in RAW]
    assert expected in mapping_problems(planted)


def test_an_exception_to_the_rule_passes_only_with_its_reason():
    row = next(r for r in RAW if r["claim_id"] == "23")
    exception = dict(row, verdict="imprecise", verdict_rule="exception", verdict_reason="Why.")
    assert mapping_problems([exception]) == []
    assert mapping_problems([dict(exception, verdict_reason="")]) != []


def test_the_register_page_prints_the_rule_and_the_meanings(claims):
    rule_page = register.rule_html(claims)
    assert [f"<strong>V{n} " in rule_page for n in range(1, 12)] == [True] * 11
    used = {}
    for row in RAW:
        used[row["verdict_rule"]] = used.get(row["verdict_rule"], 0) + 1
    for clause, count in used.items():
        name = next(name for c, name, _ in rule.RULE if c == clause)
        assert re.search(
            rf"<strong>{clause} {re.escape(html.escape(name))}\.</strong>[^<]*"
            rf"<small>\({count} entr(y|ies)\)</small>",
            rule_page,
        ), clause
    meanings = register.meanings_html(claims)
    by_id = {int(r["claim_id"]): r for r in RAW}
    for verdict, example in register.VERDICT_EXAMPLES.items():
        assert by_id[example]["verdict"] == verdict, f"#{example} is no longer {verdict}"
        assert f'href="#claim-{example}"' in meanings
        assert html.escape(rule.VERDICT_MEANINGS[verdict]) in meanings


# ---------------------------------------------------------------- the other compilations


def test_expectations_refer_to_real_claims_events_and_datasets():
    claim_ids = {int(r["claim_id"]) for r in RAW}
    names = {r["name"] for r in PACKAGE["resources"]}
    rows = read_csv("essay_expectations")
    assert [r["expectation_id"] for r in rows] == [f"X{i}" for i in range(1, len(rows) + 1)]
    for row in rows:
        assert int(row["claim_id"]) in claim_ids
        assert all(int(e) in RAW_EVENTS for e in row["event_ids"].split("; "))
        assert set(row["datasets"].split("; ")) <= names
        assert row["book_assessment"] in ("came true", "partly", "not yet")


def test_argument_map_is_consistent_with_the_register_and_timeline():
    claim_ids = {int(r["claim_id"]) for r in RAW}
    rows = read_csv("argument_map")
    assert {r["claim_key"] for r in rows} == {"K1", "K2", "K3", "K4", "K5"}
    for row in rows:
        assert row["stance"] in ("for", "against", "context")
        if row["claim_id"]:
            assert int(row["claim_id"]) in claim_ids
        if row["event_id"]:
            event = RAW_EVENTS[int(row["event_id"])]
            assert (
                row["event_date"] == event["date"] and row["source_publisher"] == event["publisher"]
            )
        assert row["source_publisher"] and row["source_url"]
    motivations = {r["claim_key"]: r["motivation"] for r in rows}
    assert motivations == {
        "K1": "",
        "K2": "own disadvantages",
        "K3": "China–US relations",
        "K4": "regional trend",
        "K5": "",
    }
    # Every motivation has evidence on both sides, so the weighing tool starts balanced.
    for key in ("K2", "K3", "K4"):
        assert {r["stance"] for r in rows if r["claim_key"] == key} >= {"for", "against"}


# ------------------------------------------- a cause comes before its effect (check 1)

MAP = read_csv("argument_map")
EVENT_DATES = {int(r["event_id"]): r["date"] for r in read_csv("events")}


def cause_problems(rows: list[dict]) -> list[str]:
    """Evidence counted for a claim that explains another (a motivation and the turn) that
    is not dated wholly before the explained claim begins; context that is not after it."""
    starts = {r["claim_key"]: r["claim_from"] for r in rows if r["claim_from"]}
    problems = []
    for row in rows:
        if not row["explains"]:
            continue
        start = starts[row["explains"]]
        # The item's last day: its event's date, else the end of its data's period.
        last = EVENT_DATES[int(row["event_id"])] if row["event_id"] else row["evidence_to"]
        first = EVENT_DATES[int(row["event_id"])] if row["event_id"] else row["evidence_from"]
        if row["stance"] == "for" and not (last and last < start):
            problems.append(
                f"{row['evidence_id']}: for {row['claim_key']}, dated {last or 'never'}"
            )
        if row["stance"] == "context" and not (first and first >= start):
            problems.append(f"{row['evidence_id']}: context dated {first or 'never'}")
    return problems


def test_evidence_for_a_motivation_comes_before_the_turn():
    turn = {r["claim_from"] for r in MAP if r["claim_key"] == "K1"}
    # The turn is dated by its first event, Nikai at the first Belt and Road Forum.
    assert turn == {EVENT_DATES[40]} == {"2017-05-14"}
    assert {r["explains"] for r in MAP if r["claim_key"] in ("K2", "K3", "K4")} == {"K1"}
    assert cause_problems(MAP) == []
    # The trade war (Jul 2018) and RCEP's signing (Nov 2020) stay on the map, after the turn.
    after = {r["evidence_id"]: r for r in MAP if r["stance"] == "context"}
    assert {r["event_id"] for r in after.values()} == {"58", "78"}
    assert all(r["timing"] == "after" for r in after.values())


@pytest.mark.parametrize(
    "evidence_id, change, expected",
    [
        ("E13", {"stance": "for"}, "E13: for K3, dated 2018-07-06"),
        ("E12", {"evidence_to": "2019-12-31"}, "E12: for K3, dated 2019-12-31"),
        ("E08", {"evidence_from": "", "evidence_to": ""}, "E08: for K2, dated never"),
        ("E14", {"event_id": "77"}, "E14: for K3, dated 2020-09-25"),
        ("E17", {"event_id": "17"}, "E17: context dated 2012-11-20"),
    ],
    ids=["trade-war-for", "data-after-the-turn", "undated", "later-event", "context-before"],
)
def test_the_cause_check_catches_a_planted_counter_example(evidence_id, change, expected):
    planted = [dict(r, **change) if r["evidence_id"] == evidence_id else r for r in MAP]
    assert expected in cause_problems(planted)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "(Jul 2018)\n    stance: context",
            "(Jul 2018)\n    stance: for",
            "E13: evidence for K3 must be dated before what it explains (K1, from 2017-05-14); "
            "it is dated 2018-07-06 to 2018-07-06",
        ),
        (
            "    period: [2013, 2016]\n",
            "    period: [2013, 2019]\n",
            "E08: evidence for K2 must be dated before",
        ),
        ("    period: [2013, 2016]\n", "", "E08: evidence for K2 must be dated before"),
        ("    period: [2013, 2016]\n", "    period: [2016, 2013]\n", "E08: period should be"),
        ("  explains: K1\n", "  explains: K9\n", "K2: explains 'K9', which has no period_events"),
        ("  period_events: [40, 52]", "  period_events: [52, 40]", "K1: period_events should"),
    ],
    ids=["for-after", "period-after", "undated", "period-reversed", "explains-nothing", "order"],
)
def test_the_build_refuses_evidence_for_a_cause_after_its_effect(tmp_path, old, new, message):
    claims, events = load("essay_claims"), load("events")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    text = (DATA / "book" / "argument_map.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "argument_map.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        build_data.build_argument_map(tmp_path, claims, events, package)
    assert message in str(error.value) and "argument_map.yaml" in str(error.value)


# ------------------------------------------------------ the build functions, on made-up entries

# Three claims as claims.yaml holds them, and a made-up "essay" to fingerprint.
CLAIMS_YAML = """\
- claim_id: 1
  essay_section: Abstract
  claim: A thing was announced.
  what_is_the_case: "Yes."
  factcheck_verdict: correct
  verdict: correct
  source_publisher: Example Original
  source_url: https://orig.example.org/a
  book_data: [events]
- claim_id: 2
  essay_section: II. The Impact of China-US Relations on Japan
  claim: Growth was large.
  what_is_the_case: Roughly right.
  factcheck_verdict: correct in substance, imprecise wording
  verdict: imprecise
  verdict_note: Right in substance.
  source_publisher: Ministry of Foreign Affairs of Japan
  source_url: https://www.mofa.go.jp/original.html
  other_sources: [https://mirror.example.com/x, https://orig.example.org/b]
- claim_id: 3
  essay_section: Conclusion
  claim: Allies are forced.
  what_is_the_case: An opinion.
  factcheck_verdict: opinion / one-sided
  verdict: opinion
  verdict_note: Also one-sided.
  source_note: No source found.
"""
ESSAY = "In 2013 the great and wonderful initiative was announced to the whole wide world."


@pytest.fixture
def book(tmp_path):
    """A data/book folder with CLAIMS_YAML and fingerprints of ESSAY (runs of 8 words)."""
    (tmp_path / "claims.yaml").write_text(CLAIMS_YAML, encoding="utf-8")
    salt = "test-salt"
    (tmp_path / own_words.FINGERPRINTS.name).write_text(
        json.dumps(
            {
                "salt": salt,
                "originals": {
                    "essay": {"run": 8, "hashes": " ".join(own_words.fingerprint(ESSAY, 8, salt))}
                },
            }
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_build_makes_the_register_from_claims_yaml(book):
    frame = build_data.build_essay_claims(book, {"events"}).set_index("claim_id")
    assert list(frame.index) == [1, 2, 3]
    assert list(frame["chapter"]) == [1, 4, 7]
    assert list(frame["verdict"]) == ["correct", "imprecise", "opinion"]
    assert frame.loc[2, "factcheck_verdict"] == "correct in substance, imprecise wording"
    assert (
        frame.loc[2, "verdict_note"] == "Right in substance." and frame.loc[1, "verdict_note"] == ""
    )
    assert (
        frame.loc[2, "other_sources"] == "https://mirror.example.com/x ; https://orig.example.org/b"
    )
    assert frame.loc[1, "book_data"] == "events" and frame.loc[3, "source_url"] == ""
    assert list(frame.columns) == [f["name"] for f in RESOURCE["schema"]["fields"]][1:]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  claim: Growth was large.\n", "", "claim 2: no claim"),
        (
            "  verdict_note: Also one-sided.\n",
            "  verdict_nte: Also one-sided.\n",
            "unknown key 'verdict_nte'",
        ),
        (
            "- claim_id: 3",
            "- claim_id: 4",
            "claim 4: claims are numbered 1, 2, 3... in order; expected 3",
        ),
        ("  verdict: opinion\n", "  verdict: half true\n", "verdict 'half true' is not one of"),
        ("  verdict_note: Also one-sided.\n", "", "'opinion / one-sided' needs a verdict_note"),
        (
            "  verdict: correct\n",
            "  verdict: wrong\n",
            "the rule (V2) gives 'correct' for 'correct', not 'wrong': use it, or give",
        ),
        (
            "  verdict: imprecise\n",
            "  verdict: correct\n",
            "the rule (V6) gives 'imprecise' for 'correct in substance, imprecise wording'",
        ),
        (
            "  verdict_note: Right in substance.\n",
            "  verdict_note: Right in substance.\n  one_sided: corroborated\n",
            "a verdict under rule V9 needs a verdict_reason",
        ),
        (
            "  verdict_note: Right in substance.\n",
            "  verdict_note: Right in substance.\n  one_sided: partly\n",
            "one_sided is for claims, one of corroborated, contradicted",
        ),
        (
            "factcheck_verdict: opinion / one-sided",
            "factcheck_verdict: out of date",
            "the fact-check says 'out of date': give out_of_date (rule V8)",
        ),
        (
            "factcheck_verdict: opinion / one-sided",
            "factcheck_verdict: half true",
            "no clause of the verdict rule fits the fact-check's 'half true'",
        ),
        (
            "  verdict: correct\n",
            "  verdict: correct\n  verdict_note: Fine.\n",
            "the fact-check says 'correct', with no qualifier to note",
        ),
        ("  source_publisher: Example Original\n", "", "source_url needs a source_publisher"),
        (
            "book_data: [events]",
            "book_data: [nowhere]",
            "refers to dataset nowhere, which do not exist",
        ),
        (
            "other_sources: [https://mirror.example.com/x, https://orig.example.org/b]",
            "other_sources: https://mirror.example.com/x",
            "other_sources should be a list",
        ),
        (
            "essay_section: Conclusion",
            "essay_section: Epilogue",
            "unknown essay_section 'Epilogue'",
        ),
        ("- claim_id: 1\n", "- claim_id: 1\n  - oops\n", "claims.yaml: not valid YAML"),
    ],
    ids=[
        "missing-key",
        "misspelt-key",
        "numbering",
        "unknown-verdict",
        "compound-without-note",
        "plain-verdict-changed",
        "departs-from-the-rule",
        "one-sided-without-reason",
        "one-sided-unknown-case",
        "out-of-date-without-year",
        "no-clause-fits",
        "plain-verdict-with-note",
        "url-without-publisher",
        "unknown-dataset",
        "not-a-list",
        "unknown-section",
        "bad-yaml",
    ],
)
def test_build_refuses_a_bad_claim_entry(book, old, new, message):
    assert old in CLAIMS_YAML
    (book / "claims.yaml").write_text(CLAIMS_YAML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        build_data.build_essay_claims(book, {"events"})
    assert message in str(error.value)
    assert "claims.yaml" in str(error.value)


def test_build_records_the_rule_and_accepts_an_exception_with_its_reason(book):
    frame = build_data.build_essay_claims(book, {"events"}).set_index("claim_id")
    assert list(frame["verdict_rule"]) == ["V2", "V6", "V4"]
    assert list(frame["kind"]) == ["claim", "claim", "claim"]
    text = CLAIMS_YAML.replace(
        "  verdict: imprecise\n", "  verdict: correct\n  verdict_reason: Because.\n"
    )
    (book / "claims.yaml").write_text(text, encoding="utf-8")
    frame = build_data.build_essay_claims(book, {"events"}).set_index("claim_id")
    assert frame.loc[2, "verdict"] == "correct" and frame.loc[2, "verdict_rule"] == "exception"
    assert frame.loc[2, "verdict_reason"] == "Because."


def test_build_refuses_a_paraphrase_that_copies_the_essay(book):
    copied = "The great and wonderful initiative was announced to the whole wide world."
    (book / "claims.yaml").write_text(
        CLAIMS_YAML.replace("A thing was announced.", copied), encoding="utf-8"
    )
    with pytest.raises(
        ValueError,
        match=r"claim 1 \(claim\) copies the essay: 'the great and wonderful initiative was",
    ):
        build_data.build_essay_claims(book, {"events"})
    # Seven words in a row are a phrase, not a copy; case, punctuation and curly
    # apostrophes do not hide one.
    essay = own_words.Original("essay", 8, "s", frozenset(own_words.fingerprint(ESSAY, 8, "s")))
    assert essay.copied("The great and wonderful initiative was announced.") is None
    assert essay.copied("THE GREAT — and wonderful initiative, was announced… to") is not None
    other = own_words.fingerprint("It\u2019s the plan of the two nations to act now", 8, "s")
    copied = own_words.Original("other", 8, "s", frozenset(other)).copied(
        "Yes: it's the plan of the two nations to act."
    )
    assert copied == "it's the plan of the two nations to"


def test_the_shipped_fingerprint_catches_a_copied_sentence_of_the_essay():
    """The essay is not in the repository, but its title is (cited in datapackage.json): a
    paraphrase that copies it is refused, and the register as shipped passes."""
    title = next(
        s["title"] for s in RESOURCE["sources"] if s["title"].endswith("(the essay)")
    ).split("'")[1]
    assert len(title.split()) >= 8
    originals = own_words.load()
    assert {o.name: o.run for o in originals} == {"essay": 8, "fact-check": 10}
    with pytest.raises(ValueError, match="copies the essay"):
        own_words.check({"claim 1 (claim)": f"The essay, {title}, argues much."}, originals)
    own_words.check(
        {f"{r['claim_id']} ({c})": r[c] for r in RAW for c in ("claim", "what_is_the_case")},
        originals,
    )


def test_build_refuses_broken_references():
    claims = load("essay_claims")
    events = load("events")
    with pytest.raises(ValueError, match="event 100000"):
        build_data.check_references("X9", [1], [100000], ["events"], claims, events, {"events"})
    with pytest.raises(ValueError, match="claim 999"):
        build_data.check_references("X9", [999], [], [], claims, events, set())
    with pytest.raises(ValueError, match="dataset nowhere"):
        build_data.check_references("X9", [], [], ["nowhere"], claims, events, set())


def test_build_refuses_bad_expectations_and_evidence(tmp_path):
    claims, events = load("essay_claims"), load("events")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    shutil.copy(DATA / "book" / "expectations.yaml", tmp_path)
    shutil.copy(DATA / "book" / "argument_map.yaml", tmp_path)
    assert len(build_data.build_essay_expectations(tmp_path, claims, events, names)) == len(
        read_csv("essay_expectations")
    )
    text = (tmp_path / "expectations.yaml").read_text(encoding="utf-8")
    (tmp_path / "expectations.yaml").write_text(
        text.replace("book_assessment: partly", "book_assessment: maybe", 1), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="expectations.yaml, X1: book_assessment is not one of"):
        build_data.build_essay_expectations(tmp_path, claims, events, names)
    text = (tmp_path / "argument_map.yaml").read_text(encoding="utf-8")
    (tmp_path / "argument_map.yaml").write_text(
        text.replace("event_id: 40", "event_id: 4000", 1), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="argument_map.yaml, E01: refers to event 4000"):
        build_data.build_argument_map(tmp_path, claims, events, package)


# ---------------------------------------------------------------- bookkit.claims


@pytest.fixture(scope="module")
def claims():
    return load("essay_claims")


def oracle(verdicts, chapters, text):
    """Entry ids chosen by the filter, computed from the raw CSV: a claim by its chapter,
    a footnote check by the choice "footnotes"."""
    words = text.lower().split()
    number = re.fullmatch(r"#?\s*(\d+)", text.strip())
    out = []
    for row in RAW:
        where = int(row["chapter"]) if row["kind"] == "claim" else "footnotes"
        if row["verdict"] not in verdicts or where not in chapters:
            continue
        if number:
            if int(row["claim_id"]) != int(number.group(1)):
                continue
        else:
            hay = " ".join(row[c] for c in register.SEARCHED_COLUMNS).lower()
            if not all(word in hay for word in words):
                continue
        out.append(int(row["claim_id"]))
    return out


VERDICT_SETS = [
    combo for n in range(1, 7) for combo in itertools.combinations(register.VERDICTS, n)
]
EVERYWHERE = (*range(1, 8), register.FOOTNOTES)
CHAPTER_SETS = [(c,) for c in EVERYWHERE] + [(4, 5), (7, register.FOOTNOTES), EVERYWHERE]
TEXTS = ["", "readout", "RCEP", "Nikai", "#23", "70", "abe SUGA", "xyzzy"]


@pytest.mark.sweep
def test_register_view_every_verdict_selection(claims):
    """All 63 verdict selections, for every chapter selection, no search: counts match the CSV."""
    for verdicts, chapters in itertools.product(VERDICT_SETS, CHAPTER_SETS):
        expected = oracle(verdicts, chapters, "")
        result = register.register_view(claims, "src", verdicts, chapters, "")
        if not expected:
            assert isinstance(result, Notice) and "No entry" in result.text
            continue
        assert isinstance(result, View)
        assert result.takeaway.startswith(f"{len(expected)} of {len(RAW)} entries match")
        assert [int(i.lstrip("#")) for i in result.table.index] == expected
        bars = {bar.get_y(): bar.get_width() for bar in result.figure.axes[0].patches}
        assert sum(bars.values()) == len(expected)


@pytest.mark.parametrize("text", TEXTS)
def test_register_view_search(claims, text):
    for verdicts in [register.VERDICTS, ("wrong", "misleading")]:
        expected = oracle(verdicts, EVERYWHERE, text)
        result = register.register_view(claims, "src", verdicts, EVERYWHERE, text)
        if expected:
            assert isinstance(result, View)
            assert [int(i.lstrip("#")) for i in result.table.index] == expected
        else:
            assert isinstance(result, Notice) and "Try fewer" in result.text
    assert oracle(register.VERDICTS, EVERYWHERE, "#23") == [23]


@pytest.mark.parametrize(
    "verdicts, chapters, text, expected",
    [
        ((), (1,), "", "Choose at least one verdict"),
        (("wrong",), (), "", "Choose at least one chapter"),
        (("true-ish",), (1,), "", "Unknown verdict"),
        (("wrong",), (4,), "", "No entry has one of the chosen"),
        (("wrong",), (9,), "", "No chapter 9 in the register"),
    ],
)
def test_register_view_edge_cases(claims, verdicts, chapters, text, expected):
    result = register.register_view(claims, "src", verdicts, chapters, text)
    assert isinstance(result, Notice) and expected in result.text


def test_verdict_counts_and_chapter_table(claims):
    counts = register.verdict_counts(claims)
    assert list(counts.index) == list(register.VERDICTS)
    for verdict in register.VERDICTS:
        assert counts[verdict] == sum(r["verdict"] == verdict for r in RAW)
    table = register.counts_by_chapter(claims)
    # Claims only: the footnote checks (kind citation) are counted apart.
    n_claims = sum(r["kind"] == "claim" for r in RAW)
    assert list(table.index) == list(range(1, 8)) and table["all"].sum() == n_claims == 72
    for (chapter, verdict), n in table.drop(columns="all").stack().items():
        assert n == sum(
            r["kind"] == "claim" and r["chapter"] == str(chapter) and r["verdict"] == verdict
            for r in RAW
        )
    assert len(register.only_citations(claims)) == len(RAW) - n_claims
    checkable = [r for r in RAW if r["kind"] == "claim" and r["verdict"] != "opinion"]
    assert sorted(register.checkable(claims)["claim_id"]) == [int(r["claim_id"]) for r in checkable]
    assert (
        register.describe_counts(pd.Series({"correct": 2, "wrong": 0, "opinion": 1}))
        == "2 correct, 1 opinion"
    )


def notebook_title(path) -> str:
    """A notebook's first heading, read with the json module and a regular expression."""
    text = path.read_text(encoding="utf-8")
    return re.search(r'"# (\d+\. [^"\\]+)(\\n)?"', text).group(1)


def test_the_register_shows_the_chapters_own_titles(claims, tmp_path):
    notebooks = sorted((DATA.parent / "chapters").glob("[0-9][0-9]-*.ipynb"))
    assert len(notebooks) == 7
    labels = [label for label, _ in register.chapter_options(claims)]
    assert labels[:7] == [notebook_title(path) for path in notebooks]
    assert labels[7] == register.FOOTNOTES_LABEL
    assert "7. Conclusion: weighing the argument" in labels
    # A notebook opened on its own (no chapters at hand): "Chapter 7", never a typed title.
    assert register.chapter_titles(tmp_path) == {}


def test_register_html_has_one_anchor_per_claim(claims):
    page = register.RegisterTable(claims)._repr_html_()
    ids = re.findall(r'<tr id="claim-(\d+)"', page)
    assert [int(i) for i in ids] == list(range(1, len(RAW) + 1))
    assert "<script" not in page and page.count('class="bk-verdict bk-verdict-') == len(RAW)
    # Each row says which clause gave its verdict, and why where the rule asks for a reason.
    assert page.count("<em>Rule V") == len(RAW)
    assert page.count("Why this verdict:") == sum(bool(r["verdict_reason"]) for r in RAW)
    row_36 = page.split('<tr id="claim-36">')[1].split("</tr>")[0]
    assert "Rule V9; one side's account: presented as joint." in row_36
    assert "&lt;" not in register.register_html(claims.head(0))


def test_claims_table_links_to_the_register(claims):
    table = register.ClaimsTable(claims, [69, 70])
    html = table._repr_html_()
    assert '<a href="../appendices/claims-register.html#claim-69">#69</a>' in html
    assert "misleading" in html and "wrong" in html
    assert "#70 (wrong)" in repr(table)
    with pytest.raises(ValueError, match="No claim"):
        register.ClaimsTable(claims, [999])
    assert register.claim_url(5, from_chapter=False) == "claims-register.html#claim-5"


def test_claim_card_links_to_its_row(claims):
    card = register.claim_card(claims, 64).data
    assert 'href="#claim-64"' in card and "unverified" in card and "Asian Development Bank" in card
