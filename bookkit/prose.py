"""Numbers for the prose: computed in a notebook, shown in the text with
MyST-NB's ``{glue:text}`name:format``` role, so text and data cannot drift apart."""

from __future__ import annotations

try:
    from myst_nb import glue
except ImportError:  # e.g. in Colab: glue only matters when the book is built
    glue = None


def glue_number(name: str, value) -> None:
    """Store a number for ``{glue:text}`` (NumPy scalars become plain Python numbers)."""
    if glue is not None:
        glue(name, value.item() if hasattr(value, "item") else value, display=False)
