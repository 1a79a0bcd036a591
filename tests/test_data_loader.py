"""Unit tests of bookkit.data: loading by name, type conversion, metadata, and
a clear DataError (naming the file and the problem) for every kind of bad input."""

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


@pytest.mark.parametrize(
    "csv_text, expected",
    [
        (None, "toy.csv: file not found"),
        (
            "code,Year,value,day,flag,kind\nAAA,2000,1,,true,a\n",
            "column(s) 'year' missing (renamed or deleted?). Found instead: 'Year'",
        ),
        (
            "code,year,value,day,flag,kind,extra\nAAA,2000,1,,true,a,x\n",
            "unexpected column(s) 'extra'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,two thousand,1,,true,a\n",
            "column 'year' should hold integers (year), but line 2 has 'two thousand'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000.5,1,,true,a\n",
            "column 'year' should hold integers",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,lots,,true,a\n",
            "column 'value' should hold numbers (US$), but line 2 has 'lots'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,1,07/09/2013,true,a\n",
            "column 'day' should hold dates as YYYY-MM-DD, but line 2 has '07/09/2013'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,1,,maybe,a\n",
            "column 'flag' should hold true or false, but line 2 has 'maybe'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,1,,true,c\n",
            "column 'kind' should hold one of ['a', 'b'], but line 2 has 'c'",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,1900,1,,true,a\n",
            "column 'year' should hold values with minimum 1960, but line 2 has '1900'",
        ),
        (
            "code,year,value,day,flag,kind\n,2000,1,,true,a\n",
            "column 'code' is required but is empty on line 2",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,1,,true,a\nAAA,2001,1,,true,a\n",
            "column 'code' should be unique but 'AAA' repeats on line 3",
        ),
        (
            "code,year,value,day,flag,kind\nAAA,2000,1,,true,a,surplus,cells\n",
            "could not be read as CSV",
        ),
        ("", "could not be read as CSV"),
    ],
    ids=[
        "missing-file",
        "renamed-column",
        "extra-column",
        "text-in-integer",
        "fraction-in-integer",
        "text-in-number",
        "bad-date",
        "bad-boolean",
        "outside-enum",
        "below-minimum",
        "required-empty",
        "duplicate-unique",
        "ragged-row",
        "empty-file",
    ],
)
def test_bad_input_gives_a_clear_error_naming_file_and_problem(tmp_path, csv_text, expected):
    directory = make_package(tmp_path, csv_text)
    with pytest.raises(DataError) as error:
        load("toy", directory)
    message = str(error.value)
    assert expected in message
    assert "toy.csv" in message


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
