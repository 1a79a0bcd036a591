"""Refresh the book's World Bank data from the World Bank API (for next year's teacher).

Re-downloads, from https://api.worldbank.org/v2:

- GDP in current US$ (NY.GDP.MKTP.CD) for every economy and aggregate
  -> ``gdp_current_usd_all_economies`` and the current-US$ rows of ``gdp_core_economies``;
- GDP in constant US$ (NY.GDP.MKTP.KD) for the core economies
  -> the constant-price rows of ``gdp_core_economies``;
- every indicator that ``wdi_indicators`` holds as published (derived = false),
  for the economies already in it, then recomputes its derived series;
- and recounts ``wdi_indicator_catalogue``.

Refreshed values get the source id ``WDI<year of download>`` (``…_DERIVED`` for
derived series), so a table always says which release each value came from.

Everything is downloaded and checked against the schemas in datapackage.json
before any file is written; if anything fails (no network, an error from the
API, a malformed response) the data files are left exactly as they were. On
success it rewrites the CSVs, updates each resource's vintage, and reports
what changed.

Usage::

    python tools/refresh_worldbank.py            # refresh data/
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

import pandas as pd
from build_data import DATA_DIR as BUILD_DATA_DIR
from build_data import economy_types, write_csv

from bookkit.data import DataError, load

API = "https://api.worldbank.org/v2"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TIMEOUT_SECONDS = 60
CORE = ["CHN", "JPN", "USA", "KOR", "WLD"]
AGGREGATES_WITH_APPROXIMATE_RATIOS = {"WLD", "EAS"}

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
    """One indicator as (economy_code, economy, year, value) rows, and the API's last-updated date."""
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
    return pd.DataFrame(rows, columns=["economy_code", "economy", "year", "value"]), updated


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
    """The derived series of wdi_indicators that the file held, by the formulas the data package documents."""
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
    return (
        pd.concat(frames).assign(derived=True) if frames else primary.iloc[0:0].assign(derived=True)
    )


