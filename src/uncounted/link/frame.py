"""Records to the table the linkage model reads: one row per record, derived name keys.

Columns (``None`` where unknown): ``unique_id`` ("list:record_id"),
``source_dataset`` (the list), ``record_id``, ``surname_key``/``surname_sk``
(fine/skeleton surname), ``surname_opts`` (every surname the spelling can stand
for, e.g. pinyin Jin → Kim), ``given_key``/``given_sk``, ``given_keys`` (fine
alternatives), ``full_sk``, ``syl`` (position-tagged syllable keys) and
``n_syl``, ``all_keys`` (skeletons of the name and every alias), ``alias_keys``
(aliases alone, and the other word order of a two-word Latin name), ``n_aliases``,
``block_keys`` (surname option × first given syllable), ``birth_year``,
``by_bin_a``/``by_bin_b`` (five-year bins at two offsets: any two years at most
two apart share one), ``sex``, ``origin``, ``location``, ``pathway``,
``recorded_year``.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from uncounted.link.names.keys import NameKeys, name_keys
from uncounted.link.names.parse import Script, detect_script
from uncounted.model import Pathway, Record, Sex

__all__ = ["COLUMNS", "linkage_frame", "unique_id"]

MAX_BLOCK_KEYS = 32
COLUMNS = (
    "unique_id",
    "source_dataset",
    "record_id",
    "surname_key",
    "surname_sk",
    "surname_opts",
    "given_key",
    "given_sk",
    "given_keys",
    "full_sk",
    "syl",
    "n_syl",
    "all_keys",
    "alias_keys",
    "n_aliases",
    "block_keys",
    "birth_year",
    "by_bin_a",
    "by_bin_b",
    "sex",
    "origin",
    "location",
    "pathway",
    "recorded_year",
)


def unique_id(list_name: str, record_id: str) -> str:
    """The linkage id of a record: its list and record_id."""
    return f"{list_name}:{record_id}"


def _text(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _birth_year(record: Record) -> int | None:
    if record.birth_year is not None:
        return record.birth_year
    if record.birth_year_min is not None and record.birth_year_max is not None:
        return (record.birth_year_min + record.birth_year_max) // 2
    recorded = record.recorded_on.year if record.recorded_on else None
    if record.age is not None and recorded is not None:
        return recorded - record.age
    return record.birth_year_min or record.birth_year_max


def _name_columns(keys: NameKeys | None) -> dict[str, Any]:
    if keys is None or not keys.full:
        return dict.fromkeys(
            ("surname_key", "surname_sk", "surname_opts", "given_key", "given_sk"), None
        ) | {"given_keys": None, "full_sk": None, "syl": None, "n_syl": None}
    givens = sorted({k.split("|", 1)[1] for k in keys.full})
    surname_opts = list(keys.syllables[0]) if keys.surname and keys.syllables else []
    return {
        "surname_key": keys.surname or None,
        "surname_sk": (keys.skeleton.split(" ")[0] if keys.surname else None),
        "surname_opts": surname_opts or None,
        "given_key": keys.given or None,
        "given_sk": keys.skeleton.split(" ", 1)[-1] if keys.given else None,
        "given_keys": givens,
        "full_sk": keys.skeleton,
        "syl": [f"{i}:{k}" for i, options in enumerate(keys.syllables) for k in options],
        "n_syl": len(keys.syllables),
    }


def _block_keys(*all_keys: NameKeys | None) -> list[str] | None:
    out: list[str] = []
    for keys in all_keys:
        if keys is None or not keys.syllables:
            continue
        surname = keys.syllables[0] if keys.surname else ("",)
        rest = keys.syllables[1:] if keys.surname else keys.syllables
        first = rest[0] if rest else ("",)
        pairs = itertools.islice(itertools.product(surname, first), MAX_BLOCK_KEYS)
        out += [f"{s}|{g}" for s, g in pairs]
    return list(dict.fromkeys(out)) or None


def _swapped(name: str | None) -> list[NameKeys]:
    """Two Latin words may be in either order: keys of the other reading."""
    text = name or ""
    words = text.split()
    if len(words) != 2 or "," in text or detect_script(text) is not Script.LATIN:
        return []
    return [name_keys(f"{words[1]}, {words[0]}")]


def _row(record: Record) -> dict[str, Any]:
    keys = name_keys(record.name) if record.name else None
    swapped = _swapped(record.name)
    alias_keys = [name_keys(a) for a in record.aliases] + swapped
    all_keys = sorted({k.skeleton for k in [keys, *alias_keys] if k is not None and k.full})
    other_keys = sorted({k.skeleton for k in alias_keys if k.full})
    year = _birth_year(record)
    return {
        "unique_id": unique_id(record.list, record.record_id),
        "source_dataset": record.list,
        "record_id": record.record_id,
        **_name_columns(keys),
        "all_keys": all_keys or None,
        "alias_keys": other_keys or None,
        "n_aliases": len(alias_keys),
        "block_keys": _block_keys(keys, *swapped),
        "birth_year": year,
        "by_bin_a": None if year is None else year // 5,
        "by_bin_b": None if year is None else (year + 2) // 5,
        "sex": None if record.sex is Sex.UNKNOWN else record.sex.value,
        "origin": _text(record.origin),
        "location": _text(record.location),
        "pathway": None if record.pathway is Pathway.UNKNOWN else record.pathway.value,
        "recorded_year": record.recorded_on.year if record.recorded_on else None,
    }


def linkage_frame(records: Iterable[Record]) -> pd.DataFrame:
    """The linkage table of ``records`` (see the module docstring for its columns)."""
    frame = pd.DataFrame([_row(r) for r in records], columns=list(COLUMNS))
    for column in ("birth_year", "by_bin_a", "by_bin_b", "n_syl", "recorded_year"):
        frame[column] = frame[column].astype("Int64")
    return frame
