"""Rebuild the curated CSV files in ``data/`` from the reference extracts.

For maintainers only: the book itself never runs this. It reads the team's
reference extracts (publisher files with provenance notes) and writes tidy CSVs
in the book's own schema. The metadata that describes each file (publisher,
licence, vintage, caveats, field schema) lives in ``data/datapackage.json`` and
is edited by hand; ``tests/test_datapackage.py`` checks that the two agree.

Usage::

    python tools/build_data.py ../shared/reference-data ../shared/research

Each ``build_*`` function returns one DataFrame; ``main`` writes them all.
Output is deterministic: rows sorted, fixed column order, no index.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pycountry

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Economies the chapters compare throughout the book.
CORE_ECONOMIES = ["CHN", "JPN", "USA", "KOR", "WLD"]

# World Bank codes for economies that are not ISO 3166 countries but are
# economies, not aggregates (Kosovo; Channel Islands).
WB_ECONOMIES_OUTSIDE_ISO = {"XKX", "CHI"}

# Short names used in the book's charts (World Bank names are kept in `economy`).
SHORT_NAMES = {"KOR": "Korea", "USA": "United States", "WLD": "World"}


def economy_type(code: str) -> str:
    """'economy' for a country or territory, 'aggregate' for a World Bank group."""
    if code in WB_ECONOMIES_OUTSIDE_ISO or pycountry.countries.get(alpha_3=code):
        return "economy"
    return "aggregate"


def build_gdp_current_all(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "wdi_gdp_current_usd_all_economies.csv")
    assert set(raw["indicator_code"]) == {"NY.GDP.MKTP.CD"}
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": raw["country"],
            "economy_type": raw["country_code"].map(economy_type),
            "year": raw["year"].astype(int),
            "gdp_current_usd": raw["value"].round(0).astype("int64"),
        }
    )
    return out.dropna().sort_values(["economy_code", "year"]).reset_index(drop=True)


def build_gdp_core(ref: Path) -> pd.DataFrame:
    """GDP in current and in constant 2015 US$ for the five core economies."""
    raw = pd.read_csv(ref / "wdi_selected_economies_long.csv")
    raw = raw[raw["country_code"].isin(CORE_ECONOMIES)]
    pieces = []
    for indicator, measure in [
        ("NY.GDP.MKTP.CD", "current_usd"),
        ("NY.GDP.MKTP.KD", "constant_2015_usd"),
    ]:
        part = raw[raw["indicator_code"] == indicator]
        pieces.append(
            pd.DataFrame(
                {
                    "economy_code": part["country_code"],
                    "economy": part["country_code"].map(SHORT_NAMES).fillna(part["country"]),
                    "year": part["year"].astype(int),
                    "measure": measure,
                    "indicator_code": indicator,
                    "value_usd": part["value"].round(0).astype("int64"),
                    "source_id": part["source_id"],
                }
            )
        )
    out = pd.concat(pieces)
    return out.sort_values(["economy_code", "measure", "year"]).reset_index(drop=True)


def build_bri_cooperation_documents(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "bri_countries_gfdc_2025.csv", dtype=str)
    uncertain = raw["joining_date_raw"].str.strip().str.lower().eq("uncertain")
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": raw["country"].str.strip(),
            "region": raw["region_wb"],
            "income_group": raw["income_group_wb"],
            "likely_join_date": raw["likely_date_of_joining"],
            "join_year": pd.to_numeric(raw["join_year"]).astype("Int64"),
            "join_date_uncertain": uncertain,
            "likely_exit_date": raw["likely_date_of_exit"],
        }
    )
    return out.sort_values("economy_code").reset_index(drop=True)


def build_events(research: Path) -> pd.DataFrame:
    raw = pd.read_csv(research / "timeline-verified.csv", dtype=str, keep_default_na=False)
    precision = raw["date"].str.len().map({10: "day", 7: "month"})
    if precision.isna().any():
        raise ValueError(f"unexpected date format: {raw.loc[precision.isna(), 'date'].tolist()}")
    date = raw["date"].where(precision == "day", raw["date"] + "-01")
    out = pd.DataFrame(
        {
            "event_id": range(1, len(raw) + 1),
            "date": date,
            "date_precision": precision,
            "event": raw["event"],
            "actors": raw["actors"],
            "place": raw["place"],
            "category": raw["category"],
            "japan_stance_signal": pd.to_numeric(raw["stance_signal"]).astype("Int64"),
            "in_essay": raw["in_essay"].map({"yes": True, "no": False}),
            "publisher": raw["publisher"],
            # Where no original-publisher address was found, the reprint seen
            # (first address in `source`) stands in; source_note says so.
            "url": raw["preferred_url"].where(
                raw["preferred_url"] != "", raw["source"].str.split(" ; ").str[0]
            ),
            "source_note": raw["citation_note"],
        }
    )
    out = out.sort_values(["date", "event_id"]).reset_index(drop=True)
    out["event_id"] = range(1, len(out) + 1)
    return out


def main(ref: Path, research: Path) -> None:
    tables = {
        "gdp_current_usd_all_economies": build_gdp_current_all(ref),
        "gdp_core_economies": build_gdp_core(ref),
        "bri_cooperation_documents": build_bri_cooperation_documents(ref),
        "events": build_events(research),
    }
    for name, frame in tables.items():
        path = DATA_DIR / f"{name}.csv"
        for column in frame.columns[frame.dtypes == bool]:
            frame[column] = frame[column].map({True: "true", False: "false"})
        frame.to_csv(path, index=False, lineterminator="\n")
        print(f"wrote {path.relative_to(DATA_DIR.parent)}: {len(frame)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
