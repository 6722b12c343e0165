"""The Hangul a written name can stand for, syllable by syllable: its *readings*.

The comparison keys (:mod:`.latin`) are made to agree across systems, so they
merge what the systems keep apart: plain, aspirated and tense consonants (장 and
창 are both ``cank``), ae and e (재, 제), a final consonant before the same
initial (착가 and 차가 are both ``caka``). Where a name's script shows the
difference, a pair whose keys agree can still be two names. The readings here
say which Hangul syllables a written name allows, so the model can tell "same
key, compatible readings" from "same key, read otherwise"
(:mod:`uncounted.link.model`):

- Hangul: the syllables themselves;
- Hanja: each character's Korean readings (Unihan ``kHangul``), the surname's
  from the census table;
- Latin: every syllable whose spelling in one of the systems of
  :mod:`.romanise` (RR, McCune–Reischauer with and without its breves and
  apostrophes, DPRK, passport; a syllable first in its word or after a final
  that voices it or not) is the written piece, and, for a word that spells
  pinyin, the Korean readings of name Hanja with that pinyin (Unihan): "Cha"
  is 차 (RR, DPRK) or 자 (McCune–Reischauer without the apostrophe),
  "Ch'a" only 차, "Ja" only 자. A piece that splits into such spellings
  in more than one way counts the splits with the fewest syllables (each
  position holds the union: "jae" is 재, not 자에); a name with no split, or
  whose Korean and pinyin splits differ in length, has no readings (unknown:
  never "read otherwise"). Syllables with a final that names hardly use (a
  double or cluster final, ㅈㅊㅋㅌㅍㅎ) are left out.

The first syllable of the surname and of the given name is read in its South
form (리 → 이), as the keys are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from uncounted.link.names.hangul import SYLLABLE_FIRST, SYLLABLE_LAST, decompose
from uncounted.link.names.hanja import hangul_readings, readings_of_pinyin, south_initial
from uncounted.link.names.latin import fine_key, segment_korean, segment_pinyin
from uncounted.link.names.parse import Script, parse_name
from uncounted.link.names.romanise import (
    System,
    conventional_surname,
    romanise_syllables,
    strip_diacritics,
)
from uncounted.link.names.surnames import COMPOUND_SURNAMES, lookup_surname, surnames

__all__ = [
    "Readings",
    "compute_spelling_index",
    "given_readings",
    "name_readings",
    "spelled_syllables",
    "spelling_index_text",
    "surname_readings",
]

Readings = tuple[tuple[str, ...], ...]

# Syllables before the one spelled: none (first in its word), a final that voices the
# next plain consonant in McCune–Reischauer and the DPRK system (ㄴ), one that does not
# (ㄱ), and ㄹ (ㄹㄹ is written "ll").
_BEFORE = ("", "안", "악", "알")
_LONGEST = 8
_FINALS = " ㄱㄴㄷㄹㅁㅂㅅㅇ"
_MAX_SPLITS = 64


def _written(text: str) -> str:
    """The piece as compared: lower case, breves kept, every apostrophe as ', no hyphen."""
    text = unicodedata.normalize("NFC", text.lower())
    return "".join("'" if c in "’ʼ‘`" else c for c in text if c.isalpha() or c in "'’ʼ‘`")


def _spellings_of(syllable: str) -> set[str]:
    forms: set[str] = set()
    for before in _BEFORE:
        for system in System:
            text = romanise_syllables(before + syllable, system)[-1].lower()
            forms |= {unicodedata.normalize("NFC", text), strip_diacritics(text)}
    return forms


@cache
def _index() -> dict[str, frozenset[str]]:
    """Every spelling of every Hangul syllable → the syllables spelled so: the shipped
    table ``data/korean_spellings.tsv`` (computed by :func:`compute_spelling_index`,
    regenerated with ``python -m uncounted.link.names.tables``; a test checks the two
    agree). Romanising the syllables sixteen ways took about a third of a second a run."""
    data = resources.files("uncounted.link.names").joinpath("data/korean_spellings.tsv")
    index: dict[str, frozenset[str]] = {}
    for line in data.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            form, held = line.split("\t")
            index[form] = frozenset(held)
    return index


def compute_spelling_index() -> dict[str, frozenset[str]]:
    """The spelling index computed from the romanisation rules."""
    index: dict[str, set[str]] = {}
    for code in range(SYLLABLE_FIRST, SYLLABLE_LAST + 1):
        syllable = chr(code)
        if decompose(syllable).final not in _FINALS:
            continue
        for form in _spellings_of(syllable):
            index.setdefault(form, set()).add(syllable)
    return {form: frozenset(held) for form, held in index.items()}


def spelling_index_text(index: dict[str, frozenset[str]]) -> str:
    """The text of ``data/korean_spellings.tsv`` for ``index`` (sorted, one spelling a
    line, its syllables run together)."""
    lines = ["# spelling\tsyllables (generated: python -m uncounted.link.names.tables)"]
    lines += [f"{form}\t{''.join(sorted(index[form]))}" for form in sorted(index)]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=65_536)
def spelled_syllables(piece: str) -> Readings | None:
    """Per syllable, the Hangul a Latin ``piece`` (one word or hyphenated part) can spell,
    over its splits into syllable spellings with the fewest syllables; None when it
    has no split."""
    text = _written(piece)
    splits = _splits(text) if text else []
    if not splits:
        return None
    fewest = min(len(s) for s in splits)
    splits = [s for s in splits if len(s) == fewest]
    index = _index()
    return tuple(
        tuple(sorted({h for split in splits for h in index[split[i]]}))
        for i in range(len(splits[0]))
    )


