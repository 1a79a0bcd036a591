"""The house chart style: colour-blind-safe colours, a source line under every
chart, figures shown with real alt text, and dated events on a time axis.

Figures are made with ``matplotlib.figure.Figure`` (not ``pyplot``), so a
figure appears only where a chapter shows it, with its alt text:

    fig, ax = new_figure()
    ax.plot(years, values, **economy_style("CHN"))
    add_source(fig, about("gdp_core_economies").source_line)
    show(fig, alt="Line chart of ...")
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Chart text is plain text: "US$" must not start a maths formula.
matplotlib.rcParams["text.parse_math"] = False

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


def economy_style(code: str) -> dict:
    """Colour and line style for an economy (``ax.plot(..., **economy_style("JPN"))``)."""
    return dict(ECONOMY_STYLES.get(code, OTHER_STYLE), linewidth=2)


def new_figure(width: float = 7.0, height: float = 3.8) -> tuple[Figure, Axes]:
    """A figure and axes in the house style, with room at the foot for the source line."""
    fig = Figure(figsize=(width, height), dpi=FIGURE_DPI, layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def year_axis(ax: Axes) -> None:
    """Whole years only on the x axis."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def add_source(fig: Figure, text: str) -> None:
    """Write the source line at the foot of the figure."""
    fig.text(
        0.01,
        0.01,
        text,
        fontsize=SOURCE_FONT_SIZE,
        color=PALETTE["grey"],
        ha="left",
        va="bottom",
        wrap=True,
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


def show(fig: Figure, alt: str) -> FigureDisplay:
    """Render a figure for display, with alt text that says what it shows."""
    if not alt.strip():
        raise ValueError("Every figure needs alt text that says what it shows.")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return FigureDisplay(buffer.getvalue(), alt)
