"""Korean names across scripts: Hangul, Hanja, and the romanisation systems.

Public API (import from ``uncounted.link.names``):

Romanisation (:mod:`.romanise`)
    ``System``: ``RR`` (Revised Romanization, 2000), ``MR`` (McCune–Reischauer,
    1939), ``NK`` (DPRK official, 1992), ``PASSPORT`` (common spellings).
    ``romanise_name(surname, given, system, *, hyphen=True, ascii=False)``
    → e.g. ``romanise_name("김", "명희", System.MR)`` == ``"Kim Myŏnghŭi"``;
    ``System.RR`` → ``"Gim Myeong-hui"``; ``System.NK`` → ``"Kim Myŏng Hŭi"``
    (``ascii=True`` → ``"Kim Myong Hui"``); ``System.PASSPORT`` → ``"Kim Myung-hee"``.
    ``romanise_syllables(hangul, system)`` → one string per syllable.
    ``strip_diacritics(text)``.

Hanja and pinyin (:mod:`.hanja`, Unihan kHangul/kMandarin)
    ``name_hanja(syllable)`` → Hanja for personal names read that way;
    ``hanja_for(syllable, choice=0)`` → one of them (None if none);
    ``hangul_readings(char)`` → ``Reading(hangul, flags)`` tuples;
    ``pinyin(hanja, surname=False)`` → toneless pinyin per character
    (``pinyin("金", surname=True) == ["jin"]``, 朴 → ``["piao"]``);
    ``readings_of_pinyin("ming")`` → Korean readings of Hanja with that pinyin;
    ``south_initial("리") == "이"`` (initial-sound rule).

Surnames (:mod:`.surnames`, census table)
    ``surnames()`` → ``Surname(hangul, north, hanja, pinyin, spellings,
    count_2000, share_2015)`` rows, commonest first (``share_2000`` property);
    ``lookup_surname("리")`` → the 이 row; ``surname_share("김")``;
    ``conventional_surname(hangul, system)`` → Kim / Yi / Ri / Lee ….

Parsing and comparison keys (:mod:`.parse`, :mod:`.keys`)
    ``parse_name(text)`` → ``ParsedName(script, surname, given, text)``;
    ``name_keys(text)`` → comparison keys invariant across scripts and systems.

Readings (:mod:`.spelled`)
    ``name_readings(text)`` → the Hangul surnames and, per given-name syllable,
    the Hangul syllables a written name can stand for (None where its writing
    does not tell): ``name_readings("Ch'ang O")[0] == ("창",)``, while the
    keys merge 창 and 장.

Hangul arithmetic (:mod:`.hangul`)
    ``is_hangul``, ``is_syllable``, ``decompose``, ``compose``.
"""

from __future__ import annotations

from uncounted.link.names.hangul import compose, decompose, is_hangul, is_syllable
from uncounted.link.names.hanja import (
    Reading,
    hangul_readings,
    hanja_for,
    is_han,
    name_hanja,
    pinyin,
    readings_of_pinyin,
    south_initial,
)
from uncounted.link.names.keys import NameKeys, name_keys
from uncounted.link.names.parse import ParsedName, Script, parse_name
from uncounted.link.names.romanise import (
    System,
    conventional_surname,
    romanise_name,
    romanise_syllables,
    strip_diacritics,
)
from uncounted.link.names.spelled import name_readings
from uncounted.link.names.surnames import (
    Surname,
    lookup_surname,
    surname_share,
    surnames,
)

__all__ = [
    "NameKeys",
    "ParsedName",
    "Reading",
    "Script",
    "Surname",
    "System",
    "compose",
    "conventional_surname",
    "decompose",
    "hangul_readings",
    "hanja_for",
    "is_han",
    "is_hangul",
    "is_syllable",
    "lookup_surname",
    "name_hanja",
    "name_keys",
    "name_readings",
    "parse_name",
    "pinyin",
    "readings_of_pinyin",
    "romanise_name",
    "romanise_syllables",
    "south_initial",
    "strip_diacritics",
    "surname_share",
    "surnames",
]
