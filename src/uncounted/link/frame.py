"""Records to the table the linkage model reads: one row per record, derived name keys.

Columns (``None`` where unknown): ``unique_id`` ("list:record_id"),
``source_dataset`` (the list), ``record_id``, ``surname_key``/``surname_sk``
(fine/skeleton surname), ``surname_known`` (False for a Latin surname no table
spells), ``surname_opts`` (every surname the spelling can stand for, e.g.
pinyin Jin → Kim), ``given_key``/``given_sk``, ``given_hangul`` (the given name as written in
Hangul, null in other scripts), ``given_known`` (False for a
Latin given name that splits into no syllables: a letter is missing),
``given_keys`` (fine alternatives), ``full_sk``, ``syl`` (position-tagged
syllable keys),
``syl_direct`` (the same without the readings guessed from pinyin) and
``syl_likely`` (with only the likely ones; both null when the same as
``syl``), ``syl_guess``/``n_syl_guess`` (the syllables of a Latin name read as a
guess: a dropped letter restored, or a pinyin word split at an unwritten
apostrophe; null when there is none), ``n_syl``, ``all_keys`` (skeletons of the
name and every alias),
``alias_keys`` (aliases alone, each in both word orders), ``n_aliases``,
``alias_syl``/``alias_syl_direct``/``alias_n_syl`` (``syl``, ``syl_direct`` and
``n_syl`` of the first alias, so an alias meets a name written in another
script syllable by syllable), ``alias_given`` (of a record without a given name,
the fine keys of the aliases that are a given name alone: one word of one or two
Hangul syllables, or one Latin word that is no surname; a nickname is often the
given name, and where the record has one, its own given name says so already),
``order_sk``/``order_key`` (skeleton and fine ``surname|given`` key of a two-word
Latin name read in the other word order),
``block_keys`` (surname option × first given syllable, of the name in either
word order and of every alias), ``given_block_keys`` (the first two given-name
syllables, likeliest readings first: finds a name whose surname is misspelt or
read from pinyin in an unlisted way), ``name_block_keys`` (surname option × first ×
second given syllable, of the name in either word order and of every alias:
:func:`~uncounted.link.names.keys.name_block_keys`), ``name_key`` (the fine ``surname|given``
key, an empty part where one is missing, as DuckDB's ``concat`` writes it),
``surname_sig``/``given_sig``/``syl_sig0`` …/``alias_sig0`` … (signatures: see
below), ``surname_read_sig`` (the signature of the Hangul surnames the written
surname can stand for), ``given_read_sig``/``n_given_read`` (the readings of each
of the first three given-name syllables, the Hangul it can stand for, as a
17-bit signature each, and the number of syllables read; null where the writing
does not tell: :mod:`~uncounted.link.names.spelled`), ``birth_year``,
``by_bin_a``/``by_bin_b`` (five-year bins at two offsets: any two years at most
two apart share one), ``sex``, ``origin``, ``location``, ``pathway``,
``recorded_year``.

A *signature* is a 53-bit Bloom filter of a set of keys (bit ``crc32(key) % 53``
of each; at most 2**53 - 1, which a float64 holds exactly, so the value survives
pandas' float columns for integers with gaps): two sets that share a key have
signatures that share a bit, so ``(a_l & a_r) <> 0`` is a necessary test that
costs one integer operation, put before an array intersection that random
pairs nearly all fail (it never changes a result, only skips work).
``surname_sig`` is that of ``surname_opts``, ``given_sig`` of ``given_keys``,
``syl_sig0`` … ``syl_sig2`` of the options of syllable positions 0 to 2, and
``alias_sig0`` … ``alias_sig2`` of those of the first alias (all bits set when the
name has no such position, so the test passes). Tested at every position, they
spare the "every syllable" levels most pairs that share a name's block key but not
its last syllable (on one chunk of the 1,000,000-record dedupe, 1.6 million pairs,
the given name's comparison took 4.6 s with the first two positions tested, 2.8 s
with three or four; a fourth, which few names have, is left out: each signature
is a column every pair carries).
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable
from typing import Any

import pandas as pd

from uncounted.link.names.keys import (
    NameKeys,
    diagonal,
    hangul_key,
    name_block_keys,
    name_keys,
    reordered_keys,
)
from uncounted.link.names.parse import Script, parse_name
from uncounted.link.names.spelled import name_readings
from uncounted.model import Pathway, Record, Sex

__all__ = [
    "COLUMNS",
    "INTEGER_COLUMNS",
    "LIST_COLUMNS",
    "POSITION_SIGNATURES",
    "READ_BITS",
    "READ_POSITIONS",
    "SIGNATURE_COLUMNS",
    "birth_year_source",
    "compared_birth_year",
    "linkage_frame",
    "signature",
    "unique_id",
]

MAX_BLOCK_KEYS = 32
SIGNATURE_BITS = 53
_ALL_BITS = (1 << SIGNATURE_BITS) - 1
# Syllable positions with a signature of their own, by column prefix: of the name
# (``syl_sig0`` …) and of its first alias (``alias_sig0`` …); a later position is left
# to the exact test.
POSITION_SIGNATURES = {"syl_sig": 3, "alias_sig": 3}
COLUMNS = (
    "unique_id",
    "source_dataset",
    "record_id",
    "surname_key",
    "surname_sk",
    "surname_known",
    "surname_opts",
    "given_key",
    "given_sk",
    "given_hangul",
    "given_known",
    "given_keys",
    "full_sk",
    "syl",
    "syl_direct",
    "syl_likely",
    "syl_guess",
    "n_syl_guess",
    "n_syl",
    "all_keys",
    "alias_keys",
    "n_aliases",
    "alias_syl",
    "alias_syl_direct",
    "alias_n_syl",
    "alias_given",
    "order_sk",
    "order_key",
    "block_keys",
    "given_block_keys",
    "name_block_keys",
    "name_key",
    "surname_sig",
    "given_sig",
    *(f"{prefix}{p}" for prefix, count in POSITION_SIGNATURES.items() for p in range(count)),
    "surname_read_sig",
    "given_read_sig",
    "n_given_read",
    "birth_year",
    "by_bin_a",
    "by_bin_b",
    "sex",
    "origin",
    "location",
    "pathway",
    "recorded_year",
)

INTEGER_COLUMNS = (
    "birth_year",
    "by_bin_a",
    "by_bin_b",
    "n_syl_guess",
    "n_syl",
    "alias_n_syl",
    "n_given_read",
    "recorded_year",
)
SIGNATURE_COLUMNS = tuple(c for c in COLUMNS if "_sig" in c)
# ``given_read_sig``: the readings of the first ``READ_POSITIONS`` given-name syllables,
# ``READ_BITS`` bits each (all set past the name's last syllable).
READ_BITS = 17
READ_POSITIONS = 3
# The columns that hold lists of strings (or null).
LIST_COLUMNS = (
    "surname_opts",
    "given_keys",
    "syl",
    "syl_direct",
    "syl_likely",
    "syl_guess",
    "all_keys",
    "alias_keys",
    "alias_syl",
    "alias_syl_direct",
    "alias_given",
    "block_keys",
    "given_block_keys",
    "name_block_keys",
)


def unique_id(list_name: str, record_id: str) -> str:
    """The linkage id of a record: its list and record_id."""
    return f"{list_name}:{record_id}"


def _text(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def compared_birth_year(record: Record) -> int | None:
    """The birth year linkage compares (see :func:`birth_year_source`)."""
    found = birth_year_source(record)
    return None if found is None else found[0]


def birth_year_source(record: Record) -> tuple[int, str] | None:
    """The birth year linkage compares and where it comes from: the noted one
    ("noted"), else the middle of a noted range ("middle of 1980-1984"), else the
    age subtracted from the year the record was made ("age 25 when recorded"), else
    the one bound of a range noted ("bound of a range"); None when there is none."""
    if record.birth_year is not None:
        return record.birth_year, "noted"
    low, high = record.birth_year_min, record.birth_year_max
    if low is not None and high is not None:
        return (low + high) // 2, f"middle of {low}-{high}"
    recorded = record.recorded_on.year if record.recorded_on else None
    if record.age is not None and recorded is not None:
        return recorded - record.age, f"age {record.age} when recorded"
    bound = low or high
    return None if bound is None else (bound, "bound of a range")


def _tagged(syllables: tuple[tuple[str, ...], ...]) -> list[str]:
    """Position-tagged syllable keys ("1:myonk")."""
    return [f"{i}:{k}" for i, options in enumerate(syllables) for k in options]


def _tagged_unless_same(
    syllables: tuple[tuple[str, ...], ...], every: tuple[tuple[str, ...], ...]
) -> list[str] | None:
    return _tagged(syllables) if syllables != every else None


def _name_columns(keys: NameKeys | None) -> dict[str, Any]:
    if keys is None or not keys.full:
        return dict.fromkeys(_NAME_COLUMNS[: _NAME_COLUMNS.index("n_syl") + 1])
    givens = sorted({k.split("|", 1)[1] for k in keys.full})
    surname_opts = list(keys.syllables[0]) if keys.surname and keys.syllables else []
    return {
        "surname_key": keys.surname or None,
        "surname_sk": (keys.skeleton.split(" ")[0] if keys.surname else None),
        "surname_known": keys.known_surname if keys.surname else None,
        "surname_opts": surname_opts or None,
        "given_key": keys.given or None,
        "given_sk": keys.skeleton.split(" ", 1)[-1] if keys.given else None,
        "given_hangul": keys.hangul_given or None,
        "given_known": keys.known_given if keys.given else None,
        "given_keys": givens,
        "full_sk": keys.skeleton,
        "syl": _tagged(keys.syllables),
        "syl_direct": _tagged_unless_same(keys.direct_syllables, keys.syllables),
        "syl_likely": _tagged_unless_same(keys.likely_syllables, keys.syllables),
        "syl_guess": _tagged(keys.guess) if keys.guess else None,
        "n_syl_guess": len(keys.guess) if keys.guess else None,
        "n_syl": len(keys.syllables),
    }


def _alias_syllables(keys: NameKeys | None) -> dict[str, Any]:
    if keys is None:
        return {
            **dict.fromkeys(("alias_syl", "alias_syl_direct", "alias_n_syl")),
            **_position_signatures(None, "alias_sig"),
        }
    return {
        "alias_syl": _tagged(keys.syllables),
        "alias_syl_direct": _tagged_unless_same(keys.direct_syllables, keys.syllables),
        "alias_n_syl": len(keys.syllables),
        **_position_signatures(keys, "alias_sig"),
    }


def _alias_given(aliases: tuple[str, ...]) -> list[str] | None:
    """The fine keys of the aliases that are a given name alone (see the module
    docstring)."""
    out = []
    for alias in aliases:
        parsed = parse_name(alias)
        if len(parsed.text.split()) != 1:
            continue
        if parsed.script is Script.HANGUL and len(parsed.text) <= 2:
            out.append(hangul_key(parsed.text))
        elif parsed.script is Script.LATIN and not parsed.surname and parsed.given:
            out.append(name_keys(alias).given)
    return sorted({k for k in out if k}) or None


def _readings(name: str | None) -> dict[str, Any]:
    """The reading columns: two sets of readings share a Hangul syllable only if their
    signatures share a bit, so disjoint signatures prove the names read otherwise
    (a collision only hides a difference)."""
    surname, given = name_readings(name) if name else (None, None)
    return {
        "surname_read_sig": signature(surname) if surname else None,
        "given_read_sig": _packed(given) if given else None,
        "n_given_read": len(given) if given else None,
    }


def _packed(readings: tuple[tuple[str, ...], ...]) -> int:
    block = (1 << READ_BITS) - 1
    bits = 0
    for position in range(READ_POSITIONS):
        held = readings[position] if position < len(readings) else None
        part = block if held is None else signature(held, READ_BITS)
        bits |= part << (position * READ_BITS)
    return bits


def _block_keys(*all_keys: NameKeys | None) -> list[str] | None:
    out: list[str] = []
    for keys in all_keys:
        if keys is None or not keys.syllables:
            continue
        surname = keys.syllables[0] if keys.surname else ("",)
        rest = keys.syllables[1:] if keys.surname else keys.syllables
        first = rest[0] if rest else ("",)
        out += [f"{s}|{g}" for s, g in diagonal(surname, first, MAX_BLOCK_KEYS)]
    return list(dict.fromkeys(out)) or None


def _given_block_keys(*all_keys: NameKeys | None) -> list[str] | None:
    out: list[str] = []
    for keys in all_keys:
        rest = (keys.syllables[1:] if keys.surname else keys.syllables) if keys else ()
        if len(rest) >= 2:
            out += [f"{a}|{b}" for a, b in diagonal(rest[0], rest[1], MAX_BLOCK_KEYS)]
    return list(dict.fromkeys(out)) or None


def _name_block_keys(*all_keys: NameKeys | None) -> list[str] | None:
    out = [k for keys in all_keys if keys for k in name_block_keys(keys, MAX_BLOCK_KEYS)]
    return list(dict.fromkeys(out)) or None


def _swapped(name: str | None) -> list[NameKeys]:
    """Two Latin words may be in either order: keys of the other reading."""
    keys = reordered_keys(name)
    return [keys] if keys is not None else []


_NAME_COLUMNS = COLUMNS[COLUMNS.index("surname_key") : COLUMNS.index("n_given_read") + 1]


def signature(keys: Iterable[str], size: int = SIGNATURE_BITS) -> int:
    """The Bloom-filter signature of a set of keys (see the module docstring), of
    ``size`` bits."""
    bits = 0
    for key in keys:
        bits |= 1 << (zlib.crc32(key.encode()) % size)
    return bits


def _signatures(names: dict[str, Any], keys: NameKeys | None) -> dict[str, Any]:
    """``name_key`` and the signature columns of a name's derived columns ``names``."""
    surname, given = names["surname_key"], names["given_key"]
    options = names["surname_opts"]
    out: dict[str, Any] = {
        "name_key": f"{surname or ''}|{given or ''}",
        "surname_sig": None if options is None else signature(options),
        "given_sig": None if names["given_keys"] is None else signature(names["given_keys"]),
        **_position_signatures(keys if names["syl"] is not None else None, "syl_sig"),
    }
    return out


