"""Splink's level checks, remembered per SQL text, give Splink's own answers."""

from __future__ import annotations

import pytest
from splink.internals.comparison_level import ComparisonLevel
from splink.internals.dialects import SplinkDialect

from uncounted.link import engine  # noqa: F401  (installs the remembered checks)
from uncounted.link.model import settings_for
from uncounted.link.splink_checks import _ORIGINAL, install


def _levels() -> list[ComparisonLevel]:
    settings = settings_for(attributes=("postcode",))
    out = []
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            out.append(ComparisonLevel(sql_dialect=SplinkDialect.from_string("duckdb"), **level))
    return out


def test_remembered_checks_equal_splinks() -> None:
    install()
    assert set(_ORIGINAL) == {"_validate_sql", "_is_exact_match"}
    levels = _levels()
    exact = [level._is_exact_match for level in levels]
    assert exact == [bool(_ORIGINAL["_is_exact_match"](level)) for level in levels]
    assert exact == [level._is_exact_match for level in _levels()]
    assert any(exact) and not all(exact)
    assert all(level._validate_sql() for level in levels)


def test_sql_that_does_not_parse_still_fails_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="Error parsing"):
            ComparisonLevel(
                sql_condition="a_l = = (b_r", sql_dialect=SplinkDialect.from_string("duckdb")
            )
