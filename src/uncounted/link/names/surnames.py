"""Korean surnames: census frequencies, Hanja, North Korean forms and popular spellings.

The table (``data/surnames.csv``, sources in ``data/SOURCES.md``) holds the
twenty commonest surnames of the 2000 South Korean census with their counts,
the 2015 census shares of the top ten, and the popular Latin spellings (Kim,
Lee, Park, Choi, …). Surnames outside the table romanise by rule.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CENSUS_2000_TOTAL",
    "COMPOUND_SURNAMES",
    "OTHER_SURNAMES",
    "Surname",
    "is_surname",
    "lookup_surname",
    "surname_share",
    "surnames",
]

# Total population counted in the 2000 South Korean census (Statistics Korea): 45,985,289.
CENSUS_2000_TOTAL = 45_985_289


@dataclass(frozen=True)
class Surname:
    """One row of the surname table."""

    hangul: str
    north: str
    hanja: str
    pinyin: str
    spellings: tuple[str, ...]
    count_2000: int
    share_2015: float | None

    @property
    def share_2000(self) -> float:
        """Share of the population in the 2000 census."""
        return self.count_2000 / CENSUS_2000_TOTAL


@cache
def surnames() -> tuple[Surname, ...]:
    """The surname table, commonest first."""
    text = resources.files("uncounted.link.names").joinpath("data/surnames.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Surname(
            hangul=r["hangul"],
            north=r["north"],
            hanja=r["hanja"],
            pinyin=r["pinyin"],
            spellings=tuple(r["spellings"].split("|")),
            count_2000=int(r["count_2000"]),
            share_2015=float(r["share_2015"]) if r["share_2015"] else None,
        )
        for r in rows
    )


@cache
def _by_hangul() -> dict[str, Surname]:
    table = {s.hangul: s for s in surnames()}
    table.update({s.north: s for s in surnames() if s.north not in table})
    table.update({s.hanja: s for s in surnames()})
    return table


def lookup_surname(text: str) -> Surname | None:
    """The table row for a surname in Hangul (South or North form) or Hanja."""
    return _by_hangul().get(text)


def surname_share(hangul: str) -> float | None:
    """Population share of a surname in the 2000 census, None if not in the table."""
    row = lookup_surname(hangul)
    return row.share_2000 if row else None


# Further single-syllable surnames and the compound (two-syllable) ones, from the
# same census table's lower ranks (Statistics Korea 2000/2015, via "List of Korean
# surnames"); used to tell a surname from a given name, not for frequencies.
OTHER_SURNAMES = frozenset(
    "양고문손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염여추도소석선설마길연위"
    "표명기반왕금옥육인맹제모탁국어은편용예경봉사부라로량려림"
)
COMPOUND_SURNAMES = {
    "남궁": "南宮",
    "황보": "皇甫",
    "제갈": "諸葛",
    "선우": "鮮于",
    "독고": "獨孤",
    "사공": "司空",
    "서문": "西門",
}


def is_surname(hangul: str) -> bool:
    """True for a surname in the table, the further list or the compound ones."""
    return (
        lookup_surname(hangul) is not None
        or hangul in OTHER_SURNAMES
        or (hangul in COMPOUND_SURNAMES or hangul in COMPOUND_SURNAMES.values())
    )
