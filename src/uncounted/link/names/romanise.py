"""Hangul to Latin in the romanisation systems found in the records.

- ``RR``: Revised Romanization of Korean (Ministry of Culture and Tourism,
  Notice 2000-8, 2000). Personal names: surname, space, given name with no
  sound change between its syllables (rule 3.4.1), optional hyphen.
- ``MR``: McCune–Reischauer (McCune & Reischauer, "The Romanization of the
  Korean Language", Transactions of the Korea Branch RAS 29, 1939), with the
  conventional surname 이 → Yi. Plain ㄱㄷㅂㅈ are voiced (g d b j) after a
  vowel or ㄴㄹㅁㅇ inside a word; aspirates take an apostrophe; ŏ, ŭ.
- ``NK``: the official system of the DPRK (Romanization of Korean, 1992,
  submitted to the 6th UN Conference on the Standardization of Geographical
  Names): like MR but ㅈ is j, aspirates kh/th/ph/ch, and personal names are
  written one capitalised syllable per word ("Kim Jong Un").
- ``PASSPORT``: the common spellings of passports and diaspora usage: the
  surname's popular spelling from the census table (Kim, Lee, Park, Choi…) and
  given-name syllables such as hee, young, jung, soo, woo.

Sound changes across syllable boundaries (assimilation) are not transcribed in
any system here, as RR prescribes for personal names; MR's optional
disambiguating apostrophes (n'g) are left out. ``ascii=True`` drops the
breves and apostrophes, as most real records do.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from uncounted.link.names.hangul import (
    FINALS,
    INITIALS,
    MEDIALS,
    Syllable,
    decompose,
    is_syllable,
)
from uncounted.link.names.surnames import lookup_surname

__all__ = [
    "System",
    "conventional_surname",
    "romanise_name",
    "romanise_syllables",
    "strip_diacritics",
]


class System(StrEnum):
    """The romanisation systems :func:`romanise_name` can write."""

    RR = "rr"
    MR = "mr"
    NK = "nk"
    PASSPORT = "passport"


_RR_INITIAL = dict(
    zip(
        INITIALS,
        [
            "g",
            "kk",
            "n",
            "d",
            "tt",
            "r",
            "m",
            "b",
            "pp",
            "s",
            "ss",
            "-",
            "j",
            "jj",
            "ch",
            "k",
            "t",
            "p",
            "h",
        ],
        strict=True,
    )
)
_MR_INITIAL = dict(
    zip(
        INITIALS,
        [
            "k",
            "kk",
            "n",
            "t",
            "tt",
            "r",
            "m",
            "p",
            "pp",
            "s",
            "ss",
            "-",
            "ch",
            "tch",
            "ch'",
            "k'",
            "t'",
            "p'",
            "h",
        ],
        strict=True,
    )
)
_NK_INITIAL = dict(
    zip(
        INITIALS,
        [
            "k",
            "kk",
            "n",
            "t",
            "tt",
            "r",
            "m",
            "p",
            "pp",
            "s",
            "ss",
            "-",
            "j",
            "jj",
            "ch",
            "kh",
            "th",
            "ph",
            "h",
        ],
        strict=True,
    )
)
_VOICED = {"ㄱ": "g", "ㄷ": "d", "ㅂ": "b", "ㅈ": "j"}
_RR_MEDIAL = dict(
    zip(
        MEDIALS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "eo",
            "e",
            "yeo",
            "ye",
            "o",
            "wa",
            "wae",
            "oe",
            "yo",
            "u",
            "wo",
            "we",
            "wi",
            "yu",
            "eu",
            "ui",
            "i",
        ],
        strict=True,
    )
)
_MR_MEDIAL = dict(
    zip(
        MEDIALS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "ŏ",
            "e",
            "yŏ",
            "ye",
            "o",
            "wa",
            "wae",
            "oe",
            "yo",
            "u",
            "wŏ",
            "we",
            "wi",
            "yu",
            "ŭ",
            "ŭi",
            "i",
        ],
        strict=True,
    )
)
_FINAL = dict(
    zip(
        FINALS,
        [
            "-",
            "k",
            "k",
            "k",
            "n",
            "n",
            "n",
            "t",
            "l",
            "k",
            "m",
            "l",
            "l",
            "l",
            "p",
            "l",
            "m",
            "p",
            "p",
            "t",
            "t",
            "ng",
            "t",
            "t",
            "k",
            "t",
            "p",
            "t",
        ],
        strict=True,
    )
)
_VOICING_FINALS = set(" ㄴㄵㄶㄹㄺㄻㄼㄽㄾㄿㅀㅁㅇ")


def strip_diacritics(text: str) -> str:
    """Drop breves, accents and apostrophes: "Ch'ŏnghŭi" → "Chonghui"."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(kept).replace("'", "").replace("’", "").replace("ʼ", "")


