"""Hanja ↔ Hangul readings from Unihan, and Mandarin pinyin of the Hanja.

Readings come from Unihan's ``kHangul`` field (Unicode 15.0; ``data/SOURCES.md``).
A Hanja used in personal names is one flagged ``E`` (educational list) or ``N``
(list of hanja for personal names). Unihan gives the etymological reading
(李 리); :func:`south_initial` applies the South's initial-sound rule (리 → 이).
Pinyin comes from pypinyin (toneless), with the surname readings of the
surname table (朴 → piao).

The index from pinyin to the Korean readings of the name Hanja with that pinyin
is computed from the Unihan table and pypinyin (:func:`compute_pinyin_index`)
and shipped in ``data/pinyin_readings.tsv`` (regenerate with ``python -m
uncounted.link.names.tables``; a test checks it equals the computed one): every
Latin name is split into pinyin syllables, and reading the file takes a few
milliseconds where computing it (pypinyin's import and 4,000 characters) took
about half a second per run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from uncounted.link.names.hangul import compose, decompose, is_syllable
from uncounted.link.names.surnames import lookup_surname

__all__ = [
    "Reading",
    "compute_pinyin_index",
    "hangul_readings",
    "hanja_for",
    "is_han",
    "name_hanja",
    "pinyin",
    "pinyin_index_text",
    "readings_of_pinyin",
    "south_initial",
]

_Y_VOWELS = set("ㅣㅑㅕㅛㅠㅖㅒ")


@dataclass(frozen=True)
class Reading:
    """One Korean reading of a Hanja, with Unihan's source flags."""

    hangul: str
    flags: str

    @property
    def for_names(self) -> bool:
        """Listed for personal names (educational or name-hanja list)."""
        return "E" in self.flags or "N" in self.flags


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (any block) or compatibility ideograph."""
    code = ord(char) if len(char) == 1 else -1
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F


def _parse_readings(field: str) -> tuple[Reading, ...]:
    out = []
    for item in field.split():
        hangul, _, flags = item.partition(":")
        out.append(Reading(hangul, flags))
    return tuple(out)


@cache
def _table() -> dict[str, tuple[tuple[Reading, ...], str]]:
    data = resources.files("uncounted.link.names").joinpath("data/unihan_korean.tsv")
    table: dict[str, tuple[tuple[Reading, ...], str]] = {}
    for line in data.read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        char, readings, mandarin = line.split("\t")
        table[char] = (_parse_readings(readings), mandarin)
    return table


@cache
def _traditional_forms() -> dict[str, str]:
    data = resources.files("uncounted.link.names").joinpath("data/unihan_traditional.tsv")
    table: dict[str, str] = {}
    for line in data.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            simplified, forms = line.split("\t")
            table[simplified] = forms.split()[0]
    return table


def traditional(text: str) -> str:
    """``text`` with each simplified character that has no Korean reading written in its
    traditional form (Unihan's first kTraditionalVariant that has one): a Chinese
    record writes 朴莲雪 for 朴蓮雪 (박련설), 张 for 張 (장). Other characters stay."""
    table = _traditional_forms()
    return "".join(table.get(char, char) for char in text)


def south_initial(syllable: str) -> str:
    """Apply the South's word-initial sound rule: 리 → 이, 로 → 노, 녀 → 여."""
    if not is_syllable(syllable):
        return syllable
    jamo = decompose(syllable)
    if jamo.initial in "ㄹㄴ" and jamo.medial in _Y_VOWELS:
        return compose("ㅇ", jamo.medial, jamo.final)
    if jamo.initial == "ㄹ":
        return compose("ㄴ", jamo.medial, jamo.final)
    return syllable


def hangul_readings(char: str) -> tuple[Reading, ...]:
    """Unihan's Korean readings of one Hanja (empty when it has none)."""
    entry = _table().get(char)
    return entry[0] if entry else ()


@cache
def _by_reading() -> dict[str, tuple[str, ...]]:
    """Reading → name Hanja, educational-list characters first."""
    index: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for char, (readings, _) in _table().items():
        for reading in readings:
            if reading.for_names:
                for form in {reading.hangul, south_initial(reading.hangul)}:
                    index[form].append(("E" not in reading.flags, char))
    return {k: tuple(c for _, c in sorted(v)) for k, v in index.items()}


def name_hanja(syllable: str) -> tuple[str, ...]:
    """Hanja for personal names that read as ``syllable`` (either initial-rule form)."""
    return tuple(_by_reading().get(syllable, ()))


def hanja_for(syllable: str, choice: int = 0) -> str | None:
    """One Hanja for a syllable: the ``choice``-th name Hanja, or None if there is none."""
    options = name_hanja(syllable)
    return options[choice % len(options)] if options else None


def pinyin(hanja: str, *, surname: bool = False) -> list[str]:
    """Toneless pinyin, one item per character (surname readings when ``surname``)."""
    if surname:
        row = lookup_surname(hanja)
        if row:
            return [row.pinyin]
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 (slow import, only for Han)

    return [str(p) for p in lazy_pinyin(hanja, style=Style.NORMAL, errors="default")]


@cache
def _pinyin_index() -> dict[str, dict[str, int]]:
    """Pinyin syllable → Korean reading (South form) → how many name Hanja with that
    pinyin have that reading: the shipped table (see the module docstring)."""
    data = resources.files("uncounted.link.names").joinpath("data/pinyin_readings.tsv")
    index: dict[str, dict[str, int]] = {}
    for line in data.read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        syllable, readings = line.split("\t")
        index[syllable] = {h: int(n) for h, _, n in (r.partition(":") for r in readings.split())}
    return index


def compute_pinyin_index() -> dict[str, dict[str, int]]:
    """The pinyin index computed from the Unihan table and pypinyin."""
    index: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for char, (readings, _) in _table().items():
        names = [r for r in readings if r.for_names]
        if not names:
            continue
        for syllable in pinyin(char):
            for reading in names:
                index[syllable][south_initial(reading.hangul)] += 1
    return {k: dict(v) for k, v in index.items()}


def pinyin_index_text(index: dict[str, dict[str, int]]) -> str:
    """The text of ``data/pinyin_readings.tsv`` for ``index`` (sorted, one syllable a line)."""
    lines = ["# pinyin\treading:count … (generated: python -m uncounted.link.names.tables)"]
    for syllable in sorted(index):
        counts = index[syllable]
        lines.append(f"{syllable}\t" + " ".join(f"{h}:{counts[h]}" for h in sorted(counts)))
    return "\n".join(lines) + "\n"


def readings_of_pinyin(syllable: str, share: float = 0.0) -> tuple[str, ...]:
    """Korean readings (South forms) of name Hanja with pinyin ``syllable``, commonest
    first; with ``share``, only readings held by at least that share of those Hanja."""
    counts = _pinyin_index().get(syllable.lower(), {})
    total = sum(counts.values())
    kept = [h for h in counts if counts[h] >= share * total]
    return tuple(sorted(kept, key=lambda h: (-counts[h], h)))


def likely_readings(syllable: str, ratio: float) -> tuple[str, ...]:
    """Korean readings of pinyin ``syllable`` at least ``ratio`` times as likely as its
    likeliest (likelihood: the share of the name Hanja with that pinyin read so)."""
    counts = _pinyin_index().get(syllable.lower(), {})
    top = max(counts.values(), default=0)
    kept = [h for h in counts if counts[h] >= ratio * top]
    return tuple(sorted(kept, key=lambda h: (-counts[h], h)))


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable read by a Hanja in the table."""
    return frozenset(_pinyin_index())
