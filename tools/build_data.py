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
    merged = raw.merge(counted, on=["indicator_code", "source_id"], how="inner", suffixes=("_ref", ""))
    if len(merged) != len(counted):
        raise ValueError("wdi_indicator_catalogue: a shipped indicator/source has no catalogue row")
    in_wdi = merged["resource"] == "wdi_indicators"
    for column in ["first_year", "last_year", "n_obs"]:
        differs = in_wdi & (merged[column].astype(int) != merged[f"{column}_ref"].astype(int))
        if differs.any():
            raise ValueError(f"wdi_indicator_catalogue: {column} disagrees with the reference catalogue "
                             f"for {merged.loc[differs, 'indicator_code'].tolist()}")
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
    raw = pd.read_csv(ref / "us_goods_trade_china_japan_korea_census_monthly.csv", dtype={"month": str})
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
            "exports_to_china_thousand_jpy": raw["japan_exports_to_china_thousand_jpy"].astype("int64"),
            "imports_from_china_thousand_jpy": raw["japan_imports_from_china_thousand_jpy"].astype("int64"),
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
            "exports_to_china_thousand_jpy": raw["japan_exports_to_china_thousand_jpy"].astype("int64"),
            "imports_from_china_thousand_jpy": raw["japan_imports_from_china_thousand_jpy"].astype("int64"),
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
    raw = pd.read_csv(ref / "aiib_prospective_founding_members_2015.csv", dtype=str, keep_default_na=False)
    if not true_false(raw["prospective_founding_member_2015"]).all():
        raise ValueError("aiib_prospective_founding_members_2015.csv: a row is not a founding member")
    out = pd.DataFrame(
        {
            "economy_code": raw["country_code"],
            "economy": short_name(raw["country_code"], raw["country"]),
            "signed_at_2015_06_29": true_false(raw["signed_articles_at_2015_06_29_ceremony"]),
            "not_yet_member_at_2020_03_31": true_false(raw["prospective_not_yet_member_at_2020_03_31"]),
            "sources": raw["sources"],
        }
    )
    return out.sort_values("economy_code").reset_index(drop=True)


def build_aiib_prospective_members_2020(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "aiib_prospective_members_2020_03_31.csv", dtype=str, keep_default_na=False)
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
    counts = {c: pd.to_numeric(raw[c].replace("", None)).astype("Int64") for c in
              ["approved_membership_total", "members", "prospective_members", "signatories"]}
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
    raw = pd.read_csv(ref / "trade_agreement_members_rcep_cptpp_tpp.csv", dtype=str, keep_default_na=False)
    never = raw["entry_into_force"] == "never entered into force"
    status = pd.Series("in force", index=raw.index).where(raw["entry_into_force"] != "", "date not found")
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
        "about US$881 billion a year, for 25 economies with adequate data (96% of developing Asia's "
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
    raw = pd.read_csv(ref / "adb_2017_asia_infrastructure_needs.csv", dtype=str, keep_default_na=False)
    if not raw["unit"].isin(["US$ trillion", "US$ trillion per year"]).all():
        raise ValueError("adb_2017_asia_infrastructure_needs.csv: unexpected unit")
    if ADB_CURRENT_INVESTMENT_IN_FACTCHECK not in (research / "factcheck.md").read_text(encoding="utf-8"):
        raise ValueError("factcheck.md no longer records ADB's current-investment figure: check ADB_CURRENT_INVESTMENT")
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
    return out.sort_values(["fertility_assumption", "mortality_assumption", "year"]).reset_index(drop=True)


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
