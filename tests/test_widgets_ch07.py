"""Chapter 7's widget functions (bookkit.chapters.ch07) swept over their controls:
the argument-map explorer and the "weigh the motivations" thinking tool, and the
tool's form for the web page. Each call gives a View or a Notice, never raises;
counts and scores are checked against data/argument_map.csv read with the csv
module and an independent computation of the score; the form's JavaScript is run
in Node.js and checked against the Python; views drawn in place match new ones."""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import shutil
import subprocess
from functools import partial

import pytest
from conftest import check_notice, check_view, read_csv
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from test_live_figures import check_in_place_matches_fresh

from bookkit.chapters import ch07
from bookkit.data import load
from bookkit.forms import NOTHING_YET

RAW = read_csv("argument_map")
KEYS = sorted({r["claim_key"] for r in RAW})
# What the weighing tool counts: the evidence for and against each motivation, not the
# events after the turn (context).
MOTIVE_ROWS = [r for r in RAW if r["motivation"] and r["stance"] in ("for", "against")]
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
        assert sorted(result.table.index) == sorted(r["evidence_id"] for r in rows)
        if key == ch07.ALL:  # the overview: each item's number, marked, once
            marks = {"for": "▲", "against": "▼", "context": "●"}
            drawn = [i for t in result.figure.axes[0].texts for i in t.get_text().split()]
            assert sorted(drawn) == sorted(marks[r["stance"]] + r["evidence_id"][1:] for r in rows)
            continue
        drawn = boxes(result.figure)
        assert len(drawn) == len(rows) + len(claims_shown)
        arrows = [p for p in result.figure.axes[0].patches if isinstance(p, FancyArrowPatch)]
        assert len(arrows) == sum(r["stance"] != "context" for r in rows)  # context: no arrow
        context = [b for b in drawn if b.get_linestyle() == ":"]
        assert len(context) == sum(r["stance"] == "context" for r in rows)
        assert not any(overlap(a, b) for a, b in itertools.combinations(drawn, 2)), "boxes overlap"
        for claim in claims_shown:
            n_for = sum(r["stance"] == "for" for r in rows if r["claim_key"] == claim)
            n_against = sum(r["stance"] == "against" for r in rows if r["claim_key"] == claim)
            n_after = sum(r["stance"] == "context" for r in rows if r["claim_key"] == claim)
            counts = f"{n_for} for, {n_against} against" + (
                f", {n_after} after the turn" if n_after else ";"
            )
            part = result.takeaway.split(f"{claim}: ")[1]
            assert counts in part.split(". The evidence")[0] + ";"
            assert f"{claim} (" in result.alt  # the alt text names the claims in words


def test_full_map_has_every_item_and_the_conclusion_banner(amap):
    fig = ch07.draw_map(
        amap, "Map", "src", conclusion="The essay concludes something, at some length."
    )
    assert len(boxes(fig)) == len(RAW) + len(KEYS) + 1
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for row in RAW:
        assert f"Chapter {row['chapter']}" in texts
    assert "Evidence for" in texts and "Evidence against" in texts
    assert texts.count("after the turn:") == sum(r["stance"] == "context" for r in RAW)
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
        n_after = sum(r["claim_key"] == key and r["stance"] == "context" for r in RAW)
        part = text.split(f"{key} (")[1].split(";")[0]
        assert part.endswith(
            f"{n_for} for, {n_against} against" + (f", {n_after} after the turn" if n_after else "")
        )


@pytest.mark.sweep
def test_the_map_draws_in_place_as_on_a_new_figure(amap):
    rng = random.Random(7)
    settings = [
        {"claim_key": rng.choice([ch07.ALL, *KEYS]), "stance": rng.choice(ch07.STANCES)}
        for _ in range(6)
    ]
    function = partial(ch07.map_view, amap, "src")
    assert check_in_place_matches_fresh(function, settings) >= 5


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
    after = [r["evidence_id"] for r in RAW if r["motivation"] and r["stance"] == "context"]
    assert after and not set(after) & set(IDS), "events after the turn are not weighed"


@pytest.mark.sweep
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
        if weights == (3, 3, 3):  # where the sliders start: nobody's judgement, and it says so
            assert result.takeaway.startswith("The sliders are where they start")
            assert f"the score there is {overall:+.2f}" in result.takeaway
            continue
        assert f"scores {overall:+.2f}" in result.takeaway
        assert ch07.verdict_words(overall) in result.takeaway
        assert "thinking tool" in result.figure.axes[0].get_title(loc="left")
        bars = [
            p.get_width()
            for p in result.figure.axes[0].patches
            if p.get_height() == pytest.approx(0.6)
        ]
        assert bars == pytest.approx([*supports.values(), overall])


@pytest.mark.sweep
def test_weigh_view_every_strength_of_every_item(amap):
    for key, strength in itertools.product(IDS, range(ch07.STRENGTH_RANGE[1] + 1)):
        strengths = {k: 2 for k in IDS} | {key: strength}
        result = ch07.weigh_view(amap, "src", 3, 3, 4, **{key: strength})
        check_view(result)
        _, overall = oracle_score(dict(zip(ch07.MOTIVATIONS, (3, 3, 4))), strengths)
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


