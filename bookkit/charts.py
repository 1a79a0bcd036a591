"""The house chart style: colour-blind-safe colours, a source line under every
chart, figures shown with real alt text, and dated events on a time axis.

Figures are made with ``matplotlib.figure.Figure`` (not ``pyplot``), so a
figure appears only where a chapter shows it, with its alt text:

    fig, ax = new_figure()
    ax.plot(years, values, **economy_style("CHN"))
    add_source(fig, about("gdp_core_economies").source_line)
    show(fig, alt="Line chart of ...")

Drawing is fast enough for a live widget (a new view well under 0.1 s):

- the margins *track* the labels: each side is set to what the tick labels, titles
  and source line need (``fit_margins``), measured before the figure is drawn;
- text is measured to fit the margins, then drawn once; the PNG is made from the drawn
  pixels (``render_png``);
- a live widget keeps one figure and redraws it in place: inside
  ``recycling(...)``, ``new_figure`` hands back that figure with its data removed
  but its axes and ticks kept (``_clear``), instead of building a new one.
  A test checks that a view drawn this way matches one drawn on a new figure.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import textwrap
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter
from PIL import Image

# Chart text is plain text: "US$" must not start a maths formula.
matplotlib.rcParams["text.parse_math"] = False
# Glyphs drawn as designed, not fitted to the pixel grid by the font's hinter, which costs a
# third of drawing a chart's text (a live widget's redraw is mostly text).
matplotlib.rcParams["text.hinting"] = "no_hinting"
# Titles sit just above the axes (no chart has ticks on top): a fixed place, so a redraw
# does not search every label for a clash first.
matplotlib.rcParams["axes.titley"] = 1.0

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#6E6E6E",
}

# One colour and one line style per economy, the same in every chapter, so
# that colour is never the only cue.
ECONOMY_STYLES = {
    "CHN": {"color": PALETTE["vermillion"], "linestyle": "-"},
    "JPN": {"color": PALETTE["blue"], "linestyle": "--"},
    "USA": {"color": PALETTE["orange"], "linestyle": "-."},
    "KOR": {"color": PALETTE["bluish green"], "linestyle": ":"},
    "WLD": {"color": PALETTE["grey"], "linestyle": (0, (5, 1, 1, 1, 1, 1))},
    "DEU": {"color": PALETTE["reddish purple"], "linestyle": (0, (3, 1))},
}
OTHER_STYLE = {"color": PALETTE["sky blue"], "linestyle": "-"}

FIGURE_DPI = 100
SOURCE_FONT_SIZE = 7.5
MARGIN_PX = 6  # white space kept around the labels
SOURCE_CHARACTERS_PER_INCH = 18  # the source line's characters that fit in an inch, with room
PNG_COMPRESSION = 1  # zlib level: fast to write; the pages are still small
START_MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.15, "top": 0.9}  # then fitted to labels


def economy_style(code: str) -> dict:
    """Colour and line style for an economy (``ax.plot(..., **economy_style("JPN"))``)."""
    return dict(ECONOMY_STYLES.get(code, OTHER_STYLE), linewidth=2)


class Recycler:
    """The one figure a live widget redraws in place (see ``recycling``)."""

    def __init__(self) -> None:
        self.figure: Figure | None = None


_recycler: ContextVar[Recycler | None] = ContextVar("recycler", default=None)


@contextlib.contextmanager
def recycling(recycler: Recycler) -> Iterator[None]:
    """While inside, ``new_figure`` reuses ``recycler``'s figure when it can."""
    token = _recycler.set(recycler)
    try:
        yield
    finally:
        _recycler.reset(token)


def _house_style(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_visible(True)
    ax.grid(False)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)


def _clear_axes(ax: Axes) -> None:
    """Remove what a view drew on ``ax`` and reset its scales, labels and limits."""
    for artist in [*ax.get_children()]:
        if artist in (*ax.lines, *ax.patches, *ax.collections, *ax.texts, *ax.images, *ax.tables):
            artist.remove()
    ax.containers.clear()  # bar containers: a legend would still list them
    if ax.legend_ is not None:
        ax.legend_.remove()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xscale("linear")  # also puts back the default tick locators and formatters
    ax.set_yscale("linear")
    for axis in (ax.xaxis, ax.yaxis):
        # Forget category labels from the last view (Axis.clear would, but it also
        # throws away the ticks). Private in the Matplotlib that requirements pin (3.10).
        axis._converter, axis._converter_is_explicit, axis.units = None, False, None
    if ax.xaxis_inverted():
        ax.invert_xaxis()
    if ax.yaxis_inverted():
        ax.invert_yaxis()
    ax.set_axis_on()
    ax.margins(x=matplotlib.rcParams["axes.xmargin"], y=matplotlib.rcParams["axes.ymargin"])
    ax.relim()
    ax.set_autoscale_on(True)


