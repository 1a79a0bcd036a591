"""Plumbing for the book's widgets: controls wired to a plain function.

A widget's work lives in a plain function that takes the control values and
returns a ``View`` (a figure, its alt text, a one-line takeaway and an optional
table) or a ``Notice`` (a clear message when the input cannot be served, e.g.
an empty selection). ``live`` only wires the controls to that function, so
tests can call the function over every control value without a browser.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import pandas as pd
from IPython.core.formatters import format_display_data
from IPython.display import HTML
from matplotlib.figure import Figure

from bookkit.charts import show

LIVE_NOTE = (
    "<strong>Live widget.</strong> When this notebook runs (on your computer, in Binder or Colab) "
    "the chart redraws as you change the controls. On the web page the controls show the default "
    "view only."
)


# How many views each widget keeps, so that going back to a setting is instant
# (a view is one PNG of about 50 kB and its text).
REMEMBERED_VIEWS = 32


@dataclass
class View:
    """What a widget shows for one set of control values."""

    figure: Figure
    alt: str
    takeaway: str
    table: pd.DataFrame | None = None


@dataclass
class Notice:
    """A clear message shown instead of a chart when the input cannot be served."""

    text: str


def display_data(obj) -> dict:
    """An object as a notebook display_data output (the form of Output.outputs)."""
    data, metadata = format_display_data(obj)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def takeaway_html(text: str) -> HTML:
    return HTML(f'<p class="bk-takeaway"><strong>Takeaway:</strong> {html.escape(text)}</p>')


def render(result: View | Notice) -> list:
    """The displayable parts of a widget result, in order."""
    if isinstance(result, Notice):
        return [
            HTML(
                '<p class="bk-notice" role="status"><strong>Note:</strong> '
                f"{html.escape(result.text)}</p>"
            )
        ]
    parts = [show(result.figure, result.alt), takeaway_html(result.takeaway)]
    if result.table is not None:
        parts.append(result.table)
    return parts


class LiveWidget(w.VBox):
    """What ``live`` returns: a "live" label, the controls and an output, plus what
    made them (``function``, ``controls``) and what it shows now (``shown``), so that
    a widget can be driven and checked in a kernel without a browser."""

    def __init__(self, function, controls, output, children):
        super().__init__(children)
        self.function, self.controls, self.output = function, controls, output
        self.shown: View | Notice | None = None


def live(function: Callable[..., View | Notice], controls: dict[str, w.ValueWidget]) -> LiveWidget:
    """A widget: a "live" label, the controls, and an output that ``function`` redraws.

    The widget's task is written in the Markdown cell above it, so that it shows
    on the web page even where the widget cannot run.

    ``controls`` maps each keyword argument of ``function`` to the control that
    sets it. The output is drawn once straight away (the default view, saved in the
    built page) and again whenever a control changes. ``function`` must depend on
    its arguments only: the last views drawn are kept, so going back to a setting
    shows it at once instead of drawing the figure again.
    """
    output = w.Output()
    header = w.HTML(f'<p class="bk-live">{LIVE_NOTE}</p>')
    panel = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    panel.add_class("bk-controls")  # hidden when a page is printed
    widget = LiveWidget(function, controls, output, [header, panel, output])

    @functools.lru_cache(maxsize=REMEMBERED_VIEWS)
    def draw(values: tuple) -> tuple[View | Notice, tuple[dict, ...]]:
        shown = function(**dict(zip(controls, values)))
        return shown, tuple(display_data(part) for part in render(shown))

    def redraw(_change=None) -> None:
        # Set the output's contents directly (one state update) rather than capturing
        # display() calls: the same in every front end, and nothing to capture or lose.
        widget.shown, output.outputs = draw(tuple(control.value for control in controls.values()))

    for control in controls.values():
        # A redraw takes a fifth of a second or more: sliders and text boxes redraw when
        # released or entered, not at every step of a drag or every key.
        if control.has_trait("continuous_update"):
            control.continuous_update = False
        control.observe(redraw, names="value")
    redraw()
    return widget
