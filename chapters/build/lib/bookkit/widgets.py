"""Plumbing for the book's widgets: controls wired to a plain function.

A widget's work lives in a plain function that takes the control values and
returns a ``View`` (a figure, its alt text, a one-line takeaway and an optional
table) or a ``Notice`` (a clear message when the input cannot be served, e.g.
an empty selection). ``live`` only wires the controls to that function, so
tests can call the function over every control value without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from bookkit.charts import show

LIVE_NOTE = (
    "<strong>Live widget.</strong> When this notebook runs (on your computer, in Binder or Colab) "
    "the chart redraws as you change the controls. On the web page the controls show the default view only."
)


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


def takeaway_html(text: str) -> HTML:
    return HTML(f'<p class="bk-takeaway"><strong>Takeaway:</strong> {html.escape(text)}</p>')


def render(result: View | Notice) -> list:
    """The displayable parts of a widget result, in order."""
    if isinstance(result, Notice):
        return [HTML(f'<p class="bk-notice" role="status"><strong>Note:</strong> {html.escape(result.text)}</p>')]
    parts = [show(result.figure, result.alt), takeaway_html(result.takeaway)]
    if result.table is not None:
        parts.append(result.table)
    return parts


def live(function: Callable[..., View | Notice], controls: dict[str, w.ValueWidget]) -> w.VBox:
    """A widget: a "live" label, the controls, and an output that ``function`` redraws.

    The widget's task is written in the Markdown cell above it, so that it shows
    on the web page even where the widget cannot run.

    ``controls`` maps each keyword argument of ``function`` to the control that
    sets it. The output is drawn once straight away (the default view, saved in the
    built page) and again whenever a control changes.
    """
    output = w.Output()

    def redraw(_change=None) -> None:
        result = function(**{name: control.value for name, control in controls.items()})
        with output:
            output.clear_output(wait=True)
            display(*render(result))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    header = w.HTML(f'<p class="bk-live">{LIVE_NOTE}</p>')
    return w.VBox([header, w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")), output])
