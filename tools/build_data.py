"""Rebuild the curated CSV files in ``data/`` from the inputs kept beside them.

- ``data/raw/``: the publishers' extracts the book uses. ``data/raw/README.md`` gives,
  for each file, its publisher, licence, vintage, where it was obtained and what was
  changed, and says which extracts are deliberately not shipped and why.
- ``data/book/``: the book team's own material: the verified events timeline, the
  claims register, Chapter 6's expectations and Chapter 7's argument map in the book's
  own words (YAML), and the fingerprints of the own-words check (``tools/own_words.py``).

The metadata of each curated file (publisher, licence, vintage, caveats, schema) lives
in ``data/datapackage.json`` and is edited by hand: every table built must be described
there and pass its schema, or no file is written.

Usage::

    python tools/build_data.py             # rebuild data/
    python tools/build_data.py --out DIR   # write the curated files to DIR instead

Each ``build_*`` function returns one DataFrame; ``build`` makes them all and ``write``
checks and writes them. Output is deterministic: rows sorted, fixed column order, no
index; booleans written true/false; dates ISO YYYY-MM-DD (a month becomes its first day,
with a date_precision column where the precision varies).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import own_words
import pandas as pd
import yaml

from bookkit import verdicts
from bookkit.data import DataError, load

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PACKAGE = "datapackage.json"

# Economies the chapters compare throughout the book.
CORE_ECONOMIES = ["CHN", "JPN", "USA", "KOR", "WLD"]

# Short names used in the book's charts (World Bank names are kept in `economy`).
SHORT_NAMES = {"KOR": "Korea", "USA": "United States", "WLD": "World"}


def economy_types(ref: Path, codes: pd.Series) -> pd.Series:
    """'economy' (a country or territory) or 'aggregate' (a World Bank group) for each code.

    The classification is a small table in data/raw, so that a new code in a World
    Bank release stops the build until someone classifies it."""
    table = pd.read_csv(ref / "wdi_economy_types.csv", dtype=str, keep_default_na=False)
    kinds = table.set_index("economy_code")["economy_type"]
    unknown = sorted(set(codes) - set(kinds.index))
    if unknown:
        raise ValueError(
            f"wdi_economy_types.csv does not classify {', '.join(unknown)}: add each code "
            "with economy_type 'economy' (a country or territory) or 'aggregate'"
        )
    return codes.map(kinds)


def build_gdp_current_all(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "wdi_gdp_current_usd_all_economies.csv")
    if set(raw["indicator_code"]) != {"NY.GDP.MKTP.CD"}:
        raise ValueError("wdi_gdp_current_usd_all_economies.csv: not only NY.GDP.MKTP.CD")
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": raw["country"],
            "economy_type": economy_types(ref, raw["country_code"]),
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


def build_events(book: Path) -> pd.DataFrame:
    raw = pd.read_csv(book / "timeline-verified.csv", dtype=str, keep_default_na=False)
    precision = raw["date"].str.len().map({10: "day", 7: "month"})
    if precision.isna().any():
        raise ValueError(f"unexpected date format: {raw.loc[precision.isna(), 'date'].tolist()}")
    date = raw["date"].where(precision == "day", raw["date"] + "-01")
    # Each event keeps its number for good (the expectations and the argument map cite
    # events by number): a new event takes the next unused number, wherever its date falls.
    ids = pd.to_numeric(raw["event_id"], errors="coerce")
    if ids.isna().any() or (ids < 1).any() or (ids % 1 != 0).any() or ids.duplicated().any():
        raise ValueError(
            "timeline-verified.csv: every event needs its own whole event_id, 1 or more"
        )
    out = pd.DataFrame(
        {
            "event_id": ids.astype(int),
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
    return out.sort_values(["date", "event_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# World Development Indicators beyond GDP levels
# ---------------------------------------------------------------------------

# GDP levels are shipped in gdp_core_economies; every other WDI series of the
# extract goes to wdi_indicators.
GDP_LEVEL_INDICATORS = ["NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD"]


def month_to_date(month: pd.Series) -> pd.Series:
    """'YYYY-MM' -> 'YYYY-MM-01' (the first of the month), refusing anything else."""
    bad = ~month.str.fullmatch(r"\d{4}-\d{2}")
    if bad.any():
        raise ValueError(f"unexpected month format: {month[bad].tolist()[:5]}")
    return month + "-01"


def short_name(codes: pd.Series, names: pd.Series) -> pd.Series:
    """The book's chart names: Korea, United States, World; other names as given."""
    return codes.map(SHORT_NAMES).fillna(names)


