"""The review table: each comparison's weight and level beside the field it weighs."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from uncounted.cli.link import _pair_table
from uncounted.link.frame import birth_year_source, compared_birth_year
from uncounted.link.judgements import Edge
from uncounted.model import Record, UncertainDate


def _render(edge: Edge, records: dict[str, Record]) -> list[str]:
    console = Console(record=True, width=200)
    console.print(_pair_table(edge, records))
    return console.export_text().splitlines()


def _row(lines: list[str], start: str) -> list[str]:
    """The cells of the first table row whose first cell is ``start``."""
    for line in lines:
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if cells and cells[0] == start:
            return cells
    raise AssertionError(f"no row {start!r}")


EDGE = Edge(
    "a:1",
    "b:2",
    0.7,
    1.25,
    False,
    {"surname": 3.0, "given_name": 2.5, "birth_year": 1.0, "tattoo": -0.25},
    None,
    {"surname": "same", "given_name": "same skeleton", "birth_year": "within 1"},
)
RECORDS = {
    "a:1": Record(record_id="1", list="a", name="김명희", birth_year=1990),
    "b:2": Record(
        record_id="2",
        list="b",
        name="Kim Myong Hui",
        age=25,
        recorded_on=UncertainDate.parse("2016-05"),
    ),
}


def test_each_comparison_sits_beside_its_field_with_its_level() -> None:
    lines = _render(EDGE, RECORDS)
    title = "match probability 0.700, match weight +1.25 (not linked by the last run)"
    assert lines[0].strip() == title
    name = _row(lines, "name")
    assert name[1:] == ["김명희", "Kim Myong Hui", "+3.00 surname: same"]
    following = lines[lines.index(next(x for x in lines if "+3.00 surname" in x)) + 1]
    assert "+2.50 given_name: same skeleton" in following
    birth_year = _row(lines, "birth_year")
    assert birth_year[1:] == ["1990", "1991 (age 25 when recorded)", "+1.00 within 1"]
    # a comparison of no shown field gets a row of its own; no level stored, none shown
    assert _row(lines, "tattoo")[-1] == "-0.25"
    # the prior is what the total holds beyond the comparisons
    assert _row(lines, "prior (any two records)")[-1] == "-5.00"
    assert _row(lines, "total match weight")[-1] == "+1.25"


def test_the_compared_birth_year_comes_from_the_record() -> None:
    assert compared_birth_year(Record(record_id="1", list="a", birth_year=1980)) == 1980
    ranged = Record(record_id="1", list="a", birth_year_min=1980, birth_year_max=1985)
    assert compared_birth_year(ranged) == 1982
    assert compared_birth_year(Record(record_id="1", list="a", age=30)) is None


def test_the_compared_birth_year_says_where_it_comes_from() -> None:
    def source(**fields: object) -> tuple[int, str] | None:
        return birth_year_source(Record(record_id="1", list="a", **fields))  # type: ignore[arg-type]

    assert source(birth_year=1980, age=40) == (1980, "noted")
    assert source(birth_year_min=1980, birth_year_max=1985) == (1982, "middle of 1980-1985")
    made = UncertainDate.parse("2016-05")
    assert source(age=25, recorded_on=made) == (1991, "age 25 when recorded")
    assert source(birth_year_max=1985, age=25) == (1985, "bound of a range")
    assert source(age=25) is None


def test_the_title_says_whether_the_last_run_linked_the_pair() -> None:
    title = _render(replace(EDGE, accepted=True), RECORDS)[0].strip()
    assert title.endswith("(linked by the last run)")
