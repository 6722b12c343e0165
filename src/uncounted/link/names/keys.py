"""Comparison keys for names, invariant across scripts and romanisation systems.

:func:`name_keys` turns any name into :class:`NameKeys`:

- ``surname`` / ``given``: fine keys (see :mod:`.latin`) of the surname and the
  given name, the same for 김명희, 金明姬, "Kim Myŏng-hŭi", "Gim Myeong-hui" and
  "KIM, Myong Hui";
- ``full``: every fine ``surname|given`` key the name can have (a Hanja with
  two readings gives two);
- ``syllables``: for each syllable position (surname first), the skeleton keys
  it can stand for. A pinyin rendering ("Jin Minghui") maps each syllable to
  the Korean readings of the Hanja with that pinyin (Unihan), so it meets the
  Hangul name syllable by syllable.

Names in other scripts get ``script == OTHER`` and a casefolded text key, so
they still match themselves exactly.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from uncounted.link.names.hanja import hangul_readings, readings_of_pinyin, south_initial
from uncounted.link.names.latin import fine_key, join_keys, segment_korean, segment_pinyin, skeleton
from uncounted.link.names.parse import ParsedName, Script, latin_surname, parse_name
from uncounted.link.names.romanise import System, romanise_syllables
from uncounted.link.names.surnames import COMPOUND_SURNAMES, lookup_surname, surnames

__all__ = ["NameKeys", "hangul_key", "name_keys"]

MAX_ALTERNATIVES = 16
MAX_SURNAME_READINGS = 6
# Letter groups pinyin has and no Korean romanisation writes.
_PINYIN_ONLY = re.compile("x|q|zh|ia|iu|ao|ua|uo|ei|ie|ai|eng")


@dataclass(frozen=True)
class NameKeys:
    """Comparison keys of one name (see the module docstring)."""

    script: Script
    surname: str
    given: str
    full: tuple[str, ...]
    syllables: tuple[tuple[str, ...], ...]

    @property
    def skeleton(self) -> str:
        """The coarse ``surname given`` key, for fuzzy string comparison."""
        return skeleton(f"{self.surname} {self.given}".strip())


@lru_cache(maxsize=65_536)
def hangul_key(hangul: str) -> str:
    """Fine key of a Hangul name part, syllable by syllable (initial-sound rule at its start)."""
    syllables = romanise_syllables(hangul, System.RR, word=False)
    return join_keys([fine_key(s, initial=i == 0) for i, s in enumerate(syllables)])


def _hangul_syllables(hangul: str) -> list[tuple[str, ...]]:
    return [(skeleton(hangul_key(south_initial(c))),) for c in hangul]


def _keys_from_hangul(surname: str, given: str, script: Script) -> NameKeys:
    syllables = _hangul_syllables(surname[:1]) if surname else []
    syllables += _hangul_syllables(surname[1:]) + _hangul_syllables(given)
    sur, giv = hangul_key(surname), hangul_key(given)
    return NameKeys(script, sur, giv, (f"{sur}|{giv}",), tuple(syllables))


def _hanja_options(chars: str, *, is_surname: bool) -> list[str]:
    """Hangul readings of a Hanja string (each char's readings, product, capped)."""
    if is_surname:
        row = lookup_surname(chars)
        if row:
            return [row.hangul]
        for hangul, hanja in COMPOUND_SURNAMES.items():
            if hanja == chars:
                return [hangul]
    per_char = []
    for index, char in enumerate(chars):
        readings = [r.hangul for r in hangul_readings(char)] or [char]
        per_char.append(
            list(dict.fromkeys(south_initial(r) if index == 0 else r for r in readings))
        )
    return ["".join(p) for p in itertools.islice(itertools.product(*per_char), MAX_ALTERNATIVES)]


def _keys_from_han(parsed: ParsedName) -> NameKeys:
    surnames_ = _hanja_options(parsed.surname, is_surname=True) if parsed.surname else [""]
    givens = _hanja_options("".join(parsed.given), is_surname=False) if parsed.given else [""]
    options = [_keys_from_hangul(s, g, Script.HAN) for s in surnames_ for g in givens]
    first = options[0]
    syllables = tuple(
        tuple(dict.fromkeys(k for o in options for k in o.syllables[i]))
        for i in range(len(first.syllables))
    )
    full = tuple(dict.fromkeys(k for o in options for k in o.full))[:MAX_ALTERNATIVES]
    return NameKeys(Script.HAN, first.surname, first.given, full, syllables)


def _plain(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalpha())


def _is_pinyin_surname(word: str) -> bool:
    return any(row.pinyin == _plain(word) for row in surnames())


def _latin_surname_options(word: str) -> tuple[str, tuple[str, ...]]:
    hangul = latin_surname(word)
    key = hangul_key(hangul) if hangul else fine_key(word)
    options = [skeleton(key)]
    options += [skeleton(hangul_key(r.hangul)) for r in surnames() if r.pinyin == _plain(word)]
    if segment_pinyin(word) == [_plain(word)]:
        options += list(_pinyin_options(_plain(word))[:MAX_SURNAME_READINGS])
    return key, tuple(dict.fromkeys(options))


def _pinyin_options(syllable: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(skeleton(hangul_key(r)) for r in readings_of_pinyin(syllable)))


def _latin_given_syllables(
    pieces: tuple[str, ...], *, chinese_surname: bool
) -> list[tuple[str, ...]]:
    korean: list[tuple[str, ...]] = []
    segmented = True
    for index, piece in enumerate(pieces):
        key = fine_key(piece, initial=index == 0)
        parts = segment_korean(key)
        segmented = segmented and parts is not None
        korean += [(skeleton(p),) for p in parts or [key]]
    chinese = segment_pinyin("".join(pieces)) if len(pieces) == 1 or not segmented else None
    if not chinese:
        return korean
    readings = [_pinyin_options(p) for p in chinese]
    if len(readings) == len(korean):
        return [tuple(dict.fromkeys(k + r)) for k, r in zip(korean, readings, strict=True)]
    prefer = chinese_surname or not segmented or bool(_PINYIN_ONLY.search("".join(pieces).lower()))
    return readings if prefer else korean


def _keys_from_latin(parsed: ParsedName) -> NameKeys:
    sur, sur_options = _latin_surname_options(parsed.surname) if parsed.surname else ("", ())
    given = join_keys([fine_key(p, initial=i == 0) for i, p in enumerate(parsed.given)])
    chinese = bool(parsed.surname) and _is_pinyin_surname(parsed.surname)
    given_syllables = _latin_given_syllables(parsed.given, chinese_surname=chinese)
    syllables = ([sur_options] if sur_options else []) + given_syllables
    return NameKeys(Script.LATIN, sur, given, (f"{sur}|{given}",), tuple(syllables))


def _text_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=262_144)
def name_keys(text: str | None) -> NameKeys:
    """Comparison keys of a name in any script (see the module docstring)."""
    parsed = parse_name(text)
    if parsed.script is Script.HANGUL:
        return _keys_from_hangul(parsed.surname, "".join(parsed.given), Script.HANGUL)
    if parsed.script is Script.HAN:
        return _keys_from_han(parsed)
    if parsed.script is Script.LATIN:
        return _keys_from_latin(parsed)
    key = _text_key(parsed.text)
    return NameKeys(parsed.script, "", key, (f"|{key}",) if key else (), ((key,),) if key else ())
