"""The book's text markup, written so that it reads the same in JupyterLab and on the web page.

JupyterLab (jupyterlab-myst) cannot see the bibliography or the glossary, and it
evaluates ``{eval}`` roles in the kernel but knows no ``{glue}``. So the chapters
write numbers, citations and glossary terms in forms that JupyterLab renders, and
this extension turns them into the usual Sphinx and MyST-NB nodes for the web page:

- ``{eval}`name``` (a value made with ``bookkit.prose.fmt``): the web page shows the
  value the executed notebook recorded under that name (``bookkit.prose.record``).
  MyST-NB's own ``eval`` needs inline execution, which would give up the parallel,
  cached build; this reads the same value from the cached notebook instead.
  ``{eval}`../chapters/01-….ipynb::name``` takes the value from another page (the
  teacher guide quotes the chapters' teacher notes).
- ``[Xi, 2013](cite:xi_2013_astana)``: a citation of that bibliography entry, written
  "Xi, 2013" by sphinxcontrib-bibtex and linked to the references page. JupyterLab
  shows the link text. ``[Xi (2013)](cite:key)``, with the year in brackets, is a
  textual citation.
- ``[current prices](../appendices/glossary.md#term-Current-prices)``: a link to that
  glossary term, checked to exist (a missing term fails the build). In JupyterLab the
  link opens the glossary.

It also publishes the quiz's style sheet, from ``bookkit.quiz.STYLE``, and leaves the
widgets' saved state out of the pages (they show each widget's views as plain HTML).
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.crossref import read_glue_cache
from myst_nb.ext.glue.utils import retrieve_glue_data
from myst_nb.ext.utils import RoleBase
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CITE_PREFIX = "cite:"
TEXTUAL = re.compile(r"\(\d{4}[a-z]?\)\s*$")  # "Xi (2013)"
QUIZ_CSS = "quiz.css"


class EvalFromPage(nodes.Inline, nodes.Element):
    """A value another page recorded, filled in once every page has been read."""


class EvalRole(RoleBase):
    """``{eval}`name```: the text of the value the notebook recorded as ``name``."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        if "::" in name:  # another page's value: the pages may be read in any order
            path, name = name.split("::", 1)
            here = posixpath.dirname(self.document.settings.env.docname)
            page = posixpath.splitext(posixpath.normpath(posixpath.join(here, path)))[0]
            node = EvalFromPage(self.rawtext, page=page, name=name)
            self.set_source_info(node)
            return [node], []
        problem = None
        if not NAME.fullmatch(name):
            problem = f"{{eval}}`{name}`: write a single name made with fmt() in a code cell"
        else:
            try:
                text = retrieve_glue_data(self.document, name).data.get("text/plain")
            except RetrievalError:
                text = None
            if text is None:
                problem = (
                    f"{{eval}}`{name}`: no value recorded under this name. Make it with "
                    "fmt() in a code cell and end the notebook with record(globals())."
                )
        if problem:
            message = self.document.reporter.warning(problem, line=self.line)
            return [nodes.problematic(self.rawtext, self.rawtext)], [message]
        node = nodes.inline(text, text, classes=["pasted-text"])
        self.set_source_info(node)
        return [node], []


