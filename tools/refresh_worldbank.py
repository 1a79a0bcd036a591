"""Refresh the book's World Bank data from the World Bank API (for next year's teacher).

Re-downloads, from https://api.worldbank.org/v2, the World Bank extracts in ``data/raw``:

- GDP in current US$ (NY.GDP.MKTP.CD) for every economy and aggregate
  -> ``wdi_gdp_current_usd_all_economies.csv``;
- for the economies of ``wdi_selected_economies_long.csv``, every series it holds as
  published (GDP in current and constant US$ among them), then recomputes its derived
  series -> ``wdi_selected_economies_long.csv``;
- and recounts ``wdi_indicator_catalogue.csv``.

Then it rebuilds ``data/`` through ``tools/build_data.py``, the one path from the raw
extracts to the curated files: ``gdp_current_usd_all_economies``,
``gdp_core_economies``, ``wdi_indicators`` and ``wdi_indicator_catalogue`` change.
Refreshed values get the source id ``WDI<year of download>`` (``…_DERIVED`` for
derived series), so a table always says which release each value came from.

Everything is downloaded, rebuilt and checked against the schemas in datapackage.json
before any file is written; if anything fails (no network, an error from the API, a
malformed response, a value out of range, an economy code the book has not classified)
the data files are left exactly as they were. On success it rewrites the files,
updates each World Bank resource's vintage, and reports what changed.

Usage::

    python tools/refresh_worldbank.py            # refresh data/raw and data/
    python tools/refresh_worldbank.py --dry-run  # download and report, write nothing
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import build_data
import pandas as pd

from bookkit.data import DataError, load

API = "https://api.worldbank.org/v2"
DATA_DIR = build_data.DATA_DIR
TIMEOUT_SECONDS = 60
GDP_CURRENT = "NY.GDP.MKTP.CD"
AGGREGATES_WITH_APPROXIMATE_RATIOS = {"WLD", "EAS"}
# The World Bank extracts in data/raw, and the curated files built from them.
ALL_ECONOMIES = "wdi_gdp_current_usd_all_economies.csv"
SELECTED = "wdi_selected_economies_long.csv"
CATALOGUE = "wdi_indicator_catalogue.csv"
WORLD_BANK_RESOURCES = [
    "gdp_current_usd_all_economies",
    "gdp_core_economies",
    "wdi_indicators",
    "wdi_indicator_catalogue",
]

Fetch = Callable[[str], bytes]


class RefreshError(Exception):
    """The refresh could not be completed; no data file was changed."""


def fetch_url(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
        return response.read()


def indicator_url(indicator: str, economies: list[str] | None, page: int) -> str:
    where = ";".join(economies) if economies else "all"
    return f"{API}/country/{where}/indicator/{indicator}?format=json&per_page=20000&page={page}"


def download(indicator: str, economies: list[str] | None, fetch: Fetch) -> tuple[pd.DataFrame, str]:
    """One indicator as (economy_code, economy, year, value) rows, and the API's last update."""
    rows, page, pages, updated = [], 1, 1, ""
    while page <= pages:
        url = indicator_url(indicator, economies, page)
        try:
            body = fetch(url)
        except (urllib.error.URLError, OSError) as err:
            raise RefreshError(
                f"{url}: the request failed ({getattr(err, 'reason', err)})."
            ) from None
        try:
            reply = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise RefreshError(f"{url}: the response is not valid JSON ({err}).") from None
        if (
            isinstance(reply, list)
            and reply
            and isinstance(reply[0], dict)
            and "message" in reply[0]
        ):
            messages = "; ".join(str(m.get("value", m)) for m in reply[0]["message"])
            raise RefreshError(f"{url}: the World Bank API answered with an error: {messages}")
        if not (
            isinstance(reply, list)
            and len(reply) == 2
            and isinstance(reply[0], dict)
            and isinstance(reply[1], list)
        ):
            raise RefreshError(f"{url}: unexpected response: not the API's [metadata, rows] pair.")
        meta, records = reply
        pages, updated = int(meta.get("pages", 1)), str(meta.get("lastupdated", ""))
        for record in records:
            try:
                code, name = record["countryiso3code"], record["country"]["value"]
                year, value = int(record["date"]), record["value"]
            except (KeyError, TypeError, ValueError) as err:
                raise RefreshError(
                    f"{url}: a row lacks an expected field ({err}): {str(record)[:200]}"
                ) from None
            if code and value is not None:
                rows.append((code, name, year, float(value)))
        page += 1
    if not rows:
        raise RefreshError(f"{indicator}: the API returned no values.")
    frame = pd.DataFrame(rows, columns=["economy_code", "economy", "year", "value"])
    twice = frame[frame.duplicated(["economy_code", "year"])]
    if not twice.empty:
        code, year = twice.iloc[0][["economy_code", "year"]]
        raise RefreshError(f"{indicator}: the API returned more than one value for {code} {year}.")
    return frame, updated


