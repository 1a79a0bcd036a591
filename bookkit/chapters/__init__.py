"""The functions behind each page's widgets and tables, one module per page.

``ch01`` … ``ch07`` serve the chapters of the same number; ``catalogue`` and
``teacher_guide`` serve those appendices. What several pages share lives in the
package above (``bookkit.gdp``, ``bookkit.bri``, ``bookkit.timeline``,
``bookkit.claims``), beside the core.
"""
