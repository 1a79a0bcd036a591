"""Live widgets redraw one figure in place (``bookkit.charts.recycling``). A view drawn
that way must look like the same view drawn on a new figure, whatever was drawn
before it: these tests draw seeded sequences of views both ways and compare pixels."""

from __future__ import annotations

import io
import random
from functools import partial

import numpy as np
import pytest
from PIL import Image

from bookkit import about, load
from bookkit.chapters import ch01
from bookkit.charts import Recycler, recycling, render_png
from bookkit.widgets import View

# Anti-aliased edges may differ by a shade where a line's position moves by a fraction
# of a pixel; anything else is a real difference.
TOLERANCE = {"channel": 8, "pixels": 0.002}


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def difference(a: bytes, b: bytes) -> float | None:
    """Share of pixels that differ by more than the tolerance; None if the sizes differ."""
    first, second = pixels(a), pixels(b)
    if first.shape != second.shape:
        return None
    return float((np.abs(first - second).max(axis=2) > TOLERANCE["channel"]).mean())


def check_in_place_matches_fresh(function, settings: list[dict]) -> int:
    recycler, compared = Recycler(), 0
    for values in settings:
        with recycling(recycler):
            in_place = function(**values)
            if not isinstance(in_place, View):
                continue
            drawn = render_png(in_place.figure)
        fresh = render_png(function(**values).figure)
        share = difference(drawn, fresh)
        assert share is not None, f"{values}: the image size differs from a new figure's"
        assert share <= TOLERANCE["pixels"], f"{values}: {share:.2%} of pixels differ"
        compared += 1
    return compared


@pytest.fixture(scope="module")
def gdp():
    return load("gdp_core_economies")


@pytest.mark.sweep
def test_gdp_explorer_in_place_matches_a_new_figure(gdp):
    rng = random.Random(16)
    codes = sorted(set(gdp["economy_code"]))
    first, last = int(gdp["year"].min()), int(gdp["year"].max())
    settings = []
    for _ in range(40):
        start = rng.randint(first, last - 2)
        settings.append(
            {
                "economies": tuple(rng.sample(codes, rng.randint(1, len(codes)))),
                "years": (start, rng.randint(start + 1, last)),
                "measure": rng.choice(list(ch01.MEASURE_LABELS)),
                "scale": rng.choice(ch01.SCALES),
            }
        )
    function = partial(ch01.explore_view, gdp, about("gdp_core_economies").source_line)
    assert check_in_place_matches_fresh(function, settings) >= 30


@pytest.mark.sweep
def test_ranking_in_place_matches_a_new_figure_as_its_height_changes():
    all_gdp = load("gdp_current_usd_all_economies")
    rng = random.Random(17)
    years = sorted(set(all_gdp["year"]))
    settings = [{"year": rng.choice(years), "top": rng.randint(5, 20)} for _ in range(15)]
    function = partial(ch01.ranking_view, all_gdp, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 10


@pytest.mark.sweep
def test_membership_in_place_matches_a_new_figure_with_its_second_axis():
    docs = load("bri_cooperation_documents")
    regions = [ch01.ALL_REGIONS, *sorted(docs["region"].unique())]
    settings = [
        {"year": year, "region": region} for year in (2014, 2018, 2023) for region in regions
    ]
    function = partial(ch01.membership_view, docs, "Source: test.")
    assert check_in_place_matches_fresh(function, settings) >= 10


def test_the_check_sees_a_changed_figure(gdp):
    """The comparison itself must notice a real difference (a different view)."""
    one = ch01.explore_view(gdp, "s", ("CHN",), (2000, 2019), "current_usd", "linear")
    other = ch01.explore_view(gdp, "s", ("JPN",), (2000, 2019), "current_usd", "linear")
    assert difference(render_png(one.figure), render_png(other.figure)) > TOLERANCE["pixels"]


@pytest.mark.parametrize("years", [(1990, 1995), (2008, 2010), (1960, 2020)])
def test_log_scale_labels_are_plain_numbers(gdp, years):
    """Matplotlib's log labels are TeX, printed raw when maths is off; the house axis
    labels every log scale with plain numbers, minor ticks too over a short range."""
    view = ch01.explore_view(gdp, "s", ("KOR",), years, "current_usd", "log")
    render_png(view.figure)
    axis = view.figure.axes[0].yaxis
    labels = [t.get_text() for t in axis.get_majorticklabels() + axis.get_minorticklabels()]
    shown = [text for text in labels if text]
    assert shown, "the log axis has no labels"
    assert not any("$" in text or "mathdefault" in text or "^" in text for text in shown), shown
