"""Drive the book's live widgets inside a kernel, without a browser: used by the
in-kernel widget test and the benchmark.

``DRIVER_SETUP`` is code to run in a chapter's kernel after the chapter: it defines
``live_widgets()`` (every widget ``bookkit.widgets.live`` made there, in order) and
``sample_values(control)`` (values a control can take, for a sweep).
"""

from __future__ import annotations

import inspect

import ipywidgets as w


def live_widgets() -> list:
    """Every live widget made in this kernel, in the order it was made."""
    import warnings

    from bookkit.widgets import LiveWidget

    with warnings.catch_warnings():
        # ipywidgets 8 (pinned) keeps every widget in this registry, in creation order;
        # reading it is deprecated, but there is no public replacement.
        warnings.simplefilter("ignore", DeprecationWarning)
        made = list(w.Widget.widgets.values())
    return [x for x in made if isinstance(x, LiveWidget)]


def sample_values(control: w.ValueWidget, limit: int = 12) -> list:
    """Values a control can take, for sweeping a widget without a browser: every
    option, or up to ``limit`` evenly spaced numbers (ranges: shifted windows)."""
    if isinstance(control, w.SelectMultiple):
        values = list(control._options_values)
        return [tuple(values[: i + 1]) for i in range(min(len(values), limit))]
    if hasattr(control, "_options_values"):
        return list(control._options_values)[:limit]
    if isinstance(control, (w.IntRangeSlider, w.FloatRangeSlider)):
        low, high = control.min, control.max
        if isinstance(control, w.IntRangeSlider):
            span = max((high - low) // 4, 1)
        else:
            span = (high - low) / 4
        starts = [low + (high - low - span) * i / max(limit - 1, 1) for i in range(limit)]
        cast = int if isinstance(control, w.IntRangeSlider) else float
        return list(dict.fromkeys((cast(s), cast(s) + span) for s in starts))
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [True, False]
    if hasattr(control, "min") and hasattr(control, "max"):
        low, high = control.min, control.max
        cast = int if isinstance(control.value, int) else float
        steps = (cast(low + (high - low) * i / max(limit - 1, 1)) for i in range(limit))
        return list(dict.fromkeys(steps))
    if isinstance(control.value, str):
        return [control.value, "", "a"]
    return [control.value]


# The two functions above, as source to run in a chapter's kernel.
DRIVER_SETUP = (
    "import ipywidgets as w\n"
    + inspect.getsource(live_widgets)
    + "\n"
    + inspect.getsource(sample_values)
)
