"""Chapter 7 (conclusion): the argument map of the essay's conclusion, drawn
from ``data/argument_map.csv``, and the "weigh the motivations" thinking tool.

- ``draw_map``: the main claims in the middle column, the evidence for them on
  the left and the evidence against them on the right, joined by arrows; events
  after the turn that a motivation explains sit under the claim, as context.
- ``map_view``: the widget that shows one claim's part of the map, or, for all claims,
  ``overview``: where each piece of evidence comes from, claim by chapter.
- ``weigh`` and ``weigh_view``: students weight the essay's three motivations
  and judge how strong each piece of evidence is; the tool shows how their
  overall judgement follows from those choices. It measures nothing: it only
  makes the student's own weights visible. ``weigh_form`` is the same tool for the
  web page, computed in the reader's browser by ``WEIGH_JS``.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from bookkit.charts import PALETTE, add_source, new_figure
from bookkit.forms import judgement_form
from bookkit.widgets import Notice, View

STANCE_STYLE = {
    "for": {"colour": PALETTE["bluish green"], "linestyle": "-", "sign": "+ for"},
    "against": {"colour": PALETTE["vermillion"], "linestyle": "--", "sign": "− against"},
    "context": {"colour": PALETTE["grey"], "linestyle": ":", "sign": "after the turn"},
}
ALL = "all"
STANCES = ("both", "for", "against")

# Layout of the map, in inches.
# 7 inches is the width of the book's page at 100 dpi, so the text is shown at full size.
WIDTH = 7.0
COLUMNS = {"for": (0.05, 2.45), "claim": (2.7, 4.3), "against": (4.55, 6.95)}
EVIDENCE_FONT, CLAIM_FONT = 8.0, 8.5
LINE = 1.3 / 72  # line height per point of font size, in inches
PAD, GAP, GROUP_GAP = 0.07, 0.1, 0.28
HEADER = 0.75
# Boxes and arrows are added with add_artist, not add_patch: the map sets its own limits, and
# add_patch's update of the data limits costs about a tenth of a redraw.


def _wrap(text: str, width_in: float, font: float, bold: bool = False) -> list[str]:
    """Wrap text to fit a box ``width_in`` inches wide (average glyph width about 0.58 em,
    0.64 em bold)."""
    chars = int(width_in / (font * (0.64 if bold else 0.58) / 72))
    return textwrap.wrap(text, max(12, chars))


def _evidence_lines(row: pd.Series, column: str, sources: bool) -> tuple[list[str], int]:
    """The lines of an evidence box, and the index of the first (smaller, grey) source line
    (none without ``sources``)."""
    width = COLUMNS[column][1] - COLUMNS[column][0] - 2 * PAD
    main = _wrap(f"{STANCE_STYLE[row['stance']]['sign']}: {row['evidence']}", width, EVIDENCE_FONT)
    if not sources:
        return main, len(main)
    source = str(row["source_publisher"]).split(";")[0]
    where = f"Chapter {int(row['chapter'])}" + (
        f" · claim #{int(row['claim_id'])}" if pd.notna(row["claim_id"]) else ""
    )
    return main + _wrap(f"{where} · {source}", width, EVIDENCE_FONT - 1), len(main)


def _sizes(lines: list[str], font: float, small_from: int | None) -> list[float]:
    return [font if small_from is None or i < small_from else font - 1 for i in range(len(lines))]


def _box_height(lines: list[str], font: float, small_from: int | None = None) -> float:
    return sum(size * LINE for size in _sizes(lines, font, small_from)) + 2 * PAD


def _box(
    ax,
    x0: float,
    x1: float,
    top: float,
    lines: list[str],
    font: float,
    edge: str,
    linestyle: str,
    weight: str = "normal",
    small_from: int | None = None,
) -> float:
    """Draw a box with its text, top edge at ``top``; return its height."""
    height = _box_height(lines, font, small_from)
    ax.add_artist(
        FancyBboxPatch(
            (x0, top - height),
            x1 - x0,
            height,
            boxstyle="round,pad=0,rounding_size=0.05",
            facecolor="white",
            edgecolor=edge,
            linewidth=1.4,
            linestyle=linestyle,
        )
    )
    y = top - PAD
    for line, size in zip(lines, _sizes(lines, font, small_from)):
        ax.text(
            x0 + PAD,
            y,
            line,
            fontsize=size,
            va="top",
            ha="left",
            fontweight=weight,
            color=PALETTE["black"] if size == font else PALETTE["grey"],
        )
        y -= size * LINE
    return height


def _stack_height(boxes: list[tuple[list[str], int]]) -> float:
    return sum(_box_height(lines, EVIDENCE_FONT, small) for lines, small in boxes) + GAP * max(
        0, len(boxes) - 1
    )


def _layout(items: pd.DataFrame, sources: bool) -> list[dict]:
    """Each claim's group of boxes: the claim's lines, the evidence boxes on each side, the
    context boxes under the claim, and the group's height."""
    groups = []
    claim_width = COLUMNS["claim"][1] - COLUMNS["claim"][0] - 2 * PAD
    for key, rows in items.groupby("claim_key", sort=True):
        claim_lines = _wrap(f"{key}. {rows['claim'].iloc[0]}", claim_width, CLAIM_FONT, bold=True)
        stacks = {}
        for stance, column in (("for", "for"), ("against", "against"), ("context", "claim")):
            part = rows[rows["stance"] == stance]
            stacks[stance] = (
                part,
                [_evidence_lines(r, column, sources) for _, r in part.iterrows()],
            )
        context = stacks["context"][1]
        middle = _box_height(claim_lines, CLAIM_FONT) + (
            GAP + _stack_height(context) if context else 0
        )
        tallest = max(
            [middle, _stack_height(stacks["for"][1]), _stack_height(stacks["against"][1])]
        )
        groups.append(
            {
                "key": key,
                "claim_lines": claim_lines,
                "stacks": stacks,
                "middle": middle,
                "height": tallest,
            }
        )
    return groups