class FillValuesFromOtherPages(SphinxPostTransform):
    """Replace each ``EvalFromPage`` with the value that page recorded."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        folder = self.env.mystnb_config.output_folder
        for node in list(self.document.findall(EvalFromPage)):
            recorded = read_glue_cache(folder, node["page"]).get(node["name"], {})
            text = recorded.get("data", {}).get("text/plain")
            if text is None:
                logger.warning(
                    f"{{eval}}: {node['page']} recorded no value {node['name']!r}", location=node
                )
                text = node.rawsource
            node.replace_self(nodes.inline(text, text, classes=["pasted-text"]))


class CiteLinks(SphinxTransform):
    """``[Xi, 2013](cite:key)`` becomes sphinxcontrib-bibtex's own citation of ``key``."""

    default_priority = 500  # after MyST has made the links, while the page is read

    def apply(self) -> None:
        roles = self.env.get_domain("cite").roles
        reporter = self.document.reporter
        if not hasattr(reporter, "get_source_and_line"):
            # MyST sets this only on a page that uses a role; the cite role needs it.
            reporter.get_source_and_line = lambda line: (self.document["source"], line)
        inliner = SimpleNamespace(document=self.document, reporter=reporter)
        for link in list(self.document.findall(addnodes.pending_xref)):
            target = link.get("reftarget") or ""
            if link.get("reftype") != "myst" or not target.startswith(CITE_PREFIX):
                continue
            # "Xi (2013)" is a textual citation; "Xi, 2013" one without brackets.
            kind = "t" if TEXTUAL.search(link.astext()) else "alp"
            made, messages = roles[kind](
                f"cite:{kind}", link.rawsource, target[len(CITE_PREFIX) :], link.line or 0, inliner
            )
            link.replace_self(made + messages)


class GlossaryLinks(SphinxPostTransform):
    """A link to ``glossary.md#term-…`` becomes a link to that term, if it exists."""

    default_priority = 5  # before MyST resolves (and rejects) the anchor

    def run(self, **kwargs) -> None:
        std = self.env.get_domain("std")
        terms = {(place[0], place[1]) for (kind, _), place in std.objects.items() if kind == "term"}
        for link in list(self.document.findall(addnodes.pending_xref)):
            anchor = str(link.get("reftargetid", ""))
            if link.get("reftype") != "myst" or not anchor.startswith("term-"):
                continue
            doc = link["reftarget"]
            if (doc, anchor) not in terms:
                logger.warning(f"no glossary term with the anchor {doc}#{anchor}", location=link)
                continue
            uri = self.app.builder.get_relative_uri(self.env.docname, doc) + "#" + anchor
            term = nodes.reference("", "", internal=True, refuri=uri, classes=["std", "std-term"])
            term += link.children
            link.replace_self(term)


def publish_quiz_style(app: Sphinx, exception) -> None:
    """The quiz's style, from the one place it is written (``bookkit.quiz.STYLE``)."""
    from bookkit.quiz import STYLE

    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / QUIZ_CSS).write_text(STYLE.strip() + "\n", encoding="utf-8")


class StudentCopyLink(SphinxTransform):
    """In the student edition, a chapter page offers its notebook as students should get
    it (written by tools/student_copies.py next to the pages, in notebooks/)."""

    default_priority = 900

    def apply(self) -> None:
        docname = self.env.docname
        if os.environ.get("BOOK_EDITION") != "student" or not docname.startswith("chapters/"):
            return
        title = next(self.document.findall(nodes.title), None)
        if title is None:
            return
        name = posixpath.basename(docname)
        link = (
            '<p class="bk-download">Download this chapter as a notebook to run yourself: '
            f'<a href="../notebooks/{name}.ipynb" download>{name}.ipynb</a>, or every chapter with '
            'its data: <a href="../notebooks/chapters.zip" download>chapters.zip</a>.</p>'
        )
        section = title.parent
        section.insert(section.index(title) + 1, nodes.raw("", link, format="html"))


def drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """The pages show each widget as plain views (bookkit.widgets.static_views), so the
    widgets' saved state, which the notebook's run leaves in its metadata, is not published."""
    js_files = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def use_book_eval_role(app: Sphinx) -> None:
    # After every extension's setup, so that this replaces MyST-NB's inline-only role.
    app.add_role("eval", EvalRole(), override=True)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", use_book_eval_role)
    app.connect("doctree-read", drop_widget_state)
    app.add_css_file(QUIZ_CSS)
    app.connect("build-finished", publish_quiz_style)
    app.add_node(EvalFromPage)
    app.add_post_transform(FillValuesFromOtherPages)
    app.add_transform(CiteLinks)
    app.add_transform(StudentCopyLink)
    app.add_post_transform(GlossaryLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
