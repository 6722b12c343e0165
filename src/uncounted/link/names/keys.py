"""Comparison keys for names, invariant across scripts and romanisation systems.

:func:`name_keys` turns any name into :class:`NameKeys`:

- ``surname`` / ``given``: fine keys (see :mod:`.latin`) of the surname and the
  given name, the same for 김명희, 金明姬, "Kim Myŏng-hŭi", "Gim Myeong-hui" and
  "KIM, Myong Hui";
- ``full``: every fine ``surname|given`` key the name can have (a Hanja with
  two readings gives two);
- ``known_surname``: False for a Latin surname no table spells (a misspelling:
  "Chng", "Kwo"); ``known_given``: False for a Latin given name that splits into
  neither Korean nor pinyin syllables ("Ja Chn");
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

from uncounted.link.names.hanja import (
    hangul_readings,
    likely_readings,
    readings_of_pinyin,
    south_initial,
)
from uncounted.link.names.latin import fine_key, join_keys, segment_korean, segment_pinyin, skeleton
from uncounted.link.names.parse import (
    ParsedName,
    Script,
    detect_script,
    latin_surname,
    parse_name,
)
from uncounted.link.names.romanise import (
    System,
    conventional_surname,
    romanise_syllables,
    strip_diacritics,
)
from uncounted.link.names.surnames import (
    COMPOUND_SURNAMES,
    lookup_surname,
    surname_share,
    surnames,
)

__all__ = [
    "NameKeys",
    "diagonal",
    "hangul_key",
    "name_block_keys",
    "name_keys",
    "ranked_product",
    "reordered_keys",
]

MAX_ALTERNATIVES = 16
MAX_SURNAME_READINGS = 6
LIKELY_RATIO = 0.25
# Letters a dropped one is restored from when a Latin given name spells no syllables: the
# vowels and the consonants that end a syllable (a dropped consonant elsewhere mostly
# leaves a name that still splits).
RESTORED_LETTERS = "aeiouyngh"
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
    direct: tuple[tuple[str, ...], ...] = ()
    likely: tuple[tuple[str, ...], ...] = ()
    known_surname: bool = True
    known_given: bool = True
    guess: tuple[tuple[str, ...], ...] = ()
    hangul_given: str = ""

    @property
    def direct_syllables(self) -> tuple[tuple[str, ...], ...]:
        """Per position, the options read from the name itself (Hangul, Hanja, a Korean
        romanisation), without the Korean readings guessed from pinyin."""
        return self.direct or self.syllables

    @property
    def likely_syllables(self) -> tuple[tuple[str, ...], ...]:
        """The direct options and the likely readings of pinyin syllables (held by at
        least ``LIKELY_RATIO`` times as many of the name Hanja with that pinyin as its
        likeliest reading: readings ranked by their Unihan counts)."""
        return self.likely or self.syllables

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
    return [_hangul_syllable(c) for c in hangul]


@lru_cache(maxsize=16_384)
def _hangul_syllable(char: str) -> tuple[str, ...]:
    """The skeleton of one syllable's key, once per syllable (a large list reads the same
    few thousand syllables a million times)."""
    return (skeleton(hangul_key(south_initial(char))),)


def _keys_from_hangul(surname: str, given: str, script: Script) -> NameKeys:
    syllables = _hangul_syllables(surname[:1]) if surname else []
    syllables += _hangul_syllables(surname[1:]) + _hangul_syllables(given)
    sur, giv = hangul_key(surname), hangul_key(given)
    hangul = given if script is Script.HANGUL else ""
    return NameKeys(script, sur, giv, (f"{sur}|{giv}",), tuple(syllables), hangul_given=hangul)


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
    hangul = givens[0] if len(givens) == 1 else ""
    return NameKeys(Script.HAN, first.surname, first.given, full, syllables, hangul_given=hangul)


@lru_cache(maxsize=65_536)
def _plain(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalpha())


@lru_cache(maxsize=1)
def _census_by_pinyin() -> dict[str, tuple[str, ...]]:
    """Census surnames (Hangul) by the pinyin of their Hanja, in the census order."""
    index: dict[str, list[str]] = {}
    for row in surnames():
        index.setdefault(row.pinyin, []).append(row.hangul)
    return {pinyin: tuple(hangul) for pinyin, hangul in index.items()}


def _is_pinyin_surname(word: str) -> bool:
    return _plain(word) in _census_by_pinyin()


@lru_cache(maxsize=65_536)
def _latin_surname_options(
    word: str,
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Fine key, every option, the options not guessed from pinyin readings, and those
    with the likely pinyin readings.

    A word that is both a Korean spelling and the pinyin of a census surname takes
    the commoner of the two (Jin: 김 金, 21.6 % of the census, over 진, outside the
    table); the other stays among the options."""
    korean = latin_surname(word)
    readings = _census_by_pinyin().get(_plain(word), ())
    census = readings[0] if readings else None
    if census is not None and (surname_share(census) or 0.0) > (surname_share(korean or "") or 0.0):
        key = hangul_key(census)
    else:
        key = hangul_key(korean) if korean else fine_key(word)
    direct = [skeleton(key), skeleton(hangul_key(korean)) if korean else skeleton(fine_key(word))]
    direct += [skeleton(hangul_key(hangul)) for hangul in readings]
    options, likely = list(direct), list(direct)
    if korean is None and not readings:
        misspelt = [skeleton(hangul_key(h)) for h in _one_letter_short().get(_plain(word), ())]
        options += misspelt
        likely += misspelt
    if segment_pinyin(word) == [_plain(word)]:
        options += list(_pinyin_options(_plain(word))[:MAX_SURNAME_READINGS])
        likely += list(_pinyin_options(_plain(word), likely=True)[:MAX_SURNAME_READINGS])
    return key, *(tuple(dict.fromkeys(o)) for o in (options, direct, likely))  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _one_letter_short() -> dict[str, tuple[str, ...]]:
    """Each spelling of a known surname (the pinyin of a census surname's Hanja, a
    Korean spelling) with one letter dropped → those surnames (Hangul), census ones
    first: "Zheg" is Zheng 정 and "Kwo" Kwon 권 with a letter lost."""
    spellings = [(_plain(p), h) for p, hs in _census_by_pinyin().items() for h in hs]
    spellings += [(_plain(strip_diacritics(s)), h) for h, row in _spellings().items() for s in row]
    index: dict[str, list[str]] = {}
    for spelling, hangul in spellings:
        for cut in range(len(spelling)):
            short = spelling[:cut] + spelling[cut + 1 :]
            if short and hangul not in index.setdefault(short, []):
                index[short].append(hangul)
    return {short: tuple(hangul) for short, hangul in index.items()}


