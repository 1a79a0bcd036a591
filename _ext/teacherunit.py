"""The teacher guide's parts that are made from the chapters as the build ran them.

- ``{quiz-answer-key} ../chapters/05-regional-integration.ipynb``: the chapter's
  self-check quiz with its correct options and the feedback for every option.
- ``{handouts}``: a table of every chapter's printable worksheets, with the PDF that
  ``tools/print_chapters.py --handouts`` makes of each and a link to its place on the
  chapter page.

Both come from the chapter's *executed* copy in the execution cache: the quiz as data
from its output's metadata (``bookkit.quiz.quiz_specs``), the worksheets from its HTML
outputs (``bookkit.handouts``). Nothing is typed twice, so a changed quiz or worksheet
changes the guide with it.

Why here, and not in the guide's own notebook: the build executes the guide together
with the chapters (in parallel, ``tools/build_book.py``), so when the guide's code runs
a chapter may not have run yet, and Sphinx reads ``appendices/`` before ``chapters/``
in any case. A directive leaves a placeholder; after every page has been read (so every
chapter has been executed and cached), a post-transform fills it in. A chapter with no
executed copy or no quiz fails the build with a message that says which.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bookkit.chapters.teacher_guide import TRY_IT
from bookkit.handouts import handouts
from bookkit.quiz import answer_key, quiz_specs

logger = logging.getLogger(__name__)
CHAPTER = re.compile(r"^chapters/[0-9][0-9]-")


class QuizKeyFromPage(nodes.General, nodes.Element):
    """The answer key of a chapter's quiz, filled in once every page has been read."""


class HandoutsFromPages(nodes.General, nodes.Element):
    """The table of every chapter's worksheets, filled in once every page has been read."""


def _page(env, path: str) -> str:
    """The docname a path relative to the current page points at."""
    here = posixpath.dirname(env.docname)
    return posixpath.splitext(posixpath.normpath(posixpath.join(here, path)))[0]


class QuizAnswerKey(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        page = _page(self.env, self.arguments[0].strip())
        if page not in self.env.found_docs:
            raise self.error(f"quiz-answer-key: no page {page} in the book")
        self.env.note_dependency(self.env.doc2path(page))  # rebuilt when the chapter changes
        node = QuizKeyFromPage(page=page)
        self.set_source_info(node)
        return [node]


class Handouts(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        for page in chapter_pages(self.env):
            self.env.note_dependency(self.env.doc2path(page))
        node = HandoutsFromPages()
        self.set_source_info(node)
        return [node]


def chapter_pages(env) -> list[str]:
    return sorted(page for page in env.found_docs if CHAPTER.match(page))


class ExecutedChapters:
    """The chapters' executed copies, from the execution cache, read once per page."""

    def __init__(self, env):
        from jupyter_cache import get_cache

        self.env = env
        self.cache = get_cache(env.mystnb_config.execution_cache_path)
        self.read: dict[str, nbformat.NotebookNode | None] = {}

    def __call__(self, page: str) -> nbformat.NotebookNode | None:
        if page not in self.read:
            source = nbformat.read(self.env.doc2path(page), as_version=4)
            try:
                _, self.read[page] = self.cache.merge_match_into_notebook(source)
            except KeyError:
                self.read[page] = None
        return self.read[page]


def _paragraph(*parts: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    para += [nodes.Text(part) if isinstance(part, str) else part for part in parts]
    return para


def _ended(text: str) -> str:
    """An option as a sentence: with a full stop, unless it ends in punctuation already."""
    return text if text.rstrip().endswith((".", "?", "!", "…")) else f"{text}."


def key_nodes(spec: dict) -> nodes.Element:
    """The answer key as a numbered list: each prompt, its answer, then the other options,
    each with the feedback the quiz gives for it."""
    questions = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for entry in answer_key(spec):
        options = nodes.bullet_list(bullet="-")
        answer = nodes.strong(text=f"Answer: {_ended(entry.answer.text)}")
        options += nodes.list_item("", _paragraph(answer, f" {entry.answer.feedback}"))
        for option in entry.others:
            wrong = nodes.emphasis(text=f"Not: {_ended(option.text)}")
            options += nodes.list_item("", _paragraph(wrong, f" {option.feedback}"))
        questions += nodes.list_item("", _paragraph(entry.prompt), options)
    box = nodes.container(classes=["bk-answer-key"])
    box += questions
    return box


def _table(header: list[str], rows: list[list[nodes.Node]]) -> nodes.table:
    table = nodes.table(classes=["bk-handouts"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", _paragraph(text)) for text in header])
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *[nodes.entry("", _paragraph(cell)) for cell in cells])
    group += [head, body]
    return table


def _page_pieces(executed: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """Each code cell's HTML output, with the title of the last "Try it" task above it."""
    pieces, task = [], ""
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            tasks = TRY_IT.findall(cell.source)
            task = tasks[-1] if tasks else task
            continue
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))
        if html:
            pieces.append((html, task))
    return pieces


class FillTeacherUnit(SphinxPostTransform):
    """Replace each placeholder with what the chapters' executed copies hold."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        keys = list(self.document.findall(QuizKeyFromPage))
        tables = list(self.document.findall(HandoutsFromPages))
        if not keys and not tables:
            return
        executed = ExecutedChapters(self.env)
        for node in keys:
            node.replace_self(self.quiz_key(node, executed))
        for node in tables:
            node.replace_self(self.handouts_table(node, executed))

    def missing(self, node: nodes.Node, page: str) -> nodes.Node:
        logger.warning(
            f"{page}: no executed copy in the execution cache (did the chapter run?)",
            location=node,
        )
        return nodes.paragraph()

    def quiz_key(self, node: QuizKeyFromPage, executed: ExecutedChapters) -> nodes.Node:
        page = node["page"]
        run = executed(page)
        if run is None:
            return self.missing(node, page)
        specs = list(quiz_specs(run).values())
        if len(specs) != 1:
            logger.warning(
                f"{page}: the answer key needs exactly one quiz output, found {len(specs)}",
                location=node,
            )
            return nodes.paragraph()
        return key_nodes(specs[0])

    def handouts_table(self, node: HandoutsFromPages, executed: ExecutedChapters) -> nodes.Node:
        rows = []
        for page in chapter_pages(self.env):
            run = executed(page)
            if run is None:
                return self.missing(node, page)
            uri = self.app.builder.get_relative_uri(self.env.docname, page)
            title = self.env.titles[page].astext().strip()
            for sheet in handouts(Path(page).name, _page_pieces(run)):
                where = f"{uri}#{sheet.anchor}" if sheet.anchor else uri
                place = nodes.reference("", "on the page", internal=True, refuri=where)
                rows.append(
                    [
                        nodes.Text(title),
                        nodes.Text(sheet.label),
                        nodes.literal(text=sheet.pdf),
                        place,
                    ]
                )
        if not rows:
            logger.warning("handouts: no chapter has a worksheet", location=node)
        return _table(["Chapter", "Worksheet", "PDF", "Where"], rows)


def always_read(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages made from other files are read again on every build: Sphinx sees only
    changes to a page's own source (the list is ``bookkit_always_read`` in _config.yml)."""
    return [page for page in app.config.bookkit_always_read if page in env.found_docs]


def setup(app: Sphinx) -> dict:
    app.add_config_value("bookkit_always_read", [], "env")
    app.connect("env-get-outdated", always_read)
    app.add_node(QuizKeyFromPage)
    app.add_node(HandoutsFromPages)
    app.add_directive("quiz-answer-key", QuizAnswerKey)
    app.add_directive("handouts", Handouts)
    app.add_post_transform(FillTeacherUnit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
