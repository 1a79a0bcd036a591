"""Helpers for the chapters of "China, Japan and the Belt and Road".

Small on purpose: the pandas and matplotlib that answer each question stay in
the chapter notebooks.

The core, used by every chapter:

- ``data``: load a dataset by name, checked against ``data/datapackage.json``,
  and its metadata for "About this data" panels.
- ``charts``: the house chart style, source lines, figures with alt text,
  dated events on a time axis, and one recycled figure per live widget.
- ``widgets``: the plumbing that wires controls to a plain function, and the
  static views the web page shows instead of live widgets.
- ``forms``: judgement activities as plain HTML forms on the web page.
- ``quiz``: a self-check quiz that works without a kernel.
- ``prose``: numbers computed in a notebook for its text.
- ``documents``: each chapter's document set and its organiser, from
  ``data/documents/``.

Shared by several pages: ``gdp`` (GDP series and growth), ``bri`` (counting the
Belt and Road's participants), ``timeline`` (the events timeline and its
explorer), ``claims`` (the register of the essay's claims), ``verdicts`` (the
rule that turns the fact-check's verdicts into the register's), ``changes``
(changes between two years, in words) and ``handouts`` (the printable sheets).

One page only: ``bookkit.chapters.ch01`` … ``ch07``, ``catalogue``,
``teacher_guide`` and ``teacher_topics``.
"""

from bookkit.data import DataError, about, load

__all__ = ["DataError", "about", "load"]
