"""Unit tests of the chart style, the quiz and the widget plumbing."""

from __future__ import annotations

import base64
import gc
import re
import weakref

import ipywidgets as w
import pandas as pd
import pytest

from bookkit.charts import (
    ECONOMY_STYLES,
    annotate_events,
    decimal_year,
    economy_style,
    new_figure,
    show,
)
from bookkit.quiz import Option, Question, quiz
from bookkit.widgets import Notice, View, live, render


def test_show_gives_png_and_img_with_alt():
    fig, ax = new_figure()
    ax.plot([2000, 2001], [1, 2])
    bundle = show(fig, alt='GDP "rises" <fast>')._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    assert 'alt="GDP &quot;rises&quot; &lt;fast&gt;"' in bundle["text/html"]
    assert bundle["text/html"].count("data:image/png;base64,") == 1


def test_show_refuses_a_figure_without_alt_text():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="alt text"):
        show(fig, alt="  ")


def test_economy_styles_differ_in_colour_and_line():
    colours = [s["color"] for s in ECONOMY_STYLES.values()]
    dashes = [str(s["linestyle"]) for s in ECONOMY_STYLES.values()]
    assert len(set(colours)) == len(colours) and len(set(dashes)) == len(dashes)
    assert economy_style("XXX")["color"] not in colours


def test_decimal_year():
    assert decimal_year(pd.Timestamp("2013-01-01")) == 2013
    assert 2013.68 < decimal_year(pd.Timestamp("2013-09-07")) < 2013.69


def test_annotate_events_marks_only_dates_inside_the_axis():
    fig, ax = new_figure()
    ax.plot([2000, 2010], [0, 1])
    ax.set_xlim(2000, 2010)
    annotate_events(
        ax, [(pd.Timestamp("2001-12-11"), "inside"), (pd.Timestamp("2013-09-07"), "outside")]
    )
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["inside"]
    assert len(ax.lines) == 2  # the data line and one event line


def make_quiz():
    return quiz(
        "t1",
        [
            Question(
                "Q one?", [Option("right", True, "because"), Option("wrong <b>", False, "why not")]
            ),
            Question("Q two?", [Option("x", False, "no"), Option("y", True, "yes")]),
        ],
    )


def test_quiz_html_works_without_javascript(monkeypatch):
    monkeypatch.delenv("BOOK_STATIC_VIEWS", raising=False)
    data, metadata = make_quiz()._repr_mimebundle_()
    page = data["text/html"]
    assert "<script" not in page
    assert page.count('<input type="radio"') == 4
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 4
    assert all(f'for="{i}"' in page for i in ids), "every option needs a label"
    assert page.count("<legend>") == 2
    assert "wrong &lt;b&gt;" in page
    assert "input:checked ~ .bk-feedback{display:block}" in page
    assert page.count("bk-right") >= 2 and page.count("bk-wrong") >= 2
    assert metadata["bookkit_quiz"]["questions"][0]["options"], (
        "the quiz as data, for student copies"
    )


def test_the_web_page_quiz_takes_its_style_from_the_style_sheet(monkeypatch):
    """A page may not hold <style> in its body: while the book is built the quiz leaves
    its style out (the site's style sheet has it, from the same STYLE)."""
    monkeypatch.setenv("BOOK_STATIC_VIEWS", "1")
    page = make_quiz()._repr_mimebundle_()[0]["text/html"]
    assert "<style" not in page and 'type="radio"' in page


def test_a_sealed_quiz_reads_back_the_same_and_hides_its_answers():
    from bookkit.quiz import sealed, unseal

    original = make_quiz()
    payload = sealed(original.spec())
    words = [o.feedback for q in original.questions for o in q.options if len(o.feedback) > 5]
    assert words and not any(word in payload for word in words)
    assert unseal(payload).spec() == original.spec()


@pytest.mark.parametrize(
    "options, message",
    [
        ([Option("a", True, "f"), Option("b", True, "f")], "exactly one correct"),
        ([Option("a", False, "f"), Option("b", False, "f")], "exactly one correct"),
        ([Option("a", True, "f"), Option("b", False, " ")], "every option needs feedback"),
    ],
)
def test_quiz_rejects_a_broken_question(options, message):
    with pytest.raises(ValueError, match=message):
        quiz("t2", [Question("?", options)])


def test_quiz_id_must_be_safe_for_html():
    with pytest.raises(ValueError, match="quiz_id"):
        quiz("Bad Id", [Question("?", [Option("a", True, "f")])])


def test_live_calls_the_function_with_control_values_on_every_change():
    calls = []

    def function(size, colour):
        calls.append((size, colour))
        return Notice(f"{size} {colour}")

    size, colour = (
        w.IntSlider(value=1, min=0, max=5),
        w.Dropdown(options=["red", "blue"], value="red"),
    )
    box = live(function, {"size": size, "colour": colour})
    size.value = 3
    colour.value = "blue"
    assert calls == [(1, "red"), (3, "red"), (3, "blue")]
    assert "Live widget" in box.children[0].value
    assert box.children[1].children == (size, colour)
    assert size.continuous_update is False, (
        "a slider should redraw when released, not during a drag"
    )


