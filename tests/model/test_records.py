"""Record: normalisation, validation naming the field, dict round trip."""

from __future__ import annotations

import pytest

from uncounted.errors import InputError
from uncounted.model import Pathway, Record, Sex, UncertainDate


def _record(**overrides: object) -> Record:
    values: dict[str, object] = {
        "record_id": "R-1",
        "list": "list-a",
        "name": "Synthia Testperson",
        "aliases": ("Test Alias",),
        "sex": Sex.F,
        "birth_year": 1995,
        "recorded_on": UncertainDate.parse("2019-03"),
        "pathway": Pathway.FORCED_MARRIAGE,
        "attributes": {"zeta": "1", "alpha": "2"},
    }
    values.update(overrides)
    return Record(**values)  # type: ignore[arg-type]


def test_normalises_text_and_attributes() -> None:
    record = _record(name="  ", aliases=(" a ", "", "b"), origin=" Hoeryong-fictional ")
    assert record.name is None
    assert record.aliases == ("a", "b")
    assert record.origin == "Hoeryong-fictional"
    assert list(record.attributes) == ["alpha", "zeta"]
    assert record.key == ("list-a", "R-1")


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"record_id": " "}, "record_id"),
        ({"list": ""}, "list"),
        ({"birth_year": 1800}, "birth_year"),
        ({"birth_year_min": 1990, "birth_year_max": 1980}, "birth_year_min"),
        ({"birth_year_min": 1996}, "birth_year"),
        ({"age": 150}, "age"),
    ],
)
def test_validation_names_the_field(overrides: dict[str, object], column: str) -> None:
    with pytest.raises(InputError) as info:
        _record(**overrides)
    assert info.value.column == column


def test_messages_hold_no_values() -> None:
    with pytest.raises(InputError) as info:
        _record(birth_year=1234)
    assert "1234" not in str(info.value)


def test_sex_and_pathway_parse() -> None:
    assert Sex.parse("f") is Sex.F
    assert Sex.parse("") is Sex.UNKNOWN
    assert Pathway.parse("Forced marriage") is Pathway.FORCED_MARRIAGE
    assert Pathway.parse("") is Pathway.UNKNOWN
    with pytest.raises(InputError, match="sex"):
        Sex.parse("female-ish")
    with pytest.raises(InputError, match="pathway"):
        Pathway.parse("labour camp")


def test_dict_round_trip() -> None:
    record = _record(birth_year_min=1990, birth_year_max=1999, age=23, narrative="Synthetic.")
    data = record.to_dict()
    assert list(data)[:2] == ["record_id", "list"]
    assert Record.from_dict(data) == record
    assert hash(Record.from_dict(data)) == hash(record)


def test_from_dict_rejects_bad_types_and_fields() -> None:
    data = _record().to_dict()
    with pytest.raises(InputError) as info:
        Record.from_dict({**data, "age": "23"})
    assert info.value.column == "age"
    with pytest.raises(InputError) as info:
        Record.from_dict({**data, "colour": "x"})
    assert info.value.column == "colour"


def test_attributes_normalised_like_the_readers() -> None:
    record = _record(attributes={" b ": " 2 ", "a": "", "c": "3"})
    assert record.attributes == {"b": "2", "c": "3"}
    with pytest.raises(InputError) as info:
        _record(attributes={" ": "x"})
    assert info.value.column == "attributes"