def _clear(fig: Figure, ax: Axes) -> None:
    """Take a figure back to what ``new_figure`` makes, keeping its axes and ticks
    (building those is a large part of drawing a new figure). A twin axis the last view
    made (``twin_x``) is cleared and hidden, to be shown again if the next view asks."""
    for extra in fig.axes[1:]:
        if extra is getattr(fig, "bk_twin", None):
            _clear_axes(extra)
            _twin_style(extra)
            extra.set_visible(False)
        else:
            fig.delaxes(extra)
    if getattr(fig, "bk_fixed_layout", False):  # the last view placed its own axes
        fig.bk_fixed_layout = False
        fig.subplots_adjust(**START_MARGINS)
    for text in [*fig.texts]:
        text.remove()
    _clear_axes(ax)
    _house_style(ax)


def _twin_style(twin: Axes) -> None:
    """Back to what ``Axes.twinx`` made, where a view may have changed it: every spine
    shown, no grid, the label in the usual colour."""
    twin.spines[:].set_visible(True)
    twin.grid(False)
    twin.yaxis.label.set_color(matplotlib.rcParams["axes.labelcolor"])


def twin_x(ax: Axes) -> Axes:
    """A second y axis on the right of ``ax`` (``ax.twinx()``). A live widget's figure keeps
    it between views, cleared, since making axes is a large part of a redraw."""
    fig = ax.figure
    twin = getattr(fig, "bk_twin", None)
    if twin is not None and twin in fig.axes:
        twin.set_visible(True)
        return twin
    fig.bk_twin = ax.twinx()
    return fig.bk_twin


def new_figure(width: float = 7.0, height: float = 3.8) -> tuple[Figure, Axes]:
    """A figure and axes in the house style, with room at the foot for the source line.

    Inside ``recycling`` (a live widget redrawing), the widget's figure comes back
    cleared instead of a new one being built."""
    recycler = _recycler.get()
    if recycler is not None and recycler.figure is not None:
        fig = recycler.figure
        if tuple(fig.get_size_inches()) != (width, height):
            fig.set_size_inches(width, height)
        _clear(fig, fig.axes[0])
        return fig, fig.axes[0]
    fig = Figure(figsize=(width, height), dpi=FIGURE_DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(**START_MARGINS)
    ax = fig.add_subplot()
    _house_style(ax)
    if recycler is not None:
        recycler.figure = fig
    return fig, ax


def year_axis(ax: Axes) -> None:
    """Whole years only on the x axis."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def log_axis(ax: Axes, label) -> None:
    """A logarithmic y axis whose tick labels are plain text made by ``label(value)``.

    Matplotlib's own log labels are maths (``10^{11}``), which the house style does not
    render (``text.parse_math`` is off), so they would print as raw TeX. Over less
    than a factor of ten the minor ticks are labelled too, so the axis is never bare."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: label(value)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    low, high = ax.get_ylim()
    if low > 0 and high / low < 10:
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda value, _pos: label(value)))


def add_source(fig: Figure, text: str) -> None:
    """Write the source line at the foot of the figure, wrapped to the figure's width.

    Wrapped here, by characters, rather than by Matplotlib (``wrap=True``), which measures
    every word again at each draw."""
    per_line = int(SOURCE_CHARACTERS_PER_INCH * fig.get_figwidth())
    fig.text(
        0.01,
        0.01,
        textwrap.fill(text, per_line),
        fontsize=SOURCE_FONT_SIZE,
        color=PALETTE["grey"],
        ha="left",
        va="bottom",
    )


def decimal_year(date: pd.Timestamp) -> float:
    """A date as a fractional year, for marking it on an axis of whole years."""
    start = pd.Timestamp(year=date.year, month=1, day=1)
    return date.year + (date - start).days / 365.25


