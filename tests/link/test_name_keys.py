"""Name parsing and comparison keys across scripts and romanisation systems."""

from __future__ import annotations

import itertools

import pytest

from uncounted.link.names import System, romanise_name
from uncounted.link.names.keys import name_keys
from uncounted.link.names.parse import Script, parse_name

# The example of the issue: one woman as five organisations wrote her.
RENDERINGS = [
    "김명희",
    "金明姬",
    "Kim Myŏng-hŭi",
    "Gim Myeong-hui",
    "Kim Myong Hui",
    "KIM, Myong Hui",
    "Myung-hee Kim",
    "Kim Myunghee",
]


@pytest.mark.parametrize("text", RENDERINGS)
def test_renderings_share_the_skeleton_key(text: str) -> None:
    assert name_keys(text).skeleton == name_keys("김명희").skeleton


def test_pinyin_meets_hangul_syllable_by_syllable() -> None:
    hangul = name_keys("김명희").syllables
    chinese = name_keys("Jin Minghui").syllables
    assert len(hangul) == len(chinese)
    assert all(set(h) & set(c) for h, c in zip(hangul, chinese, strict=True))
    other = name_keys("Jin Xiaoyan").syllables
    assert not all(set(h) & set(c) for h, c in zip(hangul, other, strict=True))


def test_north_and_south_surname_forms_meet() -> None:
    keys = {
        name_keys(t).surname
        for t in ["이순희", "리순희", "Ri Sun Hui", "Lee Soon-hee", "Yi Sunhui"]
    }
    assert len(keys) == 1


def test_different_people_get_different_keys() -> None:
    assert name_keys("김명희").skeleton != name_keys("김영희").skeleton
    assert name_keys("김명희").skeleton != name_keys("박명희").skeleton


def test_parse_orders_and_scripts() -> None:
    assert parse_name("KIM, Myong-hui").surname == "KIM"
    assert parse_name("Myung-hee Kim").surname == "Kim"
    assert parse_name("남궁민").surname == "남궁"
    assert parse_name("金明姬").script is Script.HAN
    assert parse_name("").script is Script.EMPTY


def test_unknown_scripts_are_kept_and_compared_as_text() -> None:
    cyrillic = name_keys("Ким Мен Хи")
    assert cyrillic.script is Script.OTHER
    assert cyrillic.full and cyrillic.full == name_keys("ким  мен хи").full
    assert cyrillic.full != name_keys("Ким Ен Хи").full
    mixed = parse_name("김 Myong")
    assert mixed.script is Script.OTHER and mixed.given == ("김 Myong",)


_SYLLABLES = "명희순영정옥미숙자경현은철수진선민성"
_SURNAMES = "김이박최정강조윤장임"


def test_every_system_rendering_keeps_the_key() -> None:
    """Every pair of common given-name syllables, under every surname and system."""
    failures = []
    for index, (first, second) in enumerate(itertools.product(_SYLLABLES, repeat=2)):
        surname = _SURNAMES[index % len(_SURNAMES)]
        expected = name_keys(surname + first + second).skeleton
        for system, hyphen in itertools.product(System, (True, False)):
            latin = romanise_name(surname, first + second, system, ascii=True, hyphen=hyphen)
            if name_keys(latin).skeleton != expected:
                failures.append(latin)
    assert failures == []


def test_hanja_without_a_korean_reading_does_not_break_the_keys() -> None:
    keys = name_keys("金𠀋姬")
    assert keys.surname == "kim" and keys.given.endswith("hi")
