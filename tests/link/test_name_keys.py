"""Name parsing and comparison keys across scripts and romanisation systems."""

from __future__ import annotations

import itertools

import pytest

from uncounted.link.frame import linkage_frame
from uncounted.link.names import System, romanise_name
from uncounted.link.names.hanja import likely_readings
from uncounted.link.names.keys import (
    diagonal,
    name_block_keys,
    name_keys,
    ranked_product,
    reordered_keys,
)
from uncounted.link.names.parse import Script, parse_name
from uncounted.model import Record

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


def test_two_latin_words_have_a_reading_in_the_other_order() -> None:
    # Both words are surnames (Han 한, Seo 서): the parser takes one order, the
    # other reading gives 서한 written surname last.
    other = reordered_keys("Han Seo")
    assert other is not None and other.skeleton == name_keys("서한").skeleton
    assert name_keys("Han Seo").skeleton != name_keys("서한").skeleton
    assert reordered_keys("Kim Myong Hui") is None and reordered_keys("서한") is None


def test_census_pinyin_surname_reads_as_the_census_surname() -> None:
    # 金 Jin is 김 (21.6 % of the 2000 census), not the RR spelling of 진.
    assert name_keys("Jin Xijiang").surname == name_keys("김습강").surname
    assert parse_name("Zheng Yi").surname == "Zheng"
    assert name_keys("Zheng Yi").surname == name_keys("정의").surname


def test_pinyin_guesses_are_kept_apart_from_direct_readings() -> None:
    fuyi, shuyu = name_keys("Jin Fuyi"), name_keys("Jin Shuyu")
    # Their pinyin guesses overlap (福 fu / 淑 shu both have readings in common
    # skeletons), but what each name itself spells does not.
    assert any(set(a) & set(b) for a, b in zip(fuyi.syllables, shuyu.syllables, strict=True))
    assert not set(fuyi.direct_syllables[1]) & set(shuyu.direct_syllables[1])
    hangul = name_keys("김명희")
    assert hangul.direct_syllables == hangul.syllables == hangul.likely_syllables
    likely = name_keys("Jin Minghui").likely_syllables
    assert all(set(h) & set(c) for h, c in zip(hangul.syllables, likely, strict=True))


def test_likely_pinyin_readings_are_a_subset() -> None:
    keys = name_keys("Li Fu")
    for every, likely in zip(keys.syllables, keys.likely_syllables, strict=True):
        assert set(likely) <= set(every)
    assert len(keys.likely_syllables[1]) < len(keys.syllables[1])


def test_likely_readings_are_ranked_by_their_unihan_counts() -> None:
    # data/pinyin_readings.tsv (Unihan kHangul, pypinyin): of the name Hanja read ji,
    # 36 read 기, 11 제, 10 계, 10 급, 8 적. A quarter of the likeliest (9) keeps the
    # three close behind 기, which a fixed share of a tenth (11.7 of 117) cut off.
    assert likely_readings("ji", 0.25) == ("기", "제", "계", "급")
    assert likely_readings("ji", 0.3) == ("기", "제")
    assert likely_readings("ming", 0.25) == ("명",)
    assert likely_readings("not pinyin", 0.25) == ()
    jiji = name_keys("Kim Jiji").likely_syllables
    assert {"ki", "ce", "kye", "kop"} <= set(jiji[1])
    assert "cok" not in jiji[1]


def test_block_keys_take_the_likeliest_pairs_first() -> None:
    # Ranks summed: every surname reading meets the first given-name readings
    # before any meets a tenth one (a plain product cut at 4 would never reach "b").
    pairs = diagonal(("a", "b"), tuple("0123456789"), 4)
    assert pairs == [("a", "0"), ("a", "1"), ("b", "0"), ("a", "2")]


def test_aliases_and_the_other_word_order_give_block_keys() -> None:
    # A renamed woman whose old name is kept as an alias meets the records of
    # her old name through the blocking keys, not only through exact equality.
    record = Record(list="a", record_id="1", name="김순자", aliases=("Jin Minghui",))
    keys = linkage_frame([record])["block_keys"][0]
    assert "kim|sun" in keys or "kim|son" in keys
    assert "kim|mink" in keys
    swapped = linkage_frame([Record(list="a", record_id="2", name="Han Seo")])["block_keys"][0]
    assert "so|han" in swapped and "han|so" in swapped