def _splits(text: str) -> list[tuple[str, ...]]:
    """Every split of ``text`` into known syllable spellings (at most ``_MAX_SPLITS``)."""
    index = _index()
    ends: dict[int, list[tuple[str, ...]]] = {0: [()]}
    for start in range(len(text)):
        for head in ends.get(start, [])[:_MAX_SPLITS]:
            for stop in range(start + 1, min(len(text), start + _LONGEST) + 1):
                if text[start:stop] in index:
                    ends.setdefault(stop, []).append((*head, text[start:stop]))
    return ends.get(len(text), [])[:_MAX_SPLITS]


def _south_first(readings: Readings) -> Readings:
    if not readings:
        return readings
    first = tuple(sorted({south_initial(h) for h in readings[0]}))
    return (first, *readings[1:])


def _pinyin_readings(text: str) -> Readings | None:
    split = segment_pinyin(text)
    if not split:
        return None
    return tuple(readings_of_pinyin(p) for p in split)


def _union(*options: Readings | None) -> Readings | None:
    """Position by position, the union of the known options (None when there is none,
    or when they differ in length)."""
    known = [o for o in options if o]
    if not known or len({len(o) for o in known}) > 1:
        return None
    return tuple(tuple(sorted({h for o in known for h in o[i]})) for i in range(len(known[0])))


def _korean_piece(piece: str, index: int) -> Readings | None:
    """A piece's readings, when they have as many syllables as its key splits into (the
    keys' split is the one compared: "hoon", spelled by no system, is "ho-on" here and
    one syllable, 훈, there)."""
    spelled = spelled_syllables(piece)
    split = segment_korean(fine_key(piece, initial=index == 0))
    if spelled is None or split is None or len(spelled) != len(split):
        return None
    return spelled


@lru_cache(maxsize=16_384)
def _latin_given(pieces: tuple[str, ...]) -> Readings | None:
    parts = [_korean_piece(p, i) for i, p in enumerate(pieces)]
    korean = None if any(p is None for p in parts) else tuple(s for p in parts if p for s in p)
    pinyin = _pinyin_readings("".join(strip_diacritics(p).lower() for p in pieces))
    if korean is not None and pinyin is not None and len(korean) != len(pinyin):
        return None
    return _union(korean, pinyin)


def _hanja_given(chars: Iterable[str]) -> Readings | None:
    out = []
    for char in chars:
        readings = tuple(sorted({r.hangul for r in hangul_readings(char)}))
        if not readings:
            return None
        out.append(readings)
    return tuple(out)


def given_readings(script: Script, given: tuple[str, ...]) -> Readings | None:
    """The readings of a parsed given name; None where unknown."""
    if not given:
        return None
    if script is Script.HANGUL:
        readings: Readings | None = tuple((c,) for piece in given for c in piece)
    elif script is Script.HAN:
        readings = _hanja_given(c for piece in given for c in piece)
    elif script is Script.LATIN:
        readings = _latin_given(given)
    else:
        return None
    return _south_first(readings) if readings else None


def _south(surname: str) -> str:
    """A surname in its South form (리 → 이; the rest of a compound one as it is)."""
    return south_initial(surname[:1]) + surname[1:]


@cache
def _surname_spellings() -> dict[str, frozenset[str]]:
    """Each written spelling of a table surname (every system, the census spellings, the
    pinyin of its Hanja) → the surnames (South Hangul) spelled so."""
    index: dict[str, set[str]] = {}
    for row in surnames():
        forms = [conventional_surname(row.hangul, s) for s in System]
        forms += [*row.spellings, row.pinyin]
        for form in forms:
            written = _written(form)
            for text in (written, strip_diacritics(written)):
                index.setdefault(text, set()).add(_south(row.hangul))
    return {text: frozenset(held) for text, held in index.items()}


@lru_cache(maxsize=4_096)
def surname_readings(script: Script, surname: str) -> tuple[str, ...] | None:
    """The Hangul surnames (South forms) a parsed surname can stand for; None where
    unknown."""
    if not surname:
        return None
    if script is Script.HANGUL:
        return (_south(surname),)
    if script is Script.HAN:
        return _hanja_surname(surname)
    if script is not Script.LATIN:
        return None
    written = _written(surname)
    spellings = _surname_spellings()
    # A breve or apostrophe tells what the plain letters do not ("Ch'ang" is 창 alone).
    plain = strip_diacritics(written)
    held = set(spellings.get(written, ()) if written != plain else spellings.get(plain, ()))
    one = spelled_syllables(surname)
    if one is not None and len(one) == 1:
        held |= {south_initial(h) for h in one[0]}
    return tuple(sorted(held)) or None


def _hanja_surname(surname: str) -> tuple[str, ...] | None:
    row = lookup_surname(surname)
    if row is not None:
        return (_south(row.hangul),)
    for hangul, hanja in COMPOUND_SURNAMES.items():
        if hanja == surname:
            return (hangul,)
    readings = _hanja_given(surname)
    if readings is None or len(readings) != 1:
        return None
    return tuple(sorted({south_initial(h) for h in readings[0]}))


@lru_cache(maxsize=4_096)
def name_readings(text: str | None) -> tuple[tuple[str, ...] | None, Readings | None]:
    """The readings of a name's surname and given name (None where unknown; the last
    few thousand memoised: in a large list most names are distinct, and a larger
    cache held tens of megabytes in each process that builds the frame)."""
    parsed = parse_name(text)
    return surname_readings(parsed.script, parsed.surname), given_readings(
        parsed.script, parsed.given
    )