def annotate_events(ax: Axes, events: Iterable[tuple[pd.Timestamp, str]]) -> None:
    """Mark dated events on an axis of years: a dotted line and a short label
    written upwards from the foot of the axes.

    ``events`` holds (date, label) pairs; take them from the events dataset,
    never type a date by hand.
    """
    low, high = ax.get_xlim()
    for date, label in events:
        x = decimal_year(pd.Timestamp(date))
        if not low <= x <= high:
            continue
        ax.axvline(x, color=PALETTE["grey"], linewidth=0.9, linestyle=":", zorder=1)
        ax.annotate(
            label,
            xy=(x, 0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 4),
            textcoords="offset points",
            rotation=90,
            ha="right",
            va="bottom",
            fontsize=8,
            color=PALETTE["grey"],
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
        )


class FigureDisplay:
    """A rendered figure that shows as an ``<img>`` with alt text (HTML) and as PNG."""

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        encoded = base64.b64encode(self.png).decode("ascii")
        img = (
            f'<img class="bk-figure" src="data:image/png;base64,{encoded}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%;height:auto">'
        )
        return {"text/html": img, "image/png": encoded, "text/plain": f"[Figure: {self.alt}]"}


def fit_margins(fig: Figure) -> bool:
    """Set each margin to what the drawn labels need; True if a margin changed.

    Every axes' tick labels, axis labels, titles and legend, and the source line at the
    foot, must fit inside the figure with ``MARGIN_PX`` to spare. Margins are whole
    pixels, so a view whose labels are as wide as the last one's needs no second draw.
    A figure that places its own axes (``fig.bk_fixed_layout``) is left alone."""
    if getattr(fig, "bk_fixed_layout", False) or not fig.axes:
        return False
    shown = [ax for ax in fig.axes if ax.get_visible()]
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    box = fig.axes[0].get_position()
    inner = fig.axes[0].get_window_extent(renderer)
    # for_layout_only: a title's width does not count (a long title may run past the axes;
    # no margin could hold it, and chasing it would never settle).
    # Only what can stand outside the axes is measured: the axes' decorations (ticks,
    # labels, titles), legends and texts; lines and bars are clipped to the axes anyway,
    # and measuring every point of every line would cost as much as drawing them.
    outer = [
        ax.get_tightbbox(
            renderer,
            for_layout_only=True,
            bbox_extra_artists=[*ax.texts, *filter(None, [ax.legend_])],
        )
        for ax in shown
    ]
    below = max(inner.y0 - min(b.y0 for b in outer), 0)
    source = [t.get_window_extent(renderer) for t in fig.texts]
    foot = max((s.y1 for s in source), default=0) + MARGIN_PX if source else 0
    need = {
        "left": max(inner.x0 - min(b.x0 for b in outer), 0) + MARGIN_PX,
        "right": width - max(max(b.x1 for b in outer) - inner.x1, 0) - MARGIN_PX,
        "bottom": foot + below + MARGIN_PX,
        "top": height - max(max(b.y1 for b in outer) - inner.y1, 0) - MARGIN_PX,
    }
    # However long the labels, the axes keep at least a third of the figure each way.
    need["left"] = min(need["left"], width / 3)
    need["right"] = max(need["right"], need["left"] + width / 3)
    need["bottom"] = min(need["bottom"], height / 3)
    need["top"] = max(need["top"], need["bottom"] + height / 3)
    pixels = {side: round(value) for side, value in need.items()}
    current = {
        "left": round(box.x0 * width),
        "right": round(box.x1 * width),
        "bottom": round(box.y0 * height),
        "top": round(box.y1 * height),
    }
    if pixels == current:
        return False
    fig.subplots_adjust(
        left=pixels["left"] / width,
        right=pixels["right"] / width,
        bottom=pixels["bottom"] / height,
        top=pixels["top"] / height,
    )
    return True


def render_png(fig: Figure) -> bytes:
    """The figure as PNG: its margins fitted to its labels first (text is measured, not
    drawn), then drawn once, and encoded from the drawn pixels (``savefig`` would draw
    again)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    for _ in range(3):  # new margins can change the ticks, so fit until they settle
        if not fit_margins(fig):
            break
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


def show(fig: Figure, alt: str) -> FigureDisplay:
    """Render a figure for display, with alt text that says what it shows."""
    if not alt.strip():
        raise ValueError("Every figure needs alt text that says what it shows.")
    return FigureDisplay(render_png(fig), alt)
