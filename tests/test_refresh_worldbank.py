"""tools/refresh_worldbank.py against recorded World Bank API responses
(tests/fixtures/worldbank): a good refresh rewrites the tables, recomputes the
derived series, updates the vintage and reports the changes; a failed request,
an API error or a malformed response stops it with a clear message and leaves
every data file untouched."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
import urllib.error
from pathlib import Path

import pytest
import refresh_worldbank as refresh_tool
from build_data import write_csv
from conftest import DATA

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
CHANGED = ("CHN", 2023)  # the small "old" data set holds a stale value here


def fixture_fetch(url: str) -> bytes:
    indicator = re.search(r"/indicator/([^?]+)", url).group(1)
    page = re.search(r"[?&]page=(\d+)", url).group(1)
    return (FIXTURES / f"{indicator}_page{page}.json").read_bytes()


@pytest.fixture
def old_data(tmp_path) -> Path:
    """A small copy of the data folder: the four World Bank tables for 2023-2024 only."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copy2(DATA / "datapackage.json", directory)
    economies = ["CHN", "JPN", "USA", "KOR", "WLD", "EAS", "XKX", "DEU"]
    everything = load("gdp_current_usd_all_economies")
    everything = everything[
        everything["economy_code"].isin(economies) & everything["year"].between(2023, 2024)
    ].copy()
    stale = (everything["economy_code"] == CHANGED[0]) & (everything["year"] == CHANGED[1])
    everything.loc[stale, "gdp_current_usd"] = (
        (everything.loc[stale, "gdp_current_usd"] * 0.98).round().astype("int64")
    )
    write_csv(everything, directory / "gdp_current_usd_all_economies.csv")
    core = load("gdp_core_economies")
    write_csv(core[core["year"].between(2023, 2024)], directory / "gdp_core_economies.csv")
    indicators = load("wdi_indicators")
    indicators = indicators[
        indicators["economy_code"].isin(["CHN", "WLD"])
        & indicators["indicator_code"].isin(INDICATORS)
        & indicators["year"].between(2023, 2024)
    ]
    write_csv(indicators, directory / "wdi_indicators.csv")
    catalogue = load("wdi_indicator_catalogue")
    write_csv(
        catalogue[
            catalogue["indicator_code"].isin(INDICATORS + ["NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD"])
        ],
        directory / "wdi_indicator_catalogue.csv",
    )
    for name in [
        "gdp_current_usd_all_economies",
        "gdp_core_economies",
        "wdi_indicators",
        "wdi_indicator_catalogue",
    ]:
        load(name, directory)  # the small copies pass their schemas
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


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
