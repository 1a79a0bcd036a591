"""What each published page carries beyond its content: the scripts it needs and no
more (no MathJax without maths, no Font Awesome script), figures as image files
rather than inside the page, a meta description, language tags on Chinese and
Japanese text, valid HTML where a library's output is not, and an index page that
is a real page."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import struct
from pathlib import Path

from cjk import tag_html
from docutils import nodes
from sphinx.application import Sphinx

DESCRIPTION_LENGTH = 160
GENERATED_PAGES = {
    "search": "Search the book",
    "genindex": "Index of the book",
}  # pages with no text of their own
# Paragraphs inside these are asides, captions or outputs, not what a page is about.
NOT_SUMMARY = (
    nodes.Admonition,
    nodes.topic,
    nodes.sidebar,
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.figure,
    nodes.container,
    nodes.field_list,
    nodes.definition_list,
    nodes.line_block,
)
# pandas writes a <style> of ".dataframe …" rules before every DataFrame it shows as HTML: invalid
# inside <body>, so the rules are in _static/book.css and the element is dropped (only when every
# rule in it is pandas'), with the table's obsolete attributes.
PANDAS_STYLE = re.compile(r"<style scoped>(?:\s*\.dataframe [^{}<]+\{[^{}<]*\})+\s*</style>\s*")
PANDAS_TABLE = re.compile(r'<table border="1" class="dataframe')
PANDAS_HALIGN = re.compile(r'(<th\b[^>]*?) halign="\w+"')
# A figure written into the page as a data: URL (bookkit's HTML outputs) is a third larger than
# its file, and the browser reads all of it before it can show the text that follows. Each one is
# written once to _images/ (named by its content) and loaded lazily, with its size given so that
# nothing moves when it arrives.
DATA_IMAGE = re.compile(
    r'<img\b([^>]*?)\ssrc="data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)"([^>]*?)(\s*/?)>'
)
# pydata-sphinx-theme loads fontawesome.js (1.5 MB) on every page "so that users can add custom
# icons". The book adds none, and the theme's own icons are drawn by its CSS web fonts.
FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)


def book_title(app: Sphinx) -> str:
    return (
        app.config.html_title or app.config.project
    )  # Jupyter Book sets html_title from _config.yml


def has_maths(app: Sphinx, pagename: str) -> bool:
    """Whether the page itself has maths (Sphinx's own test also counts the pages in its
    toctree)."""
    return bool(app.env.get_domain("math").data["has_equations"].get(pagename))


def mathjax_only_with_maths(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if has_maths(app, pagename):
        return
    mathjax = app.config.mathjax_path  # the builder adds it as _static/<path> when it is local
    context["script_files"] = [
        script
        for script in context.get("script_files", [])
        if not str(script.filename or "").endswith(mathjax)
        and not str(script.attributes.get("body", "")).startswith("window.MathJax")
    ]


def summary(doctree: nodes.document | None) -> str:
    """The page's first paragraph of running text, shortened at a word to about 160 characters."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, NOT_SUMMARY) for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return ""


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def meta_description(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A description for search results and link previews: the page's own (``html_meta`` in
    its front matter) if it has one, else its first paragraph, else what the page is for."""
    if 'name="description"' in context.get("metatags", ""):
        return
    text = (
        summary(doctree)
        or f"{GENERATED_PAGES.get(pagename, context.get('title') or pagename)}: {book_title(app)}"
    )
    context["metatags"] = (
        context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(text)}" />'
    )


def image_files(body: str, images: Path, pathto) -> str:
    """``body`` with each data: URL image written to a file in ``images`` and loaded from there."""

    def to_file(match: re.Match) -> str:
        before, kind, data, after, end = match.groups()
        content = base64.b64decode(data)
        name = f"{hashlib.sha256(content).hexdigest()[:24]}.{'jpg' if kind == 'jpeg' else kind}"
        if not (images / name).is_file():
            images.mkdir(parents=True, exist_ok=True)
            (images / name).write_bytes(content)
        extra = ' loading="lazy" decoding="async"'
        if kind == "png" and " width=" not in before + after:
            width, height = struct.unpack(">II", content[16:24])  # from the PNG's IHDR chunk
            extra += f' width="{width}" height="{height}"'
        return f'<img{before} src="{pathto(f"_images/{name}", 1)}"{after}{extra}{end}>'

    return DATA_IMAGE.sub(to_file, body)


def tidy_body(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    body = PANDAS_STYLE.sub("", body)
    body = PANDAS_TABLE.sub('<table class="dataframe', body)
    body = PANDAS_HALIGN.sub(r"\1", body)
    body = image_files(body, Path(app.outdir) / "_images", context["pathto"])
    context["body"] = tag_html(body)


def write_index_page(app: Sphinx, exception) -> None:
    """The site's index.html: a redirect to the first page, but a complete page (title,
    description, favicon), so that a browser opening it asks for nothing that is missing."""
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    favicon = (
        f'<link rel="icon" href="_static/{Path(app.config.html_favicon).name}">'
        if app.config.html_favicon
        else ""
    )
    title = html.escape(book_title(app))
    description = html.escape(summary(app.env.get_doctree(app.config.root_doc)) or title)
    (Path(app.outdir) / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="{app.config.language or "en"}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="description" content="{description}">
<meta name="viewport" content="width=device-width, initial-scale=1">
{favicon}
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
""",
        encoding="utf-8",
    )


def drop_fontawesome_js(app: Sphinx, exception) -> None:
    """Take the theme's fontawesome.js out of every page (a template can't: the theme writes it
    in the same block as its stylesheets) and out of the site."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if FONTAWESOME_JS.search(text):
            page.write_text(FONTAWESOME_JS.sub("", text), encoding="utf-8")
    for path in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        path.unlink()


def setup(app: Sphinx) -> None:
    # After sphinx.ext.mathjax (priority 500) has added its scripts.
    app.connect("html-page-context", mathjax_only_with_maths, priority=600)
    app.connect("html-page-context", meta_description)
    app.connect("html-page-context", tidy_body)
    # After sphinx-external-toc, which writes a bare redirect only when index.html is missing.
    app.connect("build-finished", write_index_page, priority=900)
    app.connect("build-finished", drop_fontawesome_js)