def draw_map(
    items: pd.DataFrame, title: str, source_line: str, conclusion: str = "", sources: bool = True
) -> Figure:
    """The argument map: claims (middle), evidence for (left) and against (right), with arrows.
    Under each piece of evidence, its chapter, claim in the register and source (unless
    ``sources`` is False: the widget gives them in its table, and redraws faster without)."""
    groups = _layout(items, sources)
    banner = _wrap(conclusion, WIDTH - 0.1 - 2 * PAD, CLAIM_FONT) if conclusion else []
    banner_height = (len(banner) * CLAIM_FONT * LINE + 2 * PAD + 0.2) if banner else 0
    height = HEADER + banner_height + sum(g["height"] + GROUP_GAP for g in groups) + 0.3
    # In a live widget new_figure hands back the widget's figure, cleared: set everything.
    fig, ax = new_figure(WIDTH, height)
    fig.bk_fixed_layout = True  # the map places its own boxes: no margins to fit
    ax.set_position((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.axis("off")
    ax.text(0.05, height - 0.12, title, fontsize=11, va="top", ha="left")
    top = height - 0.45
    if banner:
        ax.add_artist(
            FancyBboxPatch(
                (0.05, top - banner_height + 0.2),
                WIDTH - 0.1,
                banner_height - 0.2,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor="#EEF6FB",
                edgecolor=PALETTE["blue"],
                linewidth=1.4,
            )
        )
        y = top - PAD
        for line in banner:
            ax.text(0.05 + PAD, y, line, fontsize=CLAIM_FONT, va="top", ha="left")
            y -= CLAIM_FONT * LINE
        top -= banner_height
    for column, label in (
        ("for", "Evidence for"),
        ("claim", "Claim in the conclusion"),
        ("against", "Evidence against"),
    ):
        x0, x1 = COLUMNS[column]
        ax.text((x0 + x1) / 2, top, label, fontsize=9, fontweight="bold", ha="center", va="top")
    top -= 0.3

    for group in groups:
        x0, x1 = COLUMNS["claim"]
        claim_height = _box_height(group["claim_lines"], CLAIM_FONT)
        claim_top = top - (group["height"] - group["middle"]) / 2
        _box(
            ax,
            x0,
            x1,
            claim_top,
            group["claim_lines"],
            CLAIM_FONT,
            PALETTE["blue"],
            "-",
            weight="bold",
        )
        claim_mid = claim_top - claim_height / 2
        y = claim_top - claim_height - GAP
        for lines, first_small in group["stacks"]["context"][1]:
            style = STANCE_STYLE["context"]
            y -= GAP + _box(
                ax, x0, x1, y, lines, EVIDENCE_FONT, style["colour"], ":", small_from=first_small
            )
        for stance in ("for", "against"):
            part, boxes = group["stacks"][stance]
            style = STANCE_STYLE[stance]
            bx0, bx1 = COLUMNS[stance]
            y = top
            for lines, first_small in boxes:
                h = _box(
                    ax,
                    bx0,
                    bx1,
                    y,
                    lines,
                    EVIDENCE_FONT,
                    style["colour"],
                    style["linestyle"],
                    small_from=first_small,
                )
                start = (bx1, y - h / 2) if stance == "for" else (bx0, y - h / 2)
                end = (x0, claim_mid) if stance == "for" else (x1, claim_mid)
                ax.add_artist(
                    FancyArrowPatch(
                        start,
                        end,
                        arrowstyle="-|>",
                        mutation_scale=10,
                        color=style["colour"],
                        linestyle=style["linestyle"],
                        linewidth=1.1,
                        shrinkA=2,
                        shrinkB=2,
                    )
                )
                y -= h + GAP
        top -= group["height"] + GROUP_GAP
    add_source(fig, source_line)
    return fig


def describe_map(items: pd.DataFrame, with_claims: bool = True) -> str:
    """'K1 (...): 3 for, 4 against; K3 (...): 2 for, 2 against, 1 after the turn' for alt
    text; without the claims' words ('K1: 3 for, 4 against; ...') for takeaways."""
    parts = []
    for key, rows in items.groupby("claim_key", sort=True):
        n_for, n_against, n_after = (int((rows["stance"] == s).sum()) for s in STANCE_STYLE)
        after = f", {n_after} after the turn" if n_after else ""
        claim = f" ({rows['claim'].iloc[0]})" if with_claims else ""
        parts.append(f"{key}{claim}: {n_for} for, {n_against} against{after}")
    return "; ".join(parts)


def map_view(amap: pd.DataFrame, source_line: str, claim_key: str, stance: str) -> View | Notice:
    """The part of the argument map for one main claim (or all), with evidence for, against
    or both (both also shows the events after the turn)."""
    keys = sorted(amap["claim_key"].unique())
    if claim_key != ALL and claim_key not in keys:
        return Notice(f"Unknown claim {claim_key!r}: choose {ALL} or one of {', '.join(keys)}.")
    if stance not in STANCES:
        return Notice(f"Unknown choice {stance!r}: choose one of {', '.join(STANCES)}.")
    items = amap if claim_key == ALL else amap[amap["claim_key"] == claim_key]
    if stance != "both":  # "both" also shows the context after the turn
        items = items[items["stance"] == stance]
    if items.empty:
        return Notice(f"The map has no evidence {stance} {claim_key}.")
    evidence = "for and against" if stance == "both" else stance
    chapters = sorted(items["chapter"].unique())
    takeaway = (
        f"{describe_map(items, with_claims=False)}. The evidence comes from "
        f"chapter{'s' if len(chapters) > 1 else ''} {', '.join(map(str, chapters))}."
    )
    if claim_key == ALL:
        fig = overview(items, f"Where the evidence {evidence} each claim comes from", source_line)
        alt = (
            "Chart with a row for each main claim of the conclusion and a column for each "
            "chapter: each piece of evidence is written as its number in the row of its claim "
            "and the column of the chapter it comes from, with a green up-triangle if it is "
            "for the claim, a red down-triangle if against, a grey circle if it is an event "
            f"after the turn. {describe_map(items)}."
        )
        return View(fig, alt, f"{takeaway} The table gives each item's words.", _map_table(items))
    fig = draw_map(
        items, f"Argument map: {claim_key}, evidence {evidence}", source_line, sources=False
    )
    after = (
        " Events after the turn are in dotted grey boxes under the claim, with no arrow."
        if (items["stance"] == "context").any()
        else ""
    )
    alt = (
        "Argument map: the main claims in the middle column, evidence for them on the left with "
        "solid green "
        f"arrows and evidence against them on the right with dashed red arrows.{after} "
        f"{describe_map(items)}."
    )
    return View(fig, alt, takeaway, _map_table(items))


def _map_table(items: pd.DataFrame) -> pd.DataFrame:
    """The widget's table: each piece of evidence, its chapter, register entry and source."""
    return (
        items.assign(claim_id=items["claim_id"].map(lambda v: "" if pd.isna(v) else f"#{int(v)}"))[
            [
                "claim_key",
                "evidence_id",
                "stance",
                "evidence",
                "chapter",
                "claim_id",
                "source_publisher",
            ]
        ]
        .set_index("evidence_id")
        .rename(
            columns={"claim_key": "claim", "claim_id": "register", "source_publisher": "source"}
        )
    )


# How the overview marks each piece of evidence, and where in its cell (rows up from the claim's).
OVERVIEW_MARKS = {
    "for": ("▲", PALETTE["bluish green"], 0.18),
    "against": ("▼", PALETTE["vermillion"], -0.18),
    "context": ("●", PALETTE["grey"], 0.0),
}


def overview(items: pd.DataFrame, title: str, source_line: str) -> Figure:
    """Every claim's evidence at a glance: a row per claim, a column per chapter, and in each
    cell the numbers of the items from that chapter (for above, against below, events after
    the turn between them). Their words are in the widget's table: a map of every claim
    with its words would be too tall to read, and too slow to redraw."""
    claims = sorted(items["claim_key"].unique())
    chapters = sorted(items["chapter"].unique())
    fig, ax = new_figure(height=0.62 * len(claims) + 1.5)
    row_of = {key: len(claims) - 1 - i for i, key in enumerate(claims)}  # the first at the top
    for (key, chapter, stance), cell in items.groupby(["claim_key", "chapter", "stance"]):
        mark, colour, dy = OVERVIEW_MARKS[stance]
        ax.text(
            chapters.index(chapter),
            row_of[key] + dy,
            " ".join(f"{mark}{evidence_id[1:]}" for evidence_id in cell["evidence_id"]),
            color=colour,
            fontsize=8,
            ha="center",
            va="center",
        )
    ax.set_xlim(-0.6, len(chapters) - 0.4)
    ax.set_ylim(-0.6, len(claims) - 0.4)
    ax.set_xticks(range(len(chapters)), [f"Chapter {c}" for c in chapters])
    ax.set_yticks(
        [row_of[k] for k in claims],
        [
            textwrap.fill(textwrap.shorten(f"{k}. {claim}", 46, placeholder="…"), 24)
            for k, claim in items.groupby("claim_key")["claim"].first().items()
        ],
        fontsize=8,
    )
    ax.grid(axis="y", visible=False)
    for edge in range(len(chapters) - 1):
        ax.axvline(edge + 0.5, color="#DDDDDD", linewidth=0.8)
    for edge in range(len(claims) - 1):
        ax.axhline(edge + 0.5, color="#DDDDDD", linewidth=0.8)
    ax.set_title(
        f"{title}\n▲ for   ▼ against   ● an event after the turn   (04 is evidence item E04)",
        loc="left",
        fontsize=10,
    )
    add_source(fig, source_line)
    return fig


# ---------------------------------------------------------------------------
# Weighing the three motivations
# ---------------------------------------------------------------------------

MOTIVATIONS = ("own disadvantages", "China–US relations", "regional trend")
WEIGHT_RANGE = (0, 5)
STRENGTH_RANGE = (0, 3)
STRENGTH_WORDS = {0: "not convincing", 1: "weak", 2: "moderate", 3: "strong"}
# Where every control starts: nobody's judgement, so the web page's form shows no result
# until a slider has moved.
START_WEIGHT, START_STRENGTH = 3, 2
MIXED_BAND = 1 / 3
NO_WEIGHT = (
    "Give at least one motivation a weight above 0: with no weight at all there is "
    "nothing to judge."
)
# The weight controls (keyword arguments of weigh_view) and their labels.
WEIGHT_CONTROLS = {
    "w_own": "I. own disadvantages",
    "w_us": "II. China–US relations",
    "w_region": "III. regional trend",
}


def motivation_evidence(amap: pd.DataFrame) -> pd.DataFrame:
    """The evidence for and against the three motivations (claims K2-K4); events after
    the turn (context) are left out, since they cannot have caused it."""
    return amap[amap["motivation"].isin(MOTIVATIONS) & amap["stance"].isin(("for", "against"))]


def weigh(amap: pd.DataFrame, weights: dict[str, int], strengths: dict[str, int]) -> dict:
    """Support for each motivation and overall, from the student's weights and strengths.

    For a motivation, support = (strength of evidence for - strength of evidence
    against) / (total strength), from -1 (all the evidence you find convincing is
    against) to +1 (all of it is for); 0 if you find none of it convincing.
    Overall = the weighted mean of the three supports (None if every weight is 0). Also:
    the motivation that moves the overall score most (the largest weight x |support|,
    the first in MOTIVATIONS on a tie) and those with weight but no convincing evidence.
    ``WEIGH_JS`` computes the same in the reader's browser.
    """
    evidence = motivation_evidence(amap)
    result = {"motivations": {}, "overall": None}
    for motivation in MOTIVATIONS:
        rows = evidence[evidence["motivation"] == motivation]
        s = rows["evidence_id"].map(strengths).astype(float)
        pro = float(s[rows["stance"] == "for"].sum())
        con = float(s[rows["stance"] == "against"].sum())
        support = (pro - con) / (pro + con) if pro + con > 0 else 0.0
        result["motivations"][motivation] = {
            "for": pro,
            "against": con,
            "support": support,
            "weight": weights[motivation],
            "judged": pro + con > 0,
        }
    total = sum(weights[m] for m in MOTIVATIONS)
    if total > 0:
        result["overall"] = (
            sum(weights[m] * result["motivations"][m]["support"] for m in MOTIVATIONS) / total
        )
    moves = {m: weights[m] * abs(result["motivations"][m]["support"]) for m in MOTIVATIONS}
    result["strongest"] = max(MOTIVATIONS, key=moves.get)  # max keeps the first on a tie
    result["unjudged"] = [
        m for m in MOTIVATIONS if not result["motivations"][m]["judged"] and weights[m] > 0
    ]
    result["at_start"] = all(w == START_WEIGHT for w in weights.values()) and all(
        strengths[key] == START_STRENGTH for key in evidence["evidence_id"]
    )
    return result


def weigh_takeaway(result: dict) -> str:
    """The tool's one-line takeaway (the web page's form writes the same sentence). Where
    every slider still is where it starts, it says so: that is nobody's judgement."""
    overall = result["overall"]
    if result["at_start"]:
        return (
            f"The sliders are where they start (every weight {START_WEIGHT}, every strength "
            f"{START_STRENGTH}), which is nobody's judgement; the score there is {overall:+.2f}. "
            "Move them to what you think to make the score yours."
        )
    takeaway = (
        f"With your weights and judgements the essay's explanation scores {overall:+.2f}: "
        f"{verdict_words(overall)}. The motivation that moves your score most is "
        f"{result['strongest']}. This restates your own choices; it does not measure the truth."
    )
    if result["unjudged"]:
        takeaway += (
            f" You found none of the evidence on {', '.join(result['unjudged'])} convincing, "
            "so it counts as 0."
        )
    return takeaway


def verdict_words(score: float) -> str:
    if score >= MIXED_BAND:
        return "on balance supported by the evidence as you judge it"
    if score <= -MIXED_BAND:
        return "on balance not supported by the evidence as you judge it"
    return "mixed: the evidence as you judge it cuts both ways"


def weigh_view(
    amap: pd.DataFrame, source_line: str, w_own: int, w_us: int, w_region: int, **strengths: int
) -> View | Notice:
    """The thinking tool: bars of support for each motivation and the weighted overall judgement."""
    weights = dict(zip(MOTIVATIONS, (w_own, w_us, w_region), strict=True))
    evidence = motivation_evidence(amap)
    ids = list(evidence["evidence_id"])
    unknown = sorted(set(strengths) - set(ids))
    if unknown:
        return Notice(
            f"No evidence item called {', '.join(unknown)}: the items are {', '.join(ids)}."
        )
    low, high = WEIGHT_RANGE
    if any(not isinstance(v, int) or not low <= v <= high for v in weights.values()):
        return Notice(f"Each weight must be a whole number from {low} to {high}.")
    low_s, high_s = STRENGTH_RANGE
    strengths = {key: strengths.get(key, START_STRENGTH) for key in ids}
    if any(not isinstance(v, int) or not low_s <= v <= high_s for v in strengths.values()):
        return Notice(f"Each strength must be a whole number from {low_s} to {high_s}.")
    if sum(weights.values()) == 0:
        return Notice(NO_WEIGHT)

    result = weigh(amap, weights, strengths)
    overall = result["overall"]
    labels = [f"{m}\n(weight {weights[m]} of {high})" for m in MOTIVATIONS] + [
        "overall\n(weighted mean)"
    ]
    values = [result["motivations"][m]["support"] for m in MOTIVATIONS] + [overall]
    fig, ax = new_figure(height=3.6)
    ax.axvspan(-MIXED_BAND, MIXED_BAND, color="#F2F2F2", zorder=0)
    ax.text(0, -0.55, "mixed", ha="center", va="bottom", fontsize=8, color=PALETTE["grey"])
    colours = [
        PALETTE["bluish green"] if v >= 0 else PALETTE["vermillion"] for v in values[:-1]
    ] + [PALETTE["black"]]
    alphas = [0.35 + 0.65 * weights[m] / high for m in MOTIVATIONS] + [1.0]
    for y, (value, colour, alpha) in enumerate(zip(values, colours, alphas)):
        ax.barh(3 - y, value, color=colour, alpha=alpha, height=0.6)
        ax.text(
            value + (0.03 if value >= 0 else -0.03),
            3 - y,
            f"{value:+.2f}",
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=9,
        )
    ax.set_yticks([3, 2, 1, 0], labels, fontsize=8)
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-0.6, 3.9)
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1\nall against", "−0.5", "0", "+0.5", "+1\nall for"])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_title(
        "Your judgement of the essay's three motivations\n(a thinking tool, not a measurement)",
        loc="left",
        fontsize=10,
    )
    add_source(fig, source_line)

    takeaway = weigh_takeaway(result)
    alt = (
        "Bar chart of support, from -1 (all the evidence against) to +1 (all for), for each of "
        "the essay's "
        "three motivations and the weighted overall score: "
        + "; ".join(
            f"{m} {result['motivations'][m]['support']:+.2f} (weight {weights[m]})"
            for m in MOTIVATIONS
        )
        + f"; overall {overall:+.2f}. {takeaway}"
    )
    table = evidence.assign(
        strength=evidence["evidence_id"].map(strengths),
        judged=evidence["evidence_id"].map(lambda key: STRENGTH_WORDS[strengths[key]]),
    )[
        ["evidence_id", "motivation", "stance", "evidence", "strength", "judged", "chapter"]
    ].set_index("evidence_id")
    return View(fig, alt, takeaway, table)


