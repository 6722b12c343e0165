"""Latin spellings of Korean names reduced to comparison keys, and split into syllables.

Every system's spelling of a syllable is rewritten to one *fine* key: breves
and apostrophes dropped; eo/ŏ → o, eu/ŭ → u, oo → u, ee → i, ui → i,
ae/ai → e, oe/oi → we, ou → o; aspirated and tense consonants merged with the
plain ones (k/g/kk → k, t/d → t, p/b → p, a word-initial kh/th/ph, j/ch/tch → c, sh → s,
l → r); a vowel's trailing h dropped (Ahn, Oh); and, at the start of a name
part, the initial-sound rule (Ri/Lee → i, Ro → no, Nyo → yo). The *skeleton*
key further merges o and u (passport "Jung" for 정).

Hangul goes through Revised Romanization first, so 김명희, "Kim Myŏnghŭi",
"Gim Myeong-hui", "Kim Myong Hui" and "Kim Myung-hee" share the skeleton
``kim|myonghi``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from uncounted.link.names.hangul import SYLLABLE_FIRST, SYLLABLE_LAST
from uncounted.link.names.hanja import pinyin_syllables
from uncounted.link.names.romanise import System, romanise_syllables, strip_diacritics

__all__ = [
    "compute_korean_inventory",
    "fine_key",
    "join_keys",
    "korean_inventory_text",
    "segment_korean",
    "segment_pinyin",
    "skeleton",
]

_RULES: tuple[tuple[str, str], ...] = (
    ("rh", "r"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("^kh", "k"),
    ("^th", "t"),
    ("^ph", "p"),
    ("(?<=[aeiouy])h(?=[^aeiouyw]|$)", ""),
    ("ee", "i"),
    ("oo", "u"),
    ("wu", "u"),
    ("eo", "o"),
    ("eu", "u"),
    ("ou", "o"),
    ("ui", "i"),
    ("yi", "i"),
    ("a[ei]", "e"),
    ("o[ei]", "we"),
    ("j", "c"),
    ("z", "c"),
    ("g", "k"),
    ("d", "t"),
    ("b", "p"),
    ("f", "p"),
    ("l", "r"),
    ("([kptcsrmnh])\\1", "\\1"),
)
_DOUBLE = re.compile("([kptcsrmnh])\\1")
_COMPILED = tuple((re.compile(pattern), repl) for pattern, repl in _RULES)


@lru_cache(maxsize=65_536)
def fine_key(text: str, *, initial: bool = True) -> str:
    """The fine comparison key of a Latin name part (``initial``: apply the initial-sound rule)."""
    key = re.sub("[^a-z]", "", strip_diacritics(text).lower())
    for pattern, repl in _COMPILED:
        key = pattern.sub(repl, key)
    if initial:
        key = re.sub("^[rn](?=[iy])", "", key)
        key = re.sub("^r", "n", key)
    return key


def join_keys(parts: list[str]) -> str:
    """Join syllable or word keys, merging the doubled consonant at a join (taek+kyeong)."""
    return _DOUBLE.sub("\\1", "".join(parts))


def skeleton(key: str) -> str:
    """The coarse key: o and u merged."""
    return key.replace("u", "o")


@cache
def _korean_inventory() -> dict[str, float]:
    """Fine keys of every Hangul syllable in every system, with a segmentation cost: the
    shipped table ``data/korean_syllable_keys.tsv`` (computed by
    :func:`compute_korean_inventory`, regenerated with ``python -m
    uncounted.link.names.tables``; a test checks the two agree). Every Latin name is
    split with it; romanising the 11,172 syllables four ways took about 0.4 s a run."""
    data = resources.files("uncounted.link.names").joinpath("data/korean_syllable_keys.tsv")
    costs: dict[str, float] = {}
    for line in data.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            key, cost = line.split("\t")
            costs[key] = float(cost)
    return costs


def compute_korean_inventory() -> dict[str, float]:
    """The syllable keys and costs computed from the romanisation rules."""
    costs: dict[str, float] = {}
    for code in range(SYLLABLE_FIRST, SYLLABLE_LAST + 1):
        syllable = chr(code)
        for system in System:
            for text in romanise_syllables(syllable, system):
                key = fine_key(text, initial=False)
                simple = not re.search("[^aeiouwy][^aeiouwy]", key.replace("ng", "N"))
                costs[key] = min(costs.get(key, 9.0), 1.0 if simple else 1.2)
    return costs


def korean_inventory_text(costs: dict[str, float]) -> str:
    """The text of ``data/korean_syllable_keys.tsv`` for ``costs`` (sorted by key)."""
    lines = ["# key\tcost (generated: python -m uncounted.link.names.tables)"]
    lines += [f"{key}\t{costs[key]!r}" for key in sorted(costs)]
    return "\n".join(lines) + "\n"


def _segment(text: str, costs: dict[str, float], longest: int) -> list[str] | None:
    best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - longest), end):
            previous = best[start]
            piece = text[start:end]
            if previous is None or piece not in costs:
                continue
            candidate = (previous[0] + costs[piece], [*previous[1], piece])
            current = best[end]
            if current is None or candidate[0] < current[0]:
                best[end] = candidate
    result = best[len(text)]
    return result[1] if result else None


@lru_cache(maxsize=65_536)
def _korean_split(key: str) -> tuple[str, ...] | None:
    parts = _segment(key, _korean_inventory(), 7)
    return None if parts is None else tuple(parts)


@cache
def _pinyin_costs() -> dict[str, float]:
    return dict.fromkeys(pinyin_syllables(), 1.0)


@lru_cache(maxsize=65_536)
def _pinyin_split(text: str) -> tuple[str, ...] | None:
    word = re.sub("[^a-z]", "", strip_diacritics(text).lower().replace("ü", "v"))
    parts = _segment(word, _pinyin_costs(), 6) if word else None
    return None if parts is None else tuple(parts)


def segment_korean(key: str) -> list[str] | None:
    """Split a fine key into syllable keys (fewest, plainest syllables), None if impossible."""
    parts = _korean_split(key)
    return None if parts is None else list(parts)


def segment_pinyin(text: str) -> list[str] | None:
    """Split a toneless pinyin word into syllables, None if it is not pinyin."""
    parts = _pinyin_split(text)
    return None if parts is None else list(parts)
