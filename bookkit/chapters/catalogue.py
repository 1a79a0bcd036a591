"""The data catalogue: every dataset in ``data/datapackage.json`` with its
metadata, coverage, licence, download link and citations, generated when the
book is built (appendices/data-catalogue.ipynb) so it can never fall behind."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from bookkit.data import about, load, package

# Columns that say which economies (or partners, currencies) a table covers, in order of preference.
ECONOMY_COLUMNS = ("economy_code", "partner_code", "currency")


@dataclass(frozen=True)
class Coverage:
    rows: int
    economies: tuple[str, ...]
    first_year: int | None
    last_year: int | None

    def describe(self) -> str:
        parts = [f"{self.rows:,} row{'' if self.rows == 1 else 's'}"]
        if self.economies:
            shown = ", ".join(self.economies[:12]) + (
                f" and {len(self.economies) - 12} more" if len(self.economies) > 12 else ""
            )
            parts.append(f"{len(self.economies)} economies or partners ({shown})")
        if self.first_year is not None:
            parts.append(
                f"{self.first_year}–{self.last_year}"
                if self.last_year != self.first_year
                else f"{self.first_year}"
            )
        return "; ".join(parts)


def coverage(frame: pd.DataFrame, fields: list[dict]) -> Coverage:
    """Rows, economies and years covered by a dataset, read from the data itself."""
    economy_column = next((c for c in ECONOMY_COLUMNS if c in frame.columns), None)
    economies = tuple(sorted(frame[economy_column].dropna().unique())) if economy_column else ()
    years = None
    if "year" in frame.columns:
        years = frame["year"].dropna().astype(int)
    else:
        date_field = next((f["name"] for f in fields if f["type"] == "date"), None)
        if date_field:
            years = frame[date_field].dropna().dt.year
    if years is None or years.empty:
        return Coverage(len(frame), economies, None, None)
    return Coverage(len(frame), economies, int(years.min()), int(years.max()))


def resources() -> list[dict]:
    return package()["resources"]


def catalogue_html() -> str:
    """The whole catalogue: a table of contents, then one entry per dataset."""
    e = html.escape
    items, entries = [], []
    for meta in resources():
        name = meta["name"]
        cover = coverage(load(name), meta["schema"]["fields"])
        fields = "".join(
            f"<tr><td><code>{e(f['name'])}</code></td><td>{e(f['type'])}</td>"
            f"<td>{e(f.get('unit', ''))}</td>"
            f"<td>{e(f.get('description', ''))}</td></tr>"
            for f in meta["schema"]["fields"]
        )
        years = "" if cover.first_year is None else f"{cover.first_year}–{cover.last_year}"
        items.append(
            "<tr><td><a "
            f'href="#data-{e(name)}">{e(meta["title"])}</a></td><td>{e(meta["publisher"])}</td>'
            f"<td>{years}</td><td>{e(meta['licenses'][0]['name'])}</td></tr>"
        )
        entries.append(
            f'<section class="bk-catalogue-entry" id="data-{e(name)}" '
            f'aria-labelledby="data-{e(name)}-title">'
            f'<h2 id="data-{e(name)}-title">{e(meta["title"])}</h2>'
            f"<p><strong>Dataset name:</strong> <code>{e(name)}</code> · "
            f"<strong>Coverage:</strong> {e(cover.describe())} · "
            "<strong>Download:</strong> <a "
            f'href="../data/{e(meta["path"])}">{e(meta["path"])}</a></p>'
            f"{about(name)._repr_html_()}"
            f"<details><summary>Fields ({len(meta['schema']['fields'])})</summary>"
            f"<table><thead><tr><th>Field</th><th>Type</th><th>Unit</th><th>Description</th></tr></thead>"
            f"<tbody>{fields}</tbody></table></details></section>"
        )
    contents = (
        '<nav aria-label="Datasets"><table '
        'class="bk-catalogue-contents"><thead><tr><th>Dataset</th>'
        f"<th>Publisher</th><th>Years</th><th>Licence</th></tr></thead><tbody>{''.join(items)}</tbody></table></nav>"
    )
    return contents + "".join(entries)


class Catalogue:
    """Displays as the catalogue's HTML (the last expression of a notebook cell)."""

    def _repr_html_(self) -> str:
        return catalogue_html()

    def __repr__(self) -> str:
        return f"Data catalogue: {len(resources())} datasets"


def catalogue() -> Catalogue:
    return Catalogue()
