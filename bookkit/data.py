"""Load the book's datasets by name, checked against ``data/datapackage.json``.

    >>> gdp = load("gdp_core_economies")
    >>> about("gdp_core_economies").publisher

Where the data come from, in order:

1. the folder named by the environment variable ``BOOK_DATA_DIR``, if set;
2. the repository's ``data/`` folder (the usual case: a clone of the book);
3. otherwise (a notebook opened on its own, e.g. in Colab) the copy of
   ``data/`` published with the book at ``PUBLISHED_DATA_URL``, with a notice.

Every problem with a file (missing, unreachable, unreadable, a column missing
or renamed, a value of the wrong type) raises ``DataError`` with a message
that names the file and says what is wrong, never a bare pandas traceback.

Why the loader checks the Table Schema itself, when the tests validate ``data/``
with frictionless (the reference validator): frictionless and its twenty-odd
dependencies (pydantic, petl, jsonschema, typer…) would be installed by every
student, Colab included, for the sake of a check; it takes several seconds to
validate the book's files where the loader takes a fraction of one; its messages
are generic where a reader needs the file, column, line and what was expected;
and the loader must convert to pandas types anyway. So that the two cannot drift
apart, ``tests/test_data_loader.py`` runs both on the same bad inputs (wrong type,
missing required value, outside minimum or maximum, not in the enum, a duplicate
in a unique column, a column missing, extra or out of order, a row too long or
too short, a blank line, text that is not UTF-8, malformed CSV) and requires both
to refuse each one and to accept the good files. The loader is stricter in one
place, on purpose: it refuses NaN and INF in a number column, which Table Schema
allows (the book writes a missing value as an empty cell).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

# Where the published book serves its data folder (the build copies data/ to
# <site>/data/). Keep in step with repository.url in _config.yml; a test checks.
PUBLISHED_DATA_URL = "https://bri-teaching-book.github.io/china-japan-bri/data/"
DATA_DIR_ENV = "BOOK_DATA_DIR"
DATA_URL_ENV = "BOOK_DATA_URL"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PACKAGE_FILE = "datapackage.json"
DOWNLOAD_TIMEOUT_SECONDS = 30


# Table Schema's default spellings of a boolean.
BOOLEANS = {"true": True, "True": True, "TRUE": True, "1": True}
BOOLEANS |= {"false": False, "False": False, "FALSE": False, "0": False}


class DataError(Exception):
    """A dataset could not be loaded; the message says which file and why."""


def data_location() -> Path | str:
    """The local data folder, or the URL of the published copy when there is none."""
    if DATA_DIR_ENV in os.environ:
        return Path(os.environ[DATA_DIR_ENV])
    if (DEFAULT_DATA_DIR / PACKAGE_FILE).is_file():
        return DEFAULT_DATA_DIR
    return os.environ.get(DATA_URL_ENV, PUBLISHED_DATA_URL)


@lru_cache(maxsize=64)
def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise DataError(
            f"{url}: could not be downloaded ({reason}). There is no local data folder "
            f"({DEFAULT_DATA_DIR}), so the book tried the copy published online. Work offline "
            "from a "
            f"clone of the whole repository (see the README), or set {DATA_DIR_ENV} to a folder "
            "with the data."
        ) from None


_announced: set[str] = set()


def _read_bytes(location: Path | str, filename: str) -> tuple[str, bytes]:
    """(where, content) of one file of the data folder, local or published."""
    if isinstance(location, Path):
        path = location / filename
        if not path.is_file():
            hint = (
                (
                    f" The book's data folder should hold {PACKAGE_FILE} and the CSV files; clone "
                    "the whole "
                    f"repository, or set {DATA_DIR_ENV} to the data folder."
                )
                if filename == PACKAGE_FILE
                else ""
            )
            raise DataError(f"{path}: file not found.{hint}")
        return str(path), path.read_bytes()
    url = location.rstrip("/") + "/" + filename
    if location not in _announced:
        _announced.add(location)
        print(
            "Note: no data folder next to this notebook, so the data are read from the published "
            f"book: {location}"
        )
    return url, _download(url)


def read_text(filename: str, location: Path | str | None = None) -> tuple[str, str]:
    """(where, text) of a UTF-8 file in the data folder (e.g. the book's own tables in
    ``data/book/``), local or published, with the same clear errors as ``load``."""
    where, content = _read_bytes(location or data_location(), filename)
    try:
        return where, content.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(f"{where}: not UTF-8 text ({err}).") from None


def _read_package(location: Path | str) -> dict:
    where, content = _read_bytes(location, PACKAGE_FILE)
    try:
        return json.loads(content.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{where}: not valid JSON ({err}).") from None


def package(location: Path | str | None = None) -> dict:
    """The whole datapackage.json."""
    return _read_package(location or data_location())


def resource(name: str, location: Path | str | None = None) -> dict:
    """The datapackage.json entry for one dataset."""
    by_name = {r["name"]: r for r in package(location).get("resources", [])}
    if name not in by_name:
        raise DataError(
            f"No dataset called {name!r} in {PACKAGE_FILE}. Available: "
            f"{', '.join(sorted(by_name))}."
        )
    return by_name[name]


def load(name: str, location: Path | str | None = None) -> pd.DataFrame:
    """Read a dataset's CSV and check it against its schema.

    Columns come back typed as the schema says: integers as ``int64`` (or
    ``Int64`` where values may be missing), numbers as ``float64``, dates as
    ``datetime64``, booleans as ``bool``, text as strings.
    """
    location = location or data_location()
    meta = resource(name, location)
    path, content = _read_bytes(location, meta["path"])
    frame = _read_csv(path, content)
    fields = meta["schema"]["fields"]
    _check_columns(path, frame, [f["name"] for f in fields])
    for field in fields:
        frame[field["name"]] = _convert(path, frame[field["name"]], field)
    return frame


def _read_csv(path: str, content: bytes) -> pd.DataFrame:
    """The table as text (empty cells missing), refusing what pandas would quietly
    repair: a blank line, or a row with more or fewer cells than the header."""
    try:
        text = content.decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text, newline=""))
        width = len(next(rows, []))
        for row in rows:
            if len(row) != width:
                problem = "is blank" if not row else f"has {len(row)} cells, the header {width}"
                raise DataError(
                    f"{path}: could not be read as CSV (line {rows.line_num} {problem})."
                )
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], index_col=False
        )
    except (UnicodeDecodeError, csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataError(f"{path}: could not be read as CSV ({err}).") from None


def _check_columns(path: str, frame: pd.DataFrame, expected: list[str]) -> None:
    found = list(frame.columns)
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing:
        hint = f" Found instead: {', '.join(map(repr, extra))}." if extra else ""
        raise DataError(
            f"{path}: column(s) {', '.join(map(repr, missing))} missing (renamed or "
            f"deleted?).{hint}"
        )
    if extra:
        raise DataError(
            f"{path}: unexpected column(s) {', '.join(map(repr, extra))} not in the schema."
        )
    if found != expected:
        raise DataError(
            f"{path}: the columns are not in the schema's order ({', '.join(expected)})."
        )


def _line(index: int) -> int:
    """CSV line number of a data row (the header is line 1)."""
    return int(index) + 2


def _convert(path: str, column: pd.Series, field: dict) -> pd.Series:
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
            # Written as an integer: "2000", not "2000.0" or "2e3".
            bad |= present & ~column.str.strip().str.fullmatch(r"[+-]?\d+", na=False)
        else:
            # A missing value is an empty cell; infinity is never a measurement.
            bad |= converted.isin([float("inf"), float("-inf")])
        _raise_on_bad(path, name, column, bad, f"{kind}s ({field.get('unit', '')})")
        if kind == "integer":
            converted = converted.astype("Int64" if not present.all() else "int64")
        else:
            converted = converted.astype("float64")
        for bound, ok in (("minimum", converted.ge), ("maximum", converted.le)):
            if bound in constraints:
                out_of_range = present & ~ok(constraints[bound]).fillna(True).astype(bool)
                _raise_on_bad(
                    path, name, column, out_of_range, f"values with {bound} {constraints[bound]}"
                )
    elif kind == "date":
        converted = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        _raise_on_bad(path, name, column, present & converted.isna(), "dates as YYYY-MM-DD")
    elif kind == "boolean":
        converted = column.map(BOOLEANS)
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
        raise DataError(
            f"{path}: column {name!r} should be unique but {column[row]!r} repeats on line "
            f"{_line(row)}."
        )
    return converted


def _raise_on_bad(path: str, name: str, column: pd.Series, bad: pd.Series, expected: str) -> None:
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
        """One line for the foot of a chart (a long list of indicators is left to the data file)."""
        if self.indicator.lower().startswith("none"):
            return f"Source: {self.citation_short}. Licence: {self.licence}."
        indicator = self.indicator if len(self.indicator) <= 70 else f"data/{self.file}"
        return f"Source: {self.citation_short}, {indicator}. Licence: {self.licence}."

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


def about(name: str, location: Path | str | None = None) -> About:
    """The metadata of one dataset, shown as an "About this data" panel."""
    meta = resource(name, location)
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
