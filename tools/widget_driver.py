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

# Run in a chapter's kernel after DRIVER_SETUP: set each control of every widget to other
# values it can take (the widget redraws through its observer, as in a browser); record
# whether what it shows changed, anything that is not a View or Notice, and whether the
# image drawn in place matches the same view drawn on a new figure (at each control's first
# change: the sweep tier compares many more views). Prints a JSON report.
SWEEP = """
import io, json
import numpy as np
from PIL import Image
from bookkit.charts import render_png
from bookkit.widgets import Notice, View

def _shown(widget):
    result = widget.shown
    return result.text if isinstance(result, Notice) else (result.alt, result.takeaway)

def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)

def _drawn_png(widget):
    for output in widget.output.outputs:
        if "image/png" in output["data"]:
            import base64
            return base64.b64decode(output["data"]["image/png"])

def _matches_a_new_figure(widget):
    drawn = _drawn_png(widget)
    values = {name: control.value for name, control in widget.controls.items()}
    fresh = widget.function(**values)
    if drawn is None or not isinstance(fresh, View):
        return True
    a, b = _pixels(drawn), _pixels(render_png(fresh.figure))
    return a.shape == b.shape and (np.abs(a - b).max(axis=2) > 8).mean() <= 0.002

_report = []
for _index, _widget in enumerate(live_widgets()):
    _changed, _bad, _drift, _tried = set(), [], [], 0
    for _name, _control in _widget.controls.items():
        _start, _compared = _control.value, False
        for _value in sample_values(_control, limit=4):
            if _value == _control.value:
                continue
            _before = _shown(_widget)
            _control.value = _value
            _tried += 1
            if not isinstance(_widget.shown, (View, Notice)):
                _bad.append(f"{_name}={_value!r}: {type(_widget.shown).__name__}")
                continue
            if _shown(_widget) != _before:
                _changed.add(_name)
            if not _compared:
                _compared = True
                if not _matches_a_new_figure(_widget):
                    _drift.append(f"{_name}={_value!r}")
        _control.value = _start
    _function = getattr(_widget.function, "func", _widget.function).__name__
    _report.append({"widget": _index, "function": _function, "controls": sorted(_widget.controls),
                    "tried": _tried, "changed": sorted(_changed), "bad": _bad, "drift": _drift})
print(json.dumps(_report))
"""
