"""Unit tests of bookkit.data: loading by name, type conversion, metadata, and
a clear DataError (naming the file and the problem) for every kind of bad input,
which frictionless (the Table Schema reference validator) must refuse too."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pandas as pd
import pytest
import yaml
from conftest import ROOT

from bookkit import data as data_module
from bookkit.data import DataError, about, load, resource

SCHEMA = {
    "fields": [
        {
            "name": "code",
            "type": "string",
            "unit": "code",
            "constraints": {"required": True, "unique": True},
        },
        {
            "name": "year",
            "type": "integer",
            "unit": "year",
            "constraints": {"required": True, "minimum": 1960},
        },
        {"name": "value", "type": "number", "unit": "US$"},
        {"name": "day", "type": "date", "unit": "date"},
        {
            "name": "flag",
            "type": "boolean",
            "unit": "true/false",
            "constraints": {"required": True},
        },
        {"name": "kind", "type": "string", "unit": "code", "constraints": {"enum": ["a", "b"]}},
    ]
}
GOOD_CSV = "code,year,value,day,flag,kind\nAAA,2000,1.5,2013-09-07,true,a\nBBB,2001,,,false,\n"


def make_package(tmp_path, csv_text=GOOD_CSV, schema=SCHEMA):
    resource_meta = {
        "name": "toy",
        "path": "toy.csv",
        "encoding": "utf-8",
        "title": "Toy data",
        "description": "A toy dataset for tests",
        "publisher": "Test Publisher",
        "indicator": "TOY.IND",
        "units": "US$",
        "vintage": "2026-01-01",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "processing": "none",
        "caveats": ["toy caveat"],
        "citation": {"short": "Toy (2026)", "full": "Toy Publisher (2026). Toy data."},
        "schema": schema,
    }
    (tmp_path / "datapackage.json").write_text(
        json.dumps({"name": "t", "resources": [resource_meta]})
    )
    if csv_text is not None:
        (tmp_path / "toy.csv").write_text(csv_text)
    return tmp_path


def test_good_file_loads_with_schema_types(tmp_path):
    frame = load("toy", make_package(tmp_path))
    assert list(frame.columns) == ["code", "year", "value", "day", "flag", "kind"]
    assert frame["year"].dtype == "int64"
    assert frame["value"].dtype == "float64" and pd.isna(frame.loc[1, "value"])
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert frame.loc[0, "day"] == pd.Timestamp("2013-09-07")
    assert frame["flag"].dtype == bool and frame["flag"].tolist() == [True, False]


def test_integer_column_with_gaps_is_nullable(tmp_path):
    schema = {"fields": [{"name": "k", "type": "string"}, {"name": "n", "type": "integer"}]}
    frame = load("toy", make_package(tmp_path, "k,n\na,1\nb,\nc,3\n", schema))
    assert str(frame["n"].dtype) == "Int64" and frame["n"].isna().sum() == 1


# ------------------------------------------------- bad input: the loader and frictionless agree

HEADER = "code,year,value,day,flag,kind\n"
# Bad inputs: (id, file content, what the loader's message says). Frictionless must refuse
# each one too (see the module docstring of bookkit.data for why there are two validators).
BAD_INPUTS = [
    (
        "renamed-column",
        "code,Year,value,day,flag,kind\nAAA,2000,1,,true,a\n",
        "column(s) 'year' missing (renamed or deleted?). Found instead: 'Year'",
    ),
    ("missing-column", "code,year,value,day,flag\nAAA,2000,1,,true\n", "column(s) 'kind' missing"),
    (
        "extra-column",
        "code,year,value,day,flag,kind,extra\nAAA,2000,1,,true,a,x\n",
        "unexpected column(s) 'extra'",
    ),
    (
        "columns-reordered",
        "year,code,value,day,flag,kind\n2000,AAA,1,,true,a\n",
        "the columns are not in the schema's order (code, year, value, day, flag, kind)",
    ),
    (
        "text-in-integer",
        HEADER + "AAA,two thousand,1,,true,a\n",
        "column 'year' should hold integers (year), but line 2 has 'two thousand'",
    ),
    (
        "fraction-in-integer",
        HEADER + "AAA,2000.5,1,,true,a\n",
        "column 'year' should hold integers",
    ),
    (
        "decimal-point-in-integer",
        HEADER + "AAA,2000.0,1,,true,a\n",
        "column 'year' should hold integers (year), but line 2 has '2000.0'",
    ),
    (
        "text-in-number",
        HEADER + "AAA,2000,lots,,true,a\n",
        "column 'value' should hold numbers (US$), but line 2 has 'lots'",
    ),
    (
        "thousands-comma-in-number",
        HEADER + 'AAA,2000,"1,500",,true,a\n',
        "column 'value' should hold numbers (US$), but line 2 has '1,500'",
    ),
    (
        "bad-date",
        HEADER + "AAA,2000,1,07/09/2013,true,a\n",
        "column 'day' should hold dates as YYYY-MM-DD, but line 2 has '07/09/2013'",
    ),
    (
        "date-with-time",
        HEADER + "AAA,2000,1,2013-09-07T10:00:00,true,a\n",
        "column 'day' should hold dates as YYYY-MM-DD",
    ),
    (
        "bad-boolean",
        HEADER + "AAA,2000,1,,maybe,a\n",
        "column 'flag' should hold true or false, but line 2 has 'maybe'",
    ),
    (
        "odd-case-boolean",
        HEADER + "AAA,2000,1,,tRuE,a\n",
        "column 'flag' should hold true or false, but line 2 has 'tRuE'",
    ),
    (
        "outside-enum",
        HEADER + "AAA,2000,1,,true,c\n",
        "column 'kind' should hold one of ['a', 'b'], but line 2 has 'c'",
    ),
    (
        "space-before-enum-value",
        HEADER + "AAA,2000,1,,true, a\n",
        "column 'kind' should hold one of ['a', 'b'], but line 2 has ' a'",
    ),
    (
        "below-minimum",
        HEADER + "AAA,1900,1,,true,a\n",
        "column 'year' should hold values with minimum 1960, but line 2 has '1900'",
    ),
    (
        "above-maximum",
        HEADER + "AAA,2101,1,,true,a\n",
        "column 'year' should hold values with maximum 2100, but line 2 has '2101'",
    ),
    (
        "required-empty",
        HEADER + ",2000,1,,true,a\n",
        "column 'code' is required but is empty on line 2",
    ),
    (
        "duplicate-unique",
        HEADER + "AAA,2000,1,,true,a\nAAA,2001,1,,true,a\n",
        "column 'code' should be unique but 'AAA' repeats on line 3",
    ),
    (
        "row-too-long",
        HEADER + "AAA,2000,1,,true,a,surplus,cells\n",
        "could not be read as CSV (line 2 has 8 cells, the header 6)",
    ),
    (
        "row-too-short",
        HEADER + "AAA,2000,1,,true\n",
        "could not be read as CSV (line 2 has 5 cells, the header 6)",
    ),
    (
        "blank-line",
        HEADER + "AAA,2000,1,,true,a\n\nBBB,2001,,,false,\n",
        "could not be read as CSV (line 3 is blank)",
    ),
    ("unclosed-quote", HEADER + 'AAA,2000,1,,true,"a\n', "could not be read as CSV"),
    (
        "not-utf-8",
        (HEADER + "ÅBC,2000,1,,true,a\n").encode("latin-1"),
        "could not be read as CSV ('utf-8' codec can't decode",
    ),
    ("empty-file", "", "could not be read as CSV"),
]
# Unusual but valid: both accept these.
GOOD_INPUTS = [
    ("as-written-by-the-build", GOOD_CSV),
    ("other-boolean-spellings", HEADER + "AAA,2000,1,,TRUE,a\nBBB,2001,1,,0,b\nCCC,2002,,,1,\n"),
    ("signed-integer-and-exponent", HEADER + "AAA,+2000,1e3,,true,a\n"),
    ("byte-order-mark-and-crlf", "\ufeff" + GOOD_CSV.replace("\n", "\r\n")),
    ("no-rows", HEADER),
]
# Where the two differ on purpose: (id, file content, the loader's message). Table Schema
# numbers may be NaN or INF; the book writes a missing value as an empty cell, and no
# measurement is infinite, so the loader refuses both.
LOADER_STRICTER = [
    ("nan-in-number", HEADER + "AAA,2000,NaN,,true,a\n", "column 'value' should hold numbers"),
    ("infinity-in-number", HEADER + "AAA,2000,INF,,true,a\n", "column 'value' should hold numbers"),
]
BOUNDED_SCHEMA = json.loads(json.dumps(SCHEMA))
BOUNDED_SCHEMA["fields"][1]["constraints"]["maximum"] = 2100


def write_toy(tmp_path, content: str | bytes):
    directory = make_package(tmp_path, None, BOUNDED_SCHEMA)
    path = directory / "toy.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return directory


def frictionless_errors(directory) -> list[str]:
    from frictionless import Package

    report = Package(str(directory / "datapackage.json")).validate()
    return [f"{e.type}: {e.message}" for t in report.tasks for e in t.errors] + [
        f"{e.type}: {e.message}" for e in report.errors
    ]


def loader_error(directory) -> str | None:
    try:
        load("toy", directory)
    except DataError as error:
        return str(error)
    return None


@pytest.mark.parametrize(
    "content, expected", [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS]
)
def test_loader_and_frictionless_both_refuse_bad_input(tmp_path, content, expected):
    directory = write_toy(tmp_path, content)
    message = loader_error(directory)
    assert message is not None, "the loader accepted it"
    assert expected in message and "toy.csv" in message, message
    assert frictionless_errors(directory), "frictionless accepted it"


@pytest.mark.parametrize(
    "content", [case[1] for case in GOOD_INPUTS], ids=[case[0] for case in GOOD_INPUTS]
)
def test_loader_and_frictionless_both_accept_good_input(tmp_path, content):
    directory = write_toy(tmp_path, content)
    assert loader_error(directory) is None
    assert frictionless_errors(directory) == []


@pytest.mark.parametrize(
    "content, expected",
    [case[1:] for case in LOADER_STRICTER],
    ids=[case[0] for case in LOADER_STRICTER],
)
def test_where_the_loader_is_stricter_than_table_schema(tmp_path, content, expected):
    directory = write_toy(tmp_path, content)
    assert expected in (loader_error(directory) or "")
    assert frictionless_errors(directory) == []


def test_the_book_declares_utf_8_so_frictionless_reads_as_the_loader_does():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r.get("encoding") for r in package["resources"]} == {"utf-8"}


def test_good_input_converts_the_boolean_spellings(tmp_path):
    frame = load("toy", write_toy(tmp_path, GOOD_INPUTS[1][1]))
    assert frame["flag"].tolist() == [True, False, True] and frame["year"].dtype == "int64"


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(DataError, match="toy.csv: file not found"):
        load("toy", make_package(tmp_path, None))


def test_unknown_dataset_lists_the_available_ones(tmp_path):
    with pytest.raises(
        DataError, match=r"No dataset called 'gdp' in datapackage.json. Available: toy"
    ):
        load("gdp", make_package(tmp_path))


def test_missing_package_file_says_where_it_looked(tmp_path):
    with pytest.raises(DataError, match=r"datapackage.json: file not found"):
        load("toy", tmp_path / "nowhere")


def test_malformed_package_json(tmp_path):
    (tmp_path / "datapackage.json").write_text("{not json")
    with pytest.raises(DataError, match=r"datapackage.json: not valid JSON"):
        resource("toy", tmp_path)


def test_data_dir_can_be_set_by_environment(tmp_path, monkeypatch):
    make_package(tmp_path)
    monkeypatch.setenv("BOOK_DATA_DIR", str(tmp_path))
    assert len(load("toy")) == 2


def test_about_panel_carries_the_metadata(tmp_path):
    info = about("toy", make_package(tmp_path))
    assert info.source_line == "Source: Toy (2026), TOY.IND. Licence: CC-BY-4.0."
    panel = info._repr_html_()
    for text in [
        "About this data: Toy data",
        "Test Publisher",
        "TOY.IND",
        "2026-01-01",
        "toy caveat",
        "Toy Publisher (2026). Toy data.",
        'href="https://creativecommons.org/licenses/by/4.0/"',
        'href="../data/toy.csv"',
    ]:
        assert text in panel


def test_about_panel_escapes_html(tmp_path):
    directory = make_package(tmp_path)
    package = json.loads((directory / "datapackage.json").read_text())
    package["resources"][0]["title"] = "<script>alert(1)</script>"
    (directory / "datapackage.json").write_text(json.dumps(package))
    assert "<script>" not in about("toy", directory)._repr_html_()


# ---------------------------------------------------------------- where the data come from


@pytest.fixture(autouse=True)
def fresh_caches():
    data_module._download.cache_clear()
    data_module._announced.clear()
    yield


@pytest.fixture
def no_local_data(tmp_path, monkeypatch):
    """A notebook opened on its own: no data/ folder beside the package, no BOOK_DATA_DIR."""
    monkeypatch.delenv("BOOK_DATA_DIR", raising=False)
    monkeypatch.setattr(data_module, "DEFAULT_DATA_DIR", tmp_path / "missing")
    monkeypatch.setenv("BOOK_DATA_URL", "https://book.example/data/")


def test_falls_back_to_the_published_copy_and_says_so(tmp_path, monkeypatch, no_local_data, capsys):
    (tmp_path / "site").mkdir()
    served = make_package(tmp_path / "site")
    requested = []

    def fake_urlopen(url, timeout):
        requested.append(url)
        return io.BytesIO((served / url.rsplit("/", 1)[1]).read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    frame = load("toy")
    assert len(frame) == 2 and frame["year"].dtype == "int64"
    assert requested == [
        "https://book.example/data/datapackage.json",
        "https://book.example/data/toy.csv",
    ]
    assert "read from the published book: https://book.example/data/" in capsys.readouterr().out


def test_offline_without_local_data_gives_a_clear_error(monkeypatch, no_local_data):
    def offline(url, timeout):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(DataError) as error:
        load("toy")
    message = str(error.value)
    assert message.startswith("https://book.example/data/datapackage.json: could not be downloaded")
    assert "Temporary failure in name resolution" in message
    assert "clone of the whole repository" in message and "BOOK_DATA_DIR" in message


def test_published_data_url_matches_the_repository_in_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    owner, repo = config["repository"]["url"].rstrip("/").split("/")[-2:]
    assert f"https://{owner}.github.io/{repo}/data/" == data_module.PUBLISHED_DATA_URL