def _initial(jamo: Syllable, previous: Syllable | None, system: System) -> str:
    if jamo.initial == "ㄹ" and previous is not None and previous.final == "ㄹ":
        return "l"
    if system in (System.RR, System.PASSPORT):
        text = _RR_INITIAL[jamo.initial]
    elif system is System.MR:
        text = _MR_INITIAL[jamo.initial]
        if jamo.initial == "ㅅ" and jamo.medial in "ㅣㅟ":
            text = "sh"
    else:
        text = _NK_INITIAL[jamo.initial]
    voiced = previous is not None and previous.final in _VOICING_FINALS
    if system in (System.MR, System.NK) and voiced and jamo.initial in _VOICED:
        text = _VOICED[jamo.initial]
    return "" if text == "-" else text


def _syllable(jamo: Syllable, previous: Syllable | None, system: System) -> str:
    medials = _MR_MEDIAL if system in (System.MR, System.NK) else _RR_MEDIAL
    final = _FINAL[jamo.final]
    return _initial(jamo, previous, system) + medials[jamo.medial] + ("" if final == "-" else final)


def romanise_syllables(hangul: str, system: System, *, word: bool = True) -> list[str]:
    """Romanise each syllable of ``hangul``; ``word=True`` applies MR/NK voicing inside it.
    A character that is not a Hangul syllable is passed through unchanged."""
    out: list[str] = []
    previous: Syllable | None = None
    for char in hangul:
        if not is_syllable(char):
            out.append(char)
            previous = None
            continue
        jamo = decompose(char)
        text = _syllable(jamo, previous if word else None, system)
        out.append(_passport_syllable(text, jamo, not out) if system is System.PASSPORT else text)
        previous = jamo
    return out


def _passport_syllable(rr: str, jamo: Syllable, first: bool) -> str:
    """Common passport spellings of a given-name syllable, from its RR form."""
    text = rr
    if text.endswith("ui") and jamo.initial != "ㅇ":
        text = text[:-2] + "ee"
    if text == "yeong":
        text = "young"
    elif jamo.initial != "ㅇ" and "yeo" in text:
        text = text.replace("yeo", "yu")
    text = text.replace("eo", "u")
    if jamo.medial == "ㅜ" and jamo.final == " ":
        text = "woo" if jamo.initial == "ㅇ" else text[:-1] + "oo"
    if first and text.startswith("g"):
        text = "k" + text[1:]
    return text


def _join(parts: list[str], *, hyphen: bool, spaced: bool) -> str:
    if spaced:
        return " ".join(p.capitalize() for p in parts)
    return ("-" if hyphen else "").join(parts).capitalize()


def romanise_name(
    surname: str,
    given: str,
    system: System,
    *,
    hyphen: bool = True,
    ascii: bool = False,
    surname_spelling: str | None = None,
) -> str:
    """Romanise a Hangul name given as surname and given name, surname first.

    ``surname_spelling`` overrides the surname (the passport system takes the
    popular spelling from the census table; see :mod:`.surnames`).
    """
    sur = surname_spelling or conventional_surname(surname, system)
    if not given:
        text = sur
    else:
        spaced = system is System.NK
        syllables = romanise_syllables(given, system, word=not spaced)
        text = f"{sur} {_join(syllables, hyphen=hyphen, spaced=spaced)}"
    return strip_diacritics(text) if ascii else text


def conventional_surname(hangul: str, system: System) -> str:
    """The surname as each system writes it (MR's 이 → Yi, NK's 리 → Ri, passport Lee)."""
    row = lookup_surname(hangul)
    if system is System.PASSPORT and row:
        return row.spellings[0]
    if system is System.MR and hangul in ("이", "리"):
        return "Yi"
    source = row.north if (system is System.NK and row) else hangul
    return "".join(romanise_syllables(source, system)).capitalize()
