"""A small hand-made world of domain objects for storage tests (synthetic)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from uncounted.model import (
    Act,
    Attachment,
    BirthYear,
    ConsentScope,
    ConsentUse,
    Credibility,
    CustodyAction,
    CustodyEvent,
    DocumentationList,
    Event,
    Involvement,
    Location,
    NameKind,
    Organisation,
    Person,
    PersonName,
    Reliability,
    Sex,
    Source,
    SourceKind,
    Transaction,
    TransactionKind,
    UncertainDate,
    statements_of,
)

CONTENT = b"synthetic scanned document bytes"


def small_world(victim_name: str = "김영희", alias: str = "Kim Yong Hui") -> list[Any]:
    """One of each kind, linked by ids; the victim's names are parameters (canaries)."""
    victim = Person(
        "p1",
        names=(PersonName.of(victim_name), PersonName.of(alias, kind=NameKind.ALIAS)),
        sex=Sex.F,
        birth=BirthYear(1994, 1996),
        origin_id="loc1",
    )
    source = Source(
        "s1",
        SourceKind.INTERVIEW,
        list_id="L1",
        interviewer_id="u7",
        date=UncertainDate.parse("2019-05"),
        language="ko",
        reliability=Reliability.B,
        credibility=Credibility.PROBABLY_TRUE,
        consent=ConsentScope(frozenset({ConsentUse.INTERNAL_ANALYSIS})),
    )
    return [
        DocumentationList("L1", description="shelter register"),
        source,
        Location("loc1", "Hyesan", country="KP"),
        Organisation("o1", "brothel", name="Golden Rose"),
        victim,
        Person("p2", names=(PersonName.of("張偉"),), sex=Sex.M),
        Event("e1", UncertainDate.parse("2018/2019"), "loc1"),
        Act("a1", "p1", "sale", UncertainDate.parse("2018-03"), "loc1", event_id="e1"),
        Involvement("a1", "broker", person_id="p2"),
        Involvement("a1", "buyer", degree="direct", organisation_id="o1"),
        Transaction(
            "t1",
            TransactionKind.SALE,
            Decimal("30000"),
            "CNY",
            victim_id="p1",
            act_id="a1",
            date=UncertainDate.parse("2018-03"),
            seller_id="p2",
            buyer_id="o1",
        ),
        Attachment.of("att1", CONTENT, "application/pdf"),
        CustodyEvent("att1", CustodyAction.RECEIVED, "u7", datetime(2019, 5, 2, 9, 30, tzinfo=UTC)),
        *statements_of(victim, "s1"),
    ]