def recount_catalogue(old: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """wdi_indicator_catalogue for the refreshed tables: names and units as before, counts anew."""
    described = old.drop_duplicates("indicator_code").set_index("indicator_code")
    derivation = (
        old[old["derivation"].notna()]
        .drop_duplicates("indicator_code")
        .set_index("indicator_code")["derivation"]
    )
    rows = []
    for resource_name in ("gdp_core_economies", "wdi_indicators"):
        stats = (
            tables[resource_name]
            .groupby(["indicator_code", "source_id"])["year"]
            .agg(["min", "max", "size"])
        )
        for (code, source_id), (first, last, count) in stats.iterrows():
            rows.append(
                {
                    "indicator_code": code,
                    "indicator_name": described.loc[code, "indicator_name"],
                    "unit": described.loc[code, "unit"],
                    "source_id": source_id,
                    "derivation": derivation.get(code) if "_DERIVED" in source_id else None,
                    "first_year": first,
                    "last_year": last,
                    "n_obs": count,
                    "resource": resource_name,
                }
            )
    return (
        pd.DataFrame(rows, columns=old.columns)
        .sort_values(["indicator_code", "source_id"])
        .reset_index(drop=True)
    )


def refreshed_tables(
    data_dir: Path, fetch: Fetch, source_id: str
) -> tuple[dict[str, pd.DataFrame], str]:
    """Download everything and build the new tables (nothing is written here)."""
    core_old = load("gdp_core_economies", data_dir)
    indicators_old = load("wdi_indicators", data_dir)
    names = dict(zip(core_old["economy_code"], core_old["economy"]))
    names.update(zip(indicators_old["economy_code"], indicators_old["economy"]))

    gdp_all, updated = download("NY.GDP.MKTP.CD", None, fetch)
    all_economies = pd.DataFrame(
        {
            "economy_code": gdp_all["economy_code"],
            "economy": gdp_all["economy"],
            "economy_type": economy_types(BUILD_DATA_DIR / "raw", gdp_all["economy_code"]),
            "year": gdp_all["year"],
            "gdp_current_usd": gdp_all["value"].round(0).astype("int64"),
        }
    ).sort_values(["economy_code", "year"])

    constant, _ = download("NY.GDP.MKTP.KD", CORE, fetch)
    core = pd.concat(
        [
            gdp_all[gdp_all["economy_code"].isin(CORE)].assign(
                measure="current_usd", indicator_code="NY.GDP.MKTP.CD"
            ),
            constant.assign(measure="constant_2015_usd", indicator_code="NY.GDP.MKTP.KD"),
        ]
    )
    core = pd.DataFrame(
        {
            "economy_code": core["economy_code"],
            "economy": core["economy_code"].map(names),
            "year": core["year"],
            "measure": core["measure"],
            "indicator_code": core["indicator_code"],
            "value_usd": core["value"].round(0).astype("int64"),
            "source_id": source_id,
        }
    ).sort_values(["economy_code", "measure", "year"])

    economies = sorted(indicators_old["economy_code"].unique())
    published = sorted(indicators_old.loc[~indicators_old["derived"], "indicator_code"].unique())
    primary = pd.concat(
        download(code, economies, fetch)[0].assign(indicator_code=code) for code in published
    ).assign(derived=False, source_id=source_id)
    wanted = set(indicators_old.loc[indicators_old["derived"], "indicator_code"])
    derived = derive(primary, gdp_all, wanted, source_id)
    indicators = pd.concat([primary, derived])
    indicators = indicators.assign(economy=indicators["economy_code"].map(names))[
        list(indicators_old.columns)
    ].sort_values(["economy_code", "indicator_code", "year"])
    tables = {
        "gdp_current_usd_all_economies": all_economies.reset_index(drop=True),
        "gdp_core_economies": core.reset_index(drop=True),
        "wdi_indicators": indicators.reset_index(drop=True),
    }
    tables["wdi_indicator_catalogue"] = recount_catalogue(
        load("wdi_indicator_catalogue", data_dir), tables
    )
    return tables, updated


KEYS = {
    "gdp_current_usd_all_economies": (["economy_code", "year"], "gdp_current_usd"),
    "gdp_core_economies": (["economy_code", "measure", "year"], "value_usd"),
    "wdi_indicators": (["economy_code", "indicator_code", "year"], "value"),
}


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
    years = f"years {int(old['year'].min())}-{int(old['year'].max())} -> {int(new['year'].min())}-{int(new['year'].max())}"
    return f"{name}: {len(old)} -> {len(new)} rows; {added} added, {removed} removed, {changed} changed{biggest}; {years}"


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


def refresh(data_dir: Path, fetch: Fetch, today: datetime.date, dry_run: bool = False) -> list[str]:
    """Download, check, and (unless dry_run) write. Returns the report lines."""
    tables, updated = refreshed_tables(data_dir, fetch, f"WDI{today.year}")
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    vintage = f"World Bank WDI, downloaded from the World Bank API on {today.isoformat()}" + (
        f" (the API's last update: {updated})" if updated else ""
    )
    for meta in package["resources"]:
        if meta["name"] in tables:
            meta["vintage"] = vintage
            update_schema(meta, tables[meta["name"]])

    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        for path in data_dir.iterdir():
            if path.is_file():
                shutil.copy2(path, staging / path.name)
        (staging / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for name, frame in tables.items():
            write_csv(frame, staging / f"{name}.csv")
        report = []
        for name, frame in tables.items():
            try:
                checked = load(name, staging)
            except DataError as err:
                raise RefreshError(
                    f"The refreshed {name} does not pass its schema: {err}"
                ) from None
            if name in KEYS:
                report.append(compare(name, load(name, data_dir), checked))
        report.append(f"vintage: {vintage}")
        report.append(
            "Review by hand: the caveats and processing notes of these resources in "
            "datapackage.json, and "
            "the chapters' prose, which is computed from the data but may describe the old latest "
            "year."
        )
        if not dry_run:
            for name in [*tables, "datapackage"]:
                filename = "datapackage.json" if name == "datapackage" else f"{name}.csv"
                shutil.copy2(staging / filename, data_dir / filename)
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
