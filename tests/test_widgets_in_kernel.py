"""Every widget of every chapter, driven inside a real kernel (testbook): each
control is set to other values it can take, the widget redraws through its
observer as it would in a browser, and what it shows (its View or Notice)
must change for at least one control, and never be anything else."""

from __future__ import annotations

import json

import pytest
from conftest import chapter_notebooks
from testbook import testbook
from widget_driver import DRIVER_SETUP

DRIVE = """
import json
from bookkit.widgets import Notice, View

def _shown(widget):
    result = widget.shown
    return result.text if isinstance(result, Notice) else (result.alt, result.takeaway)

_report = []
for _index, _widget in enumerate(live_widgets()):
    _changed, _bad, _tried = set(), [], 0
    for _name, _control in _widget.controls.items():
        _start = _control.value
        for _value in sample_values(_control, limit=4):
            if _value == _control.value:
                continue
            _before = _shown(_widget)
            _control.value = _value      # the widget redraws through its observer, as in a browser
            _tried += 1
            if not isinstance(_widget.shown, (View, Notice)):
                _bad.append(f"{_name}={_value!r}: {type(_widget.shown).__name__}")
            elif _shown(_widget) != _before:
                _changed.add(_name)
        _control.value = _start
    _function = getattr(_widget.function, "func", _widget.function).__name__
    _report.append({"widget": _index, "function": _function, "controls": sorted(_widget.controls),
                    "tried": _tried, "changed": sorted(_changed), "bad": _bad})
print(json.dumps(_report))
"""


@pytest.mark.kernel
@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_every_widget_responds_to_its_controls(path):
    with testbook(
        str(path), execute=True, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ) as tb:
        result = tb.inject(DRIVER_SETUP + DRIVE, pop=True)
        report = json.loads(result.outputs[-1]["text"])
    assert len(report) >= 3, f"expected at least three live widgets, found {len(report)}"
    for widget in report:
        assert not widget["bad"], widget
        assert widget["tried"] > 0, f"no control of {widget['function']} could be changed"
        assert widget["changed"], f"{widget['function']}: no control changed its output: {widget}"
