"""Comparison levels of the linkage model, evaluated by DuckDB on real frame rows.

Readings cited: Unihan kHangul (Unicode 15.0, ``names/data/SOURCES.md``) gives
肉 육 and 心 심; pypinyin gives their pinyin rou and xin. The surname table
spells 정 Chung/Jung/Jeong/Jong and has no "Chng".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from uncounted.link.engine import connect
from uncounted.link.frame import linkage_frame
from uncounted.link.model import settings_for
from uncounted.model import Record


def _level(comparison: str, label: str) -> str:
    for item in settings_for()["comparisons"]:
        if item["output_column_name"] == comparison:
            for level in item["comparison_levels"]:
                if level["label_for_charts"] == label:
                    return str(level["sql_condition"])
    raise AssertionError(f"no level {label!r} in {comparison!r}")


def _holds(sql: str, left: Record, right: Record) -> bool:
    frame = linkage_frame([left, right])
    row: dict[str, Any] = {}
    for column in frame.columns:
        row[f"{column}_l"], row[f"{column}_r"] = frame[column].iloc[0], frame[column].iloc[1]
    con = connect("512MB")
    con.register("pair", pd.DataFrame([row]).astype(object).where(pd.DataFrame([row]).notna()))
    con.execute("CREATE TABLE p AS SELECT * FROM pair")
    for side in ("l", "r"):
        for column in ("n_syl", "alias_n_syl", "n_syl_guess", "n_given_read"):
            con.execute(f"ALTER TABLE p ALTER {column}_{side} TYPE BIGINT")
    result = con.execute(f"SELECT coalesce(({sql}), false) FROM p").fetchall()
    return bool(result[0][0])


def _record(name: str, *aliases: str) -> Record:
    return Record(list="a", record_id=name, name=name, aliases=aliases)


def test_an_alias_in_pinyin_meets_a_hangul_name_syllable_by_syllable() -> None:
    # Renamed on the Chinese record, her old name kept as an alias in pinyin:
    # Jin Rouxin (金肉心) is 김육심, though no skeleton of the two is equal.
    sql = _level("aliases", "alias meets name in every syllable")
    renamed = _record("Jin Qiuzhang", "Jin Rouxin")
    assert _holds(sql, renamed, _record("김육심"))
    assert _holds(sql, _record("김육심"), renamed)
    assert not _holds(sql, renamed, _record("김정희"))
    shared = _level("aliases", "alias shared")
    assert not _holds(shared, renamed, _record("김육심"))


def test_a_misspelt_surname_one_letter_short_has_its_own_level() -> None:
    sql = _level("surname", "a misspelling, one letter dropped")
    assert _holds(sql, _record("Chng Bo So"), _record("정보소"))
    # "Jang" is a real surname (장), not a misspelling of 정: only the plain level.
    assert not _holds(sql, _record("Jang Bo So"), _record("정보소"))
    # Two real surnames one letter apart (Im 임, Kim 김) fall to the plain level.
    assert not _holds(sql, _record("Im Bo So"), _record("김보소"))
    assert _holds(_level("surname", "one letter dropped"), _record("Im Bo So"), _record("김보소"))


def test_a_surname_read_from_pinyin_in_an_unlisted_way_still_blocks_on_the_given_name() -> None:
    # The pinyin Xia is read as none of the surname readings that 소 has, so the
    # surname blocks miss the pair; Qiongliang still meets 궁양 through its first
    # two given syllables (穹 qiong 궁, 良 liang 양: Unihan kHangul, pypinyin).
    frame = linkage_frame([_record("Xia Qiongliang"), _record("소궁양")])
    left, right = frame["given_block_keys"]
    assert set(left) & set(right)
    assert not set(frame["surname_opts"][0]) & set(frame["surname_opts"][1])


def test_a_given_name_with_a_letter_lost_has_its_own_level() -> None:
    # "Chn" splits into no Korean or pinyin syllable: 천 (Chon) with a letter lost.
    sql = _level("given_name", "a misspelling, one letter dropped")
    assert _holds(sql, _record("Kim Ja Chn"), _record("김자천"))
    # "Ja Cho" is a real name (자초), one letter from 자천's skeleton but no misspelling.
    assert not _holds(sql, _record("Kim Ja Cho"), _record("김자천"))


def test_a_latin_given_name_missing_a_letter_meets_hangul_with_the_letter_restored() -> None:
    # "Gndai" spells no syllable; with an a put back it is the pinyin gan dai, and
    # 甘 gan reads 감, 大 dai reads 대 (Unihan kHangul, pypinyin): 강감대.
    guess = _level("given_name", "every syllable in a guessed reading")
    typo = _record("Jiang Gndai")
    assert _holds(guess, typo, _record("강감대"))
    assert _holds(guess, _record("강감대"), typo)
    assert not _holds(
        _level("given_name", "every syllable in some reading"), typo, _record("강감대")
    )
    assert not _holds(guess, typo, _record("강민수"))
    # A Korean spelling with a vowel lost: "Km-dae" is 감대 (Kam-dae) as a guess.
    assert _holds(guess, _record("Kang Km-dae"), _record("강감대"))
    # A name that spells syllables as it is gets no guess.
    assert not _holds(guess, _record("Kang Kam-dae"), _record("강감대"))


def test_pinyin_without_its_apostrophe_is_also_read_split() -> None:
    # 基 ji 기, 安 an 안 (Unihan kHangul, pypinyin): 최기안's given name is ji'an,
    # written "Jian", which reads first as the one syllable jian.
    guess = _level("given_name", "every syllable in a guessed reading")
    assert _holds(guess, _record("Cui Jian"), _record("최기안"))
    assert not _holds(
        _level("given_name", "every syllable in some reading"),
        _record("Cui Jian"),
        _record("최기안"),
    )
    assert _holds(
        _level("given_name", "every syllable in some reading"), _record("Cui Jian"), _record("최건")
    )


def test_the_same_given_name_in_hangul_is_a_level_above_the_same_key() -> None:
    # 明 reads only 명 and 姬 only 희 (Unihan kHangul), so 金明姬's given name is 명희
    # in Hangul; 樂 has four readings (낙 락 악 요), so 李樂姬's has no one Hangul form.
    top = _level("given_name", "same, in Hangul")
    same = _level("given_name", "same")
    assert _holds(top, _record("김명희"), _record("金明姬"))
    assert _holds(top, _record("김명희"), _record("박명희"))
    latin = _record("Kim Myong Hui")
    assert _holds(same, latin, _record("김명희"))
    assert not _holds(top, latin, _record("김명희"))
    assert not _holds(top, _record("李樂姬"), _record("이낙희"))
    # Different names in Hangul whose keys merge (서/소 differ, their keys do not).
    assert not _holds(top, _record("김서연"), _record("김소연"))


def test_the_other_word_order_is_finer_than_its_skeleton() -> None:
    # "Yu Kim" read surname first is 김유; "Yŏ Kim" (McCune–Reischauer ŏ: 어/여) is
    # 김여, whose skeleton merges with 김유's (o/u) but whose fine key does not.
    fine = _level("surname", "same in the other word order")
    coarse = _level("surname", "same skeleton in the other word order")
    assert _holds(fine, _record("Yu Kim"), _record("김유"))
    assert not _holds(fine, _record("Yŏ Kim"), _record("김유"))
    assert _holds(coarse, _record("Yŏ Kim"), _record("김유"))


def test_the_same_key_read_otherwise_has_its_own_level() -> None:
    # The keys merge ㅈ and ㅊ, ㅐ and ㅔ, and a final before the same initial; where
    # the writing tells them apart (tests/link/test_name_readings.py cites the
    # systems), the pair falls in "same key, read otherwise".
    given = _level("given_name", "same key, read otherwise")
    surname = _level("surname", "same key, read otherwise")
    assert _holds(given, _record("이착가"), _record("Ri Cha Ka"))
    assert not _holds(given, _record("이착가"), _record("Chak-ga Lee"))
    assert _holds(given, _record("金宰"), _record("김제"))
    assert not _holds(given, _record("金宰"), _record("Gim Jae"))
    assert _holds(surname, _record("장오"), _record("Ch'ang O"))
    assert not _holds(surname, _record("장오"), _record("Jang O"))
    assert not _holds(surname, _record("장오"), _record("Chang O"))
    # Renderings of one name, pinyin among them, are never read otherwise.
    for text in ("Kim Myong Hui", "Gim Myeong-hui", "Kim Myung-hee", "Jin Minghui"):
        assert not _holds(given, _record("김명희"), _record(text))
        assert not _holds(surname, _record("김명희"), _record(text))
    # An unknown reading ("hoon": no system's spelling) is not otherwise.
    assert not _holds(given, _record("Park Ji-hoon"), _record("박지훈"))


def test_the_same_skeleton_read_otherwise_has_its_own_level() -> None:
    # The skeleton merges o and u for passport spellings: "Jung" is 정 (passport eo ->
    # u) as well as 중; "Jong" is 정 or 종 but never 중.
    sql = _level("given_name", "same skeleton, read otherwise")
    assert _holds(sql, _record("Kim Jong"), _record("김중"))
    assert not _holds(sql, _record("Kim Jung"), _record("김정"))
    assert _holds(_level("given_name", "same skeleton"), _record("Kim Jung"), _record("김정"))


def test_a_nameless_record_meets_the_given_name_its_nickname_is() -> None:
    # No name, only the nickname 희영 (a given name alone): it meets 리희영 in any
    # script. A record with a name of its own does not: its given name says so already.
    sql = _level("aliases", "alias is the given name")
    nickname = Record(list="a", record_id="n", aliases=("희영",))
    assert _holds(sql, nickname, _record("리희영"))
    assert _holds(sql, _record("Ri Hui Yong"), nickname)
    assert not _holds(sql, nickname, _record("리희순"))
    assert not _holds(sql, _record("김희영", "희영"), _record("리희영"))
    # a Chinese name is no given name alone
    chinese = Record(list="a", record_id="c", aliases=("张金花",))
    assert not _holds(sql, chinese, _record("장금화"))
