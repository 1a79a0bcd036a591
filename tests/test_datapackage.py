"""The data package: valid Frictionless, every CSV described, every resource and
field annotated for a teacher, each dataset loadable by the book's loader, every
number with a plausible range that the data keep (per indicator for the WDI
table), and the derived columns consistent with what they are derived from."""

from __future__ import annotations

import json

import pandas as pd
import pycountry
import pytest
from conftest import DATA
from frictionless import Package

from bookkit.data import load

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = PACKAGE["resources"]
NAMES = [r["name"] for r in RESOURCES]

# What a teacher needs to judge every dataset (see the book guide, section 6).
REQUIRED_RESOURCE_KEYS = [
    "title",
    "description",
    "publisher",
    "indicator",
    "units",
    "vintage",
    "licenses",
    "sources",
    "processing",
    "caveats",
    "citation",
    "schema",
]


def test_package_is_valid_frictionless():
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    errors += [error.message for error in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in RESOURCES}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described, (
        f"not described: {on_disk - described}; described but missing: {described - on_disk}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_resource_has_teacher_metadata(name):
    meta = next(r for r in RESOURCES if r["name"] == name)
    missing = [key for key in REQUIRED_RESOURCE_KEYS if not meta.get(key)]
    assert not missing, f"{name} lacks {missing}"
    for licence in meta["licenses"]:
        assert licence.get("name") and licence.get("path") and licence.get("title"), (
            f"{name}: licence needs name, title, path"
        )
    assert meta["citation"].get("short") and meta["citation"].get("full")
    for field in meta["schema"]["fields"]:
        for key in ("type", "description", "unit"):
            assert field.get(key), f"{name}.{field['name']} lacks {key}"


@pytest.mark.parametrize("name", NAMES)
def test_loader_reads_each_dataset(name):
    frame = load(name)
    assert len(frame) > 0
    assert list(frame.columns) == [
        f["name"] for f in next(r for r in RESOURCES if r["name"] == name)["schema"]["fields"]
    ]


def test_economy_type_flags_match_iso_codes():
    """'economy' rows are ISO 3166 countries or the two World Bank exceptions; the rest are
    aggregates."""
    frame = load("gdp_current_usd_all_economies")
    codes = frame.drop_duplicates("economy_code").set_index("economy_code")["economy_type"]
    exceptions = {"XKX", "CHI"}
    for code, kind in codes.items():
        is_economy = code in exceptions or pycountry.countries.get(alpha_3=code) is not None
        assert kind == ("economy" if is_economy else "aggregate"), code
    assert codes["WLD"] == "aggregate" and codes["CHN"] == "economy"


def test_core_gdp_matches_all_economies_file():
    """The two GDP files come from the same WDI release for current US$: they must agree."""
    core = load("gdp_core_economies")
    core = core[core["measure"] == "current_usd"].set_index(["economy_code", "year"])["value_usd"]
    everything = load("gdp_current_usd_all_economies").set_index(["economy_code", "year"])[
        "gdp_current_usd"
    ]
    joined = core.to_frame("core").join(everything.rename("all"), how="left")
    assert joined["all"].notna().all()
    assert (joined["core"] - joined["all"]).abs().max() <= 1


# ---------------------------------------------------------------------------
# Plausible ranges: every number in the package has bounds, and the data keep them
# ---------------------------------------------------------------------------

# Numeric fields that legitimately have no minimum or maximum, each with the reason.
# Keep this list short: a new numeric field needs a range, or a reason here.
UNBOUNDED_NUMERIC_FIELDS = {
    # A row number (declared unique), not a measurement.
    ("events", "event_id"),
    # Mixes 17 indicators with different units and signs (FDI and growth can be
    # negative); each indicator is checked against WDI_PLAUSIBLE_RANGES below.
    ("wdi_indicators", "value"),
    # Exports minus imports: either sign; both parts have a minimum of 0.
    ("us_goods_trade_annual", "us_balance_usd_mn"),
}


def numeric_fields() -> list[tuple[str, dict]]:
    return [
        (meta["name"], field)
        for meta in RESOURCES
        for field in meta["schema"]["fields"]
        if field["type"] in ("integer", "number")
    ]


def out_of_range(values: pd.Series, constraints: dict) -> pd.Series:
    """The values (missing ones aside) that break a field's minimum or maximum."""
    values = pd.to_numeric(values, errors="coerce").dropna()
    bad = pd.Series(False, index=values.index)
    if "minimum" in constraints:
        bad |= values < constraints["minimum"]
    if "maximum" in constraints:
        bad |= values > constraints["maximum"]
    return values[bad]


@pytest.mark.parametrize(
    "name, field", numeric_fields(), ids=lambda x: x if isinstance(x, str) else x["name"]
)
def test_every_numeric_field_has_a_plausible_range(name, field):
    constraints = field.get("constraints", {})
    bounded = "minimum" in constraints or "maximum" in constraints
    if (name, field["name"]) in UNBOUNDED_NUMERIC_FIELDS:
        assert not bounded, (
            f"{name}.{field['name']} has a range now: take it off UNBOUNDED_NUMERIC_FIELDS"
        )
        return
    assert bounded, (
        f"{name}.{field['name']} ({field['unit']}) has no minimum or maximum: add a plausible "
        "range to its "
        "schema in datapackage.json, or list it in UNBOUNDED_NUMERIC_FIELDS with the reason"
    )
    if "minimum" in constraints and "maximum" in constraints:
        assert constraints["minimum"] < constraints["maximum"], (
            f"{name}.{field['name']}: empty range"
        )
    if field["name"] == "year" or field["unit"] == "year":
        assert constraints.get("minimum", 1900) >= 1900 and constraints.get("maximum", 2100) <= 2100


def test_unbounded_allow_list_names_real_fields():
    real = {(name, field["name"]) for name, field in numeric_fields()}
    assert real >= UNBOUNDED_NUMERIC_FIELDS, f"stale entries: {UNBOUNDED_NUMERIC_FIELDS - real}"


@pytest.mark.parametrize("name", NAMES)
def test_data_keep_their_ranges(name):
    """Read with plain pandas (not the loader), so this checks the files themselves."""
    meta = next(r for r in RESOURCES if r["name"] == name)
    frame = pd.read_csv(DATA / meta["path"], dtype=str, keep_default_na=False, na_values=[""])
    for field in meta["schema"]["fields"]:
        if field["type"] in ("integer", "number") and field.get("constraints"):
            bad = out_of_range(frame[field["name"]], field["constraints"])
            assert bad.empty, (
                f"{meta['path']}: {field['name']} out of range on line(s) "
                f"{[i + 2 for i in bad.index[:10]]}: {bad.tolist()[:10]}"
            )


def test_range_check_catches_a_broken_value():
    assert out_of_range(
        pd.Series(["5", "", "101", "-1"]), {"minimum": 0, "maximum": 100}
    ).tolist() == [101, -1]
    assert out_of_range(pd.Series(["0.5"]), {"minimum": 0}).empty


# ---------------------------------------------------------------------------
# wdi_indicators: a plausible range for each indicator
# ---------------------------------------------------------------------------

# (lowest, highest) per indicator, inclusive. The bounds are wide on purpose: they
# catch unit slips (a share stored as a fraction of 100 times too big, levels in
# thousands or in billions, an index in place of a rate, a sign flip), not
# surprising but real values. Indicators in POSITIVE must be strictly above 0.
WDI_PLAUSIBLE_RANGES = {
    # Shares of the population: percentages of a whole.
    "SP.POP.0014.TO.ZS": (0, 100),
    "SP.POP.1564.TO.ZS": (0, 100),
    "SP.POP.65UP.TO.ZS": (0, 100),
    # Dependants per 100 people aged 15-64. 200 would mean that only a third of the
    # population is of working age (ratio = 100 x (100 - s) / s for a share s).
    "SP.POP.DPND": (0, 200),
    # 100 would mean as many people aged 65+ as aged 15-64.
    "SP.POP.DPND.OL": (0, 100),
    # Persons: positive and below ten billion (more than the world has ever had).
    "SP.POP.TOTL": (0, 1e10),
    # Real GDP growth, annual %: -50 to +50 means output halving or rising by half in a
    # year. Real collapses in this selection (China in 1961, Russia in 1992) fit well
    # inside; a level or an index stored as a growth rate does not.
    "NY.GDP.MKTP.KD.ZG": (-50, 50),
    # CPI inflation, annual %: prices halving, up to prices rising 51-fold in a year.
    # Wide enough for the hyperinflations in this selection (Indonesia in the 1960s,
    # Russia in the 1990s), finite so that a price level or a cumulative rate fails.
    "FP.CPI.TOTL.ZG": (-50, 5000),
    # Local currency per US$: positive; the largest here (dong, rupiah) are in the tens
    # of thousands, so 100,000 leaves room without accepting a value in the wrong unit.
    "PA.NUS.FCRF": (0, 1e5),
    # Current US$ per person: positive, below a million.
    "NY.GDP.PCAP.CD": (0, 1e6),
    # % of GDP. Exports and imports are gross flows and can exceed GDP (Singapore's do);
    # 500 % is more than twice the highest in this selection. Trade = exports + imports.
    "NE.EXP.GNFS.ZS": (0, 500),
    "NE.IMP.GNFS.ZS": (0, 500),
    "NE.TRD.GNFS.ZS": (0, 1000),
    # Current US$ flows of one economy or the World: at least 0 and below 1e15, several
    # times world GDP (gdp_core_economies), so values in the wrong unit fail.
    "NE.EXP.GNFS.CD": (0, 1e15),
    "TX.VAL.MRCH.CD.WT": (0, 1e15),
    "TM.VAL.MRCH.CD.WT": (0, 1e15),
    # FDI net inflows (current US$) are negative when investors withdraw more than
    # they put in; +-10 trillion is several times the largest world total in the data.
    "BX.KLT.DINV.CD.WD": (-1e13, 1e13),
}
POSITIVE = {"SP.POP.TOTL", "PA.NUS.FCRF", "NY.GDP.PCAP.CD"}


def implausible_wdi(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of wdi_indicators whose value lies outside its indicator's plausible range."""
    bounds = frame["indicator_code"].map(WDI_PLAUSIBLE_RANGES)
    low = bounds.map(lambda b: b[0] if isinstance(b, tuple) else float("nan"))
    high = bounds.map(lambda b: b[1] if isinstance(b, tuple) else float("nan"))
    value = frame["value"].astype(float)
    bad = ~(
        (value >= low) & (value <= high)
    )  # also true for an unknown indicator or a missing value
    bad |= frame["indicator_code"].isin(POSITIVE) & ~(value > 0)
    return frame[bad]


def test_wdi_plausibility_table_covers_every_indicator():
    frame = load("wdi_indicators")
    schema_enum = next(
        f
        for f in next(r for r in RESOURCES if r["name"] == "wdi_indicators")["schema"]["fields"]
        if f["name"] == "indicator_code"
    )["constraints"]["enum"]
    assert set(frame["indicator_code"]) == set(WDI_PLAUSIBLE_RANGES) == set(schema_enum)
    assert set(WDI_PLAUSIBLE_RANGES) >= POSITIVE


def test_wdi_values_are_plausible():
    bad = implausible_wdi(load("wdi_indicators"))
    assert bad.empty, f"implausible values:\n{bad.head(10).to_string()}"


def test_wdi_plausibility_check_catches_broken_values():
    frame = load("wdi_indicators")
    for indicator, broken in [
        ("SP.POP.65UP.TO.ZS", 120.0),
        ("SP.POP.TOTL", 0.0),
        ("NY.GDP.MKTP.KD.ZG", 250.0),
        ("FP.CPI.TOTL.ZG", -80.0),
        ("PA.NUS.FCRF", -1.0),
        ("BX.KLT.DINV.CD.WD", 5e13),
    ]:
        copy = frame.copy()
        row = copy.index[copy["indicator_code"] == indicator][0]
        copy.loc[row, "value"] = broken
        assert list(implausible_wdi(copy).index) == [row], indicator


def test_wdi_population_shares_add_up_to_100():
    frame = load("wdi_indicators")
    shares = frame[
        frame["indicator_code"].isin(
            ["SP.POP.0014.TO.ZS", "SP.POP.1564.TO.ZS", "SP.POP.65UP.TO.ZS"]
        )
    ]
    totals = shares.groupby(["economy_code", "year"])["value"].agg(["sum", "size"])
    assert (totals["size"] == 3).all()
    assert (totals["sum"] - 100).abs().max() < 0.01


def test_wdi_derived_series_follow_their_formulas():
    frame = load("wdi_indicators")
    assert (frame["derived"] == frame["source_id"].str.contains("_DERIVED")).all()
    wide = frame.pivot(index=["economy_code", "year"], columns="indicator_code", values="value")
    gdp = load("gdp_current_usd_all_economies").set_index(["economy_code", "year"])[
        "gdp_current_usd"
    ]
    checks = {
        "NE.TRD.GNFS.ZS": wide["NE.EXP.GNFS.ZS"] + wide["NE.IMP.GNFS.ZS"],
        "SP.POP.DPND.OL": 100 * wide["SP.POP.65UP.TO.ZS"] / wide["SP.POP.1564.TO.ZS"],
        "NE.EXP.GNFS.CD": wide["NE.EXP.GNFS.ZS"] / 100 * gdp.reindex(wide.index),
    }
    for indicator, expected in checks.items():
        pair = pd.concat([wide[indicator], expected], axis=1, keys=["shipped", "formula"]).dropna(
            subset=["shipped"]
        )
        assert pair["formula"].notna().all(), indicator
        relative = ((pair["shipped"] - pair["formula"]) / pair["formula"]).abs()
        assert relative.max() < 1e-6, (
            f"{indicator} does not follow its formula: {relative.idxmax()}"
        )


def test_wdi_catalogue_matches_the_shipped_series():
    catalogue = load("wdi_indicator_catalogue").set_index(["indicator_code", "source_id"])
    for resource_name in ("wdi_indicators", "gdp_core_economies"):
        frame = load(resource_name)
        counted = frame.groupby(["indicator_code", "source_id"])["year"].agg(["min", "max", "size"])
        rows = catalogue[catalogue["resource"] == resource_name].reindex(counted.index)
        assert rows["n_obs"].tolist() == counted["size"].tolist(), resource_name
        assert rows["first_year"].tolist() == counted["min"].tolist()
        assert rows["last_year"].tolist() == counted["max"].tolist()
    assert len(catalogue) == sum(
        len(load(n).groupby(["indicator_code", "source_id"]))
        for n in ("wdi_indicators", "gdp_core_economies")
    )


def test_monthly_trade_adds_up_to_annual():
    japan_monthly = load("japan_china_trade_monthly")
    sums = japan_monthly.groupby(japan_monthly["month"].dt.year)[
        ["exports_to_china_thousand_jpy", "imports_from_china_thousand_jpy"]
    ].sum()
    annual = load("japan_china_trade_annual").set_index("year")[sums.columns]
    assert sums.equals(annual.rename_axis("month"))

    us_monthly = load("us_goods_trade_monthly")
    us_monthly["year"] = us_monthly["month"].dt.year
    sums = us_monthly.groupby(["partner_code", "year"]).agg(
        exports=("us_exports_usd_mn", "sum"),
        imports=("us_imports_usd_mn", "sum"),
        months=("month", "size"),
    )
    annual = load("us_goods_trade_annual").set_index(["partner_code", "year"]).reindex(sums.index)
    assert (sums["months"] == annual["months_reported"]).all()
    assert (sums["exports"] - annual["us_exports_usd_mn"]).abs().max() < 0.01
    assert (sums["imports"] - annual["us_imports_usd_mn"]).abs().max() < 0.01
