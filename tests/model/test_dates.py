"""UncertainDate: parsing, canonical text and the round trip."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncounted.model import UncertainDate


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2018", "year", date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-05", "month", date(2018, 5, 1), date(2018, 5, 31)),
        ("2016-02", "month", date(2016, 2, 1), date(2016, 2, 29)),
        ("2018-05-03", "day", date(2018, 5, 3), date(2018, 5, 3)),
        ("2018/2019", "range", date(2018, 1, 1), date(2019, 12, 31)),
        ("2018-05/2018-09-14", "range", date(2018, 5, 1), date(2018, 9, 14)),
        ("../2019", "range", None, date(2019, 12, 31)),
        ("2017/..", "range", date(2017, 1, 1), None),
        ("", "unknown", None, None),
        ("unknown", "unknown", None, None),
    ],
)
def test_parse(text: str, precision: str, earliest: date | None, latest: date | None) -> None:
    parsed = UncertainDate.parse(text)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)
    assert str(parsed) == ("" if text == "unknown" else text)


@pytest.mark.parametrize(
    "text", ["18", "2018-13", "2018-02-30", "May 2018", "2019/2018", "2018-5-3", "x/2018"]
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        UncertainDate.parse(text)


def test_year() -> None:
    assert UncertainDate.parse("2018-05-03").year == 2018
    assert UncertainDate.parse("2018-02/2018-04").year == 2018
    assert UncertainDate.parse("2018/2019").year is None
    assert UncertainDate.parse("").year is None


def test_inconsistent_bounds_rejected() -> None:
    with pytest.raises(ValueError):
        UncertainDate("day", None, None)
    with pytest.raises(ValueError):
        UncertainDate("unknown", date(2018, 1, 1), None)


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(a=days, b=days)
def test_range_text_round_trips(a: date, b: date) -> None:
    value = UncertainDate("range", min(a, b), max(a, b))
    assert UncertainDate.parse(str(value)) == value


@given(d=days, form=st.sampled_from(["%Y", "%Y-%m", "%Y-%m-%d"]))
def test_point_text_round_trips(d: date, form: str) -> None:
    text = d.strftime(form)
    assert str(UncertainDate.parse(text)) == text
