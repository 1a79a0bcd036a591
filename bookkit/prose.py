"""Numbers for the text, computed in the notebook, so that text and data cannot drift apart.

A code cell computes a value and gives it a name, formatted for reading::

    chn_x_cur = fmt(ratio, ".1f")        # shown as 10.6

and a Markdown cell writes ``{eval}`chn_x_cur``` where the number belongs. In
JupyterLab (with jupyterlab-myst, which requirements.txt installs) the role shows
the value once the cell above has run. On the web page the same value comes from
the executed notebook: the chapter's last code cell, ``record(globals())``, records
every value made with ``fmt`` under its name, and the book's ``eval`` role reads it
there (``_ext/booktext.py``). One name, one value, in both places.

Each name is given one value in a chapter (a test checks it), so the value the web
page records at the end of the notebook is the value the text means.
"""

from __future__ import annotations

import sys
from typing import Any

from bookkit.widgets import building_the_book


class Formatted:
    """A value and how to write it in a sentence; it displays as the written form."""

    def __init__(self, value: Any, spec: str = ""):
        self.value = value.item() if hasattr(value, "item") else value  # NumPy -> Python
        self.spec = spec
        self.text = format(self.value, spec)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else self.text


def fmt(value: Any, spec: str = "") -> Formatted:
    """``value`` as the text writes it: ``fmt(10.555, ".1f")`` shows as 10.6,
    ``fmt(2013)`` as 2013, ``fmt("Japan")`` as Japan (no quotation marks)."""
    return Formatted(value, spec)


def record(namespace: dict) -> None:
    """Record every ``fmt`` value in ``namespace`` (a notebook's ``globals()``) under
    its name, for the web page's ``{eval}`` roles.

    Only while the book is built (``tools/build_book.py``): elsewhere nothing reads the
    record, and MyST-NB's recorder takes about a second to import, which in JupyterLab or
    the classroom app would keep the kernel busy, and a student's first click waiting,
    after the chapter has appeared."""
    if not building_the_book():
        return
    # The recorder imports nbformat, whose schema checker (jsonschema) imports rfc3987_syntax
    # if it is installed, which compiles about 40 grammars: 1 s per chapter of the build, for
    # a check nothing here makes (jsonschema issue #1428; tools/build_book.py blocks it too).
    sys.modules.setdefault("rfc3987_syntax", None)
    from myst_nb import glue

    for name, value in namespace.items():
        if isinstance(value, Formatted):
            glue(name, value, display=False)
