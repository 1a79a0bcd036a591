"""Plumbing for the book's widgets: controls wired to a plain function.

A widget's work lives in a plain function that takes the control values and
returns a ``View`` (a figure, its alt text, a one-line takeaway and an optional
table) or a ``Notice`` (a clear message when the input cannot be served, e.g.
an empty selection). ``live`` only wires the controls to that function, so
tests can call the function over every control value without a browser.

Where a notebook runs (JupyterLab, Voila, Colab) the widget is live: it keeps one
figure and redraws it in place (``bookkit.charts.recycling``). The published page
has no kernel, so when the book is built (``BOOK_STATIC_VIEWS=1``, set by
``tools/build_book.py``) ``live`` also draws the views its task asks for, with the
same function, as plain figures the reader switches between with no script
(``static_views``); the page shows those instead of the widget.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import html
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import pandas as pd
from IPython.core.formatters import format_display_data
from IPython.display import HTML
from matplotlib.figure import Figure

from bookkit.charts import Recycler, recycling, show

LIVE_NOTE = "<strong>Live widget.</strong> The chart redraws as you change the controls."
# Where the widget is live (JupyterLab, Voila): a slider's readout, e.g. a range of years,
# takes the width it needs instead of being cut ("2000 – 201").
LIVE_STYLE = "<style>.bk-controls .widget-readout { max-width: none; width: auto; }</style>"
STATIC_NOTE = (
    "These are the views the task asks for, drawn when the book was built. To try any other "
    "setting, run the notebook (a launch button at the top of the page, or on your computer)."
)
STATIC_VIEWS_ENV = "BOOK_STATIC_VIEWS"  # "1" while the book is built
MAX_VIEWS = 8  # _static/views.css switches up to eight
_view_groups = itertools.count(1)


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


def building_the_book() -> bool:
    """True while the book's pages are being built (``tools/build_book.py``)."""
    return os.environ.get(STATIC_VIEWS_ENV) == "1"


def _view_html(result: View | Notice) -> str:
    """One view as plain HTML: the figure (PNG, with its alt text), its takeaway, its table."""
    if isinstance(result, Notice):
        return f'<p class="bk-notice"><strong>Note:</strong> {html.escape(result.text)}</p>'
    figure = show(result.figure, result.alt)._repr_mimebundle_()["text/html"]
    if result.table is None:
        table = ""
    elif isinstance(result.table, pd.DataFrame):  # not _repr_html_, which adds a <style>
        table = result.table.to_html(classes="bk-table", border=0)
    else:  # e.g. the timeline's event cards
        table = result.table._repr_html_()
    return figure + takeaway_html(result.takeaway).data + table


def static_views(function: Callable[..., View | Notice], defaults: dict, views: dict) -> str:
    """The widget for a page without a kernel: the default view and each view in ``views``
    (label -> control values that differ from the defaults), drawn by ``function``, as
    panels that radio buttons switch between with CSS alone (no script, no kernel)."""
    group = f"bk-views-{next(_view_groups)}"
    # The view the widget opens with comes first, unless the task names it already.
    opens_as_named = any(all(defaults[k] == v for k, v in view.items()) for view in views.values())
    choices = views if opens_as_named else {"As the widget opens": {}, **views}
    if len(choices) > MAX_VIEWS:
        raise ValueError(f"at most {MAX_VIEWS} views (the page's style sheet switches that many)")
    buttons, panels = [], []
    first = next(
        (
            n
            for n, view in enumerate(choices.values())
            if all(defaults[k] == v for k, v in view.items())
        ),
        0,
    )
    for number, (label, changes) in enumerate(choices.items()):
        unknown = set(changes) - set(defaults)
        if unknown:
            raise ValueError(f"view {label!r} sets {sorted(unknown)}, which are not controls")
        checked = " checked" if number == first else ""
        buttons.append(
            f'<input type="radio" name="{group}" id="{group}-{number}"{checked}>'
            f'<label for="{group}-{number}">{html.escape(label)}</label>'
        )
        panels.append(
            f'<div class="bk-view">{_view_html(function(**{**defaults, **changes}))}</div>'
        )
    return (
        '<fieldset class="bk-views"><legend>Choose a view</legend>'
        f'<p class="bk-views-note">{html.escape(STATIC_NOTE)}</p>'
        + "".join(buttons)
        + '<div class="bk-view-panels">'
        + "".join(panels)
        + "</div></fieldset>"
    )


