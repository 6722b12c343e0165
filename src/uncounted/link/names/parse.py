"""Split a name in Hangul, Han characters or Latin letters into surname and given name.

Korean order (surname first) is assumed unless a comma says otherwise
("KIM, Myong Hui") or only the last Latin word is a known surname
("Myung-hee Kim"). A Hangul or Hanja name without spaces takes its first
character as the surname (two for the compound surnames 남궁, 皇甫 …). Two
Latin words whose last only is a known surname, or a hyphenated first word,
mean the surname comes last; the pinyin of a census surname (Zheng, Cui) counts as a
surname, so "Zheng Yi" keeps Zheng first, and so does one pinyin syllable no Korean
romanisation writes, put first ("Xue Lie", "Pei Yu": Chinese records put the
surname first). Names in any other script are kept whole as ``OTHER`` and compared
as text: never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from uncounted.link.names.hangul import is_syllable
from uncounted.link.names.hanja import is_han, traditional
from uncounted.link.names.latin import fine_key, segment_korean, segment_pinyin
from uncounted.link.names.romanise import System, conventional_surname, romanise_syllables
from uncounted.link.names.surnames import (
    COMPOUND_SURNAMES,
    OTHER_SURNAMES,
    surnames,
)

__all__ = ["ParsedName", "Script", "detect_script", "latin_surname", "parse_name"]

_SEPARATORS = re.compile(r"[\s\u00b7\u30fb.]+")


class Script(StrEnum):
    """The script a name is written in."""

    HANGUL = "hangul"
    HAN = "han"
    LATIN = "latin"
    OTHER = "other"
    EMPTY = "empty"


@dataclass(frozen=True)
class ParsedName:
    """A name split into surname and given-name parts, in its own script.

    ``given`` holds one item per written word or hyphen-separated piece (Latin)
    or per character (Hangul, Han).
    """

    text: str
    script: Script
    surname: str
    given: tuple[str, ...]


def _is_latin_letter(char: str) -> bool:
    base = unicodedata.normalize("NFKD", char)[0]
    return base.isascii() and base.isalpha()


def detect_script(text: str) -> Script:
    """The script of ``text``: Hangul, Han, Latin, OTHER (anything else or mixed), EMPTY."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return Script.EMPTY if not text.strip() else Script.OTHER
    if "".join(letters).isascii():
        # The tests below give the same: ASCII letters are no Hangul or Han, and each is
        # its own NFKD form (spares most Latin names a normalisation per letter).
        return Script.LATIN
    for script, test in (
        (Script.HANGUL, is_syllable),
        (Script.HAN, is_han),
        (Script.LATIN, _is_latin_letter),
    ):
        if all(test(c) for c in letters):
            return script
    return Script.OTHER


def _split_characters(text: str, script: Script) -> ParsedName:
    """A name in Hangul or Han characters (simplified ones read as traditional) split
    into surname and given-name characters; ``text`` is kept as written."""
    written = traditional(text) if script is Script.HAN else text
    words = [w for w in _SEPARATORS.split(written.replace("-", " ")) if w]
    chars = "".join(words)
    if len(words) > 1 and len(words[0]) <= 2:
        return ParsedName(text, script, words[0], tuple("".join(words[1:])))
    size = 2 if chars[:2] in COMPOUND_SURNAMES or chars[:2] in COMPOUND_SURNAMES.values() else 1
    if len(chars) > size:
        return ParsedName(text, script, chars[:size], tuple(chars[size:]))
    return ParsedName(text, script, "", tuple(chars))


@cache
def _latin_surnames() -> dict[str, str]:
    """Fine key of every known Latin spelling of a known surname → its Hangul."""
    table: dict[str, str] = {}
    for row in surnames():
        for system in System:
            table.setdefault(fine_key(conventional_surname(row.hangul, system)), row.hangul)
        table.setdefault(fine_key("".join(romanise_syllables(row.north, System.NK))), row.hangul)
    for row in surnames():
        for spelling in row.spellings:
            table.setdefault(fine_key(spelling), row.hangul)
    for hangul in sorted(OTHER_SURNAMES):
        for system in System:
            table.setdefault(fine_key(conventional_surname(hangul, system)), hangul)
    return table


def latin_surname(word: str) -> str | None:
    """The Hangul of a table surname spelled ``word`` in any system, or None."""
    return _latin_surnames().get(fine_key(word))


def _surname_rank(word: str) -> int:
    """2 for a census-table surname, 1 for another known surname, 0 otherwise.
    A hyphenated word is a given name: no Korean surname has a hyphen."""
    if "-" in word:
        return -1
    if _is_census_pinyin(word):
        return 2
    hangul = latin_surname(word)
    if hangul is None:
        return 0
    return 2 if any(row.hangul == hangul for row in surnames()) else 1


def _is_census_pinyin(word: str) -> bool:
    """The pinyin of a census surname's Hanja (Zheng 鄭, Cui 崔): Chinese records put
    it first, so "Zheng Yi" is not flipped to the Korean surname Yi."""
    plain = "".join(c for c in word.lower() if c.isalpha())
    return any(row.pinyin == plain for row in surnames())


def _pinyin_only_syllable(word: str) -> bool:
    """One pinyin syllable that no Korean romanisation writes as one syllable (Xue, Pei,
    Xian; not Hui, read 희): written first, a Chinese rendering's surname, which
    stays first like the census pinyin ("Pei Yu" is 裵 Pei, not the Korean surname
    Yu; written last it says nothing: "Jing Qi")."""
    plain = "".join(c for c in word.lower() if c.isalpha())
    korean = segment_korean(fine_key(plain, initial=True))
    return segment_pinyin(plain) == [plain] and (korean is None or len(korean) != 1)


def _split_latin(text: str) -> ParsedName:
    if "," in text:
        head, _, tail = text.partition(",")
        return ParsedName(text, Script.LATIN, head.strip(), _pieces(tail.split()))
    words = text.split()
    if len(words) == 1:
        if latin_surname(words[0]) is not None:
            return ParsedName(text, Script.LATIN, words[0], ())
        return ParsedName(text, Script.LATIN, "", _pieces(words))
    first = _surname_rank(words[0]) or (2 if _pinyin_only_syllable(words[0]) else 0)
    flip = len(words) == 2 and _surname_rank(words[-1]) > first
    if flip or (len(words) > 2 and "-" in words[0]):
        return ParsedName(text, Script.LATIN, words[-1], _pieces(words[:-1]))
    return ParsedName(text, Script.LATIN, words[0], _pieces(words[1:]))


def _pieces(words: list[str]) -> tuple[str, ...]:
    return tuple(p for w in words for p in w.split("-") if p.strip("'’"))


@lru_cache(maxsize=4_096)
def parse_name(text: str | None) -> ParsedName:
    """Parse a name in any script; unknown scripts come back whole as ``OTHER``
    (the last few thousand memoised: the keys and the readings of a name parse it one
    after the other; a larger cache only holds memory in a large list, whose names
    are mostly distinct)."""
    clean = unicodedata.normalize("NFC", (text or "").strip())
    script = detect_script(clean)
    if script in (Script.HANGUL, Script.HAN):
        return _split_characters(clean, script)
    if script is Script.LATIN:
        return _split_latin(clean)
    return ParsedName(clean, script, "", (clean,) if clean else ())
