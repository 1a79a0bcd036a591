"""Helpers for the chapters of "China, Japan and the Belt and Road".

Small on purpose: the pandas and matplotlib that answer each question stay in
the chapter notebooks.

The core, used by every chapter:

- ``data``: load a dataset by name, checked against ``data/datapackage.json``,
  and its metadata for "About this data" panels.
- ``charts``: the house chart style, source lines, figures with alt text,
  dated events on a time axis.
- ``widgets``: the plumbing that wires controls to a plain function.
- ``quiz``: a self-check quiz that works without a kernel.
- ``prose``: numbers computed in a notebook for its text.

Shared by several pages: ``gdp`` (GDP series and growth), ``bri`` (counting the
Belt and Road's participants), ``timeline`` (the events timeline and its
explorer) and ``claims`` (the register of the essay's claims).

One page only: ``bookkit.chapters.ch01`` … ``ch07``, ``catalogue`` and
``teacher_guide``.
"""

from bookkit.data import DataError, about, load

__all__ = ["DataError", "about", "load"]