def _spellings() -> dict[str, tuple[str, ...]]:
    """Hangul surname → its conventional Latin spellings in every system."""
    out: dict[str, list[str]] = {}
    for row in surnames():
        names = [conventional_surname(row.hangul, system) for system in System]
        out[row.hangul] = list(dict.fromkeys([*names, *row.spellings]))
    return {hangul: tuple(names) for hangul, names in out.items()}


@lru_cache(maxsize=16_384)
def _pinyin_options(syllable: str, *, likely: bool = False) -> tuple[str, ...]:
    readings = likely_readings(syllable, LIKELY_RATIO) if likely else readings_of_pinyin(syllable)
    return tuple(dict.fromkeys(skeleton(hangul_key(r)) for r in readings))


Options = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=65_536)
def _latin_given_syllables(
    pieces: tuple[str, ...], *, chinese_surname: bool
) -> tuple[Options, ...]:
    """Per syllable position: (every option, the direct ones, the direct and likely ones)
    (memoised: given names repeat across records)."""
    korean: list[tuple[str, ...]] = []
    segmented = True
    for index, piece in enumerate(pieces):
        key = fine_key(piece, initial=index == 0)
        parts = segment_korean(key)
        segmented = segmented and parts is not None
        korean += [(skeleton(p),) for p in parts or [key]]
    chinese = segment_pinyin("".join(pieces)) if len(pieces) == 1 or not segmented else None
    if not chinese:
        return tuple((k, k, k) for k in korean)
    readings = [_pinyin_options(p) for p in chinese]
    likely = [_pinyin_options(p, likely=True) for p in chinese]
    if len(readings) == len(korean):
        return tuple(
            (tuple(dict.fromkeys(k + r)), k, tuple(dict.fromkeys(k + q)))
            for k, r, q in zip(korean, readings, likely, strict=True)
        )
    # The two splits disagree on the number of syllables: pinyin when the letters can
    # only be pinyin, when Korean cannot split them, or when pinyin needs fewer
    # syllables ("Suan": 산, not 수안); Korean otherwise ("Seo" is 서, not se-o, even
    # after Han, which is pinyin too).
    prefer = (
        not segmented
        or bool(_PINYIN_ONLY.search("".join(pieces).lower()))
        or (chinese_surname and len(readings) < len(korean))
    )
    if prefer:
        return tuple((r, (), q) for r, q in zip(readings, likely, strict=True))
    return tuple((k, k, k) for k in korean)


