"""Reading case-facts JSON Lines line by line: types, required fields, amounts (no vault)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from uncounted.errors import InputError
from uncounted.intake.facts import is_facts_file, read_facts, write_facts
from uncounted.model import Journey, JourneyStage, Record, Transaction

SALE = {"schema": "Transaction", "transaction_id": "S1", "kind": "sale", "amount": "900",
        "currency": "CNY", "price_year": 2016, "date": "2016-04", "victim_id": "V1"}  # fmt: skip
STAGE = {"schema": "JourneyStage", "victim_id": "V1", "seq": 1, "stage": "exploitation",
         "start": "2016-04-20", "unit_price": "180", "currency": "CNY", "price_year": 2016,
         "units_per_day": 3}  # fmt: skip


def write(path: Path, lines: list[Any]) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"amount": True}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"amount": -3}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": None}, "currency"),
        ({"price_year": None}, "price_year"),
        ({"price_year": "2016"}, "price_year"),
        ({"date": 2016}, "date"),
        ({"date": "2016-13"}, "date"),
        ({"kind": "gift"}, "kind"),
        ({"victim_id": "V 1"}, "victim_id"),
    ],
)
def test_bad_sale_fields_are_named(tmp_path: Path, change: dict[str, Any], column: str) -> None:
    path = write(tmp_path / "f.jsonl", [STAGE, "", {**SALE, **change}])
    with pytest.raises(InputError) as caught:
        read_facts(path)
    assert (caught.value.file, caught.value.row, caught.value.line) == (str(path), 2, 3)
    assert caught.value.column == column


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"unit_price": "-1"}, "unit_price"),
        ({"currency": None}, "currency"),
        ({"price_year": None}, "price_year"),
        ({"units_per_day": -1}, "units_per_day"),
        ({"end": "2016-01-01"}, "end"),
        ({"stage": "resting"}, "stage"),
        ({"seq": 0}, "seq"),
    ],
)
def test_bad_stage_fields_are_named(tmp_path: Path, change: dict[str, Any], column: str) -> None:
    path = write(tmp_path / "f.jsonl", [{**STAGE, **change}])
    with pytest.raises(InputError) as caught:
        read_facts(path)
    assert (caught.value.row, caught.value.column) == (1, column)


def test_not_json_and_lists_that_are_not_lists(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_facts(write(tmp_path / "a.jsonl", [SALE, "{not json"]))
    assert caught.value.row == 2
    journey = {"schema": "Journey", "victim_id": "V1", "crossing_date": "2016-03-01"}
    with pytest.raises(InputError) as caught:
        read_facts(write(tmp_path / "b.jsonl", [{**journey, "lists": "ngo"}]))
    assert caught.value.column == "lists"


def test_amounts_keep_their_digits_and_objects_round_trip(tmp_path: Path) -> None:
    journey = {
        "schema": "Journey",
        "victim_id": "V1",
        "crossing_date": "2016-03-01",
        "lists": ["NGO interviews"],
        "exit_type": "death",
        "exit_date": "2018-01-02",
    }
    path = write(tmp_path / "a.jsonl", [{**SALE, "amount": 0.1}, STAGE, journey])
    objects = [fact.value for fact in read_facts(path)]
    assert isinstance(objects[0], Transaction) and objects[0].amount == Decimal("0.1")
    assert isinstance(objects[1], JourneyStage) and objects[1].units_per_day == 3.0
    assert isinstance(objects[2], Journey) and objects[2].lists == ("NGO interviews",)
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        assert write_facts(objects, handle) == 3
    assert [fact.value for fact in read_facts(out)] == objects
    assert is_facts_file(out)


def test_records_jsonl_is_not_a_facts_file(tmp_path: Path) -> None:
    record = Record(record_id="r1", list="ngo", name="synthetic")
    path = write(tmp_path / "records.jsonl", [record.to_dict()])
    assert not is_facts_file(path)
    assert not is_facts_file(write(tmp_path / "facts.csv", ["schema,x"]))
