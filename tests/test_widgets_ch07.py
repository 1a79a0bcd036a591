"""Chapter 7's widget functions (bookkit.argument) swept over their controls:
the argument-map explorer and the "weigh the motivations" thinking tool. Each
call gives a View or a Notice, never raises; counts and scores are checked
against data/argument_map.csv read with the csv module and an independent
computation of the score."""

from __future__ import annotations

import itertools

import pytest
from conftest import check_notice, check_view, read_csv
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from bookkit.chapters import ch07
from bookkit.data import load

RAW = read_csv("argument_map")
KEYS = sorted({r["claim_key"] for r in RAW})
MOTIVE_ROWS = [r for r in RAW if r["motivation"]]
IDS = [r["evidence_id"] for r in MOTIVE_ROWS]
WEIGHT_NAMES = ("w_own", "w_us", "w_region")


@pytest.fixture(scope="module")
def amap():
    return load("argument_map")


# ---------------------------------------------------------------- the argument map


def boxes(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]


def overlap(a, b):
    ax0, ay0, aw, ah = a.get_x(), a.get_y(), a.get_width(), a.get_height()
    bx0, by0, bw, bh = b.get_x(), b.get_y(), b.get_width(), b.get_height()
    return ax0 < bx0 + bw and bx0 < ax0 + aw and ay0 < by0 + bh and by0 < ay0 + ah


@pytest.mark.parametrize("stance", ch07.STANCES)
def test_map_view_every_claim_and_stance(amap, stance):
    for key in [ch07.ALL, *KEYS]:
        rows = [
            r for r in RAW if key in (ch07.ALL, r["claim_key"]) and stance in ("both", r["stance"])
        ]
        result = ch07.map_view(amap, "src", key, stance)
        if not rows:
            check_notice(result, "no evidence")
            continue
        check_view(result)
        claims_shown = {r["claim_key"] for r in rows}
        drawn = boxes(result.figure)
        assert len(drawn) == len(rows) + len(claims_shown)
        arrows = [p for p in result.figure.axes[0].patches if isinstance(p, FancyArrowPatch)]
        assert len(arrows) == len(rows)
        assert not any(overlap(a, b) for a, b in itertools.combinations(drawn, 2)), "boxes overlap"
        assert sorted(result.table.index) == sorted(r["evidence_id"] for r in rows)
        for claim in claims_shown:
            n_for = sum(r["stance"] == "for" for r in rows if r["claim_key"] == claim)
            n_against = sum(r["stance"] == "against" for r in rows if r["claim_key"] == claim)
            assert (
                f"{claim} (" in result.takeaway
                and f"{n_for} for, {n_against} against" in result.takeaway
            )


def test_full_map_has_every_item_and_the_conclusion_banner(amap):
    fig = ch07.draw_map(
        amap, "Map", "src", conclusion="The essay concludes something, at some length."
    )
    assert len(boxes(fig)) == len(RAW) + len(KEYS) + 1
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for row in RAW:
        assert f"Chapter {row['chapter']}" in texts
    assert "Evidence for" in texts and "Evidence against" in texts
    # Every box stays inside the figure.
    width, height = fig.get_size_inches()
    for box in boxes(fig):
        assert box.get_x() >= 0 and box.get_x() + box.get_width() <= width
        assert box.get_y() >= 0 and box.get_y() + box.get_height() <= height


def test_describe_map_counts(amap):
    text = ch07.describe_map(amap)
    for key in KEYS:
        n_for = sum(r["claim_key"] == key and r["stance"] == "for" for r in RAW)
        n_against = sum(r["claim_key"] == key and r["stance"] == "against" for r in RAW)
        assert f"{n_for} for, {n_against} against" in text.split(f"{key} (")[1].split(";")[0]


@pytest.mark.parametrize(
    "key, stance, expected",
    [("K9", "both", "Unknown claim 'K9'"), ("K1", "neither", "Unknown choice 'neither'")],
)
def test_map_view_edge_cases(amap, key, stance, expected):
    check_notice(ch07.map_view(amap, "src", key, stance), expected)


# ---------------------------------------------------------------- weighing the motivations


