"""The build's language tagging of Chinese and Japanese text (_ext/cjk.py), on small
HTML snippets whose right answer is known: the glossary's own labels, characters
that only one of the two scripts uses, and markup that must come out unchanged."""

from __future__ import annotations

import pytest
from cjk import tag_html


@pytest.mark.parametrize(
    "text, lang",
    [
        ("アベノミクス", "ja"),  # katakana
        ("失われた10年", "ja"),  # hiragana, with digits inside the run
        ("関税", "ja"),  # Japanese form of the character (Chinese: 关税)
        ("二階俊博", "ja"),  # a Japanese name written in kanji only
        ("关税", "zh"),
        ("一带一路", "zh"),  # simplified 带 (Japanese: 帯)
        ("就探讨……开展合作达成一致", "zh"),  # one run across the ellipsis
    ],
)
def test_a_run_is_tagged_with_its_language(text, lang):
    assert (
        tag_html(f"<p>Say {text} here.</p>")
        == f'<p>Say <span lang="{lang}">{text}</span> here.</p>'
    )


def test_characters_both_scripts_share_follow_their_neighbour_else_chinese():
    assert (
        tag_html("<p>戦略的互恵関係 or 中日</p>")
        == '<p><span lang="ja">戦略的互恵関係</span> or <span lang="ja">中日</span></p>'
    )
    assert tag_html("<p>中日</p>") == '<p><span lang="zh">中日</span></p>'


def test_explicit_language_markup_wins():
    source = '<p>Nikai, <span lang="ja">日本</span> and <em lang="zh-Hant">台灣</em></p>'
    assert tag_html(source) == source


def test_scripts_styles_attributes_comments_and_entities_are_left_alone():
    source = (
        '<script>var s = "中文";</script><style>p::after{content:"中"}</style>'
        '<img alt="中文" src="a.png"><!-- 中文 --><p title="日本">AT&T &amp; &#x4e2d; x</p>'
    )
    assert tag_html(source) == source


def test_markup_around_tagged_text_is_kept_byte_for_byte():
    source = "<P CLASS=x>Chinese: 东盟 (<em>Dōngméng</em>);<br/>Japanese:\n東南アジア諸国連合.</P>"
    assert tag_html(source) == (
        '<P CLASS=x>Chinese: <span lang="zh">东盟</span> (<em>Dōngméng</em>);<br/>Japanese:\n'
        '<span lang="ja">東南アジア諸国連合</span>.</P>'
    )