def build_wdi_indicators(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "wdi_selected_economies_long.csv")
    raw = raw[~raw["indicator_code"].isin(GDP_LEVEL_INDICATORS)].dropna(subset=["value"])
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": short_name(raw["country_code"], raw["country"]),
            "indicator_code": raw["indicator_code"],
            "year": raw["year"].astype(int),
            "value": raw["value"],
            "derived": raw["source_id"].str.contains("_DERIVED"),
            "source_id": raw["source_id"],
        }
    )
    out = out.sort_values(["economy_code", "indicator_code", "year"]).reset_index(drop=True)
    if out.duplicated(["economy_code", "indicator_code", "year"]).any():
        raise ValueError("wdi_indicators: more than one value for an economy, indicator and year")
    return out


def build_wdi_indicator_catalogue(ref: Path, shipped: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The reference catalogue, restricted to the indicators the book ships.

    first_year, last_year and n_obs are recomputed from the book's own files
    (for the GDP levels, the five core economies of gdp_core_economies); for
    the series in wdi_indicators they must equal the reference catalogue's.
    """
    raw = pd.read_csv(ref / "wdi_indicator_catalogue.csv", dtype=str, keep_default_na=False)
    counted = []
    for resource_name, frame in shipped.items():
        stats = frame.groupby(["indicator_code", "source_id"])["year"].agg(["min", "max", "size"])
        stats.columns = ["first_year", "last_year", "n_obs"]
        counted.append(stats.assign(resource=resource_name).reset_index())
    counted = pd.concat(counted)
    merged = raw.merge(
        counted, on=["indicator_code", "source_id"], how="inner", suffixes=("_ref", "")
    )
    if len(merged) != len(counted):
        raise ValueError("wdi_indicator_catalogue: a shipped indicator/source has no catalogue row")
    in_wdi = merged["resource"] == "wdi_indicators"
    for column in ["first_year", "last_year", "n_obs"]:
        differs = in_wdi & (merged[column].astype(int) != merged[f"{column}_ref"].astype(int))
        if differs.any():
            raise ValueError(
                f"wdi_indicator_catalogue: {column} disagrees with the reference catalogue "
                f"for {merged.loc[differs, 'indicator_code'].tolist()}"
            )
    out = pd.DataFrame(
        {
            "indicator_code": merged["indicator_code"],
            "indicator_name": merged["indicator_name"],
            "unit": merged["unit"],
            "source_id": merged["source_id"],
            "derivation": merged["derivation"],
            "first_year": merged["first_year"].astype(int),
            "last_year": merged["last_year"].astype(int),
            "n_obs": merged["n_obs"].astype(int),
            "resource": merged["resource"],
        }
    )
    return out.sort_values(["indicator_code", "source_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Exchange rates (US Federal Reserve via FRED)
# ---------------------------------------------------------------------------

CURRENCIES = {"JPN": "JPY", "CHN": "CNY", "KOR": "KRW"}


def build_exchange_rates_monthly(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "fx_usd_monthly_fred.csv", dtype={"month": str})
    expected_unit = raw["country_code"].map(CURRENCIES) + " per USD"
    if (raw["unit"] != expected_unit).any():
        raise ValueError("fx_usd_monthly_fred.csv: unexpected unit")
    out = pd.DataFrame(
        {
            "currency": raw["country_code"].map(CURRENCIES),
            "economy_code": raw["country_code"],
            "month": month_to_date(raw["month"]),
            "lcu_per_usd": raw["value"],
            "fred_series_id": raw["fred_series_id"],
        }
    )
    return out.sort_values(["currency", "month"]).reset_index(drop=True)


def build_exchange_rates_annual(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "fx_usd_annual_fred_with_crosschecks.csv")
    expected_unit = raw["country_code"].map(CURRENCIES) + " per USD"
    if (raw["unit"] != expected_unit).any():
        raise ValueError("fx_usd_annual_fred_with_crosschecks.csv: unexpected unit")
    out = pd.DataFrame(
        {
            "currency": raw["country_code"].map(CURRENCIES),
            "economy_code": raw["country_code"],
            "year": raw["year"].astype(int),
            "lcu_per_usd": raw["value"],
            "fred_series_id": raw["fred_series_id"],
            "wdi_official_rate": raw["wdi_pa_nus_fcrf"],
            "pct_diff_wdi_vs_fred": raw["pct_diff_wdi_vs_fred"],
        }
    )
    return out.sort_values(["currency", "year"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Goods trade: US Census (US-reported) and Ministry of Finance Japan
# ---------------------------------------------------------------------------

# Census names shortened for charts, like SHORT_NAMES ("World, Not Seasonally
# Adjusted" is Census's name for its world total).
TRADE_PARTNER_NAMES = {"CHN": "China", "JPN": "Japan", "KOR": "Korea", "WLD": "World"}


def build_us_goods_trade_annual(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "us_goods_trade_by_partner_census_annual.csv")
    out = pd.DataFrame(
        {
            "partner_code": raw["partner_code"],
            "partner": raw["partner_code"].map(TRADE_PARTNER_NAMES),
            "census_country_code": raw["census_cty_code"].astype(int),
            "year": raw["year"].astype(int),
            "months_reported": raw["months_reported"].astype(int),
            "complete_year": raw["complete_year"].astype(bool),
            "us_exports_usd_mn": raw["us_exports_usd_mn"],
            "us_imports_usd_mn": raw["us_imports_usd_mn"],
            "us_balance_usd_mn": raw["us_balance_usd_mn"],
            "us_total_trade_usd_mn": raw["us_total_trade_usd_mn"],
            "share_of_us_exports_pct": raw["share_of_us_exports_pct"],
            "share_of_us_imports_pct": raw["share_of_us_imports_pct"],
            "share_of_us_total_trade_pct": raw["share_of_us_total_trade_pct"],
        }
    )
    if out["partner"].isna().any():
        raise ValueError("us_goods_trade_annual: unknown partner code")
    return out.sort_values(["partner_code", "year"]).reset_index(drop=True)


def build_us_goods_trade_monthly(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "us_goods_trade_china_japan_korea_census_monthly.csv", dtype={"month": str}
    )
    out = pd.DataFrame(
        {
            "partner_code": raw["partner_code"],
            "partner": raw["partner_code"].map(TRADE_PARTNER_NAMES),
            "month": month_to_date(raw["month"]),
            "us_exports_usd_mn": raw["us_exports_usd_mn"],
            "us_imports_usd_mn": raw["us_imports_usd_mn"],
        }
    )
    if out["partner"].isna().any():
        raise ValueError("us_goods_trade_monthly: unknown partner code")
    return out.sort_values(["partner_code", "month"]).reset_index(drop=True)


def build_japan_china_trade_annual(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "japan_china_trade_mof_annual_2001_2019.csv")
    out = pd.DataFrame(
        {
            "year": raw["year"].astype(int),
            "exports_to_china_thousand_jpy": raw["japan_exports_to_china_thousand_jpy"].astype(
                "int64"
            ),
            "imports_from_china_thousand_jpy": raw["japan_imports_from_china_thousand_jpy"].astype(
                "int64"
            ),
            "jpy_per_usd_fred": raw["jpy_per_usd_fred_aexjpus"],
            "exports_to_china_usd_mn": raw["japan_exports_to_china_usd_mn_converted"],
            "imports_from_china_usd_mn": raw["japan_imports_from_china_usd_mn_converted"],
            "merchandise_exports_world_usd_mn_wdi": raw["japan_total_merch_exports_usd_mn_wdi"],
            "merchandise_imports_world_usd_mn_wdi": raw["japan_total_merch_imports_usd_mn_wdi"],
            "china_share_of_exports_pct_approx": raw["approx_china_share_of_japan_exports_pct"],
            "china_share_of_imports_pct_approx": raw["approx_china_share_of_japan_imports_pct"],
        }
    )
    return out.sort_values("year").reset_index(drop=True)


def build_japan_china_trade_monthly(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "japan_china_trade_mof_monthly_2001_2019.csv", dtype={"month": str})
    out = pd.DataFrame(
        {
            "month": month_to_date(raw["month"]),
            "exports_to_china_thousand_jpy": raw["japan_exports_to_china_thousand_jpy"].astype(
                "int64"
            ),
            "imports_from_china_thousand_jpy": raw["japan_imports_from_china_thousand_jpy"].astype(
                "int64"
            ),
        }
    )
    return out.sort_values("month").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Memberships: AIIB, RCEP / CPTPP / TPP-12
# ---------------------------------------------------------------------------


def true_false(column: pd.Series) -> pd.Series:
    """The reference files write booleans as True/False: parse them strictly."""
    mapped = column.astype(str).map({"True": True, "False": False})
    if mapped.isna().any():
        raise ValueError(f"unexpected boolean value: {column[mapped.isna()].tolist()[:5]}")
    return mapped.astype(bool)


def build_aiib_founding_members_2015(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "aiib_prospective_founding_members_2015.csv", dtype=str, keep_default_na=False
    )
    if not true_false(raw["prospective_founding_member_2015"]).all():
        raise ValueError(
            "aiib_prospective_founding_members_2015.csv: a row is not a founding member"
        )
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": short_name(raw["country_code"], raw["country"]),
            "signed_at_2015_06_29": true_false(raw["signed_articles_at_2015_06_29_ceremony"]),
            "not_yet_member_at_2020_03_31": true_false(
                raw["prospective_not_yet_member_at_2020_03_31"]
            ),
            "sources": raw["sources"],
        }
    )
    return out.sort_values("economy_code").reset_index(drop=True)


def build_aiib_prospective_members_2020(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "aiib_prospective_members_2020_03_31.csv", dtype=str, keep_default_na=False
    )
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": short_name(raw["country_code"], raw["country"]),
            "membership_group": raw["group"],
            "status": raw["status"],
            "source_url": raw["source"],
        }
    )
    return out.sort_values("economy_code").reset_index(drop=True)


def date_with_precision(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO date and its precision: 'YYYY' -> Jan 1 ('year'), 'YYYY-MM' -> the 1st ('month')."""
    precision = raw.str.len().map({10: "day", 7: "month", 4: "year"})
    if precision.isna().any():
        raise ValueError(f"unexpected date format: {raw[precision.isna()].tolist()}")
    date = raw.where(precision != "month", raw + "-01").where(precision != "year", raw + "-01-01")
    return date, precision


def build_aiib_membership_milestones(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "aiib_membership_milestones.csv", dtype=str, keep_default_na=False)
    date, precision = date_with_precision(raw["date"])
    counts = {
        c: pd.to_numeric(raw[c].replace("", None)).astype("Int64")
        for c in ["approved_membership_total", "members", "prospective_members", "signatories"]
    }
    out = pd.DataFrame(
        {
            "date": date,
            "date_precision": precision,
            **counts,
            "event": raw["event"],
            "source_url": raw["source_url"],
            "note": raw["note"],
        }
    )
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def build_trade_agreement_members(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "trade_agreement_members_rcep_cptpp_tpp.csv", dtype=str, keep_default_na=False
    )
    never = raw["entry_into_force"] == "never entered into force"
    status = pd.Series("in force", index=raw.index).where(
        raw["entry_into_force"] != "", "date not found"
    )
    status = status.where(~never, "never entered into force")
    entry = raw["entry_into_force"].where(~never, "")
    for column in (raw["signed"], entry, raw["exit_or_withdrawal"]):
        bad = (column != "") & ~column.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        if bad.any():
            raise ValueError(f"unexpected date: {column[bad].tolist()}")
    out = pd.DataFrame(
        {
            "agreement": raw["agreement"],
            "economy_code": raw["country_code"],
            "economy": short_name(raw["country_code"], raw["country"]),
            "asean_member": true_false(raw["asean_member"]),
            "role": raw["role"],
            "signed": raw["signed"],
            "entry_into_force": entry,
            "entry_into_force_status": status,
            "exit_or_withdrawal": raw["exit_or_withdrawal"],
            "sources": raw["sources"],
            "note": raw["note"],
        }
    )
    return out.sort_values(["agreement", "economy_code"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Infrastructure needs, Chinese development finance, Japan's population
# ---------------------------------------------------------------------------


def build_adb_infrastructure_needs_2017(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "adb_2017_asia_infrastructure_needs.csv", dtype=str, keep_default_na=False
    )
    if not raw["unit"].isin(["US$ trillion", "US$ trillion per year"]).all():
        raise ValueError("adb_2017_asia_infrastructure_needs.csv: unexpected unit")
    out = pd.DataFrame(
        {
            "estimate": raw["estimate"],
            "measure": raw["measure"],
            "value_usd_trillion": pd.to_numeric(raw["value"]),
            "unit": raw["unit"],
            "note": raw["note"],
            "source_urls": raw["source_urls"],
        }
    )
    return out.sort_values(["estimate", "measure"]).reset_index(drop=True)


def build_quoted_figures(book: Path) -> pd.DataFrame:
    """Figures quoted from a source (the essay, a bank's report, a speech), one row each
    with the source it is quoted from, so that a chapter loads them instead of typing them."""
    raw = pd.read_csv(book / "quoted_figures.csv", dtype=str, keep_default_na=False)
    out = raw.assign(value=pd.to_numeric(raw["value"]))
    return out.sort_values("figure_id").reset_index(drop=True)


def build_chinese_development_finance_annual(ref: Path) -> pd.DataFrame:
    """World totals only: the by-recipient file is not shipped (AidData's terms)."""
    raw = pd.read_csv(ref / "aiddata_gcdf3_world_annual.csv")
    out = pd.DataFrame(
        {
            "year": raw["year"].astype(int),
            "recipients": raw["recipients"].astype(int),
            "projects": raw["projects"].astype(int),
            "amount_constant_2021_usd": raw["amount_constant_2021_usd"].round(0).astype("int64"),
        }
    )
    return out.sort_values("year").reset_index(drop=True)


def build_japan_population_projection_total(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "japan_population_projection_ipss2017_total.csv")
    out = pd.DataFrame(
        {
            "fertility_assumption": raw["fertility_assumption"],
            "mortality_assumption": raw["mortality_assumption"],
            "year": raw["year"].astype(int),
            "population_thousands": raw["total_population_thousands"],
        }
    )
    return out.sort_values(["fertility_assumption", "mortality_assumption", "year"]).reset_index(
        drop=True
    )


def build_japan_population_projection_age_groups(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "japan_population_projection_ipss2017_age_groups_medium.csv")
    out = pd.DataFrame(
        {
            "year": raw["year"].astype(int),
            "age_group": raw["age_group"],
            "population_thousands": raw["population_thousands"],
            "share_of_total_pct": raw["share_of_total_pct"],
            "fertility_assumption": raw["fertility_assumption"],
            "mortality_assumption": raw["mortality_assumption"],
        }
    )
    return out.sort_values(["year", "age_group"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# The book's own compilations (CC BY 4.0), from data/book: the claims register,
# Chapter 6's expectations and Chapter 7's argument map
# ---------------------------------------------------------------------------

ASSESSMENTS = ("came true", "partly", "not yet")
# "context": an event after the turn a motivation explains, shown but not counted for it.
STANCES = ("for", "against", "context")

# The essay's sections in order, with the book chapter that discusses each.
ESSAY_SECTIONS = {
    "Abstract": 1,
    "The Development and Benefits of the Belt and Road": 1,
    "Japan's Changing Position": 2,
    "I. Japan's Own Disadvantages": 3,
    "II. The Impact of China-US Relations on Japan": 4,
    "III. An Irresistible Trend of Cooperation": 5,
    "Future Prospects and Opportunities": 6,
    "Conclusion": 7,
    "Footnotes and references": 7,
}

# Keys of the YAML entries: (required, optional).
CLAIM_KEYS = (
    ["claim_id", "essay_section", "claim", "what_is_the_case", "factcheck_verdict", "verdict"],
    [
        "verdict_note",
        "verdict_reason",
        "one_sided",
        "out_of_date",
        "source_publisher",
        "source_url",
        "source_note",
        "other_sources",
        "book_data",
    ],
)
EXPECTATION_KEYS = (
    [
        "expectation_id",
        "label",
        "expectation",
        "claim_id",
        "book_assessment",
        "evidence",
        "event_ids",
        "datasets",
    ],
    [],
)
MAIN_CLAIM_KEYS = (["claim_key", "claim", "evidence"], ["motivation", "period_events", "explains"])
EVIDENCE_KEYS = (
    ["evidence_id", "evidence", "stance", "chapter"],
    ["claim_id", "event_id", "dataset", "period"],
)


def read_entries(path: Path) -> list[dict]:
    """A YAML file of the book's own tables: a list of entries, one per row."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path.name}: not valid YAML ({err})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{path.name}: should be a list of entries (mappings), one per row")
    return entries


def check_keys(label: str, entry: dict, keys: tuple[list[str], list[str]]) -> None:
    """Refuse an entry that lacks a required key or has one the build does not know (a typo)."""
    required, optional = keys
    problems = [f"no {key}" for key in required if entry.get(key) in (None, "", [])]
    problems += [f"unknown key {key!r}" for key in entry if key not in required + optional]
    if problems:
        raise ValueError(f"{label}: {', '.join(problems)}")


def as_list(label: str, entry: dict, key: str) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{label}: {key} should be a list (one '- item' per line)")
    return value


def build_essay_claims(book: Path, datasets: set[str]) -> pd.DataFrame:
    """The claims register: one row per entry of the team's fact-check, from claims.yaml.

    What each claim says and what is the case are in the book's own words: the build
    refuses any that copies eight consecutive words of the essay or ten of the
    fact-check (see tools/own_words.py). The verdict follows the written rule of
    ``bookkit.verdicts`` (clauses V1-V11) from the fact-check's own verdict
    (factcheck_verdict): the build refuses one that departs from the rule without a
    verdict_reason, and a verdict under V8 (out of date) or V9 (one side's account)
    without one.
    """
    rows = []
    for number, entry in enumerate(read_entries(book / "claims.yaml"), start=1):
        label = f"claims.yaml, claim {entry.get('claim_id', f'number {number}')}"
        check_keys(label, entry, CLAIM_KEYS)
        if entry["claim_id"] != number:
            raise ValueError(f"{label}: claims are numbered 1, 2, 3... in order; expected {number}")
        section, verdict = entry["essay_section"], entry["verdict"]
        if section not in ESSAY_SECTIONS:
            raise ValueError(f"{label}: unknown essay_section {section!r}")
        if verdict not in verdicts.VERDICTS:
            raise ValueError(f"{label}: verdict {verdict!r} is not one of {verdicts.VERDICTS}")
        kind = verdicts.kind_of(section)
        rule, reason = check_verdict(label, entry, kind)
        if entry.get("source_url") and not entry.get("source_publisher"):
            raise ValueError(f"{label}: source_url needs a source_publisher")
        book_data = as_list(label, entry, "book_data")
        check_references(label, [], [], book_data, None, None, datasets)
        rows.append(
            {
                "claim_id": number,
                "essay_section": section,
                "chapter": ESSAY_SECTIONS[section],
                "claim": entry["claim"],
                "kind": kind,
                "verdict": verdict,
                "verdict_rule": rule,
                "verdict_note": entry.get("verdict_note", ""),
                "verdict_reason": reason,
                "one_sided": entry.get("one_sided", ""),
                "out_of_date": entry.get("out_of_date"),
                "factcheck_verdict": entry["factcheck_verdict"],
                "what_is_the_case": entry["what_is_the_case"],
                "source_publisher": entry.get("source_publisher", ""),
                "source_url": entry.get("source_url", ""),
                "source_note": entry.get("source_note", ""),
                "other_sources": " ; ".join(as_list(label, entry, "other_sources")),
                "book_data": "; ".join(book_data),
            }
        )
    frame = pd.DataFrame(rows)
    frame["out_of_date"] = frame["out_of_date"].astype("Int64")
    own_words.check(
        {
            f"claim {row.claim_id} ({column})": getattr(row, column)
            for row in frame.itertuples()
            for column in ("claim", "what_is_the_case")
        },
        own_words.load(book / own_words.FINGERPRINTS.name),
    )
    return frame


def check_verdict(label: str, entry: dict, kind: str) -> tuple[str, str]:
    """The rule clause that gives the entry's verdict ('exception' if none does), and its
    reason; refuses an entry that breaks the written rule (``bookkit.verdicts.RULE``)."""
    theirs, verdict = entry["factcheck_verdict"], entry["verdict"]
    note, reason = entry.get("verdict_note", ""), entry.get("verdict_reason", "")
    one_sided, out_of_date = entry.get("one_sided", ""), entry.get("out_of_date")
    if one_sided and (kind != "claim" or one_sided not in verdicts.ONE_SIDED):
        raise ValueError(
            f"{label}: one_sided is for claims, one of {', '.join(verdicts.ONE_SIDED)}"
        )
    if out_of_date is not None and not (isinstance(out_of_date, int) and out_of_date > 2020):
        raise ValueError(f"{label}: out_of_date is the year after 2020 the claim went out of date")
    if "out of date" in theirs and out_of_date is None:
        raise ValueError(f"{label}: the fact-check says {theirs!r}: give out_of_date (rule V8)")
    if theirs in verdicts.VERDICTS and note:
        raise ValueError(f"{label}: the fact-check says {theirs!r}, with no qualifier to note")
    if theirs not in verdicts.VERDICTS and not note:
        raise ValueError(f"{label}: the fact-check's verdict {theirs!r} needs a verdict_note")
    try:
        expected, rule = verdicts.rule_verdict(theirs, kind, one_sided, out_of_date is not None)
    except ValueError as err:
        raise ValueError(f"{label}: {err}") from None
    if verdict != expected:
        if not reason:
            raise ValueError(
                f"{label}: the rule ({rule}) gives {expected!r} for {theirs!r}, not "
                f"{verdict!r}: use it, or give the exception's verdict_reason"
            )
        rule = "exception"
    if rule in ("V8", "V9") and not reason:
        raise ValueError(f"{label}: a verdict under rule {rule} needs a verdict_reason")
    return rule, reason


def build_essay_expectations(
    book: Path, claims: pd.DataFrame, events: pd.DataFrame, datasets: set[str]
) -> pd.DataFrame:
    """Chapter 6: the essay's expectations for after 2020 and the book's assessment."""
    rows = []
    for entry in read_entries(book / "expectations.yaml"):
        label = f"expectations.yaml, {entry.get('expectation_id', 'an entry')}"
        check_keys(label, entry, EXPECTATION_KEYS)
        event_ids, names = as_list(label, entry, "event_ids"), as_list(label, entry, "datasets")
        check_references(label, [entry["claim_id"]], event_ids, names, claims, events, datasets)
        if entry["book_assessment"] not in ASSESSMENTS:
            raise ValueError(f"{label}: book_assessment is not one of {ASSESSMENTS}")
        rows.append(
            {
                **entry,
                "event_ids": "; ".join(map(str, event_ids)),
                "datasets": "; ".join(names),
            }
        )
    return pd.DataFrame(rows, columns=EXPECTATION_KEYS[0])


def check_references(label, claim_ids, event_ids, dataset_names, claims, events, datasets) -> None:
    missing = (
        [f"claim {c}" for c in claim_ids if c is not None and c not in set(claims["claim_id"])]
        + [f"event {e}" for e in event_ids if e is not None and e not in set(events["event_id"])]
        + [f"dataset {d}" for d in dataset_names if d and d not in datasets]
    )
    if missing:
        raise ValueError(f"{label}: refers to {', '.join(missing)}, which do not exist")


def build_argument_map(
    book: Path, claims: pd.DataFrame, events: pd.DataFrame, package: dict
) -> pd.DataFrame:
    """Chapter 7: the main claims of the essay's conclusion and the evidence for and against each.

    Each evidence item is cited to its event's original publisher, else to the
    dataset's publisher, else to the register's source for its claim. A claim that
    explains another (a motivation ``explains`` the turn, whose ``period_events`` date
    it) may count only evidence dated before that claim begins: a cause comes before
    its effect. Later events can be shown as ``context`` ("after the turn").
    """
    resources = {r["name"]: r for r in package["resources"]}
    by_event = events.set_index("event_id")
    register = claims.set_index("claim_id")
    mains = read_entries(book / "argument_map.yaml")
    periods = {}
    for main in mains:
        check_keys(f"argument_map.yaml, {main.get('claim_key', 'a claim')}", main, MAIN_CLAIM_KEYS)
        if "period_events" in main:
            periods[main["claim_key"]] = claim_period(main, events)
    rows = []
    for main in mains:
        explains = main.get("explains", "")
        if explains and explains not in periods:
            raise ValueError(
                f"argument_map.yaml, {main['claim_key']}: explains {explains!r}, which has no "
                "period_events to date it"
            )
        for item in as_list(f"argument_map.yaml, {main['claim_key']}", main, "evidence"):
            label = f"argument_map.yaml, {item.get('evidence_id', 'an item')}"
            check_keys(label, item, EVIDENCE_KEYS)
            claim_id, event_id = item.get("claim_id"), item.get("event_id")
            dataset, chapter = item.get("dataset", ""), item["chapter"]
            check_references(
                label, [claim_id], [event_id], [dataset], claims, events, set(resources)
            )
            if (
                item["stance"] not in STANCES
                or not isinstance(chapter, int)
                or not 1 <= chapter <= 7
            ):
                raise ValueError(
                    f"{label}: stance should be one of {', '.join(STANCES)}, chapter 1 to 7"
                )
            event_date = iso_date(by_event.loc[event_id, "date"]) if event_id is not None else ""
            dated = (event_date, event_date) if event_date else evidence_period(label, item)
            timing = check_timing(label, main, item["stance"], dated, periods.get(explains))
            if event_id is not None:
                publisher, url = by_event.loc[event_id, "publisher"], by_event.loc[event_id, "url"]
            elif dataset:
                publisher, url = (
                    resources[dataset]["publisher"],
                    resources[dataset]["sources"][0]["path"],
                )
            elif claim_id is not None:
                publisher, url = (
                    register.loc[claim_id, "source_publisher"],
                    register.loc[claim_id, "source_url"],
                )
            else:
                raise ValueError(f"{label}: needs an event_id, a dataset or a claim_id")
            if not url:
                # Evidence of absence: the register records that no source was given or found.
                publisher, url = (
                    f"Book claims register (claim {claim_id}: "
                    f"{register.loc[claim_id, 'source_note'].rstrip('.').lower()})",
                    "essay_claims.csv",
                )
            period = periods.get(main["claim_key"], ("", ""))
            rows.append(
                {
                    "claim_key": main["claim_key"],
                    "claim": main["claim"],
                    "motivation": main.get("motivation", ""),
                    "explains": explains,
                    "claim_from": period[0],
                    "claim_to": period[1],
                    "evidence_id": item["evidence_id"],
                    "evidence": item["evidence"],
                    "stance": item["stance"],
                    "timing": timing,
                    "chapter": chapter,
                    "claim_id": claim_id,
                    "event_id": event_id,
                    "event_date": event_date,
                    "evidence_from": dated[0],
                    "evidence_to": dated[1],
                    "dataset": dataset,
                    "source_publisher": publisher,
                    "source_url": url,
                }
            )
    frame = pd.DataFrame(rows)
    for column in ("claim_id", "event_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def claim_period(main: dict, events: pd.DataFrame) -> tuple[str, str]:
    """The dates of a main claim's first and last events (``period_events``)."""
    label = f"argument_map.yaml, {main['claim_key']}"
    ids = as_list(label, main, "period_events")
    check_references(label, [], ids, [], None, events, set())
    dates = (
        [iso_date(d) for d in events.set_index("event_id").loc[ids, "date"]]
        if len(ids) == 2
        else []
    )
    if len(dates) != 2 or dates[0] > dates[1]:
        raise ValueError(f"{label}: period_events should be [first event, last event], in order")
    return dates[0], dates[1]


def iso_date(value) -> str:
    """A date as YYYY-MM-DD, whether the events table holds text or timestamps."""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def evidence_period(label: str, item: dict) -> tuple[str, str]:
    """('', '') for an undated item; else the first and last day of its ``period``: two
    years ([2013, 2016]) or two ISO dates (['2015-04-15', '2017-03-23'])."""
    period = item.get("period")
    if period is None:
        return "", ""
    if isinstance(period, list) and len(period) == 2:
        if all(isinstance(p, int) for p in period):
            period = [f"{period[0]}-01-01", f"{period[1]}-12-31"]
        try:
            start, end = (pd.Timestamp(str(p)).strftime("%Y-%m-%d") for p in period)
        except ValueError:
            start = end = ""
        if start and start <= end and start == str(period[0]) and end == str(period[1]):
            return start, end
    raise ValueError(f"{label}: period should be two years or two dates (YYYY-MM-DD), in order")


def check_timing(label, main, stance, dated, explained) -> str:
    """When an item falls relative to the claim its claim explains (before, during, after
    it, or undated; empty if its claim explains none); refuses evidence counted for a
    cause that does not come before the effect, and context that is not after its start."""
    if explained is None:
        if stance == "context":
            raise ValueError(f"{label}: context is only for a claim that explains another")
        return ""
    start, end = explained
    first, last = dated
    if not first:
        timing = "undated"
    elif last < start:
        timing = "before"
    elif first > end:
        timing = "after"
    else:
        timing = "during"
    if stance == "for" and timing != "before":
        raise ValueError(
            f"{label}: evidence for {main['claim_key']} must be dated before what it "
            f"explains ({main['explains']}, from {start}); it is "
            + (f"dated {first} to {last}" if first else "undated")
            + ". Give it an earlier date or period, or make it context."
        )
    if stance == "context" and timing in ("before", "undated"):
        raise ValueError(f"{label}: context is for events after {main['explains']} began")
    return timing


# ---------------------------------------------------------------------------
# Building, checking and writing everything
# ---------------------------------------------------------------------------


def build(source: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every curated table, from source/raw, source/book and source/datapackage.json."""
    ref, book = source / "raw", source / "book"
    package = json.loads((source / PACKAGE).read_text(encoding="utf-8"))
    datasets = {r["name"] for r in package["resources"]}
    tables = {
        "gdp_current_usd_all_economies": build_gdp_current_all(ref),
        "gdp_core_economies": build_gdp_core(ref),
        "bri_cooperation_documents": build_bri_cooperation_documents(ref),
        "events": build_events(book),
        "wdi_indicators": build_wdi_indicators(ref),
        "exchange_rates_monthly": build_exchange_rates_monthly(ref),
        "exchange_rates_annual": build_exchange_rates_annual(ref),
        "us_goods_trade_annual": build_us_goods_trade_annual(ref),
        "us_goods_trade_monthly": build_us_goods_trade_monthly(ref),
        "japan_china_trade_annual": build_japan_china_trade_annual(ref),
        "japan_china_trade_monthly": build_japan_china_trade_monthly(ref),
        "aiib_founding_members_2015": build_aiib_founding_members_2015(ref),
        "aiib_prospective_members_2020": build_aiib_prospective_members_2020(ref),
        "aiib_membership_milestones": build_aiib_membership_milestones(ref),
        "trade_agreement_members": build_trade_agreement_members(ref),
        "adb_infrastructure_needs_2017": build_adb_infrastructure_needs_2017(ref),
        "chinese_development_finance_annual": build_chinese_development_finance_annual(ref),
        "japan_population_projection_total": build_japan_population_projection_total(ref),
        "japan_population_projection_age_groups": build_japan_population_projection_age_groups(ref),
    }
    # The book's own compilations, checked against the register, the timeline and the package.
    tables["quoted_figures"] = build_quoted_figures(book)
    tables["essay_claims"] = build_essay_claims(book, datasets)
    tables["essay_expectations"] = build_essay_expectations(
        book, tables["essay_claims"], tables["events"], datasets
    )
    tables["argument_map"] = build_argument_map(
        book, tables["essay_claims"], tables["events"], package
    )
    # The catalogue describes what the two WDI tables above actually hold.
    tables["wdi_indicator_catalogue"] = build_wdi_indicator_catalogue(
        ref, {name: tables[name] for name in ("gdp_core_economies", "wdi_indicators")}
    )
    return tables


def write(tables: dict[str, pd.DataFrame], source: Path, out: Path) -> None:
    """Write the tables to ``out`` with a copy of source/datapackage.json, once every
    table has passed its schema there; if one fails, nothing is written."""
    package = source / PACKAGE
    described = {r["name"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"]}
    if described != set(tables):
        raise ValueError(
            f"{PACKAGE} and the build disagree: described but not built "
            f"{sorted(described - set(tables))}, built but not described "
            f"{sorted(set(tables) - described)}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        shutil.copyfile(package, staging / PACKAGE)
        for name, frame in tables.items():
            write_csv(frame, staging / f"{name}.csv")
            try:
                load(name, staging)
            except DataError as err:
                problem = str(err).replace(f"{staging}{os.sep}", "")
                raise ValueError(
                    f"{name} does not pass its schema in {PACKAGE}: {problem}"
                ) from None
        out.mkdir(parents=True, exist_ok=True)
        for path in staging.iterdir():
            shutil.copyfile(path, out / path.name)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table in the book's CSV conventions (booleans as true/false, no index)."""
    frame = frame.copy()
    for column in frame.select_dtypes(include="bool").columns:
        frame[column] = frame[column].map({True: "true", False: "false"})
    frame.to_csv(path, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=DATA_DIR, help="folder to write to (default: data/)"
    )
    args = parser.parse_args(argv)
    try:
        tables = build(DATA_DIR)
        write(tables, DATA_DIR, args.out)
    except (ValueError, OSError, DataError) as err:
        print(f"Build stopped, no file was written: {err}", file=sys.stderr)
        return 1
    print(f"Wrote to {args.out}:")
    for name, frame in tables.items():
        print(f"  {name}.csv: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