def oracle_score(weights, strengths):
    """The overall score, computed independently from the raw rows."""
    supports = {}
    for motivation in ch07.MOTIVATIONS:
        pro = sum(
            strengths[r["evidence_id"]]
            for r in MOTIVE_ROWS
            if r["motivation"] == motivation and r["stance"] == "for"
        )
        con = sum(
            strengths[r["evidence_id"]]
            for r in MOTIVE_ROWS
            if r["motivation"] == motivation and r["stance"] == "against"
        )
        supports[motivation] = (pro - con) / (pro + con) if pro + con else 0.0
    total = sum(weights.values())
    return supports, sum(weights[m] * supports[m] for m in ch07.MOTIVATIONS) / total


def test_the_tool_covers_the_three_motivations(amap):
    assert {r["motivation"] for r in MOTIVE_ROWS} == set(ch07.MOTIVATIONS)
    assert list(ch07.motivation_evidence(amap)["evidence_id"]) == IDS


def test_weigh_view_every_weight_combination(amap):
    """All 6^3 weight settings (216) with the default strengths; all-zero weights give a notice."""
    default = {key: 2 for key in IDS}
    for weights in itertools.product(range(ch07.WEIGHT_RANGE[1] + 1), repeat=3):
        result = ch07.weigh_view(amap, "src", *weights)
        if sum(weights) == 0:
            check_notice(result, "Give at least one motivation a weight")
            continue
        check_view(result)
        supports, overall = oracle_score(dict(zip(ch07.MOTIVATIONS, weights)), default)
        assert f"scores {overall:+.2f}" in result.takeaway
        assert ch07.verdict_words(overall) in result.takeaway
        assert "thinking tool" in result.figure.axes[0].get_title(loc="left")
        bars = [
            p.get_width()
            for p in result.figure.axes[0].patches
            if p.get_height() == pytest.approx(0.6)
        ]
        assert bars == pytest.approx([*supports.values(), overall])


def test_weigh_view_every_strength_of_every_item(amap):
    for key, strength in itertools.product(IDS, range(ch07.STRENGTH_RANGE[1] + 1)):
        strengths = {k: 2 for k in IDS} | {key: strength}
        result = ch07.weigh_view(amap, "src", 3, 3, 3, **{key: strength})
        check_view(result)
        _, overall = oracle_score(dict(zip(ch07.MOTIVATIONS, (3, 3, 3))), strengths)
        assert f"scores {overall:+.2f}" in result.takeaway
        assert result.table.loc[key, "strength"] == strength


def test_weigh_pure_function_on_extremes(amap):
    for_only = {r["evidence_id"]: (3 if r["stance"] == "for" else 0) for r in MOTIVE_ROWS}
    result = ch07.weigh(amap, dict.fromkeys(ch07.MOTIVATIONS, 1), for_only)
    assert result["overall"] == pytest.approx(1.0)
    against_only = {key: 3 - value for key, value in for_only.items()}
    assert ch07.weigh(amap, dict.fromkeys(ch07.MOTIVATIONS, 1), against_only)[
        "overall"
    ] == pytest.approx(-1.0)
    nothing = ch07.weigh(amap, dict.fromkeys(ch07.MOTIVATIONS, 0), dict.fromkeys(IDS, 0))
    assert nothing["overall"] is None
    assert all(not m["judged"] for m in nothing["motivations"].values())


def test_unconvincing_motivation_is_reported(amap):
    zeros = {r["evidence_id"]: 0 for r in MOTIVE_ROWS if r["motivation"] == "regional trend"}
    result = ch07.weigh_view(amap, "src", 3, 3, 3, **zeros)
    assert "none of the evidence on regional trend convincing" in result.takeaway


@pytest.mark.parametrize(
    "weights, strengths, expected",
    [
        ((0, 0, 0), {}, "Give at least one motivation a weight"),
        ((6, 1, 1), {}, "whole number from 0 to 5"),
        ((-1, 1, 1), {}, "whole number from 0 to 5"),
        ((1, 1, 1), {"E08": 4}, "whole number from 0 to 3"),
        ((1, 1, 1), {"E01": 2}, "No evidence item called E01"),
        ((1, 1, 1), {"E99": 2}, "No evidence item called E99"),
    ],
)
def test_weigh_view_edge_cases(amap, weights, strengths, expected):
    check_notice(ch07.weigh_view(amap, "src", *weights, **strengths), expected)


def test_verdict_words_bands():
    assert "supported" in ch07.verdict_words(0.5) and "not" not in ch07.verdict_words(0.5)
    assert "not supported" in ch07.verdict_words(-0.5)
    assert "mixed" in ch07.verdict_words(0.0)
    assert "mixed" in ch07.verdict_words(ch07.MIXED_BAND - 1e-9)
