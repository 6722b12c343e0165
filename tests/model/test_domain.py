"""The domain classes: validation names the field; provenance as statements."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from uncounted.errors import InputError
from uncounted.model import (
    Act,
    Attachment,
    BirthYear,
    ConsentScope,
    ConsentUse,
    CustodyEvent,
    Involvement,
    Location,
    NameKind,
    Organisation,
    Person,
    PersonName,
    Script,
    Source,
    SourceKind,
    Statement,
    Transaction,
    UncertainDate,
    check_provenance,
    statements_of,
)
from uncounted.model.names import detect_script
from uncounted.model.statements import by_property


def test_scripts_detected_and_checked() -> None:
    assert detect_script("테스트 가나") is Script.HANGUL
    assert detect_script("测试甲") is Script.HAN
    assert detect_script("Testa Ga-na") is Script.LATIN
    assert detect_script("테스트 Test") is Script.OTHER
    name = PersonName.of("Teseuteu Gana", system="revised_romanization")
    assert name.script is Script.LATIN
    with pytest.raises(InputError) as info:
        PersonName("Testa", Script.HANGUL)
    assert info.value.column == "script"
    with pytest.raises(InputError) as info:
        PersonName("테스트", Script.HANGUL, system="hanyu_pinyin")
    assert info.value.column == "system"
    with pytest.raises(InputError):
        PersonName("Testa", Script.LATIN, system="klingon")


def test_person_names_and_birth() -> None:
    person = Person(
        "P-1",
        names=(
            PersonName.of("테스트 가나"),
            PersonName.of("测试甲"),
            PersonName.of("Sunny Test", kind=NameKind.IMPOSED),
        ),
        sex="F",  # type: ignore[arg-type]
        birth=BirthYear(1990, 1994),
    )
    assert [n.script for n in person.primary_names] == [Script.HANGUL, Script.HAN]
    assert len(person.aliases) == 1
    assert person.birth is not None and person.birth.year is None
    assert str(person.birth) == "1990/1994" and str(BirthYear.exact(1990)) == "1990"
    with pytest.raises(InputError) as info:
        BirthYear(1995, 1990)
    assert info.value.column == "birth_year"
    with pytest.raises(InputError) as info:
        Person("P 1")
    assert info.value.column == "person_id"


def test_source_grading_and_consent() -> None:
    consent = ConsentScope(
        frozenset({ConsentUse.INTERNAL_ANALYSIS, ConsentUse.SHARING_WITH_NAMED_BODIES}),
        named_bodies=("un-coi",),
    )
    source = Source("S-1", SourceKind.INTERVIEW, list_id="L-1", interviewer_id="staff-7",
                    date=UncertainDate.parse("2019-04"), language="ko", reliability="B",  # type: ignore[arg-type]
                    credibility=2, consent=consent)  # type: ignore[arg-type]  # fmt: skip
    assert source.grading == "B2"
    assert consent.allows(ConsentUse.SHARING_WITH_NAMED_BODIES, "un-coi")
    assert not consent.allows(ConsentUse.SHARING_WITH_NAMED_BODIES, "press")
    assert not consent.allows(ConsentUse.ANONYMISED_PUBLICATION)
    with pytest.raises(InputError) as info:
        Source("S-2", SourceKind.DOCUMENT, reliability="G")  # type: ignore[arg-type]
    assert info.value.column == "reliability"
    with pytest.raises(InputError) as info:
        Source("S-2", SourceKind.DOCUMENT, credibility=7)  # type: ignore[arg-type]
    assert info.value.column == "credibility"
    with pytest.raises(InputError) as info:
        ConsentScope(frozenset({ConsentUse.SHARING_WITH_NAMED_BODIES}))
    assert info.value.column == "named_bodies"


def test_acts_and_involvements() -> None:
    act = Act("A-1", "P-1", "sale", means_of_control=("debt_bondage", "debt_bondage"))
    assert act.means_of_control == ("debt_bondage",)
    assert act.stage == "transit"
    with pytest.raises(InputError) as info:
        Act("A-2", "P-1", "teleportation")
    assert info.value.column == "act_type"
    Involvement("A-1", "seller", person_id="P-9")
    Involvement("A-1", "brothel_operator", "facilitated", organisation_id="O-1")
    with pytest.raises(InputError) as info:
        Involvement("A-1", "seller", person_id="P-9", organisation_id="O-1")
    assert info.value.column == "person_id"
    with pytest.raises(InputError) as info:
        Involvement("A-1", "seller", "somewhat", person_id="P-9")
    assert info.value.column == "degree"
    with pytest.raises(InputError):
        Organisation("O-2", "space_station")
    with pytest.raises(InputError) as info:
        Location("L-1", "Test Town", country="china")
    assert info.value.column == "country"


def test_transactions() -> None:
    sale = Transaction("T-1", "sale", "30000", "CNY", date=UncertainDate.parse("2015-06"),  # type: ignore[arg-type]
                       victim_id="P-1", seller_id="P-9", buyer_id="P-8")  # fmt: skip
    assert sale.amount == Decimal(30000) and sale.price_year == 2015
    for bad, column in (("-5", "amount"), ("NaN", "amount"), ("lots", "amount")):
        with pytest.raises(InputError) as info:
            Transaction("T-2", "payment", bad, "CNY")  # type: ignore[arg-type]
        assert info.value.column == column
    with pytest.raises(InputError) as info:
        Transaction("T-3", "payment", Decimal(1), "XYZ")  # type: ignore[arg-type]
    assert info.value.column == "currency"
    with pytest.raises(InputError) as info:
        Transaction("T-4", "sale", Decimal(1), "CNY")  # type: ignore[arg-type]
    assert info.value.column == "victim_id"


def test_attachments_and_custody() -> None:
    content = b"synthetic evidence file"
    attachment = Attachment.of("F-1", content, "application/pdf")
    # SHA-256 of b"synthetic evidence file", computed independently with `sha256sum`.
    expected = "a5f201bedf3dac6d7450f8887ac8a6dfe9a01d8dcaa511501b35f90194f55958"
    assert attachment.sha256 == expected
    assert attachment.matches(content) and not attachment.matches(content + b"!")
    with pytest.raises(InputError) as info:
        Attachment("F-2", "abc", "application/pdf", 3)
    assert info.value.column == "sha256"
    with pytest.raises(InputError) as info:
        CustodyEvent("F-1", "received", "staff-7", datetime(2020, 1, 1))  # type: ignore[arg-type]
    assert info.value.column == "at"
    CustodyEvent("F-1", "received", "staff-7", datetime(2020, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]


def test_statements_carry_provenance() -> None:
    act = Act("A-1", "P-1", "forced_marriage", date=UncertainDate.parse("2016"),
              means_of_control=("threat_of_repatriation", "confinement"))  # fmt: skip
    statements = statements_of(act, "S-1")
    props = {(s.prop, s.value) for s in statements}
    assert ("act_type", "forced_marriage") in props and ("date", "2016") in props
    assert ("means_of_control", "confinement") in props
    assert all(s.entity_id == "A-1" and s.schema == "Act" for s in statements)
    check_provenance(statements, {"S-1": object()})
    with pytest.raises(InputError) as info:
        check_provenance([*statements, Statement("A-1", "Act", "date", "2017", "S-404")],
                         {"S-1": object()})  # fmt: skip
    assert (info.value.row, info.value.column) == (len(statements) + 1, "source_id")
    later = Act("A-1", "P-1", "forced_marriage", date=UncertainDate.parse("2017"))
    other = statements_of(later, "S-2")
    table = by_property([*statements, *other])
    assert table[("A-1", "date")] == {"2016": {"S-1"}, "2017": {"S-2"}}
    assert table[("A-1", "act_type")] == {"forced_marriage": {"S-1", "S-2"}}
