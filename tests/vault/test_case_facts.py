"""Case facts (journeys, stages, sales, perpetrators) in the vault, on every backend.

Imported from JSON Lines atomically; bad input names file, row and field and
changes nothing; a victim's dates are sealed on PostgreSQL and in no plaintext
on disk; every write is audited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from uncounted.errors import InputError
from uncounted.intake.facts_import import import_facts
from uncounted.model import Journey, JourneyStage, Perpetrator, Transaction
from uncounted.vault import Vault

from .records import PASSPHRASE

CROSSED = "2016-03-02"
KINDS = (Journey, JourneyStage, Transaction, Perpetrator)


def good_lines() -> list[dict[str, Any]]:
    """Two synthetic victims, one still held, with stages, sales and perpetrators."""
    return [
        {"schema": "Perpetrator", "perpetrator_id": "X1", "role": "broker"},
        {"schema": "Perpetrator", "perpetrator_id": "X2", "role": "brothel_operator",
         "organisation_id": "O1"},
        {"schema": "Journey", "victim_id": "V1", "crossing_date": CROSSED, "lists": ["ngo"],
         "age_at_trafficking": 23, "pathway": "prostitution",
         "first_exploitation_date": "2016-04-20", "exit_type": "escape",
         "exit_date": "2019-08-01"},
        {"schema": "Journey", "victim_id": "V2", "crossing_date": "2017-01-05",
         "lists": ["ngo", "shelter"], "pathway": "forced_marriage"},
        {"schema": "JourneyStage", "victim_id": "V1", "seq": 1, "stage": "transit",
         "start": CROSSED, "end": "2016-04-20", "holder_id": "X1"},
        {"schema": "JourneyStage", "victim_id": "V1", "seq": 2, "stage": "exploitation",
         "start": "2016-04-20", "end": "2019-08-01", "pathway": "prostitution",
         "holder_id": "X2", "units_per_day": 3.5, "unit_price": "180", "currency": "CNY",
         "price_year": 2016},
        {"schema": "Transaction", "transaction_id": "S1", "kind": "sale", "amount": "9000",
         "currency": "CNY", "price_year": 2016, "date": "2016-04-19", "seller_id": "X1",
         "buyer_id": "X2", "victim_id": "V1"},
        {"schema": "Transaction", "transaction_id": "S2", "kind": "sale", "amount": 12000,
         "currency": "CNY", "price_year": 2023, "date": "2023-06", "seller_id": "X1",
         "buyer_id": "X3", "victim_id": "V2"},
    ]  # fmt: skip


def write(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def counts(vault: Vault) -> dict[str, int]:
    return {cls.__name__: vault.count(cls) for cls in KINDS}


def test_import_round_trips_and_is_audited(location: str, tmp_path: Path) -> None:
    path = write(tmp_path / "facts.jsonl", good_lines())
    with Vault.create(location, PASSPHRASE) as vault:
        result = import_facts(vault, path)
        assert result.written == {"Perpetrator": 2, "Journey": 2, "JourneyStage": 2,
                                  "Transaction": 2}  # fmt: skip
        assert import_facts(vault, path).total == 8
        assert counts(vault) == {"Journey": 2, "JourneyStage": 2, "Transaction": 2,
                                 "Perpetrator": 2}  # fmt: skip
        journeys = {j.victim_id: j for j in vault.get(Journey)}
        assert str(journeys["V1"].crossing_date) == CROSSED and journeys["V2"].exit_date is None
        sale = next(t for t in vault.get(Transaction) if t.transaction_id == "S2")
        assert str(sale.amount) == "12000" and str(sale.date) == "2023-06"
        writes = [e for e in vault.audit_entries() if e.action == "write"]
    assert len(writes) == 2
    assert {"Journey:V1", "JourneyStage:V1:2", "Transaction:S1", "Perpetrator:X2"} <= set(
        writes[0].object_ids
    )


BAD = [
    (7, "amount", lambda lines: lines[6].update(amount="-5")),
    (7, "currency", lambda lines: lines[6].pop("currency")),
    (7, "price_year", lambda lines: lines[6].pop("price_year")),
    (7, "date", lambda lines: lines[6].update(date="2019-09-01")),
    (7, "date", lambda lines: lines[6].update(date="2015")),
    (8, "victim_id", lambda lines: lines[7].update(victim_id="V9")),
    (6, "victim_id", lambda lines: lines[5].update(victim_id="V9")),
    (6, "currency", lambda lines: lines[5].pop("currency")),
    (6, "start", lambda lines: lines[5].update(start="2020-01-01", end=None)),
    (3, "age_at_trafficking", lambda lines: lines[2].update(age_at_trafficking="23")),
    (4, "exit_date", lambda lines: lines[3].update(exit_type="rescue")),
    (1, "role", lambda lines: lines[0].update(role="mastermind")),
    (2, "nickname", lambda lines: lines[1].update(nickname="x")),
    (8, "schema", lambda lines: lines[7].update(schema="Sale")),
]


@pytest.mark.parametrize(("row", "field", "spoil"), BAD)
def test_bad_input_is_named_and_changes_nothing(
    location: str, tmp_path: Path, row: int, field: str, spoil: Any
) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        import_facts(vault, write(tmp_path / "first.jsonl", good_lines()[:4]))
        before = counts(vault)
        lines = good_lines()
        spoil(lines)
        path = write(tmp_path / "bad.jsonl", lines)
        with pytest.raises(InputError) as caught:
            import_facts(vault, path)
        assert counts(vault) == before
    error = caught.value
    assert (error.file, error.row, error.column) == (str(path), row, field)
    assert f"file {path}" in error.message and f"row {row}" in error.message


def test_victim_known_from_the_vault(location: str, tmp_path: Path) -> None:
    lines = good_lines()
    with Vault.create(location, PASSPHRASE) as vault:
        import_facts(vault, write(tmp_path / "journeys.jsonl", lines[:4]))
        import_facts(vault, write(tmp_path / "sales.jsonl", lines[4:]))
        assert vault.count(Transaction) == 2


def test_victims_dates_not_in_plaintext(location: str, tmp_path: Path) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        import_facts(vault, write(tmp_path / "facts.jsonl", good_lines()))
        kind = vault.kind
        with vault.engine.connect() as connection:
            rows = connection.execute(text("SELECT coded, identity FROM journeys")).all()
            sales = connection.execute(text("SELECT coded, identity FROM transactions")).all()
    assert all(CROSSED not in row.coded and "2016-04-19" not in row.coded for row in rows + sales)
    if kind == "postgresql":
        assert all(CROSSED.encode() not in bytes(row.identity) for row in rows)
        assert all(b"2016-04-19" not in bytes(row.identity) for row in sales)
    else:
        data = b"".join(p.read_bytes() for p in Path(location).parent.glob("case.vault*"))
        assert CROSSED.encode() not in data and b"2016-04-19" not in data
