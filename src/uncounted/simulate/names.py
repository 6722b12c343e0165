"""Synthetic Korean names: surnames by census share, given names from syllables.

Each person gets one true name in North Korean Hangul spelling, South Korean
spelling (initial-sound rule) and Chinese characters, plus aliases (a Chinese
name given by traffickers or a "husband", a nickname). Surnames, romanisations
and pinyin come from ``uncounted.link.names``; no table is duplicated here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from uncounted.link.names import System, pinyin, romanise_name, south_initial, surnames

CHINESE_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周")
CHINESE_GIVEN = ("春花", "美玲", "秀英", "桂兰", "玉梅", "丽华", "小红", "金花", "海燕", "红梅")
SYSTEMS = (System.RR, System.MR, System.NK, System.PASSPORT)


@dataclass(frozen=True)
class NameTable:
    """Surnames (North form, South form, Hanja) with shares, and given-name syllables."""

    surnames: list[tuple[str, str, str]]
    shares: npt.NDArray[np.float64]
    syllables: list[tuple[str, str]]


@cache
def name_table() -> NameTable:
    rows = surnames()
    shares = np.array([s.share_2015 if s.share_2015 else 100 * s.share_2000 for s in rows])
    resource = resources.files("uncounted.simulate") / "data" / "given_syllables.csv"
    with resource.open("r", encoding="utf-8") as handle:
        syllables = [(r["hangul"], r["hanja"]) for r in csv.DictReader(handle)]
    table = [(s.north, s.hangul, s.hanja) for s in rows]
    return NameTable(table, shares / shares.sum(), syllables)


@dataclass(frozen=True)
class Names:
    """Parallel lists, one entry per person; ``given`` is in North Korean spelling."""

    surname: list[int]
    given: list[str]
    north: list[str]
    south: list[str]
    hanja: list[str]
    aliases: list[tuple[str, ...]]


def draw_names(rng: np.random.Generator, size: int) -> Names:
    """Names for ``size`` women: surname by census share, two given syllables."""
    table = name_table()
    sur = rng.choice(len(table.surnames), size=size, p=table.shares).tolist()
    first = rng.integers(0, len(table.syllables), size).tolist()
    second = rng.integers(0, len(table.syllables), size).tolist()
    syl = table.syllables
    given = [syl[a][0] + syl[b][0] for a, b in zip(first, second, strict=True)]
    north = [table.surnames[s][0] + g for s, g in zip(sur, given, strict=True)]
    south = [
        table.surnames[s][1] + south_initial(g[0]) + g[1:] for s, g in zip(sur, given, strict=True)
    ]
    hanja = [
        table.surnames[s][2] + syl[a][1] + syl[b][1]
        for s, a, b in zip(sur, first, second, strict=True)
    ]
    return Names(sur, given, north, south, hanja, _aliases(rng, given))


def _aliases(rng: np.random.Generator, given: list[str]) -> list[tuple[str, ...]]:
    size = len(given)
    chinese = rng.random(size) < 0.6
    nickname = rng.random(size) < 0.3
    cs = rng.integers(0, len(CHINESE_SURNAMES), size)
    cg = rng.integers(0, len(CHINESE_GIVEN), size)
    result: list[tuple[str, ...]] = []
    for i in range(size):
        items: list[str] = []
        if chinese[i]:
            items.append(CHINESE_SURNAMES[cs[i]] + CHINESE_GIVEN[cg[i]])
        if nickname[i]:
            items.append(given[i])
        result.append(tuple(items))
    return result


def romanised(names: Names, i: int, rng: np.random.Generator) -> str:
    """Person ``i``'s name in a romanisation system drawn at random (RR, MR, DPRK, passport)."""
    system = SYSTEMS[int(rng.integers(0, len(SYSTEMS)))]
    north, south, _ = name_table().surnames[names.surname[i]]
    if system in (System.RR, System.PASSPORT):
        return romanise_name(south, south_initial(names.given[i][0]) + names.given[i][1:], system)
    return romanise_name(north, names.given[i], system, ascii=bool(rng.random() < 0.5))


def pinyin_name(names: Names, i: int) -> str:
    """Person ``i``'s name as a Chinese writer would romanise its characters."""
    chars = names.hanja[i]
    surname = "".join(pinyin(chars[0], surname=True)).capitalize()
    given = "".join(pinyin(chars[1:])).capitalize()
    return f"{surname} {given}"
