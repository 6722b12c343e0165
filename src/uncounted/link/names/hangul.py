"""Hangul syllables and their jamo, by the Unicode composition arithmetic.

A precomposed syllable is ``0xAC00 + (initial * 21 + medial) * 28 + final``
(The Unicode Standard, chapter 3.12 "Conjoining Jamo Behavior"). Jamo are given
here as indexes into the three tables below.
"""

from __future__ import annotations

from typing import NamedTuple

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
N_MEDIALS = 21
N_FINALS = 28

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


class Syllable(NamedTuple):
    """One Hangul syllable as jamo: initial, medial (vowel), final (" " for none)."""

    initial: str
    medial: str
    final: str


def is_syllable(char: str) -> bool:
    """True for one precomposed Hangul syllable (가–힣)."""
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def is_hangul(text: str) -> bool:
    """True when ``text`` has at least one syllable and only syllables, spaces and hyphens."""
    letters = [c for c in text if c not in " -\u00b7"]
    return bool(letters) and all(is_syllable(c) for c in letters)


def decompose(char: str) -> Syllable:
    """Split a precomposed syllable into its jamo (``ValueError`` for anything else)."""
    if not is_syllable(char):
        raise ValueError("not a Hangul syllable")
    index = ord(char) - SYLLABLE_FIRST
    initial, rest = divmod(index, N_MEDIALS * N_FINALS)
    medial, final = divmod(rest, N_FINALS)
    return Syllable(INITIALS[initial], MEDIALS[medial], FINALS[final])


def compose(initial: str, medial: str, final: str = " ") -> str:
    """The precomposed syllable for the given jamo."""
    index = (INITIALS.index(initial) * N_MEDIALS + MEDIALS.index(medial)) * N_FINALS
    return chr(SYLLABLE_FIRST + index + FINALS.index(final))
