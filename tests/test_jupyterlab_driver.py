"""The JupyterLab driver's own rules, without a browser: what counts as MyST markup
left raw in a notebook as JupyterLab shows it."""

from __future__ import annotations

import pytest
from jupyterlab_driver import MYST_LEFTOVERS

RAW = [
    "China's GDP in 2019 was chn_x_cur:.1f times its 2000 level",  # a glue name with its format
    "a change of jpn_pct_cur:+.0f%",
    "RCEP has {glue:text}`n_rcep` members",
    "as {cite:p}`xi_2013_astana` said",
    "the {term}`Belt and Road Initiative`",
    "Citation Not Found",
]
RENDERED = [
    "China's GDP in 2019 was 12.3 times its 2000 level",
    "Note: the ratio is 1.5, and at 10:30 the meeting began.",
    "See https://example.org/data:2024 for the file.",
    "Source: World Bank, WDI (2026), NY.GDP.MKTP.CD.",
]


def leftovers(text: str) -> list[str]:
    return [m.group() for pattern in MYST_LEFTOVERS for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", RAW)
def test_raw_myst_is_found(text):
    assert leftovers(text), text


@pytest.mark.parametrize("text", RENDERED)
def test_rendered_text_is_not_taken_for_myst(text):
    assert not leftovers(text), leftovers(text)
