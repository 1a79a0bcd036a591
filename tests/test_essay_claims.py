"""The claims register (data/essay_claims.csv) and the book's other essay
compilations (essay_expectations, argument_map): complete, consistent with
each other and with the timeline; the build functions that make them from
data/book (run on made-up entries), with the own-words check that keeps the
essay's sentences out of the register; and the
functions of bookkit.claims, including the "filter the claims" widget swept
over its controls, with counts checked against the CSV read with the csv module."""

from __future__ import annotations

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
        assert row["stance"] in ("for", "against")
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
        assert {r["stance"] for r in rows if r["claim_key"] == key} == {"for", "against"}


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
        ("  verdict: correct\n", "  verdict: wrong\n", "the fact-check says 'correct': use it"),
        (
            "factcheck_verdict: opinion / one-sided",
            "factcheck_verdict: correct in substance, imprecise wording",
            "is 'imprecise' elsewhere",
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
        "compound-mapped-two-ways",
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
    """Claim ids chosen by the filter, computed from the raw CSV."""
    words = text.lower().split()
    number = re.fullmatch(r"#?\s*(\d+)", text.strip())
    out = []
    for row in RAW:
        if row["verdict"] not in verdicts or int(row["chapter"]) not in chapters:
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
CHAPTER_SETS = [(c,) for c in range(1, 8)] + [(4, 5), tuple(range(1, 8))]
TEXTS = ["", "readout", "RCEP", "Nikai", "#23", "70", "abe SUGA", "xyzzy"]


def test_register_view_every_verdict_selection(claims):
    """All 63 verdict selections, for every chapter selection, no search: counts match the CSV."""
    for verdicts, chapters in itertools.product(VERDICT_SETS, CHAPTER_SETS):
        expected = oracle(verdicts, chapters, "")
        result = register.register_view(claims, "src", verdicts, chapters, "")
        if not expected:
            assert isinstance(result, Notice) and "No claim" in result.text
            continue
        assert isinstance(result, View)
        assert result.takeaway.startswith(f"{len(expected)} of {len(RAW)} claims match")
        assert [int(i.lstrip("#")) for i in result.table.index] == expected
        bars = {bar.get_y(): bar.get_width() for bar in result.figure.axes[0].patches}
        assert sum(bars.values()) == len(expected)


@pytest.mark.parametrize("text", TEXTS)
def test_register_view_search(claims, text):
    for verdicts in [register.VERDICTS, ("wrong", "misleading")]:
        expected = oracle(verdicts, range(1, 8), text)
        result = register.register_view(claims, "src", verdicts, tuple(range(1, 8)), text)
        if expected:
            assert isinstance(result, View)
            assert [int(i.lstrip("#")) for i in result.table.index] == expected
        else:
            assert isinstance(result, Notice) and "Try fewer" in result.text
    assert oracle(register.VERDICTS, range(1, 8), "#23") == [23]


@pytest.mark.parametrize(
    "verdicts, chapters, text, expected",
    [
        ((), (1,), "", "Choose at least one verdict"),
        (("wrong",), (), "", "Choose at least one chapter"),
        (("true-ish",), (1,), "", "Unknown verdict"),
        (("wrong",), (4,), "", "No claim has one of the chosen"),
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
    assert list(table.index) == list(range(1, 8)) and table["all"].sum() == len(RAW)
    assert (
        register.describe_counts(pd.Series({"correct": 2, "wrong": 0, "opinion": 1}))
        == "2 correct, 1 opinion"
    )


def test_register_html_has_one_anchor_per_claim(claims):
    page = register.RegisterTable(claims)._repr_html_()
    ids = re.findall(r'<tr id="claim-(\d+)"', page)
    assert [int(i) for i in ids] == list(range(1, len(RAW) + 1))
    assert "<script" not in page and page.count('class="bk-verdict bk-verdict-') == len(RAW)
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
