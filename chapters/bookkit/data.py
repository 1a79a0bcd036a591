"""Load the book's datasets by name, checked against ``data/datapackage.json``.

    >>> gdp = load("gdp_core_economies")
    >>> about("gdp_core_economies").publisher

Every problem with a file (missing, unreadable, a column missing or renamed,
a value of the wrong type) raises ``DataError`` with a message that names the
file and says what is wrong, never a bare pandas traceback.
"""

from __future__ import annotations

import html
import json
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

# Set BOOK_DATA_DIR to read the data from somewhere else (for example a copy
# downloaded next to a notebook opened on its own).
DATA_DIR_ENV = "BOOK_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
PACKAGE_FILE = "datapackage.json"


class DataError(Exception):
    """A dataset could not be loaded; the message says which file and why."""


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@lru_cache(maxsize=4)
def _read_package(directory: Path) -> dict:
    path = directory / PACKAGE_FILE
    if not path.is_file():
        raise DataError(
            f"{path}: file not found. The book's data folder should hold {PACKAGE_FILE} "
            f"and the CSV files; clone the whole repository, or set {DATA_DIR_ENV} to the data folder."
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: not valid JSON ({err}).") from None


def resource(name: str, directory: Path | None = None) -> dict:
    """The datapackage.json entry for one dataset."""
    package = _read_package(directory or data_dir())
    by_name = {r["name"]: r for r in package.get("resources", [])}
    if name not in by_name:
        raise DataError(
            f"No dataset called {name!r} in {PACKAGE_FILE}. Available: {', '.join(sorted(by_name))}."
        )
    return by_name[name]


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read a dataset's CSV and check it against its schema.

    Columns come back typed as the schema says: integers as ``int64`` (or
    ``Int64`` where values may be missing), numbers as ``float64``, dates as
    ``datetime64``, booleans as ``bool``, text as strings.
    """
    directory = directory or data_dir()
    meta = resource(name, directory)
    path = directory / meta["path"]
    if not path.is_file():
        raise DataError(f"{path}: file not found (dataset {name!r} in {PACKAGE_FILE}).")
    try:
        with warnings.catch_warnings():
            # A row longer than the header is an error, not a silent loss of cells.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: could not be read as CSV ({err}).") from None

    fields = meta["schema"]["fields"]
    _check_columns(path, frame, [f["name"] for f in fields])
    for field in fields:
        frame[field["name"]] = _convert(path, frame[field["name"]], field)
    return frame


def _check_columns(path: Path, frame: pd.DataFrame, expected: list[str]) -> None:
    found = list(frame.columns)
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing:
        hint = f" Found instead: {', '.join(map(repr, extra))}." if extra else ""
        raise DataError(
            f"{path}: column(s) {', '.join(map(repr, missing))} missing (renamed or deleted?).{hint}"
        )
    if extra:
        raise DataError(f"{path}: unexpected column(s) {', '.join(map(repr, extra))} not in the schema.")


def _line(index: int) -> int:
    """CSV line number of a data row (the header is line 1)."""
    return int(index) + 2


def _convert(path: Path, column: pd.Series, field: dict) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    present = column.notna()

    if constraints.get("required") and not present.all():
        row = column.index[~present][0]
        raise DataError(f"{path}: column {name!r} is required but is empty on line {_line(row)}.")

    if kind in ("integer", "number"):
        converted = pd.to_numeric(column, errors="coerce")
        bad = present & converted.isna()
        if kind == "integer":
            bad |= present & converted.notna() & (converted % 1 != 0)
        _raise_on_bad(path, name, column, bad, f"{kind}s ({field.get('unit', '')})")
        if kind == "integer":
            converted = converted.astype("Int64" if not present.all() else "int64")
        else:
            converted = converted.astype("float64")
        for bound, ok in (("minimum", converted.ge), ("maximum", converted.le)):
            if bound in constraints:
                out_of_range = present & ~ok(constraints[bound]).fillna(True).astype(bool)
                _raise_on_bad(path, name, column, out_of_range, f"values with {bound} {constraints[bound]}")
    elif kind == "date":
        converted = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        _raise_on_bad(path, name, column, present & converted.isna(), "dates as YYYY-MM-DD")
    elif kind == "boolean":
        converted = column.str.lower().map({"true": True, "false": False})
        _raise_on_bad(path, name, column, present & converted.isna(), "true or false")
        if present.all():
            converted = converted.astype(bool)
    else:
        converted = column

    if "enum" in constraints:
        allowed = {str(v) for v in constraints["enum"]}
        bad = present & ~column.isin(allowed)
        _raise_on_bad(path, name, column, bad, f"one of {sorted(allowed)}")
    if constraints.get("unique") and column[present].duplicated().any():
        row = column[present].index[column[present].duplicated()][0]
        raise DataError(f"{path}: column {name!r} should be unique but {column[row]!r} repeats on line {_line(row)}.")
    return converted


def _raise_on_bad(path: Path, name: str, column: pd.Series, bad: pd.Series, expected: str) -> None:
    if bad.any():
        row = column.index[bad][0]
        raise DataError(
            f"{path}: column {name!r} should hold {expected}, but line {_line(row)} has "
            f"{column[row]!r} ({int(bad.sum())} bad value(s) in all)."
        )


@dataclass(frozen=True)
class About:
    """What a reader needs to know about a dataset: the "About this data" panel."""

    name: str
    title: str
    description: str
    publisher: str
    indicator: str
    units: str
    vintage: str
    licence: str
    licence_url: str
    processing: str
    caveats: tuple[str, ...]
    citation_short: str
    citation_full: str
    file: str

    @property
    def source_line(self) -> str:
        """One line for the foot of a chart."""
        return f"Source: {self.citation_short}, {self.indicator}. Licence: {self.licence}."

    def _repr_html_(self) -> str:
        e = html.escape
        rows = [
            ("Publisher", e(self.publisher)),
            ("What it measures", e(self.description)),
            ("Indicator", e(self.indicator)),
            ("Units", e(self.units)),
            ("Vintage", e(self.vintage)),
            ("Licence", f'<a href="{e(self.licence_url)}">{e(self.licence)}</a>'),
            ("How it was processed", e(self.processing)),
            ("Caveats", "<ul>" + "".join(f"<li>{e(c)}</li>" for c in self.caveats) + "</ul>"),
            ("Cite as", f"{e(self.citation_full)}<br><em>Short:</em> {e(self.citation_short)}"),
            ("Download", f'<a href="../data/{e(self.file)}"><code>data/{e(self.file)}</code></a>'),
        ]
        body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
        return (
            '<section class="bk-about" aria-label="About this data">'
            f"<p><strong>About this data: {e(self.title)}</strong></p><dl>{body}</dl></section>"
        )

    def __str__(self) -> str:
        return f"About this data: {self.title}\n{self.source_line}"


def about(name: str, directory: Path | None = None) -> About:
    """The metadata of one dataset, shown as an "About this data" panel."""
    meta = resource(name, directory)
    licence = meta["licenses"][0]
    return About(
        name=name,
        title=meta["title"],
        description=meta["description"],
        publisher=meta["publisher"],
        indicator=meta["indicator"],
        units=meta["units"],
        vintage=meta["vintage"],
        licence=licence["name"],
        licence_url=licence.get("path", ""),
        processing=meta["processing"],
        caveats=tuple(meta.get("caveats", [])),
        citation_short=meta["citation"]["short"],
        citation_full=meta["citation"]["full"],
        file=meta["path"],
    )
