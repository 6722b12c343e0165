"""Synthetic Korean names: surnames by published frequency, given names from syllables.

Each person gets one true name in three forms: North Korean Hangul spelling,
South Korean Hangul spelling (initial-sound rule) and Chinese characters, plus
aliases (a Chinese name given by traffickers or a "husband", a nickname).
Romanisations are produced by ``uncounted.link.names`` when it is available
(see :func:`romanise`); the simulator keeps no romanisation table of its own.
"""

from __future__ import annotations

import csv
import importlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

# Most common Chinese surnames (Ministry of Public Security household register
# ranking, 2019 release) and common women's given names: synthetic aliases [U].
CHINESE_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周")
CHINESE_GIVEN = ("春花", "美玲", "秀英", "桂兰", "玉梅", "丽华", "小红", "金花", "海燕", "红梅")


@dataclass(frozen=True)
class NameTable:
    """The surname and syllable tables shipped in ``simulate/data``."""

    surnames: list[dict[str, str]]
    surname_shares: npt.NDArray[np.float64]
    syllables: list[dict[str, str]]


@cache
def name_table() -> NameTable:
    folder = resources.files("uncounted.simulate") / "data"
    surnames = _read_csv(folder / "surnames.csv")
    syllables = _read_csv(folder / "given_syllables.csv")
    shares = np.array([float(row["share_percent"]) for row in surnames])
    return NameTable(surnames, shares / shares.sum(), syllables)


def _read_csv(resource: Any) -> list[dict[str, str]]:
    with resource.open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Names:
    """Parallel arrays: one entry per person."""

    north: list[str]
    south: list[str]
    hanja: list[str]
    aliases: list[tuple[str, ...]]


def draw_names(rng: np.random.Generator, size: int) -> Names:
    """Names for ``size`` women: surname by census share, two given syllables."""
    table = name_table()
    s = rng.choice(len(table.surnames), size=size, p=table.surname_shares)
    g1 = rng.integers(0, len(table.syllables), size)
    g2 = rng.integers(0, len(table.syllables), size)
    sur, syl = table.surnames, table.syllables
    north = [
        sur[a]["hangul_north"] + syl[b]["hangul_north"] + syl[c]["hangul_north"]
        for a, b, c in zip(s, g1, g2, strict=True)
    ]
    south = [
        sur[a]["hangul_south"] + syl[b]["hangul_south"] + syl[c]["hangul_north"]
        for a, b, c in zip(s, g1, g2, strict=True)
    ]
    hanja = [
        sur[a]["hanja"] + syl[b]["hanja"] + syl[c]["hanja"]
        for a, b, c in zip(s, g1, g2, strict=True)
    ]
    return Names(north, south, hanja, _aliases(rng, north, size))


def _aliases(rng: np.random.Generator, north: list[str], size: int) -> list[tuple[str, ...]]:
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
            items.append(north[i][1:])
        result.append(tuple(items))
    return result


def romaniser() -> Any | None:
    """The link module's romanisation function, when it has landed; else None."""
    try:
        module = importlib.import_module("uncounted.link.names")
    except ImportError:
        return None
    return getattr(module, "romanise", None)


def romanise(hangul: str, rng: np.random.Generator) -> str:
    """One romanisation of ``hangul`` (system drawn at random) or Hangul if unavailable."""
    function = romaniser()
    if function is None:
        return hangul
    systems = ("revised", "mccune_reischauer", "north_korean")
    return str(function(hangul, system=systems[int(rng.integers(0, len(systems)))]))
