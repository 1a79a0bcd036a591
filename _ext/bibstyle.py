"""The bibliography's style: pybtex's ``plain``, with every title kept as written.

``plain`` writes titles in sentence case, lowering every letter after the first that
is not in braces. The book's titles are already written as their publishers write
them, and a descriptive title in square brackets starts with "[", so ``plain`` would
print "[report: xi jinping meets shinzo abe …]". This style keeps their case.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.template import field, sentence
from sphinx.application import Sphinx

NAME = "book"


class BookStyle(Plain):
    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title


def setup(app: Sphinx) -> dict:
    register_plugin("pybtex.style.formatting", NAME, BookStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
