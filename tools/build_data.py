"""Rebuild the curated CSV files in ``data/`` from the reference extracts.

For maintainers only: the book itself never runs this. It reads the team's
reference extracts (publisher files with provenance notes) and writes tidy CSVs
in the book's own schema. The metadata that describes each file (publisher,
licence, vintage, caveats, field schema) lives in ``data/datapackage.json`` and
is edited by hand; ``tests/test_datapackage.py`` checks that the two agree.

Usage::

    python tools/build_data.py ../shared/reference-data ../shared/research

Each ``build_*`` function returns one DataFrame; ``main`` writes them all.
Output is deterministic: rows sorted, fixed column order, no index; booleans
written true/false; dates ISO YYYY-MM-DD (a month becomes its first day, with a
date_precision column where the precision varies).

Some reference extracts are deliberately not shipped: the CGIT aggregates (all
rights reserved), the Nikkei 225 (redistribution prohibited), IMF WEO data,
and AidData's by-recipient table (AidData's general terms allow only
non-commercial use; only the world totals are shipped, with citation).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import book_compilations as text_of
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


# ---------------------------------------------------------------------------
# World Development Indicators beyond GDP levels
# ---------------------------------------------------------------------------

# GDP levels are shipped in gdp_core_economies; every other WDI series of the
# extract goes to wdi_indicators.
GDP_LEVEL_INDICATORS = ["NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD"]
DERIVED_SOURCE_IDS = {"WDI2026_DERIVED", "WDI2026_DERIVED_AGG_APPROX"}


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
            "derived": raw["source_id"].isin(DERIVED_SOURCE_IDS),
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


# ADB's estimate of what developing Asia was investing in infrastructure when the
# 2017 report was written: the benchmark a "gap" is measured against. It is not in
# the reference extract; the fact-check (research/factcheck.md, claim 64) records it
# as "about US$881bn a year" from the report's launch coverage, and ADB's highlights
# (as reprinted on the day of the launch) give the coverage and price basis.
ADB_CURRENT_INVESTMENT = {
    "estimate": "current investment (ADB estimate)",
    "measure": "per year",
    "value": "0.881",
    "unit": "US$ trillion per year",
    "note": (
        "about US$881 billion a year, for 25 economies with adequate data (96% of developing "
        "Asia's "
        "population), in 2015 prices; ADB highlights of 28 Feb 2017 as reprinted by The Machinist; "
        "IANS/Efe report the same figure"
    ),
    "source_urls": (
        "https://themachinist.in/news/2954/asia-infrastructure-exceed-usd17-trillion/page/4; "
        "https://skylineuniversity.ac.ae/knowledge-update/international-business/asia-needs-26-trillion-in-infrastructure-investments; "
        "https://www.adb.org/letsbuildasia"
    ),
}
ADB_CURRENT_INVESTMENT_IN_FACTCHECK = "current investment at about US$881bn a year"


def build_adb_infrastructure_needs_2017(ref: Path, research: Path) -> pd.DataFrame:
    raw = pd.read_csv(
        ref / "adb_2017_asia_infrastructure_needs.csv", dtype=str, keep_default_na=False
    )
    if not raw["unit"].isin(["US$ trillion", "US$ trillion per year"]).all():
        raise ValueError("adb_2017_asia_infrastructure_needs.csv: unexpected unit")
    if ADB_CURRENT_INVESTMENT_IN_FACTCHECK not in (research / "factcheck.md").read_text(
        encoding="utf-8"
    ):
        raise ValueError(
            "factcheck.md no longer records ADB's current-investment figure: check "
            "ADB_CURRENT_INVESTMENT"
        )
    raw = pd.concat([raw, pd.DataFrame([ADB_CURRENT_INVESTMENT])], ignore_index=True)
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


IPSS_ASSUMPTIONS = ["high", "medium", "low"]


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
# The essay's claims (the claims register), Chapter 6's expectations and
# Chapter 7's argument map: the book's own compilations (CC BY 4.0)
# ---------------------------------------------------------------------------

VERDICTS = ["correct", "imprecise", "misleading", "wrong", "unverified", "opinion"]

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
# A tag in brackets at the end of a fact-check claim ("(Part 1)", "(II)") names its section.
SECTION_TAGS = {
    "Abstract": "Abstract",
    "Part 1": "The Development and Benefits of the Belt and Road",
    "II": "II. The Impact of China-US Relations on Japan",
    "III": "III. An Irresistible Trend of Cooperation",
    "Conclusion": "Conclusion",
}
# Each table of the fact-check (by the start of its heading): the section of an
# untagged claim, or None where every claim must carry a tag.
FACTCHECK_TABLES = {
    "Abstract and Part 1": None,
    "Part 2": "Japan's Changing Position",
    'Part 3, "The Motivation"': "I. Japan's Own Disadvantages",
    "Part 3, II": None,
    '"Future Prospects"': "Future Prospects and Opportunities",
    "Footnotes and references": "Footnotes and references",
}
# The fact-check's compound or qualified verdicts -> (main verdict, note). The
# main verdict is the verdict on the claim as the essay presents it; the rest
# of the fact-check's wording is kept in verdict_note and factcheck_verdict.
COMPOUND_VERDICTS = {
    "opinion / misleading": (
        "opinion",
        "An interpretation presented as fact; it also contradicts the official line the essay "
        "otherwise follows.",
    ),
    "correct for 2010–2022, now out of date": (
        "correct",
        "Correct when the essay was written (2010–2022); out of date since Germany passed Japan "
        "in 2023.",
    ),
    "imprecise (event correct; quotation only partly verified; no citation)": (
        "imprecise",
        "The event is real; the quotation is only partly verified and has no citation.",
    ),
    "opinion / broadly accepted": (
        "opinion",
        "A broadly accepted framing rather than a checkable fact.",
    ),
    "correct (broadly)": ("correct", "Correct in broad terms."),
    "correct in substance, imprecise wording": (
        "imprecise",
        "Right in substance; the wording and the measure are imprecise.",
    ),
    "correct as a summary of the cited source, but one-sided": (
        "correct",
        "A faithful summary of a Chinese source, but one-sided.",
    ),
    "correct as far as found": ("correct", "As far as the sources consulted go."),
    "unverified / vague": ("unverified", "Too vague to check: no agreement is named."),
    "wrong (name)": ("wrong", "A wrong name."),
    "correct per the Chinese readout, incomplete": (
        "correct",
        "Correct as China's readout reports it; incomplete without Japan's account.",
    ),
    "correct per the Chinese readout, one-sided": (
        "correct",
        "Correct as China's readout reports it; one-sided.",
    ),
    "correct (with a nuance)": ("correct", "Correct, with a nuance."),
    "correct (date, place, theme, Fukuda's attendance); sponsor unverified": (
        "correct",
        "The sponsor is unverified.",
    ),
    "unverified / probably misattributed; garbled": (
        "unverified",
        "Probably misattributed, and garbled in translation.",
    ),
    "correct (the date is the Xi meeting; the trip ran longer)": (
        "correct",
        "The date is that of the meeting with Xi; the trip ran longer.",
    ),
    "correct but one-sided": ("correct", "One-sided: China's summary, not a joint text."),
    "correct in substance": ("correct", "Correct in substance."),
    "correct as a quote of the Chinese readout; partly verified word for word": (
        "correct",
        "Correct as a quotation of China's readout; only partly verified word for word.",
    ),
    "correct in substance (Japanese side confirms the trade part)": (
        "correct",
        "Correct in substance; Japan's side confirms the trade points.",
    ),
    "correct in part; needs data": ("imprecise", "Correct in part; the claim needs data."),
    "wrong term": ("wrong", "A wrong term."),
    "needs data / imprecise": ("imprecise", "The claim needs data."),
    "broadly correct / opinion": (
        "correct",
        "The first half is broadly correct; the second half is opinion.",
    ),
    "correct for 2019–2020": ("correct", "Correct for 2019–2020; out of date since 2023."),
    "correct as a list": ("correct", "Correct as a list of issues."),
    "opinion / one-sided": ("opinion", "Also one-sided."),
    "correct (events), incomplete": (
        "correct",
        "The events are correct; the account is incomplete.",
    ),
    "opinion / oversimplified": ("opinion", "Also oversimplified."),
    "wrong name / imprecise": ("wrong", "A wrong name, and imprecise."),
    "needs data": ("unverified", "Asserted without data."),
    "correct (for 2016)": ("correct", "Correct for 2016."),
    "unverified, probably wrong or mis-sourced": (
        "unverified",
        "Probably wrong or mis-sourced: no AIIB source was found.",
    ),
    "opinion (partly supported)": ("opinion", "Partly supported by what Suga said."),
    "correct as the Chinese readout; misleading as presented": (
        "misleading",
        "Correct as China's readout; misleading as the essay presents it, as Japan's position.",
    ),
    "correct (the negotiations are real)": (
        "correct",
        "The negotiations are real, but no agreement has been reached.",
    ),
    "out of date": (
        "opinion",
        "A judgement that the fact-check finds out of date: relations cooled after 2020.",
    ),
    "exists; content matches": (
        "correct",
        "The source exists and matches; the essay translates it closely.",
    ),
    "consistent": ("correct", "Consistent with the source as far as it could be seen."),
    "weakness": ("unverified", "A citation weakness: the essay gives no source for these facts."),
}
URL = re.compile(r"https?://[^\s;|)]+")
NO_SOURCE = {
    "—": "No source found.",
    "(general knowledge)": "General knowledge: not checked against a source.",
    "(no specific source needed; general)": "No specific source: a general framing.",
}


def factcheck_claim_rows(text: str) -> list[dict]:
    """The rows of section 1 of factcheck.md: number, table heading, claim, verdict, note, sources."""
    section = text.split("## 1. Claim-by-claim table", 1)[1].split("\n## ", 1)[0]
    rows, heading = [], None
    for line in section.splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
        match = re.match(r"^\| (\d+) \|", line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) != 5:
                raise ValueError(f"factcheck.md: claim {cells[0]} has {len(cells)} cells, not 5")
            rows.append(
                {
                    "number": int(cells[0]),
                    "table": heading,
                    "claim": cells[1],
                    "verdict": cells[2],
                    "note": cells[3],
                    "sources": cells[4],
                }
            )
    return rows


def factcheck_preferred_citations(text: str) -> dict[str, tuple[str, str]]:
    """Reprint address -> (original publisher and date, preferred citation), from 'Preferred citations'."""
    part = text.split("## Preferred citations", 1)[1]
    table = {}
    for line in part.splitlines():
        if line.startswith("| http"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            table[cells[0]] = (cells[2], cells[3])
    return table


def essay_section(row: dict) -> str:
    default = next(
        (section for start, section in FACTCHECK_TABLES.items() if row["table"].startswith(start)),
        "?",
    )
    if default == "?":
        raise ValueError(f"factcheck.md: unknown table heading {row['table']!r}")
    tag = re.search(r"\(([^()]*)\)\s*$", row["claim"])
    tag = tag.group(1).split(";")[0].strip() if tag else ""
    if tag in SECTION_TAGS:
        return SECTION_TAGS[tag]
    if default is None:
        raise ValueError(f"factcheck.md: claim {row['number']} has no section tag")
    return default


def main_verdict(raw: str) -> tuple[str, str]:
    """(main verdict, note) for a fact-check verdict."""
    if raw in VERDICTS:
        return raw, ""
    if raw not in COMPOUND_VERDICTS:
        raise ValueError(f"factcheck.md: verdict {raw!r} is not mapped to one of {VERDICTS}")
    return COMPOUND_VERDICTS[raw]


def domain(url: str) -> str:
    return re.sub(r"^www\.", "", re.sub(r"^https?://", "", url).split("/")[0].rstrip("."))


# Publishers of the original (non-reprint) pages that the register cites, by
# domain. Reprints are resolved through factcheck.md's "Preferred citations".
PUBLISHERS = {
    "boj.or.jp": "Bank of Japan",
    "europarl.europa.eu": "European Parliament",
    "g8.utoronto.ca": "G7 Information Centre, University of Toronto (text of the G5 announcement)",
    "globaltimes.cn": "Global Times",
    "govinfo.gov": "US Government Publishing Office (Public Papers of the Presidents)",
    "idcpc.org.cn": "International Department of the CPC Central Committee",
    "nber.org": "National Bureau of Economic Research (Frankel, Working Paper 21813)",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "the-independent.com": "Associated Press (via The Independent)",
    "wto.org": "World Trade Organization",
    "adb.org": "Asian Development Bank",
    "aiib.org": "Asian Infrastructure Investment Bank",
    "app.com.pk": "Associated Press of Pakistan",
    "archive.shine.cn": "Shanghai Daily",
    "articles.chicagotribune.com": "Chicago Tribune",
    "asia.nikkei.com": "Nikkei Asia",
    "bostonglobe.com": "The Boston Globe",
    "brijapan.org": "Belt and Road Initiative Japan Research Center",
    "business-standard.com": "Business Standard",
    "businesstimes.com.sg": "The Business Times (Singapore)",
    "china.org.cn": "China.org.cn",
    "chinadaily.com.cn": "China Daily",
    "chinadailyhk.com": "China Daily Hong Kong",
    "covid-19.chinadaily.com.cn": "China Daily",
    "en.people.cn": "People's Daily Online",
    "eng.president.go.kr": "Office of the President, Republic of Korea",
    "english.www.gov.cn": "State Council of the PRC (gov.cn)",
    "fta.mofcom.gov.cn": "Ministry of Commerce of the PRC",
    "global.chinadaily.com.cn": "China Daily",
    "gr.china-embassy.org": "Embassy of the PRC in Greece (PRC Ministry of Foreign Affairs)",
    "ijs.cssn.cn": "Institute of Japanese Studies, Chinese Academy of Social Sciences",
    "in.reuters.com": "Reuters",
    "j.people.com.cn": "People's Daily (Japanese edition)",
    "japan.kantei.go.jp": "Prime Minister of Japan and His Cabinet",
    "japannews.yomiuri.co.jp": "Yomiuri Shimbun (The Japan News)",
    "japantimes.co.jp": "The Japan Times",
    "m.koreaherald.com": "The Korea Herald",
    "mainichi.jp": "Mainichi Shimbun",
    "mfat.govt.nz": "New Zealand Ministry of Foreign Affairs and Trade",
    "mofa.go.jp": "Ministry of Foreign Affairs of Japan",
    "news.abs-cbn.com": "ABS-CBN News",
    "nippon.com": "Jiji Press (via Nippon.com)",
    "reuters.com": "Reuters",
    "sputnikglobe.com": "Sputnik",
    "taylorfrancis.com": "Taylor & Francis (book chapter)",
    "theweek.com": "The Week",
    "usa.chinadaily.com.cn": "China Daily",
    "agenzianova.com": "Agenzia Nova",
    "scmp.com": "South China Morning Post",
    "economic.jp": "Economic News (Japan)",
    "thinkadvisor.com": "ThinkAdvisor",
    "fx-markets.com": "FX Markets",
    "pbs.org": "PBS",
}


def resolve_source(address: str, preferred: dict[str, tuple[str, str]]) -> dict:
    """The publisher, address and note to cite for one address of the fact-check.

    An address listed under "Preferred citations" is a reprint. Its preferred
    citation leads to an original page when the citation's first part gives an
    address and is not a pointer for another purpose ("For the event itself:
    ..."); otherwise only the reprint was seen, and the note names the original
    outlet and date.
    """
    if address in preferred:
        original, citation = preferred[address]
        first_part = citation.split(";")[0]
        better = URL.search(first_part)
        original = original.replace("*", "")
        seen = (
            "an unattributed reprint"
            if original.startswith("Original not identified")
            else "a reprint"
        )
        if better and not first_part.startswith("For ") and better.group(0) not in preferred:
            url = better.group(0)
            return {
                "publisher": publisher_of(url),
                "url": url,
                "original": True,
                "note": f"Original publisher cited; the fact-check saw {seen} ({domain(address)}).",
            }
        outlet = re.sub(r"\s*\([^()]*\)$", "", original.split(";")[0]).strip()
        return {
            "publisher": outlet,
            "url": address,
            "original": False,
            "note": f"Only a reprint was seen ({domain(address)}); original: {original}. "
            f"Preferred citation: {citation.replace('*', '')}.",
        }
    return {"publisher": publisher_of(address), "url": address, "note": "", "original": True}


def publisher_of(url: str) -> str:
    """The publisher of an original page, by its domain (or a parent domain)."""
    name = domain(url)
    return PUBLISHERS.get(name) or next(
        (p for d, p in PUBLISHERS.items() if name.endswith("." + d)), ""
    )


def build_essay_claims(research: Path, essay: Path | None = None) -> pd.DataFrame:
    """The claims register: every claim of factcheck.md's section 1, numbered as there.

    Structure, verdicts and sources come from factcheck.md (and the original
    publishers from its "Preferred citations", else from timeline-verified.csv); what
    each claim says and what is the case come from tools/book_compilations.py,
    in the book's own words. If ``essay`` is given, the build refuses any
    paraphrase that copies eight or more consecutive words of the essay.
    """
    factcheck = (research / "factcheck.md").read_text(encoding="utf-8")
    preferred = factcheck_preferred_citations(factcheck)
    timeline = pd.read_csv(research / "timeline-verified.csv", dtype=str, keep_default_na=False)
    timeline_publishers = dict(zip(timeline["preferred_url"], timeline["publisher"]))
    rows = factcheck_claim_rows(factcheck)
    numbers = [row["number"] for row in rows]
    if numbers != list(range(1, len(rows) + 1)):
        raise ValueError(f"factcheck.md: claim numbers are not 1..{len(rows)} in order")
    if set(numbers) != set(text_of.CLAIM_TEXT):
        raise ValueError(
            f"book_compilations.CLAIM_TEXT does not match the fact-check's claims: "
            f"missing {sorted(set(numbers) - set(text_of.CLAIM_TEXT))}, "
            f"extra {sorted(set(text_of.CLAIM_TEXT) - set(numbers))}"
        )
    out = []
    for row in rows:
        number = row["number"]
        raw_verdict = row["verdict"].replace("**", "").strip()
        verdict, verdict_note = main_verdict(raw_verdict)
        section = essay_section(row)
        claim, case = text_of.CLAIM_TEXT[number]
        sources_cell = row["sources"]
        alias = re.fullmatch(r"\(as in #(\d+)\)", sources_cell)
        if alias:
            sources_cell = rows[int(alias.group(1)) - 1]["sources"]
        addresses = URL.findall(sources_cell)
        resolved = [resolve_source(a, preferred) for a in addresses]
        if number in text_of.CLAIM_SOURCE_CHOICE:
            wanted = text_of.CLAIM_SOURCE_CHOICE[number]
            chosen = next((r for r in resolved if r["url"] == wanted), None)
            if chosen is None and wanted in factcheck:
                # An original page the fact-check names in a note or a preferred citation.
                chosen = {
                    "publisher": publisher_of(wanted),
                    "url": wanted,
                    "original": True,
                    "note": "Original publisher named in the fact-check's notes or preferred "
                    "citations.",
                }
            if chosen is None:
                raise ValueError(f"claim {number}: chosen source {wanted} is not in factcheck.md")
        else:
            # The first address that is (or leads to) an original page, else the first reprint.
            chosen = next((r for r in resolved if r["original"]), resolved[0] if resolved else None)
        if chosen is None:
            if "datasets/gdp" in sources_cell:
                chosen = {
                    "publisher": "World Bank (World Development Indicators)",
                    "url": "https://databank.worldbank.org/source/world-development-indicators",
                    "note": "The fact-check used World Bank GDP data (NY.GDP.MKTP.CD) via the "
                    "datasets/gdp "
                    "repository; the book's own copy is in data/.",
                }
            else:
                chosen = {
                    "publisher": "",
                    "url": "",
                    "note": NO_SOURCE.get(sources_cell, "No source found."),
                }
        if chosen["url"] and not chosen["publisher"]:
            chosen["publisher"] = timeline_publishers.get(chosen["url"], "")
        if chosen["url"] and not chosen["publisher"]:
            raise ValueError(
                f"claim {number}: no publisher known for {chosen['url']}: add its domain to "
                "PUBLISHERS"
            )
        others = [a for a in addresses if a != chosen["url"]]
        out.append(
            {
                "claim_id": number,
                "essay_section": section,
                "chapter": ESSAY_SECTIONS[section],
                "claim": claim,
                "verdict": verdict,
                "verdict_note": verdict_note,
                "factcheck_verdict": raw_verdict,
                "what_is_the_case": case,
                "source_publisher": chosen["publisher"],
                "source_url": chosen["url"],
                "source_note": chosen["note"],
                "other_sources": " ; ".join(others),
                "book_data": "; ".join(text_of.CLAIM_DATA.get(number, ())),
            }
        )
    frame = pd.DataFrame(out)
    originals = {"fact-check": (" ".join(row["claim"] + " " + row["note"] for row in rows), 10)}
    if essay is not None:
        originals["essay"] = (essay.read_text(encoding="utf-8"), 8)
    check_own_words(frame, originals)
    return frame


def check_own_words(claims: pd.DataFrame, originals: dict[str, tuple[str, int]]) -> None:
    """Refuse a paraphrase that copies a run of consecutive words from an original.

    ``originals`` maps a name to (text, run): the essay with runs of eight
    words, the fact-check's own sentences with runs of ten.
    """

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower())

    for name, (text, run) in originals.items():
        theirs = words(text)
        runs = {tuple(theirs[i : i + run]) for i in range(len(theirs) - run + 1)}
        for _, row in claims.iterrows():
            for column in ("claim", "what_is_the_case"):
                mine = words(row[column])
                copied = [
                    " ".join(mine[i : i + run])
                    for i in range(len(mine) - run + 1)
                    if tuple(mine[i : i + run]) in runs
                ]
                if copied:
                    raise ValueError(
                        f"claim {row['claim_id']} ({column}) copies the {name}: {copied[0]!r}"
                    )


def build_essay_expectations(
    claims: pd.DataFrame, events: pd.DataFrame, datasets: set[str]
) -> pd.DataFrame:
    """Chapter 6: the essay's expectations for after 2020 and the book's assessment."""
    rows = []
    for item in text_of.EXPECTATIONS:
        check_references(
            item["expectation_id"],
            [item["claim_id"]],
            item["event_ids"],
            item["datasets"],
            claims,
            events,
            datasets,
        )
        if item["book_assessment"] not in text_of.ASSESSMENTS:
            raise ValueError(
                f"{item['expectation_id']}: unknown assessment {item['book_assessment']!r}"
            )
        rows.append(
            {
                **item,
                "event_ids": "; ".join(map(str, item["event_ids"])),
                "datasets": "; ".join(item["datasets"]),
            }
        )
    return pd.DataFrame(rows)[
        [
            "expectation_id",
            "label",
            "expectation",
            "claim_id",
            "book_assessment",
            "evidence",
            "event_ids",
            "datasets",
        ]
    ]


def check_references(label, claim_ids, event_ids, dataset_names, claims, events, datasets) -> None:
    missing = (
        [f"claim {c}" for c in claim_ids if c is not None and c not in set(claims["claim_id"])]
        + [f"event {e}" for e in event_ids if e is not None and e not in set(events["event_id"])]
        + [f"dataset {d}" for d in dataset_names if d and d not in datasets]
    )
    if missing:
        raise ValueError(f"{label}: refers to {', '.join(missing)}, which do not exist")


def build_argument_map(claims: pd.DataFrame, events: pd.DataFrame, package: dict) -> pd.DataFrame:
    """Chapter 7: the main claims of the essay's conclusion and the evidence for and against each.

    Each evidence item is cited to its event's original publisher, else to the
    dataset's publisher, else to the register's source for its claim.
    """
    resources = {r["name"]: r for r in package["resources"]}
    events = events.set_index("event_id")
    register = claims.set_index("claim_id")
    rows = []
    for key, evidence_id, label, stance, chapter, claim_id, event_id, dataset in text_of.EVIDENCE:
        check_references(
            evidence_id,
            [claim_id],
            [event_id],
            [dataset],
            claims,
            events.reset_index(),
            set(resources),
        )
        if (
            key not in text_of.MAIN_CLAIMS
            or stance not in ("for", "against")
            or not 1 <= chapter <= 7
        ):
            raise ValueError(f"{evidence_id}: bad claim key, stance or chapter")
        if event_id is not None:
            publisher, url = events.loc[event_id, "publisher"], events.loc[event_id, "url"]
        elif dataset:
            publisher, url = (
                resources[dataset]["publisher"],
                resources[dataset]["sources"][0]["path"],
            )
        else:
            publisher, url = (
                register.loc[claim_id, "source_publisher"],
                register.loc[claim_id, "source_url"],
            )
        if not url:
            # Evidence of absence: the register records that no source was given or found.
            publisher, url = (
                f"Book claims register (claim {claim_id}: "
                f"{register.loc[claim_id, 'source_note'].rstrip('.').lower()})",
                "essay_claims.csv",
            )
        claim_label, motivation = text_of.MAIN_CLAIMS[key]
        rows.append(
            {
                "claim_key": key,
                "claim": claim_label,
                "motivation": motivation,
                "evidence_id": evidence_id,
                "evidence": label,
                "stance": stance,
                "chapter": chapter,
                "claim_id": claim_id,
                "event_id": event_id,
                "event_date": events.loc[event_id, "date"] if event_id is not None else "",
                "dataset": dataset,
                "source_publisher": publisher,
                "source_url": url,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("claim_id", "event_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def main(ref: Path, research: Path) -> None:
    tables = {
        "gdp_current_usd_all_economies": build_gdp_current_all(ref),
        "gdp_core_economies": build_gdp_core(ref),
        "bri_cooperation_documents": build_bri_cooperation_documents(ref),
        "events": build_events(research),
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
        "adb_infrastructure_needs_2017": build_adb_infrastructure_needs_2017(ref, research),
        "chinese_development_finance_annual": build_chinese_development_finance_annual(ref),
        "japan_population_projection_total": build_japan_population_projection_total(ref),
        "japan_population_projection_age_groups": build_japan_population_projection_age_groups(ref),
    }
    # The book's own compilations, checked against the register, the timeline and the package.
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    tables["essay_claims"] = build_essay_claims(research, research.parent / "essay" / "essay.md")
    tables["essay_expectations"] = build_essay_expectations(
        tables["essay_claims"], tables["events"], {r["name"] for r in package["resources"]}
    )
    tables["argument_map"] = build_argument_map(tables["essay_claims"], tables["events"], package)
    # The catalogue describes what the two WDI tables above actually hold.
    tables["wdi_indicator_catalogue"] = build_wdi_indicator_catalogue(
        ref, {name: tables[name] for name in ("gdp_core_economies", "wdi_indicators")}
    )
    for name, frame in tables.items():
        path = DATA_DIR / f"{name}.csv"
        write_csv(frame, path)
        print(f"wrote {path.relative_to(DATA_DIR.parent)}: {len(frame)} rows")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table in the book's CSV conventions (booleans as true/false, no index)."""
    frame = frame.copy()
    for column in frame.columns[frame.dtypes == bool]:
        frame[column] = frame[column].map({True: "true", False: "false"})
    frame.to_csv(path, index=False, lineterminator="\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