def _position_signatures(keys: NameKeys | None, prefix: str) -> dict[str, int | None]:
    """The signature of each syllable position's options (``prefix`` and the position,
    as many as ``POSITION_SIGNATURES`` gives the prefix), all bits set past the last
    syllable (so the test passes); None without syllables."""
    count = POSITION_SIGNATURES[prefix]
    if keys is None:
        return dict.fromkeys((f"{prefix}{p}" for p in range(count)), None)
    held = keys.syllables
    return {
        f"{prefix}{p}": signature(held[p]) if p < len(held) else _ALL_BITS for p in range(count)
    }


def _name_values(name: str | None, aliases: tuple[str, ...]) -> tuple[Any, ...]:
    """The name-derived columns (``surname_key`` … ``n_given_read``) of one name and its
    aliases."""
    keys = name_keys(name) if name else None
    swapped = _swapped(name)
    alias_keys = [k for a in aliases for k in [name_keys(a), *_swapped(a)]]
    all_keys = sorted(
        {k.skeleton for k in [keys, *alias_keys, *swapped] if k is not None and k.full}
    )
    other_keys = sorted({k.skeleton for k in alias_keys if k.full})
    first_alias = next((k for k in alias_keys if k.full), None)
    names = _name_columns(keys)
    values = {
        **names,
        **_signatures(names, keys),
        **_readings(name),
        "all_keys": all_keys or None,
        "alias_keys": other_keys or None,
        "n_aliases": len(aliases),
        **_alias_syllables(first_alias),
        "alias_given": None if keys is not None and keys.given else _alias_given(aliases),
        "order_sk": swapped[0].skeleton if swapped and swapped[0].full else None,
        "order_key": swapped[0].full[0] if swapped and swapped[0].full else None,
        "block_keys": _block_keys(keys, *swapped, *alias_keys),
        "given_block_keys": _given_block_keys(keys, *swapped, *alias_keys),
        "name_block_keys": _name_block_keys(keys, *swapped, *alias_keys),
    }
    return tuple(values[c] for c in _NAME_COLUMNS)