# The web page's version of the tool (bookkit.forms): the same formula as ``weigh`` and
# the same sentence as ``weigh_takeaway``, in the reader's browser, from the sliders.
# tests/test_widgets_ch07.py runs it in Node.js and checks it against the Python.
WEIGH_JS = r"""
(values, data) => {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // Python's format(x, '+.2f'): toFixed, except that an exact tie (0.125, 0.375, ...: the
  // only ones a double can hold) goes to the even digit.
  const signed = (x) => {
    const a = Math.abs(x);
    let text = a.toFixed(2);
    if (Number.isInteger(a * 8) && (a * 8) % 2 === 1) {
      const n = Math.floor(a * 100);
      text = ((n % 2 === 0 ? n : n + 1) / 100).toFixed(2);
    }
    return (x < 0 || Object.is(x, -0) ? '-' : '+') + text;
  };
  const untouched = data.motivations.every((m) => values[m.control] === data.start.weight)
    && data.items.every((i) => values['strength-' + i.id] === data.start.strength);
  if (untouched) {
    return '<p>You have not moved any slider yet. Where they start (every weight '
      + data.start.weight + ', every strength ' + data.start.strength + ') is nobody\u2019s '
      + 'judgement: set them to what you think, then press the button.</p>';
  }
  const total = data.motivations.reduce((s, m) => s + values[m.control], 0);
  if (total === 0) {
    return '<p>' + esc(data.no_weight) + '</p>';
  }
  const rows = data.motivations.map((m) => {
    const sum = (stance) => data.items
      .filter((i) => i.motivation === m.name && i.stance === stance)
      .reduce((s, i) => s + values['strength-' + i.id], 0);
    const pro = sum('for'), con = sum('against'), weight = values[m.control];
    const support = pro + con > 0 ? (pro - con) / (pro + con) : 0;
    return { name: m.name, label: m.label, pro, con, weight, support, judged: pro + con > 0 };
  });
  const overall = rows.reduce((s, r) => s + r.weight * r.support, 0) / total;
  let strongest = rows[0];
  for (const r of rows) {
    if (r.weight * Math.abs(r.support) > strongest.weight * Math.abs(strongest.support)) {
      strongest = r;
    }
  }
  const words = overall >= data.band ? data.words.supported
    : overall <= -data.band ? data.words.not_supported : data.words.mixed;
  const unjudged = rows.filter((r) => !r.judged && r.weight > 0).map((r) => r.name);
  let text = "With your weights and judgements the essay's explanation scores "
    + signed(overall) + ': ' + words + '. The motivation that moves your score most is '
    + strongest.name + '. This restates your own choices; it does not measure the truth.';
  if (unjudged.length) {
    text += ' You found none of the evidence on ' + unjudged.join(', ')
      + ' convincing, so it counts as 0.';
  }
  const table = rows.map((r) => '<tr><th scope="row">' + esc(r.label) + '</th><td>' + r.weight
    + '</td><td>' + r.pro + '</td><td>' + r.con + '</td><td>' + signed(r.support) + '</td></tr>')
    .join('');
  return '<p class="bk-weigh-takeaway">' + esc(text) + '</p>'
    + '<table class="bk-choices bk-weigh-result"><caption>Your judgement, motivation by '
    + 'motivation</caption><thead><tr><th scope="col">Motivation</th><th scope="col">Your '
    + 'weight</th><th scope="col">Strength for</th><th scope="col">Strength against</th>'
    + '<th scope="col">Support (-1 to +1)</th></tr></thead><tbody>' + table + '</tbody></table>'
    + '<p>Overall (the weighted mean of the supports): ' + signed(overall) + '.</p>';
}
"""