# Derived series of wdi_indicators: name -> (inputs, formula on the wide table and GDP).
DERIVATIONS = {
    "NE.TRD.GNFS.ZS": (
        ("NE.EXP.GNFS.ZS", "NE.IMP.GNFS.ZS"),
        lambda w, gdp: w["NE.EXP.GNFS.ZS"] + w["NE.IMP.GNFS.ZS"],
    ),
    "SP.POP.DPND.OL": (
        ("SP.POP.65UP.TO.ZS", "SP.POP.1564.TO.ZS"),
        lambda w, gdp: 100 * w["SP.POP.65UP.TO.ZS"] / w["SP.POP.1564.TO.ZS"],
    ),
    "NE.EXP.GNFS.CD": (
        ("NE.EXP.GNFS.ZS",),
        lambda w, gdp: w["NE.EXP.GNFS.ZS"] / 100 * gdp.reindex(w.index),
    ),
}


def derive(
    primary: pd.DataFrame, gdp_current: pd.DataFrame, wanted: set[str], source_id: str
) -> pd.DataFrame:
    """The derived series that the extract held, by the formulas the data package documents."""
    wide = primary.pivot_table(
        index=["economy_code", "year"], columns="indicator_code", values="value"
    )
    gdp = gdp_current.set_index(["economy_code", "year"])["value"]
    frames = []
    for indicator, (inputs, formula) in DERIVATIONS.items():
        if indicator not in wanted:
            continue
        missing = [code for code in inputs if code not in wide.columns]
        if missing:
            raise RefreshError(
                f"{indicator} is derived from {missing}, which the refreshed data lack."
            )
        frame = (
            formula(wide, gdp)
            .dropna()
            .rename("value")
            .reset_index()
            .assign(indicator_code=indicator)
        )
        approximate = (indicator == "SP.POP.DPND.OL") & frame["economy_code"].isin(
            AGGREGATES_WITH_APPROXIMATE_RATIOS
        )
        frame["source_id"] = f"{source_id}_DERIVED"
        frame.loc[approximate, "source_id"] = f"{source_id}_DERIVED_AGG_APPROX"
        frames.append(frame)
    return pd.concat(frames) if frames else primary.iloc[0:0]


KEYS = {
    "gdp_current_usd_all_economies": (["economy_code", "year"], "gdp_current_usd"),
    "gdp_core_economies": (["economy_code", "measure", "year"], "value_usd"),
    "wdi_indicators": (["economy_code", "indicator_code", "year"], "value"),
}


def year_span(frame: pd.DataFrame) -> str:
    return f"{int(frame['year'].min())}-{int(frame['year'].max())}"


def compare(name: str, old: pd.DataFrame, new: pd.DataFrame) -> str:
    """One line saying what changed in a table."""
    keys, value = KEYS[name]
    joined = (
        old.set_index(keys)[value]
        .rename("old")
        .to_frame()
        .join(new.set_index(keys)[value].rename("new"), how="outer")
    )
    added = int((joined["old"].isna() & joined["new"].notna()).sum())
    removed = int((joined["new"].isna() & joined["old"].notna()).sum())
    both = joined.dropna()
    relative = (
        (both["new"] - both["old"]).abs() / both["old"].abs().where(both["old"] != 0, 1)
    ).astype(float)
    changed = int((relative > 1e-9).sum())
    biggest = f"; largest change {100 * relative.max():.2f}%" if changed else ""
    return (
        f"{name}: {len(old)} -> {len(new)} rows; {added} added, {removed} removed, "
        f"{changed} changed{biggest}; years {year_span(old)} -> {year_span(new)}"
    )


# Fields whose bounds describe coverage, so a new release may widen them.
COVERAGE_FIELDS = {"year", "first_year", "last_year", "n_obs"}


def update_schema(meta: dict, frame: pd.DataFrame) -> None:
    """Let the schema admit the new release: new source ids, later years, more observations.
    Bounds on the values themselves stay, so an implausible value still fails."""
    for field in meta["schema"]["fields"]:
        constraints = field.get("constraints", {})
        if field["name"] == "source_id" and "enum" in constraints:
            constraints["enum"] = sorted(set(constraints["enum"]) | set(frame["source_id"]))
        if field["name"] in COVERAGE_FIELDS and "maximum" in constraints:
            constraints["maximum"] = max(constraints["maximum"], int(frame[field["name"]].max()))