def _name_rows(records: list[Record]) -> list[tuple[Any, ...]]:
    """Name columns per record, derived once per distinct name and aliases (records
    sharing them share the same lists: nothing downstream changes them)."""
    cache: dict[tuple[str | None, tuple[str, ...]], tuple[Any, ...]] = {}
    rows = []
    for record in records:
        key = (record.name, tuple(record.aliases))
        row = cache.get(key)
        if row is None:
            row = cache[key] = _name_values(*key)
        rows.append(row)
    return rows


def _year(value: int | None, offset: int = 0) -> int | None:
    return None if value is None else (value + offset) // 5


def linkage_frame(records: Iterable[Record]) -> pd.DataFrame:
    """The linkage table of ``records`` (see the module docstring for its columns)."""
    records = list(records)
    years = [compared_birth_year(r) for r in records]
    columns: dict[str, list[Any]] = {
        "unique_id": [unique_id(r.list, r.record_id) for r in records],
        "source_dataset": [r.list for r in records],
        "record_id": [r.record_id for r in records],
    }
    names = list(zip(*_name_rows(records), strict=True)) or [()] * len(_NAME_COLUMNS)
    columns.update({c: list(v) for c, v in zip(_NAME_COLUMNS, names, strict=True)})
    columns |= {
        "birth_year": years,
        "by_bin_a": [_year(y) for y in years],
        "by_bin_b": [_year(y, 2) for y in years],
        "sex": [None if r.sex is Sex.UNKNOWN else r.sex.value for r in records],
        "origin": [_text(r.origin) for r in records],
        "location": [_text(r.location) for r in records],
        "pathway": [None if r.pathway is Pathway.UNKNOWN else r.pathway.value for r in records],
        "recorded_year": [r.recorded_on.year if r.recorded_on else None for r in records],
    }
    frame = pd.DataFrame(columns, columns=list(COLUMNS))
    for column in (*INTEGER_COLUMNS, *SIGNATURE_COLUMNS):
        frame[column] = frame[column].astype("Int64")
    for column in ("surname_known", "given_known"):
        frame[column] = frame[column].astype("boolean")
    return frame
