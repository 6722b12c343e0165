"""Splink's per-level SQL checks, computed once per SQL text instead of once per linker.

Every Splink ``Linker`` builds its comparison levels afresh, and each level parses
its SQL condition with sqlglot to check that it parses
(``ComparisonLevel._validate_sql``, the result thrown away); each EM session
parses every level again to find those that are an exact match
(``ComparisonLevel._is_exact_match``). Both depend on nothing but the condition's
text and the SQL dialect, and a training run builds its linkers from the same model
again and again (FEBRL4: five linkers and two EM sessions, 110 levels each, about a
CPU-second of sqlglot parsing a run). :func:`install` wraps the two so each
(condition, dialect) is parsed once per process: a condition that parses is
remembered as valid, one that does not still raises each time (nothing is
remembered), and the exact-match answer is the one Splink computed the first time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from splink.internals.comparison_level import ComparisonLevel

__all__ = ["install"]

_VALID: set[tuple[str, str]] = set()
_EXACT: dict[tuple[str, str], bool] = {}
_ORIGINAL: dict[str, Any] = {}


def _key(level: ComparisonLevel) -> tuple[str, str]:
    return (str(level.sql_condition), str(level.sqlglot_dialect))


def _validate_sql(level: ComparisonLevel) -> bool:
    key = _key(level)
    if key not in _VALID:
        _ORIGINAL["_validate_sql"](level)
        _VALID.add(key)
    return True


def _is_exact_match(level: ComparisonLevel) -> bool:
    key = _key(level)
    known = _EXACT.get(key)
    if known is None:
        known = _EXACT[key] = bool(_ORIGINAL["_is_exact_match"](level))
    return known


def install() -> None:
    """Wrap Splink's two checks (once; calling again changes nothing; a Splink whose
    checks are no longer a method and a property is left as it is)."""
    validate: Callable[[ComparisonLevel], bool] = ComparisonLevel._validate_sql
    exact = ComparisonLevel._is_exact_match
    if _ORIGINAL or not callable(validate) or not isinstance(exact, property) or not exact.fget:
        return
    _ORIGINAL["_validate_sql"] = validate
    _ORIGINAL["_is_exact_match"] = exact.fget
    ComparisonLevel._validate_sql = _validate_sql
    ComparisonLevel._is_exact_match = property(_is_exact_match)