def _set_heap_aside() -> None:
    """Collect the kernel's garbage now, and set what is left aside from later collections.

    Python's collector now and then makes a full pass over every object in the kernel (about
    a quarter of a million once pandas, Matplotlib and the widgets are loaded): about 0.1 s,
    which would land in whichever redraw happened to trigger it. Done here, when a widget is
    made, that pass costs the cell instead of a student's click; later passes only look at
    what was made since (``gc.freeze``). Unfreezing first lets this pass also reclaim what
    the last one set aside and is garbage now (e.g. a figure of a cell run again), so
    nothing set aside is kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def keep_equal(first: w.ValueWidget, second: w.ValueWidget) -> None:
    """Keep two controls at the same value, e.g. the same choice shown in two places.

    A change to one is copied to the other once the kernel has answered it: the widget
    next to the control that was changed redraws first, the other one straight after
    (linking them in the page would send the copy's change first)."""

    def copier(source: w.ValueWidget, target: w.ValueWidget):
        def copy() -> None:  # the value the source has when the copy is made, not had
            target.value = source.value

        def changed(_change) -> None:
            try:
                asyncio.get_running_loop().call_soon(copy)
            except RuntimeError:  # no event loop (a script, not a kernel): copy now
                copy()

        return changed

    first.observe(copier(first, second), names="value")
    second.observe(copier(second, first), names="value")


class LiveWidget(w.VBox):
    """What ``live`` returns: a "live" label, the controls and an output, plus what
    made them (``function``, ``controls``) and what it shows now (``shown``), so that
    a widget can be driven and checked in a kernel without a browser. When the book is
    built it also carries its views for the page (``static_html``)."""

    def __init__(self, function, controls, output, children):
        super().__init__(children)
        self.function, self.controls, self.output = function, controls, output
        self.shown: View | Notice | None = None
        self.static_html: str | None = None

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs)
        if self.static_html is not None:
            bundle["text/html"] = self.static_html
        return bundle


def live(
    function: Callable[..., View | Notice],
    controls: dict[str, w.ValueWidget],
    views: dict[str, dict] | None = None,
    page: Callable[[], str] | None = None,
) -> LiveWidget:
    """A widget: a "live" label, the controls, and an output that ``function`` redraws.

    The widget's task is written in the Markdown cell above it. ``views`` names the
    settings the task asks for (label -> the control values that differ from the
    defaults), e.g. ``{"The essay's comparison": {"years": (2000, 2019), "scale": "index"}}``:
    the published page shows exactly those, drawn by ``function``, since it has no kernel.
    A widget where students enter their own judgements (coding, marking, weighing) gives
    ``page`` instead: a function returning the HTML form that does the same work in the
    reader's browser (see ``bookkit.forms``), so the page never shows a result nobody chose.

    ``controls`` maps each keyword argument of ``function`` to the control that
    sets it. The output is drawn once straight away and again whenever a control
    changes. ``function`` must depend on its arguments only: the last views drawn are
    kept (as images, not figures), so going back to a setting shows it at once.
    """
    output = w.Output()
    header = w.HTML(f'{LIVE_STYLE}<p class="bk-live">{LIVE_NOTE}</p>')
    panel = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    panel.add_class("bk-controls")  # hidden when a page is printed
    widget = LiveWidget(function, controls, output, [header, panel, output])
    recycler = Recycler()  # the one figure this widget redraws in place

    @functools.lru_cache(maxsize=REMEMBERED_VIEWS)
    def draw(values: tuple) -> tuple[View | Notice, tuple[dict, ...]]:
        with recycling(recycler):
            shown = function(**dict(zip(controls, values, strict=True)))
            return shown, tuple(display_data(part) for part in render(shown))

    def redraw(_change=None) -> None:
        # Set the output's contents directly (one state update) rather than capturing
        # display() calls: the same in every front end, and nothing to capture or lose.
        widget.shown, output.outputs = draw(tuple(control.value for control in controls.values()))

    for control in controls.values():
        # Sliders and text boxes redraw when released or entered, not at every step of a
        # drag or every key, so a drag never queues a redraw per step.
        if control.has_trait("continuous_update"):
            control.continuous_update = False
        control.observe(redraw, names="value")
    redraw()
    _set_heap_aside()
    if building_the_book():
        if page is not None:
            widget.static_html = page()
        else:
            defaults = {name: control.value for name, control in controls.items()}
            widget.static_html = static_views(function, defaults, views or {})
    return widget
