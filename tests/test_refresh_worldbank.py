"""tools/refresh_worldbank.py against recorded World Bank API responses
(tests/fixtures/worldbank): a good refresh rewrites the World Bank extracts in
data/raw and rebuilds data/ from them, recomputes the derived series, updates the
vintage and reports the changes; a failed request, an API error, a malformed
response or an economy the book has not classified stops it with a clear message
and leaves every data file untouched. It runs without the test-only packages."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
from pathlib import Path

import build_data
import pandas as pd
import pytest
import refresh_worldbank as refresh_tool
from conftest import DATA, ROOT

from bookkit.data import load

FIXTURES = Path(__file__).parent / "fixtures" / "worldbank"
TODAY = datetime.date(2027, 3, 1)
INDICATORS = [
    "SP.POP.65UP.TO.ZS",
    "SP.POP.1564.TO.ZS",
    "NE.EXP.GNFS.ZS",
    "NE.IMP.GNFS.ZS",
    "NE.TRD.GNFS.ZS",
    "SP.POP.DPND.OL",
    "NE.EXP.GNFS.CD",
]
GDP_LEVELS = ["NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD"]
CORE = ["CHN", "JPN", "USA", "KOR", "WLD"]
CHANGED = ("CHN", 2023)  # the small "old" data set holds a stale value here


def fixture_fetch(url: str) -> bytes:
    indicator = re.search(r"/indicator/([^?]+)", url).group(1)
    page = re.search(r"[?&]page=(\d+)", url).group(1)
    return (FIXTURES / f"{indicator}_page{page}.json").read_bytes()


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """A copy of data/ whose World Bank extracts hold a few economies for 2023-2024 only
    (one value stale), with the curated files rebuilt from them."""
    directory = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(DATA, directory)
    raw = directory / "raw"
    everything = pd.read_csv(raw / refresh_tool.ALL_ECONOMIES)
    everything = everything[
        everything["country_code"].isin(["CHN", "JPN", "USA", "KOR", "WLD", "EAS", "XKX", "DEU"])
        & everything["year"].between(2023, 2024)
    ].copy()
    stale = (everything["country_code"] == CHANGED[0]) & (everything["year"] == CHANGED[1])
    everything.loc[stale, "value"] *= 0.98
    build_data.write_csv(everything, raw / refresh_tool.ALL_ECONOMIES)
    selected = pd.read_csv(raw / refresh_tool.SELECTED)
    selected = selected[
        selected["year"].between(2023, 2024)
        & (
            (selected["indicator_code"].isin(GDP_LEVELS) & selected["country_code"].isin(CORE))
            | (
                selected["indicator_code"].isin(INDICATORS)
                & selected["country_code"].isin(["CHN", "WLD"])
            )
        )
    ]
    build_data.write_csv(selected, raw / refresh_tool.SELECTED)
    # The catalogue counts what the small extract holds.
    catalogue = pd.read_csv(raw / refresh_tool.CATALOGUE, dtype=str, keep_default_na=False)
    counts = selected.groupby(["indicator_code", "source_id"])["year"].agg(["min", "max", "size"])
    catalogue = catalogue.join(counts, on=["indicator_code", "source_id"], how="inner")
    catalogue["first_year"], catalogue["last_year"], catalogue["n_obs"] = (
        catalogue.pop("min"),
        catalogue.pop("max"),
        catalogue.pop("size"),
    )
    build_data.write_csv(catalogue, raw / refresh_tool.CATALOGUE)
    build_data.write(build_data.build(directory), directory, directory)
    return directory


@pytest.fixture
def old_data(small_data, tmp_path) -> Path:
    """A fresh copy of the small data folder for a test to refresh."""
    return Path(shutil.copytree(small_data, tmp_path / "data"))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def test_refresh_rewrites_tables_and_reports_changes(old_data):
    report = refresh_tool.refresh(old_data, fixture_fetch, TODAY)
    text = "\n".join(report)
    assert re.search(
        r"gdp_current_usd_all_economies: \d+ -> \d+ rows; \d+ added, 0 removed, 1 changed; "
        r"largest change 2\.04%",
        text,
    ), text
    assert (
        "vintage: World Bank WDI, downloaded from the World Bank API on 2027-03-01 (the API's "
        "last update: 2026-07-01)" in text
    )

    refreshed = load("gdp_current_usd_all_economies", old_data).set_index(["economy_code", "year"])[
        "gdp_current_usd"
    ]
    shipped = load("gdp_current_usd_all_economies").set_index(["economy_code", "year"])[
        "gdp_current_usd"
    ]
    assert refreshed[CHANGED] == shipped[CHANGED]  # the stale value was replaced by the API's
    assert 2025 in refreshed.loc["CHN"].index  # a new year arrived
    assert (
        load("gdp_current_usd_all_economies", old_data)
        .set_index("economy_code")
        .loc["EAS", "economy_type"]
        .iloc[0]
        == "aggregate"
    )

    indicators = load("wdi_indicators", old_data)
    assert set(indicators["source_id"]) == {
        "WDI2027",
        "WDI2027_DERIVED",
        "WDI2027_DERIVED_AGG_APPROX",
    }
    wide = indicators.pivot_table(
        index=["economy_code", "year"], columns="indicator_code", values="value"
    )
    assert (
        wide["NE.TRD.GNFS.ZS"] - (wide["NE.EXP.GNFS.ZS"] + wide["NE.IMP.GNFS.ZS"])
    ).abs().max() < 1e-9
    assert (
        wide["SP.POP.DPND.OL"] - 100 * wide["SP.POP.65UP.TO.ZS"] / wide["SP.POP.1564.TO.ZS"]
    ).abs().max() < 1e-9

    package = json.loads((old_data / "datapackage.json").read_text())
    vintages = {r["name"]: r["vintage"] for r in package["resources"]}
    assert vintages["wdi_indicators"].startswith(
        "World Bank WDI, downloaded from the World Bank API on 2027-03-01"
    )
    catalogue = load("wdi_indicator_catalogue", old_data)
    assert set(catalogue["source_id"]) >= {"WDI2027", "WDI2027_DERIVED"}


def test_dry_run_writes_nothing(old_data):
    before = snapshot(old_data)
    report = refresh_tool.refresh(old_data, fixture_fetch, TODAY, dry_run=True)
    assert any("1 changed" in line for line in report)
    assert snapshot(old_data) == before


@pytest.mark.parametrize(
    "failure, message",
    [
        ("network", "the request failed (Temporary failure in name resolution)"),
        (
            "api-error",
            "the World Bank API answered with an error: The provided parameter value is not valid",
        ),
        ("malformed", "the response is not valid JSON"),
    ],
)
def test_a_failed_download_changes_no_file(old_data, failure, message):
    before = snapshot(old_data)

    def failing_fetch(url):
        if (
            "SP.POP.1564.TO.ZS" not in url
        ):  # the failure comes late, after other tables were downloaded
            return fixture_fetch(url)
        if failure == "network":
            raise urllib.error.URLError("Temporary failure in name resolution")
        return (
            FIXTURES / ("error_invalid_value.json" if failure == "api-error" else "malformed.json")
        ).read_bytes()

    with pytest.raises(refresh_tool.RefreshError) as error:
        refresh_tool.refresh(old_data, failing_fetch, TODAY)
    assert message in str(error.value)
    assert "SP.POP.1564.TO.ZS" in str(error.value)  # the message names the request
    assert snapshot(old_data) == before


def test_a_duplicated_row_is_refused_before_writing(old_data):
    before = snapshot(old_data)

    def twice(url):
        body = json.loads(fixture_fetch(url))
        if "SP.POP.1564.TO.ZS" in url:
            body[1].append(body[1][0])
        return json.dumps(body).encode()

    with pytest.raises(refresh_tool.RefreshError, match="more than one value for CHN 2025"):
        refresh_tool.refresh(old_data, twice, TODAY)
    assert snapshot(old_data) == before


def test_an_implausible_value_is_refused_before_writing(old_data):
    before = snapshot(old_data)

    def negative_gdp(url):
        body = json.loads(fixture_fetch(url))
        if "NY.GDP.MKTP.CD" in url and body[1]:
            body[1][0]["value"] = -5.0
        return json.dumps(body).encode()

    with pytest.raises(refresh_tool.RefreshError, match="does not pass its schema"):
        refresh_tool.refresh(old_data, negative_gdp, TODAY)
    assert snapshot(old_data) == before


def test_command_line_reports_failure_without_traceback(monkeypatch, capsys, old_data):
    monkeypatch.setattr(refresh_tool, "DATA_DIR", old_data)

    def offline(url):
        raise urllib.error.URLError("Network is unreachable")

    monkeypatch.setattr(refresh_tool, "fetch_url", offline)
    monkeypatch.setattr(sys, "argv", ["refresh_worldbank.py"])
    assert refresh_tool.main() == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("Refresh stopped, no data file was changed:")
        and "Network is unreachable" in err
    )
    assert "Traceback" not in err


def test_an_economy_the_book_has_not_classified_stops_the_refresh(old_data):
    """A code that a new World Bank release adds must be classified by hand (economy or
    aggregate) before it reaches the rankings."""
    before = snapshot(old_data)

    def new_code(url):
        body = json.loads(fixture_fetch(url))
        if "NY.GDP.MKTP.CD" in url and url.endswith("&page=2"):
            body[1][0]["countryiso3code"] = "XQZ"
        return json.dumps(body).encode()

    with pytest.raises(refresh_tool.RefreshError) as error:
        refresh_tool.refresh(old_data, new_code, TODAY)
    assert "wdi_economy_types.csv does not classify XQZ" in str(error.value)
    assert snapshot(old_data) == before


def test_the_raw_extracts_and_data_agree_after_a_refresh(old_data, tmp_path):
    """One path from raw to curated: rebuilding the refreshed folder changes nothing."""
    refresh_tool.refresh(old_data, fixture_fetch, TODAY)
    rebuilt = tmp_path / "rebuilt"
    build_data.write(build_data.build(old_data), old_data, rebuilt)
    for path in rebuilt.iterdir():
        assert path.read_bytes() == (old_data / path.name).read_bytes(), path.name


# The refresh runs in a fresh interpreter in which every package that only
# requirements-test.txt installs fails to import: first `--help` (which imports the
# whole tool), then a dry run on the recorded responses; last, a check that the block works.
WITHOUT_TEST_PACKAGES = r"""
import datetime, importlib.abc, re, runpy, sys
from pathlib import Path