def _keys_from_latin(parsed: ParsedName) -> NameKeys:
    sur, *surname_options = (
        _latin_surname_options(parsed.surname) if parsed.surname else ("", (), (), ())
    )
    given = join_keys([fine_key(p, initial=i == 0) for i, p in enumerate(parsed.given)])
    chinese = bool(parsed.surname) and _is_pinyin_surname(parsed.surname)
    given_syllables = _latin_given_syllables(parsed.given, chinese_surname=chinese)
    head = [tuple(surname_options)] if surname_options[0] else []
    every, direct, likely = (
        tuple(options[i] for options in [*head, *given_syllables]) for i in range(3)
    )
    known = not parsed.surname or (
        latin_surname(parsed.surname) is not None or _is_pinyin_surname(parsed.surname)
    )
    full = (f"{sur}|{given}",)
    known_given = _spells_syllables(parsed.given)
    guess: tuple[tuple[str, ...], ...] = ()
    if known and parsed.given:
        guessed = _guessed_given(parsed.given, known=known_given, chinese_surname=chinese)
        guess = (*(h[0] for h in head), *guessed) if guessed else ()
    return NameKeys(
        Script.LATIN, sur, given, full, every, direct, likely, known, known_given, guess
    )


def _guessed_given(
    pieces: tuple[str, ...], *, known: bool, chinese_surname: bool
) -> tuple[tuple[str, ...], ...]:
    """Per given-name syllable, the options of the name read as a guess (empty when there
    is none): with a dropped letter restored when it spells no syllables ("Gndai":
    gandai, gendai …), or split at an apostrophe pinyin leaves unwritten ("Xian":
    xi'an)."""
    if not known:
        return _restored(pieces, chinese_surname=chinese_surname)
    if len(pieces) == 1:
        return _apostrophe_split(pieces[0])
    return ()


@lru_cache(maxsize=16_384)
def _restored(pieces: tuple[str, ...], *, chinese_surname: bool) -> tuple[tuple[str, ...], ...]:
    """The options of every reading with one letter of ``RESTORED_LETTERS`` put back that
    spells syllables, per position, among the readings with the fewest syllables."""
    readings: list[tuple[tuple[str, ...], ...]] = []
    for index, piece in enumerate(pieces):
        for word in _restorations(piece, initial=index == 0, pinyin=chinese_surname):
            candidate = (*pieces[:index], word, *pieces[index + 1 :])
            if _spells_syllables(candidate):
                options = _latin_given_syllables(candidate, chinese_surname=chinese_surname)
                readings.append(tuple(o[0] for o in options))
    return _union_of_shortest(readings)


def _restorations(piece: str, *, initial: bool, pinyin: bool) -> list[str]:
    """``piece`` with one letter put back where that spells pinyin (after a pinyin
    surname), and its fine key with one letter put back where that splits into Korean
    syllables (tested on the key: the key's rewriting rules run once, not once per
    letter and place)."""
    key = fine_key(piece, initial=initial)
    out = [w for w in _insertions(_plain(piece)) if segment_pinyin(w)] if pinyin else []
    out += [k for k in _insertions(key) if segment_korean(k)]
    return list(dict.fromkeys(out))


def _insertions(word: str) -> list[str]:
    return [word[:c] + x + word[c:] for c in range(len(word) + 1) for x in RESTORED_LETTERS]


def _union_of_shortest(
    readings: list[tuple[tuple[str, ...], ...]],
) -> tuple[tuple[str, ...], ...]:
    if not readings:
        return ()
    fewest = min(len(r) for r in readings)
    shortest = [r for r in readings if len(r) == fewest]
    return tuple(
        tuple(dict.fromkeys(k for r in shortest for k in r[i]))[:MAX_ALTERNATIVES]
        for i in range(fewest)
    )


