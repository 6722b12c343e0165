"""Romanisation against published examples of each system."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncounted.link.names import (
    System,
    compose,
    decompose,
    hanja_for,
    lookup_surname,
    name_hanja,
    pinyin,
    readings_of_pinyin,
    romanise_name,
    south_initial,
    surname_share,
    surnames,
)


# Examples printed in the Revised Romanization rules (Ministry of Culture and
# Tourism, Notice 2000-8, section 3.4: personal names).
@pytest.mark.parametrize(
    ("surname", "given", "expected"),
    [
        ("민", "용하", "Min Yong-ha"),
        ("송", "나리", "Song Na-ri"),
        ("한", "복남", "Han Bok-nam"),
        ("홍", "빛나", "Hong Bit-na"),
    ],
)
def test_revised_romanization_examples(surname: str, given: str, expected: str) -> None:
    assert romanise_name(surname, given, System.RR) == expected
    assert romanise_name(surname, given, System.RR, hyphen=False) == expected.replace("-", "")


# Well-known McCune–Reischauer renderings (e.g. Library of Congress name authority usage).
@pytest.mark.parametrize(
    ("surname", "given", "expected"),
    [
        ("박", "정희", "Pak Chŏng-hŭi"),
        ("이", "승만", "Yi Sŭng-man"),
        ("김", "대중", "Kim Tae-jung"),
    ],
)
def test_mccune_reischauer_examples(surname: str, given: str, expected: str) -> None:
    assert romanise_name(surname, given, System.MR) == expected


# Names as the DPRK's official news agency writes them (1992 system, no diacritics).
@pytest.mark.parametrize(
    ("surname", "given", "expected"),
    [("김", "정은", "Kim Jong Un"), ("리", "설주", "Ri Sol Ju"), ("최", "룡해", "Choe Ryong Hae")],
)
def test_north_korean_examples(surname: str, given: str, expected: str) -> None:
    assert romanise_name(surname, given, System.NK, ascii=True) == expected


def test_north_korean_uses_north_surname_forms() -> None:
    assert romanise_name("이", "순희", System.NK, ascii=True) == "Ri Sun Hui"
    assert romanise_name("임", "영", System.NK, ascii=True) == "Rim Yong"


def test_passport_spellings() -> None:
    assert romanise_name("이", "순희", System.PASSPORT) == "Lee Sun-hee"
    assert romanise_name("박", "정희", System.PASSPORT, hyphen=False) == "Park Junghee"
    assert romanise_name("최", "영수", System.PASSPORT) == "Choi Young-soo"
    assert romanise_name("김", "명희", System.PASSPORT) == "Kim Myung-hee"


def test_hanja_readings_from_unihan() -> None:
    # Unihan kHangul: 金 금/김, 明 명, 姬 희, 李 리 (이 in the South).
    assert "明" in name_hanja("명")
    assert "姬" in name_hanja("희")
    assert "李" in name_hanja("이") and "李" in name_hanja("리")
    assert hanja_for("뷁") is None
    assert pinyin("金明姬", surname=False) == ["jin", "ming", "ji"]
    assert pinyin("朴", surname=True) == ["piao"]
    assert "명" in readings_of_pinyin("ming") and "희" in readings_of_pinyin("ji")


def test_initial_sound_rule() -> None:
    assert [south_initial(s) for s in "리류로녀김"] == ["이", "유", "노", "여", "김"]


def test_surname_table_matches_census_source() -> None:
    # Statistics Korea 2000 census: Kim 9,925,949, Lee 6,796,227, Park 3,895,121 of 45,985,289.
    rows = surnames()
    assert [r.hangul for r in rows[:3]] == ["김", "이", "박"]
    assert rows[0].count_2000 == 9_925_949
    assert surname_share("김") == pytest.approx(9_925_949 / 45_985_289)
    assert lookup_surname("리") is rows[1] and lookup_surname("李") is rows[1]
    assert surname_share("뷁") is None


@given(st.integers(min_value=0xAC00, max_value=0xD7A3))
def test_compose_inverts_decompose(code: int) -> None:
    assert compose(*decompose(chr(code))) == chr(code)


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=3
    )
)
def test_every_system_writes_ascii_letters_for_any_syllables(given_name: str) -> None:
    for system in System:
        text = romanise_name("김", given_name, system, ascii=True)
        assert text.replace(" ", "").replace("-", "").isascii()
        assert text.replace(" ", "").replace("-", "").isalpha()