blocked = set(sys.argv[1].split(","))
tools, data, fixtures = (Path(a) for a in sys.argv[2:5])


class TestOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (test-only, blocked)")


sys.meta_path.insert(0, TestOnly())
sys.argv = [str(tools / "refresh_worldbank.py"), "--help"]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as done:
    print("exit", done.code)
import refresh_worldbank


def fetch(url):
    indicator = re.search(r"/indicator/([^?]+)", url).group(1)
    page = re.search(r"[?&]page=(\d+)", url).group(1)
    return (fixtures / f"{indicator}_page{page}.json").read_bytes()


print("\n".join(refresh_worldbank.refresh(data, fetch, datetime.date(2027, 3, 1), True)))
try:
    import pycountry
except ModuleNotFoundError as err:
    print(err)
"""


def test_refresh_needs_no_test_only_package(small_data):
    requirement = re.compile(r"^([A-Za-z0-9_.-]+)==")
    test_only = {
        match.group(1).lower().replace("_", "-")
        for line in (ROOT / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
        if (match := requirement.match(line))
    }
    modules = {
        module
        for module, distributions in importlib.metadata.packages_distributions().items()
        if any(d.lower().replace("_", "-") in test_only for d in distributions)
    }
    assert {"pycountry", "frictionless", "pytest"} <= modules
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_TEST_PACKAGES,
            ",".join(sorted(modules)),
            str(ROOT / "tools"),
            str(small_data),
            str(FIXTURES),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tools")},  # as when it runs as a script
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "usage: refresh_worldbank.py [-h] [--dry-run]" in result.stdout
    assert "exit 0" in result.stdout
    assert "gdp_current_usd_all_economies: 16 -> 24 rows" in result.stdout
    assert "No module named 'pycountry' (test-only, blocked)" in result.stdout
