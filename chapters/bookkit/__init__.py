"""Shared helpers for the chapters of "China, Japan and the Belt and Road".

Small on purpose: the pandas and matplotlib that answer each question stay in
the chapter notebooks. This package holds only what several chapters share.

- ``data``: load a dataset by name, checked against ``data/datapackage.json``,
  and its metadata for "About this data" panels.
- ``charts``: the house chart style, source lines, figures with alt text,
  dated events on a time axis.
- ``widgets``: the plumbing that wires controls to a plain function.
- ``quiz``: a self-check quiz that works without a kernel.
- ``gdp`` and ``bri``: the functions behind the chapters' GDP and Belt and Road widgets.
- ``timeline``, ``stance`` and ``aiib`` (Chapter 2): the events timeline, coding Japan's
  stance, AIIB membership.
- ``eras`` and ``ageing`` (Chapter 3): Japan's economic eras, the Abenomics scorecard,
  ageing and the population projections.
- ``partners`` and ``catchup``: Chapter 4's trade widgets and the what-if projection of
  China's GDP relative to the United States'.
- ``regional``: Chapter 5's membership and infrastructure-gap widgets.
"""

from bookkit.data import DataError, about, load

__all__ = ["DataError", "about", "load"]
