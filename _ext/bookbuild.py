"""Local Sphinx extension for this book.

- Serve the self-hosted MathJax from ``_vendor/`` (filled by ``tools/build_book.py``)
  instead of a public CDN, or say clearly that the CDN will be used when it is missing.
- Shape each page for the web (``webpage.py``): MathJax only where the page has maths,
  a meta description, Chinese and Japanese text language-tagged (``cjk.py``), no
  ``<style>`` in the body, and an index page with a favicon.
- Remove duplicated ``<script>`` entries (sphinx-thebe adds its inline
  configuration twice under Sphinx 7, a JavaScript error on every page).
- Publish ``data/`` with the book at ``<site>/data/``, so every CSV and
  ``datapackage.json`` has a stable download address (the inputs that
  ``tools/build_data.py`` reads, ``data/raw/`` and ``data/book/``, stay in the repository).
- The student edition (``BOOK_EDITION=student``, set by ``tools/build_book.py
  --student``): remove the exercise solutions and the teacher notes from every
  page (removed, not collapsed) and don't publish the notebooks' sources.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import webpage  # beside this file: Jupyter Book puts _ext on the import path
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
# MathJax from its loader and only the parts the pages use: TeX in, HTML out, and the hidden
# MathML that screen readers read. No context menu: the combined tex-chtml.js, which has one,
# is 1.16 MB against 0.76 MB for these, on every page with maths.
MATHJAX = "mathjax/startup.js"
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]
DATA = ROOT / "data"
logger = logging.getLogger(__name__)


def use_vendored_js(app: Sphinx, config) -> None:
    if not (VENDOR / "manifest.json").is_file():
        logger.info(
            "NOTICE: _vendor/ is missing (run tools/build_book.py with npm installed): the pages "
            "with maths "
            "will load MathJax from a public CDN, so their maths needs internet access."
        )
        return
    config.html_static_path = [*config.html_static_path, str(VENDOR)]
    config.mathjax_path = MATHJAX
    config.mathjax3_config = {**(config.mathjax3_config or {}), "loader": {"load": MATHJAX_LOAD}}
    logger.info(f"Self-hosted MathJax from _vendor/ ({MATHJAX}).")


STUDENT = os.environ.get("BOOK_EDITION") == "student"
TEACHER_NOTES = "teacher-notes"


def student_edition_config(app: Sphinx, config) -> None:
    config.html_copy_source = False  # the notebooks' sources hold the solutions and notes
    config.html_theme_options = {**config.html_theme_options, "use_download_button": False}
    logger.info(
        "Student edition: exercise solutions and teacher notes are removed from every page."
    )


def remove_teacher_content(app: Sphinx, doctree: nodes.document) -> None:
    """Drop solutions and teacher notes before the page's table of contents is collected."""
    doomed = list(
        doctree.findall(
            lambda n: isinstance(n, (solution_node, solution_start_node, solution_end_node))
        )
    )
    doomed += [
        n
        for n in doctree.findall(nodes.Element)
        if TEACHER_NOTES in n.get("classes", [])
        or (isinstance(n, nodes.section) and TEACHER_NOTES in n.get("ids", []))
    ]
    for node in doomed:
        if node.parent is not None:
            node.parent.remove(node)


def dedupe_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The duplicates differ only in filename None vs "" (and priority).
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def publish_data(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "data"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("README*", ".*", "raw", "book"))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", use_vendored_js)
    app.connect("html-page-context", dedupe_scripts)
    app.connect("build-finished", publish_data)
    webpage.setup(app)
    if STUDENT:
        app.connect("config-inited", student_edition_config)
        app.connect("doctree-read", remove_teacher_content, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
