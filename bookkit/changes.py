"""Changes between two values, in the right unit.

A change in a rate or a share (a growth rate, an inflation rate, a share of world GDP) is
given in percentage points: from 2% to 3% is +1 percentage point, not "+50%". A
percentage change is for levels (GDP in dollars, a population). ``change`` refuses a
percentage change of a rate or share, so a chapter cannot print one by mistake::

    change(2.0, 3.0, "% of GDP", "points")     # 1.0
    change(2.0, 3.0, "% of GDP", "percent")    # ChangeError
    unit_of("gdp_core_economies", "value_usd")  # the unit datapackage.json records
"""

from __future__ import annotations

import re

from bookkit.data import resource

RATE_OR_SHARE = re.compile(r"%|per ?cent|percentage|share|rate", re.IGNORECASE)


class ChangeError(ValueError):
    """A change asked for in a unit that misleads (a percentage change of a rate)."""


def unit_of(dataset: str, field: str) -> str:
    """The unit ``data/datapackage.json`` gives for one field of a dataset."""
    fields = {f["name"]: f for f in resource(dataset)["schema"]["fields"]}
    if field not in fields:
        raise ChangeError(f"{dataset} has no field {field!r}: choose from {', '.join(fields)}.")
    return fields[field].get("unit", "")


def is_rate_or_share(unit: str) -> bool:
    return bool(RATE_OR_SHARE.search(unit))


def change(old: float, new: float, unit: str, how: str) -> float:
    """``new`` minus ``old`` in percentage points (``how="points"``, for rates and shares),
    or as a percentage of ``old`` (``how="percent"``, for levels only)."""
    if how == "points":
        if not is_rate_or_share(unit):
            raise ChangeError(f"Percentage points are for rates and shares; {unit!r} is a level.")
        return new - old
    if how == "percent":
        if is_rate_or_share(unit):
            raise ChangeError(
                f"A percentage change of a rate or share ({unit!r}) misleads: "
                "give the change in percentage points."
            )
        if old == 0:
            raise ChangeError("No percentage change from zero.")
        return 100 * (new - old) / abs(old)
    raise ChangeError(f"how must be 'points' or 'percent', not {how!r}.")