def _range_row(name: str, label: str, low: int, high: int, start: int) -> str:
    """A table row: the label, and under it a slider whose value is shown beside it (one
    column, so that the slider keeps its width on a phone); printed, a scale to circle."""
    field = f"ch07-{name}"
    return (
        f'<tr><td style="text-align:left"><label for="{field}">{label}</label>'
        f'<div class="bk-slider"><input type="range" id="{field}" name="{html.escape(name)}" '
        f'min="{low}" max="{high}" step="1" value="{start}" '
        'oninput="this.nextElementSibling.value = this.value">'
        f" <output>{start}</output></div>"
        # On paper the slider cannot move: a scale to circle instead.
        f'<span class="bk-print-scale">{" ".join(map(str, range(low, high + 1)))}</span>'
        "</td></tr>"
    )


def weigh_form(amap: pd.DataFrame) -> str:
    """The tool for the web page: a slider for each weight and each strength, a button,
    and the result (computed in the browser by ``WEIGH_JS``)."""
    evidence = motivation_evidence(amap)
    e = html.escape
    rows = []
    for (control, label), motivation in zip(WEIGHT_CONTROLS.items(), MOTIVATIONS, strict=True):
        rows.append(
            _range_row(
                control,
                f"<strong>Weight of motivation {e(label)}</strong> (0 = none, 5 = the most)",
                *WEIGHT_RANGE,
                START_WEIGHT,
            )
        )
        for item in evidence[evidence["motivation"] == motivation].itertuples():
            rows.append(
                _range_row(
                    f"strength-{item.evidence_id}",
                    f"{e(item.evidence_id)} ({e(item.stance)}): {e(item.evidence)} "
                    f"<small>(Chapter {int(item.chapter)})</small>",
                    *STRENGTH_RANGE,
                    START_STRENGTH,
                )
            )
    words = "; ".join(f"{k} = {v}" for k, v in STRENGTH_WORDS.items())
    body = (
        '<table class="bk-choices bk-weigh"><caption>Your weights, and how strong you find '
        f"each piece of evidence ({e(words)})</caption><tbody>{''.join(rows)}</tbody></table>"
    )
    data = {
        "motivations": [
            {"name": m, "control": c, "label": f"{label}"}
            for (c, label), m in zip(WEIGHT_CONTROLS.items(), MOTIVATIONS, strict=True)
        ],
        "items": [
            {"id": i.evidence_id, "motivation": i.motivation, "stance": i.stance}
            for i in evidence.itertuples()
        ],
        "start": {"weight": START_WEIGHT, "strength": START_STRENGTH},
        "band": MIXED_BAND,
        "words": {
            "supported": verdict_words(1.0),
            "not_supported": verdict_words(-1.0),
            "mixed": verdict_words(0.0),
        },
        "no_weight": NO_WEIGHT,
    }
    return judgement_form(
        "ch07-weigh",
        intro=(
            "Set a weight for each motivation and a strength for each piece of evidence, "
            "then press the button."
        ),
        body=body,
        data=data,
        compute=WEIGH_JS.strip(),
        button="Work out my judgement",
    )
