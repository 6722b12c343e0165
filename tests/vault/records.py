"""Small hand-made records for the storage tests (synthetic; no real person)."""

from __future__ import annotations

from uncounted.model.dates import UncertainDate
from uncounted.model.records import Pathway, Record, Sex

PASSPHRASE = "correct horse battery staple"


def sample_records(count: int = 20, list_name: str = "A") -> list[Record]:
    """``count`` varied synthetic records on list ``list_name``."""
    sexes = list(Sex)
    pathways = list(Pathway)
    dates = [None, UncertainDate.parse("2018"), UncertainDate.parse("2019-05"), None]
    return [
        Record(
            record_id=f"{list_name}-{i:05d}",
            list=list_name,
            name=f"이름{i}" if i % 3 else f"Person {i}",
            aliases=(f"alias {i}",) if i % 2 else (),
            sex=sexes[i % len(sexes)],
            birth_year=1980 + i % 20,
            recorded_on=dates[i % len(dates)],
            origin="Hamgyong" if i % 2 else None,
            pathway=pathways[i % len(pathways)],
            narrative=f"synthetic narrative {i}",
            attributes={"interviewer": f"int-{i % 4}"} if i % 5 else {},
        )
        for i in range(count)
    ]