def test_render_shows_notice_as_text_and_view_as_figure_takeaway_table():
    notice = render(Notice("Choose <one>"))
    assert (
        len(notice) == 1
        and "Choose &lt;one&gt;" in notice[0].data
        and 'role="status"' in notice[0].data
    )
    fig, ax = new_figure()
    ax.plot([1, 2], [1, 2])
    table = pd.DataFrame({"a": [1]})
    parts = render(View(fig, "alt text", "the takeaway", table))
    assert 'alt="alt text"' in parts[0]._repr_mimebundle_()["text/html"]
    assert "Takeaway:" in parts[1].data and "the takeaway" in parts[1].data
    assert parts[2] is table


def test_catalogue_coverage_reads_economies_and_years_from_the_data():
    from bookkit.chapters.catalogue import coverage

    frame = pd.DataFrame({"economy_code": ["JPN", "CHN", "JPN"], "year": [2001, 1999, 2020]})
    cover = coverage(
        frame, [{"name": "economy_code", "type": "string"}, {"name": "year", "type": "integer"}]
    )
    assert (cover.rows, cover.economies, cover.first_year, cover.last_year) == (
        3,
        ("CHN", "JPN"),
        1999,
        2020,
    )
    assert cover.describe() == "3 rows; 2 economies or partners (CHN, JPN); 1999–2020"
    dated = pd.DataFrame({"date": pd.to_datetime(["2015-03-31", "2019-06-27"])})
    cover = coverage(dated, [{"name": "date", "type": "date"}])
    assert (cover.economies, cover.first_year, cover.last_year) == ((), 2015, 2019)
    assert (
        coverage(pd.DataFrame({"x": ["a"]}), [{"name": "x", "type": "string"}]).describe()
        == "1 row"
    )


@pytest.mark.parametrize(
    "control, expected",
    [
        (w.Dropdown(options=[("China", "CHN"), ("Japan", "JPN")]), ["CHN", "JPN"]),
        (w.ToggleButtons(options=["index", "log"]), ["index", "log"]),
        (
            w.SelectMultiple(options=["a", "b", "c"], value=("a",)),
            [("a",), ("a", "b"), ("a", "b", "c")],
        ),
        (w.IntSlider(value=5, min=0, max=10), [0, 3, 6, 10]),
        (w.IntRangeSlider(value=(0, 4), min=0, max=8), [(0, 2), (2, 4), (4, 6), (6, 8)]),
        (w.Checkbox(value=True), [True, False]),
        (w.Text(value="x"), ["x", "", "a"]),
    ],
    ids=["dropdown", "toggles", "select-multiple", "slider", "range", "checkbox", "text"],
)
def test_sample_values_covers_each_kind_of_control(control, expected):
    from widget_driver import sample_values

    assert sample_values(control, limit=4) == expected


def test_live_widgets_are_found_and_say_what_they_show():
    from widget_driver import live_widgets

    before = len(live_widgets())
    size = w.IntSlider(value=1, min=0, max=3)
    made = live(lambda size: Notice(f"size {size}"), {"size": size})
    widget = live_widgets()[-1]
    assert (
        widget is made and len(live_widgets()) == before + 1 and widget.controls == {"size": size}
    )
    assert widget.shown.text == "size 1"
    size.value = 2
    assert widget.shown.text == "size 2"


def test_live_draws_a_setting_once_and_shows_it_again_when_the_student_goes_back():
    calls = []

    def function(size):
        calls.append(size)
        return Notice(f"size {size}")

    size = w.IntSlider(value=1, min=0, max=5)
    box = live(function, {"size": size})
    output = box.children[2]
    size.value = 2
    size.value = 1
    assert calls == [1, 2], "going back to size 1 should not call the function again"
    assert "size 1" in output.outputs[0]["data"]["text/html"]
    size.value = 2
    assert "size 2" in output.outputs[0]["data"]["text/html"] and calls == [1, 2]


class _Cycle:
    """An object only the garbage collector can free: it refers to itself."""

    def __init__(self):
        self.me = self


def test_making_a_widget_frees_garbage_and_later_frees_what_it_set_aside():
    def function(size):
        return Notice(f"size {size}")

    garbage = _Cycle()
    freed_before = weakref.ref(garbage)
    kept = _Cycle()
    freed_later = weakref.ref(kept)
    del garbage
    try:
        live(function, {"size": w.IntSlider(value=1, min=0, max=5)})
        assert freed_before() is None, "garbage should be collected when a widget is made"
        assert gc.get_freeze_count() > 0, "what is left should be set aside from later passes"
        del kept  # garbage now, but set aside: a widget made later should still free it
        live(function, {"size": w.IntSlider(value=1, min=0, max=5)})
        assert freed_later() is None, "what was set aside and is garbage now must be freed"
    finally:
        gc.unfreeze()
