"""Tag Chinese and Japanese text in a page's HTML with its language.

Screen readers and browsers choose a voice, a font and line breaking from ``lang``;
untagged, a Chinese phrase in an English page is read as English. The sources
quote Chinese and Japanese in many places (notebook outputs included), so the
build tags them instead of relying on hand-written markup:

- A run is CJK characters, with any digits, spaces, slashes or ellipses between two of
  them (so "失われた10年" is one run).
- A run with kana is Japanese. Otherwise its characters decide: a run that only
  the simplified-Chinese character set (GB 2312) can write is Chinese, one that
  only the Japanese set (JIS X 0208) can write is Japanese (関税, 二階俊博).
- A run that both sets can write (中日, 一路) takes the language of the nearest
  decided run in the same stretch of text, else Chinese, the book's more frequent case.
- Text inside an element that already has a ``lang`` attribute is left alone: to
  override the guess, write ``<span lang="ja">…</span>`` around the phrase.
Text in attributes (alt, title) cannot be tagged and is left as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CJK = "\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
KANA = re.compile("[\u3040-\u309f\u30a0-\u30ff]")
RUN = re.compile(f"[{CJK}]+(?:[\\s\\d/·…]+[{CJK}]+)*")
SKIP = {"script", "style", "textarea", "template", "svg", "math"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def _writable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def guess(run: str) -> str | None:
    """'ja', 'zh', or None when the characters alone can't tell."""
    if KANA.search(run):
        return "ja"
    chinese, japanese = _writable(run, "gb2312"), _writable(run, "shift_jis")
    if chinese != japanese:
        return "zh" if chinese else "ja"
    return None


def tag_text(text: str) -> str:
    """``text`` (HTML character data) with each CJK run wrapped in a span with its language."""
    runs = list(RUN.finditer(text))
    if not runs:
        return text
    languages = [guess(run.group()) for run in runs]
    decided = [(i, lang) for i, lang in enumerate(languages) if lang]
    out, last = [], 0
    for i, run in enumerate(runs):
        if languages[i]:
            lang = languages[i]
        elif decided:
            lang = min(decided, key=lambda d: abs(d[0] - i))[1]
        else:
            lang = "zh"
        out += [text[last : run.start()], f'<span lang="{lang}">{run.group()}</span>']
        last = run.end()
    out.append(text[last:])
    return "".join(out)


class _TextFinder(HTMLParser):
    """Finds the stretches of character data outside script-like elements and outside any
    element with a ``lang`` attribute, as offsets into the source (which is kept as it is)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *(i + 1 for i, c in enumerate(html) if c == "\n")]
        self.stretches, self.open, self.start = [], [], None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _text(self, *_):
        if self.start is None and not any(lang or name in SKIP for name, lang in self.open):
            self.start = self._offset()

    def _markup(self):
        if self.start is not None:
            self.stretches.append((self.start, self._offset()))
            self.start = None

    handle_data = handle_entityref = handle_charref = _text

    def handle_starttag(self, tag, attrs):
        self._markup()
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag, attrs):
        self._markup()

    def handle_endtag(self, tag):
        self._markup()
        for i in range(len(self.open) - 1, -1, -1):  # tolerate unclosed elements
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_comment(self, data):
        self._markup()

    handle_decl = handle_pi = unknown_decl = handle_comment


def tag_html(html: str) -> str:
    """``html`` with the Chinese and Japanese runs of its text language-tagged."""
    if not RUN.search(html):
        return html
    finder = _TextFinder(html)
    finder.feed(html)
    finder.close()
    if finder.start is not None:
        finder.stretches.append((finder.start, len(html)))
    out, last = [], 0
    for start, end in finder.stretches:
        out += [html[last:start], tag_text(html[start:end])]
        last = end
    out.append(html[last:])
    return "".join(out)