@pytest.mark.sweep
def test_the_tool_draws_in_place_as_on_a_new_figure(amap):
    rng = random.Random(8)
    settings = []
    for _ in range(12):
        values = dict(zip(("w_own", "w_us", "w_region"), (rng.randint(0, 5) for _ in range(3))))
        values |= {key: rng.randint(0, 3) for key in rng.sample(IDS, 4)}
        settings.append(values)
    function = partial(ch07.weigh_view, amap, "src")
    assert check_in_place_matches_fresh(function, settings) >= 10


# ------------------------------------------------ the web page's weighing form (in the browser)


def test_the_form_shows_no_result_before_the_button(amap):
    page = ch07.weigh_form(amap)
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert NOTHING_YET in visible
    assert "scores" not in visible and "your judgement" not in visible.lower().replace(
        "work out my judgement", ""
    )
    ranges = re.findall(r'<input type="range"[^>]*name="([^"]+)"', visible)
    assert ranges == [
        name
        for motivation, control in zip(ch07.MOTIVATIONS, WEIGHT_NAMES, strict=True)
        for name in [control]
        + [f"strength-{r['evidence_id']}" for r in MOTIVE_ROWS if r["motivation"] == motivation]
    ]
    for row in MOTIVE_ROWS:  # every slider has a label the reader sees and a screen reader reads
        assert f'<label for="ch07-strength-{row["evidence_id"]}">' in visible
        assert html.escape(row["evidence"]) in visible


NODE = shutil.which("node")


def run_form(amap, choices: list[dict]) -> list[str]:
    """The form's JavaScript, run in Node.js on each set of chosen values, as the page runs it."""
    data = json.loads(
        re.search(r'class="bk-judge-data">(.*?)</script>', ch07.weigh_form(amap), re.S).group(1)
    )
    call = f"{json.dumps(choices)}.map((values) => compute(values, {json.dumps(data)}))"
    script = (
        f"const compute = {ch07.WEIGH_JS.strip()};\nprocess.stdout.write(JSON.stringify({call}));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def form_values(weights, strengths):
    return dict(zip(WEIGHT_NAMES, weights, strict=True)) | {
        f"strength-{key}": value for key, value in strengths.items()
    }


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_the_form_computes_what_the_python_function_computes(amap):
    start = {key: ch07.START_STRENGTH for key in IDS}
    untouched, no_weight = run_form(
        amap, [form_values((ch07.START_WEIGHT,) * 3, start), form_values((0, 0, 0), start)]
    )
    assert (
        untouched.startswith("<p>You have not moved any slider yet") and "scores" not in untouched
    )
    assert ch07.NO_WEIGHT in no_weight
    rng = random.Random(13)
    samples = [((5, 0, 0), dict.fromkeys(IDS, 0)), ((1, 1, 2), start | {IDS[0]: 3})]
    samples += [
        (tuple(rng.randint(0, 5) for _ in range(3)), {k: rng.randint(0, 3) for k in IDS})
        for _ in range(40)
    ]
    samples = [(w, s) for w, s in samples if sum(w)]
    pages = run_form(amap, [form_values(w, s) for w, s in samples])
    compared = 0
    for (weights, strengths), page in zip(samples, pages, strict=True):
        takeaway = re.search(r'<p class="bk-weigh-takeaway">(.*?)</p>', page).group(1)
        python = ch07.weigh_view(amap, "src", *weights, **strengths)
        assert html.unescape(takeaway) == python.takeaway, (weights, strengths)
        # The motivations' supports and the overall score, as the page shows them.
        supports, overall = oracle_score(dict(zip(ch07.MOTIVATIONS, weights)), strengths)
        shown = re.findall(r"<td>([-+]\d\.\d\d)</td></tr>", page)
        assert [float(v) for v in shown] == pytest.approx(list(supports.values()), abs=0.005)
        assert float(re.search(r"supports\): ([-+]\d\.\d\d)", page).group(1)) == pytest.approx(
            overall, abs=0.005
        )
        compared += 1
    assert compared >= 35


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_the_form_rounds_like_python():
    """A tie such as 0.125 shows as Python shows it (+0.12), not as JavaScript's toFixed
    would (+0.13)."""
    signed = re.search(r"const signed = (\(x\) => \{.*?\n  \});", ch07.WEIGH_JS, re.S).group(1)
    cases = [
        0.125,
        -0.125,
        0.375,
        0.625,
        0.875,
        0.135,
        -0.135,
        0.0,
        -0.0,
        -0.001,
        0.005,
        1,
        -1,
        1 / 3,
    ]
    call = f"JSON.stringify({json.dumps(cases)}.map(signed))"
    script = f"const signed = {signed};\nprocess.stdout.write({call});"
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [f"{x:+.2f}" for x in cases]


def test_verdict_words_bands():
    assert "supported" in ch07.verdict_words(0.5) and "not" not in ch07.verdict_words(0.5)
    assert "not supported" in ch07.verdict_words(-0.5)
    assert "mixed" in ch07.verdict_words(0.0)
    assert "mixed" in ch07.verdict_words(ch07.MIXED_BAND - 1e-9)