@lru_cache(maxsize=16_384)
def _apostrophe_split(word: str) -> tuple[tuple[str, ...], ...]:
    """The Korean readings of a pinyin word split once more before a syllable that starts
    with a, o or e, where pinyin writes an apostrophe that names often lack ("xian"
    read as xi'an), per position; empty when no syllable splits so."""
    syllables = segment_pinyin(word)
    if not syllables:
        return ()
    readings = []
    for index, syllable in enumerate(syllables):
        for cut in range(1, len(syllable)):
            head, tail = syllable[:cut], syllable[cut:]
            if (
                tail[0] in "aoe"
                and segment_pinyin(head) == [head]
                and segment_pinyin(tail) == [tail]
            ):
                split = [*syllables[:index], head, tail, *syllables[index + 1 :]]
                readings.append(tuple(_pinyin_options(p) for p in split))
    return _union_of_shortest(readings)


@lru_cache(maxsize=65_536)
def _spells_syllables(pieces: tuple[str, ...]) -> bool:
    """Whether every word of a Latin given name splits into Korean syllables, or the
    whole into pinyin syllables ("Chn" or "Sng" does neither: a letter is missing)."""
    korean = all(segment_korean(fine_key(p, initial=i == 0)) for i, p in enumerate(pieces))
    return korean or bool(segment_pinyin("".join(pieces)))


def _text_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def reordered_keys(text: str | None) -> NameKeys | None:
    """Keys of a two-word Latin name read in the order the parser did not choose
    ("Ha Chang": the parser takes Chang, the commoner surname, as the surname; the
    other reading takes Ha), or None when the name has no other reading."""
    clean = (text or "").strip()
    words = clean.split()
    if len(words) != 2 or "," in clean or detect_script(clean) is not Script.LATIN:
        return None
    chosen = parse_name(clean).surname
    first, second = words if chosen == words[1] else words[::-1]
    return name_keys(f"{first}, {second}")


def diagonal(first: tuple[str, ...], second: tuple[str, ...], limit: int) -> list[tuple[str, str]]:
    """At most ``limit`` pairs of the product, likeliest first: options are ordered by
    likelihood, so pairs go by the sum of their ranks (every surname reading meets the
    first readings of the given name before any meets the hundredth); ties by the
    first's rank. The rank pairs are those of :func:`ranked_product`, computed once per
    pair of sizes (sorting the whole product for each name was the costliest step
    of building a large frame)."""
    return [(first[i], second[j]) for i, j in _ranked((len(first), len(second)), limit)]


def ranked_product(options: tuple[tuple[str, ...], ...], limit: int) -> list[tuple[str, ...]]:
    """At most ``limit`` tuples of the product of ``options``, by the sum of their ranks
    (as :func:`diagonal`, for any number of positions), without forming the product."""
    ranks = _ranked(tuple(len(o) for o in options), limit)
    return [tuple(o[r] for o, r in zip(options, row, strict=True)) for row in ranks]


@lru_cache(maxsize=4_096)
def _ranked(sizes: tuple[int, ...], limit: int) -> tuple[tuple[int, ...], ...]:
    """The rank tuples of :func:`ranked_product` for options of these sizes (few sizes
    recur: most names have one option a syllable)."""
    out: list[tuple[int, ...]] = []
    for total in range(sum(size - 1 for size in sizes) + 1):
        out += _ranks_summing_to(sizes, total)[: limit - len(out)]
        if len(out) == limit:
            break
    return tuple(out)


def _ranks_summing_to(sizes: tuple[int, ...], total: int) -> list[tuple[int, ...]]:
    """Every rank tuple (one rank below each size) whose ranks sum to ``total``, in
    lexicographic order."""
    if len(sizes) == 1:
        return [(total,)] if total < sizes[0] else []
    return [
        (first, *rest)
        for first in range(min(sizes[0] - 1, total) + 1)
        for rest in _ranks_summing_to(sizes[1:], total - first)
    ]


def name_block_keys(keys: NameKeys, limit: int) -> list[str]:
    """Blocking keys "surname|first|second" from the surname's and the first two given
    syllables' options, likeliest first (at most ``limit``); none for a name with fewer
    than two given syllables. Two spellings of one name that share no full-name skeleton
    (pinyin "Piao Dimu" and 박체목: pak|ce|mok) still meet here, where the surname and first
    given syllable alone are shared by too many records to block on."""
    rest = keys.syllables[1:] if keys.surname else keys.syllables
    if len(rest) < 2:
        return []
    surname, first, second = keys.syllables[0] if keys.surname else ("",), rest[0], rest[1]
    ranks = _ranked((len(surname), len(first), len(second)), limit)
    return [f"{surname[a]}|{first[b]}|{second[c]}" for a, b, c in ranks]


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
