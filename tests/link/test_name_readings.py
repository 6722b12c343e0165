"""The Hangul a written name can stand for (:mod:`uncounted.link.names.spelled`).

Spellings cited: Revised Romanization (Notice 2000-8) writes ㅈ j and ㅊ ch,
ㅐ ae and ㅔ e; McCune–Reischauer (1939) writes ㅈ ch (j when voiced) and ㅊ ch'
and 어 ŏ; the DPRK system (1992) writes ㅈ j and ㅊ ch. Readings cited: Unihan
kHangul (Unicode 15.0, ``names/data/SOURCES.md``) gives 宰 재 and 金 김; the
census table gives 金's pinyin jin.
"""

from __future__ import annotations

import random

import pytest

from uncounted.link.names import System, romanise_name, south_initial, surnames
from uncounted.link.names.hangul import INITIALS, MEDIALS, compose
from uncounted.link.names.spelled import name_readings, spelled_syllables


def _random_names(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    table = [row.hangul for row in surnames()]
    names = []
    for _ in range(count):
        length = rng.choice((1, 2, 2, 3))
        given = "".join(
            compose(rng.choice(INITIALS), rng.choice(MEDIALS), rng.choice(" ㄱㄴㄹㅁㅂㅇ"))
            for _ in range(length)
        )
        names.append((rng.choice(table), given))
    return names


@pytest.mark.parametrize("seed", range(len(System)))
def test_every_rendering_reads_back_to_its_hangul(seed: int) -> None:
    """A true rendering is never "read otherwise": in every system, with and without
    breves and hyphens, each syllable's readings hold the syllable written."""
    system = list(System)[seed]
    unknown = 0
    for surname, given in _random_names(250, seed):
        for ascii_ in (False, True):
            for hyphen in (False, True):
                text = romanise_name(surname, given, system, hyphen=hyphen, ascii=ascii_)
                surnames_read, given_read = name_readings(text)
                unknown += given_read is None
                if surnames_read is not None:
                    assert south_initial(surname[0]) + surname[1:] in surnames_read, text
                if given_read is not None:
                    wanted = [south_initial(given[0]), *given[1:]]
                    assert len(given_read) == len(wanted), text
                    for syllable, held in zip(wanted, given_read, strict=True):
                        assert syllable in held, text
    assert unknown < 100  # of 1,000 renderings: most are read


def test_a_breve_or_apostrophe_narrows_the_reading() -> None:
    assert spelled_syllables("ch'a") == (("차",),)
    assert spelled_syllables("ja") == (("자",),)
    assert spelled_syllables("cha") == (("자", "차"),)
    assert name_readings("Ch'ang O")[0] == ("창",)
    assert set(name_readings("Chang O")[0] or ()) >= {"장", "창"}
    assert name_readings("Yi Ch'ŏm")[1] == (("첨",),)


def test_readings_of_each_script() -> None:
    assert name_readings("김제") == (("김",), (("제",),))
    assert name_readings("金宰") == (("김",), (("재",),))
    assert name_readings("Gim Jae")[1] == (("재",),)
    # A surname that is also pinyin keeps both readings: RR Jin 진, pinyin jin 金 김.
    assert {"김", "진"} <= set(name_readings("Jin Minghui")[0] or ())
    # The North's 리 is read in its South form, as the keys read it.
    assert name_readings("Ri Cha Ka")[0] == ("이",)


def test_a_spelling_no_system_writes_is_unknown_not_otherwise() -> None:
    # Passport "hoon" (훈) is no system's spelling here; it would split ho-on, two
    # syllables where the key reads one, so the given name has no readings.
    assert name_readings("Park Ji-hoon")[1] is None
    assert name_readings(None) == (None, None)
    assert name_readings("John Smith") == (None, None)
