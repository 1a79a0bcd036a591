"""Changes in rates and shares are in percentage points (bookkit.changes)."""

from __future__ import annotations

import pytest

from bookkit.changes import ChangeError, change, is_rate_or_share, unit_of


@pytest.mark.parametrize("unit", ["% of GDP", "% a year", "share of world trade", "percent"])
def test_a_percentage_change_of_a_rate_or_share_is_refused(unit):
    with pytest.raises(ChangeError, match="percentage points"):
        change(2.0, 3.0, unit, "percent")
    assert change(2.0, 3.0, unit, "points") == pytest.approx(1.0)


def test_a_level_changes_in_per_cent_not_points():
    assert change(200.0, 250.0, "current US$", "percent") == pytest.approx(25.0)
    with pytest.raises(ChangeError, match="rates and shares"):
        change(200.0, 250.0, "current US$", "points")
    with pytest.raises(ChangeError, match="from zero"):
        change(0.0, 1.0, "current US$", "percent")


def test_units_come_from_the_data_package():
    assert not is_rate_or_share(unit_of("gdp_core_economies", "value_usd"))
    with pytest.raises(ChangeError, match="no field"):
        unit_of("gdp_core_economies", "no_such_field")


def test_a_share_in_the_data_package_is_recognised():
    unit = unit_of("us_goods_trade_annual", "share_of_us_imports_pct")
    assert is_rate_or_share(unit)
    with pytest.raises(ChangeError):
        change(2.55, 3.77, unit, "percent")
