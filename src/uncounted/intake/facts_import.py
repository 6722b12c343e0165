"""Importing case facts: checks across the file and the vault, then one atomic write.

A sale or stage must name a victim whose journey is in the file or already in
the vault, and fall inside her time in China (from crossing to exit; open while
she is still held). The first problem raises InputError naming the file, row
and field, before anything is written; the write itself is one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from uncounted.errors import InputError
from uncounted.intake.facts import SCHEMAS, Fact, read_facts
from uncounted.model import Journey, JourneyStage, Transaction, TransactionKind
from uncounted.vault import Vault

ORDER = {name: index for index, name in enumerate(SCHEMAS)}


@dataclass(frozen=True)
class FactsResult:
    """How many objects of each kind an import wrote (an object with a stored id replaces it)."""

    written: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.written.values())


def _journey(victim_id: str | None, journeys: Mapping[str, Journey]) -> Journey:
    journey = journeys.get(victim_id or "")
    if journey is None:
        raise InputError(
            f"unknown victim id {victim_id}: no journey for it in the file or the vault",
            column="victim_id",
        )
    return journey


def _outside(journey: Journey, earliest: date, latest: date) -> bool:
    return latest < journey.crossing_date or (
        journey.exit_date is not None and earliest > journey.exit_date
    )


def _check_sale(sale: Transaction, journeys: Mapping[str, Journey]) -> None:
    journey = _journey(sale.victim_id, journeys)
    if sale.date is None or sale.date.precision == "unknown":
        raise InputError(f"sale {sale.transaction_id} needs a date", column="date")
    earliest = sale.date.earliest or date.min
    latest = sale.date.latest or date.max
    if _outside(journey, earliest, latest):
        raise InputError(
            f"sale {sale.transaction_id} is dated outside its victim's time in China",
            column="date",
        )


def _check_stage(stage: JourneyStage, journeys: Mapping[str, Journey]) -> None:
    journey = _journey(stage.victim_id, journeys)
    if not journey.in_china(stage.start):
        raise InputError(
            f"stage {stage.key} starts outside its victim's time in China", column="start"
        )


def check_facts(facts: Sequence[Fact], stored: Mapping[str, Journey]) -> None:
    """Refuse the first sale or stage with an unknown victim or a date outside her time."""
    journeys = dict(stored)
    journeys.update({f.value.victim_id: f.value for f in facts if isinstance(f.value, Journey)})
    for fact in facts:
        obj = fact.value
        try:
            if isinstance(obj, Transaction) and obj.kind is TransactionKind.SALE:
                _check_sale(obj, journeys)
            elif isinstance(obj, JourneyStage):
                _check_stage(obj, journeys)
        except InputError as error:
            raise error.at(row=fact.row, line=fact.line) from None


def store_facts(vault: Vault, facts: Sequence[Fact]) -> FactsResult:
    """Check ``facts`` against each other and the vault's journeys, then write them at once."""
    unknown = [f for f in facts if type(f.value).__name__ not in SCHEMAS]
    if unknown:
        raise InputError("not a case fact", row=unknown[0].row, column="schema")
    stored = {j.victim_id: j for j in vault.get(Journey)}
    check_facts(facts, stored)
    objects = sorted((f.value for f in facts), key=lambda o: ORDER[type(o).__name__])
    vault.put(objects)
    return FactsResult(dict(Counter(type(o).__name__ for o in objects)))


def store_objects(vault: Vault, objects: Sequence[Any]) -> FactsResult:
    """:func:`store_facts` for objects made in code (rows count from 1 in order)."""
    return store_facts(vault, [Fact(i, i, obj) for i, obj in enumerate(objects, start=1)])


def import_facts(vault: Vault, path: str | Path, *, encoding: str | None = None) -> FactsResult:
    """Read a whole facts file, check it, and store it in one transaction (or nothing)."""
    facts = read_facts(path, encoding=encoding)
    try:
        return store_facts(vault, facts)
    except InputError as error:
        raise error.at(file=str(path)) from None