def raw_catalogue(old: pd.DataFrame, selected: pd.DataFrame, source: str) -> pd.DataFrame:
    """The catalogue of the new extract: names, units and derivations as before, counts anew."""
    described = old.drop_duplicates("indicator_code").set_index("indicator_code")
    derived = old[old["source_id"].str.contains("_DERIVED")]
    derivation = derived.drop_duplicates("indicator_code").set_index("indicator_code")["derivation"]
    stats = (
        selected.groupby(["indicator_code", "source_id"])
        .agg(
            first_year=("year", "min"),
            last_year=("year", "max"),
            n_obs=("year", "size"),
            economies=("country_code", lambda codes: " ".join(sorted(set(codes)))),
        )
        .reset_index()
    )
    code = stats["indicator_code"]
    return pd.DataFrame(
        {
            "indicator_code": code,
            "indicator_name": code.map(described["indicator_name"]),
            "unit": code.map(described["unit"]),
            "source_id": stats["source_id"],
            "source": source,
            "derivation": code.map(derivation).where(
                stats["source_id"].str.contains("_DERIVED"), ""
            ),
            "first_year": stats["first_year"],
            "last_year": stats["last_year"],
            "n_obs": stats["n_obs"],
            "economies": stats["economies"],
        }
    )


def refreshed_raw(
    raw: Path, fetch: Fetch, today: datetime.date
) -> tuple[dict[str, pd.DataFrame], str]:
    """Download everything and make the new World Bank extracts (nothing is written here).
    Returns the extracts (file name -> table) and the vintage to record."""
    source_id = f"WDI{today.year}"
    old = pd.read_csv(raw / SELECTED)
    economies = sorted(old["country_code"].unique())
    derived = old["source_id"].str.contains("_DERIVED")
    published = sorted(set(old.loc[~derived, "indicator_code"]) - {GDP_CURRENT})

    gdp_all, updated = download(GDP_CURRENT, None, fetch)
    primary = pd.concat(
        [gdp_all[gdp_all["economy_code"].isin(economies)].assign(indicator_code=GDP_CURRENT)]
        + [download(code, economies, fetch)[0].assign(indicator_code=code) for code in published]
    ).assign(source_id=source_id)
    computed = derive(primary, gdp_all, set(old.loc[derived, "indicator_code"]), source_id)
    names = dict(zip(primary["economy_code"], primary["economy"]))
    selected = pd.concat([primary, computed.assign(economy=computed["economy_code"].map(names))])
    selected = pd.DataFrame(
        {
            "country_code": selected["economy_code"],
            "country": selected["economy"],
            "indicator_code": selected["indicator_code"],
            "year": selected["year"],
            "value": selected["value"],
            "source_id": selected["source_id"],
        }
    ).sort_values(["country_code", "indicator_code", "year"])
    everything = pd.DataFrame(
        {
            "country_code": gdp_all["economy_code"],
            "country": gdp_all["economy"],
            "indicator_code": GDP_CURRENT,
            "year": gdp_all["year"],
            "value": gdp_all["value"],
        }
    ).sort_values(["country_code", "year"])
    vintage = f"World Bank WDI, downloaded from the World Bank API on {today.isoformat()}" + (
        f" (the API's last update: {updated})" if updated else ""
    )
    catalogue = raw_catalogue(
        pd.read_csv(raw / CATALOGUE, dtype=str, keep_default_na=False), selected, vintage
    )
    return {ALL_ECONOMIES: everything, SELECTED: selected, CATALOGUE: catalogue}, vintage


def refresh(data_dir: Path, fetch: Fetch, today: datetime.date, dry_run: bool = False) -> list[str]:
    """Download, rebuild and check, and (unless dry_run) write. Returns the report lines."""
    extracts, vintage = refreshed_raw(data_dir / "raw", fetch, today)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "data"
        shutil.copytree(data_dir, staging)
        for filename, frame in extracts.items():
            build_data.write_csv(frame, staging / "raw" / filename)
        try:
            tables = build_data.build(staging)
            package_path = staging / build_data.PACKAGE
            package = json.loads(package_path.read_text(encoding="utf-8"))
            for meta in package["resources"]:
                if meta["name"] in WORLD_BANK_RESOURCES:
                    meta["vintage"] = vintage
                    update_schema(meta, tables[meta["name"]])
            package_path.write_text(
                json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            build_data.write(tables, staging, staging)
        except (ValueError, OSError, DataError) as err:
            raise RefreshError(f"The refreshed data do not build: {err}") from None
        report = [compare(name, load(name, data_dir), load(name, staging)) for name in KEYS]
        report.append(f"vintage: {vintage}")
        report.append(
            "Review by hand: the caveats and processing notes of these resources in "
            "datapackage.json, and the chapters' prose, which is computed from the data but may "
            "describe the old latest year."
        )
        if not dry_run:
            for path in sorted(staging.rglob("*")):
                target = data_dir / path.relative_to(staging)
                if path.is_file() and (
                    not target.is_file() or target.read_bytes() != path.read_bytes()
                ):
                    shutil.copyfile(path, target)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="download and report, write nothing")
    args = parser.parse_args()
    try:
        report = refresh(DATA_DIR, fetch_url, datetime.date.today(), args.dry_run)
    except (RefreshError, DataError) as err:
        print(f"Refresh stopped, no data file was changed: {err}", file=sys.stderr)
        return 1
    print("\n".join(report))
    print(
        "Dry run: nothing was written."
        if args.dry_run
        else "Data files updated. Rebuild the book and run the tests."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
