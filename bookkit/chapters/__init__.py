"""The functions behind each page's widgets and tables, one module per page.

``ch01`` … ``ch07`` serve the chapters of the same number; ``catalogue``,
``teacher_guide`` and ``teacher_topics`` serve those appendices. What several
pages share lives in the package above (``bookkit.gdp``, ``bookkit.bri``,
``bookkit.timeline``, ``bookkit.claims`` and others), beside the core.
"""