def test_a_surname_no_table_spells_reads_as_a_known_one_a_letter_longer() -> None:
    # "Zheg" is no surname spelling; Zheng (鄭, pinyin) and Kwon (권) a letter longer are.
    assert name_keys("정정연").syllables[0][0] in name_keys("Zheg Qingyan").syllables[0]
    assert name_keys("권일귀").syllables[0][0] in name_keys("Kwo Il Kwi").syllables[0]
    # A known spelling gets no such guesses.
    assert name_keys("Kim Il").syllables[0] == ("kim",)


def test_detect_script_ascii_shortcut_agrees_with_the_letter_tests() -> None:
    """Names of ASCII letters take a shortcut to Latin; the per-letter tests agree."""
    import string

    from uncounted.link.names.hangul import is_syllable
    from uncounted.link.names.hanja import is_han
    from uncounted.link.names.parse import Script, _is_latin_letter, detect_script

    def by_letters(text: str) -> Script:
        letters = [c for c in text if c.isalpha()]
        if not letters:
            return Script.EMPTY if not text.strip() else Script.OTHER
        tests = (
            (Script.HANGUL, is_syllable),
            (Script.HAN, is_han),
            (Script.LATIN, _is_latin_letter),
        )
        for script, test in tests:
            if all(test(c) for c in letters):
                return script
        return Script.OTHER

    texts = [
        *string.ascii_letters,
        "SMITH, john",
        "O'Neil-Kim",
        "Kim Myŏng-hŭi",
        "김명희",
        "金明姬",
    ]
    texts += ["Kim 명희", "Иван", "  ", "1234", "Müller", "Ｋｉｍ", "ß", "Jin Minghui"]
    for text in texts:
        assert detect_script(text) == by_letters(text), text


def test_a_pinyin_only_first_word_stays_the_surname() -> None:
    # One pinyin syllable no Korean romanisation writes, written first: Chinese order.
    assert parse_name("Pei Yu").surname == "Pei"
    assert parse_name("Xue Lie").surname == "Xue"
    assert parse_name("Xian Zheng").surname == "Xian"
    # Written last it says nothing; a Korean spelling first still yields to a table surname.
    assert parse_name("Jing Qi").surname == "Jing"
    assert parse_name("Hui Kim").surname == "Kim"


def test_name_block_keys_meet_where_the_full_name_skeletons_do_not() -> None:
    # The pinyin of 朴體木 read back syllable by syllable: pak|ce|mok among its options.
    pinyin, hangul = name_keys("Piao Dimu"), name_keys("박체목")
    assert pinyin.skeleton != hangul.skeleton
    assert name_block_keys(hangul, 32) == ["pak|ce|mok"]
    assert "pak|ce|mok" in name_block_keys(pinyin, 32)
    assert name_block_keys(name_keys("김태"), 32) == []


def test_ranked_product_goes_by_the_sum_of_ranks() -> None:
    options = (("a", "b"), ("0", "1", "2"), ("x", "y"))
    assert ranked_product(options, 4) == [
        ("a", "0", "x"),
        ("a", "0", "y"),
        ("a", "1", "x"),
        ("b", "0", "x"),
    ]
    assert len(ranked_product(options, 100)) == 12


def test_diagonal_is_the_product_sorted_by_rank_sum() -> None:
    # The definition, by sorting the whole product (as diagonal once computed it).
    for sizes in itertools.product(range(4), range(1, 20, 3), (1, 4, 32, 40)):
        first = tuple(f"s{i}" for i in range(sizes[0]))
        second = tuple(f"g{j}" for j in range(sizes[1]))
        ranked = sorted((i + j, i, j) for i in range(len(first)) for j in range(len(second)))
        expected = [(first[i], second[j]) for _, i, j in ranked[: sizes[2]]]
        assert diagonal(first, second, sizes[2]) == expected


def test_simplified_characters_read_as_their_traditional_forms() -> None:
    """A Chinese record writes simplified characters, which Unihan gives no Korean
    reading: 莲 is 蓮 (kTraditionalVariant, Unicode 15.0.0 Unihan_Variants.txt), read 련;
    张 is 張, the surname 장. They meet the Hangul and the traditional writing."""
    assert name_keys("朴莲雪").full == name_keys("朴蓮雪").full == name_keys("박련설").full
    assert name_keys("张金花").skeleton == name_keys("장금화").skeleton
    parsed = parse_name("南宫民")  # the compound surname 南宮 (남궁), simplified
    assert (parsed.surname, parsed.given, parsed.text) == ("南宮", ("民",), "南宫民")
    # a character with a reading of its own is read as written (后 is 후, not 後)
    assert parse_name("李后").given == ("后",)
