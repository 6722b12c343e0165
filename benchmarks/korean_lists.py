"""Cross-script Korean linkage benchmark: the same people on 2–4 lists, in different scripts.

Frozen before the matcher was tuned (its first commit precedes any tuning);
change it only with a note in the commit. Built only from cited public tables:

- surnames: the census table in ``uncounted/link/names/data/surnames.csv``
  (Statistics Korea 2000 counts for the 20 commonest; the remaining share of
  the population, about 20 %, is spread evenly over the further surnames of
  the same source);
- given-name syllables: the readings of the Hanja on the educational list in
  Unihan (``kHangul`` flag E), each syllable weighted by how many such Hanja
  read that way; given names have two syllables (one in 10 %); the Hanja
  written for a syllable is chosen among those educational Hanja;
- renderings: the romanisation standards implemented in
  ``uncounted.link.names`` (RR 2000, McCune–Reischauer 1939, DPRK 1992,
  passport spellings) and Mandarin pinyin of the Hanja (pypinyin);
- origin: the DPRK's nine provinces and Pyongyang (administrative division),
  uniform, since no published distribution was at hand;
- birth years uniform over 1970–2002; sex 90 % female.

Lists (each person appears on each list with probability ``capture``):

- ``ngo_kr``: Hangul (South forms), birth year exact or ±1;
- ``nk_style``: DPRK romanisation without diacritics, North surname forms (리, 림, 류);
- ``cn_record``: Hanja (half) or pinyin of the Hanja (half), age-based year ±2;
- ``intl``: passport spellings, RR or MR (a third each), surname last in a third.

Noise on every record: ages off by up to ±2 years, renaming (8 %: a new given
name; half of those keep the old name as an alias), a missing birth year
(10 %), origin (25 %) or name (2 %), one deleted letter in 3 % of Latin names.

Run ``python -m benchmarks.korean_lists OUT_DIR [N] [LISTS] [SEED]`` to write
``OUT_DIR/lists/<list>.csv`` and ``OUT_DIR/truth.csv`` (person_id, list, record_id).
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from uncounted.link.names import (
    System,
    name_hanja,
    pinyin,
    romanise_name,
    south_initial,
    surnames,
)
from uncounted.link.names.hanja import _by_reading, hangul_readings
from uncounted.link.names.surnames import CENSUS_2000_TOTAL, OTHER_SURNAMES

LISTS = ("ngo_kr", "nk_style", "cn_record", "intl")
PROVINCES = (
    "North Hamgyong",
    "South Hamgyong",
    "Ryanggang",
    "Chagang",
    "North Pyongan",
    "South Pyongan",
    "Kangwon",
    "North Hwanghae",
    "South Hwanghae",
    "Pyongyang",
)
COLUMNS = ("record_id", "list", "name", "aliases", "sex", "birth_year", "recorded_on", "origin")


@dataclass(frozen=True)
class Person:
    person_id: str
    surname: str
    given: str
    hanja: str
    sex: str
    birth_year: int
    origin: str


@cache
def _surname_weights() -> tuple[list[str], list[float]]:
    rows = surnames()
    names = [r.hangul for r in rows]
    weights = [r.count_2000 / CENSUS_2000_TOTAL for r in rows]
    others = sorted(OTHER_SURNAMES - set(names) - {r.north for r in rows})
    rest = max(0.0, 1.0 - sum(weights))
    return names + others, weights + [rest / len(others)] * len(others)


@cache
def _syllable_weights() -> tuple[list[str], list[int]]:
    table = _by_reading()
    syllables = sorted(s for s in table if _is_south_form(s) and _educational(s))
    return syllables, [len(_educational(s)) for s in syllables]


def _educational(syllable: str) -> list[str]:
    """Hanja of the educational list that read ``syllable`` (either initial-rule form)."""
    return [
        c
        for c in name_hanja(syllable)
        for r in hangul_readings(c)
        if "E" in r.flags and syllable in (r.hangul, south_initial(r.hangul))
    ]


def _is_south_form(syllable: str) -> bool:
    return south_initial(syllable) == syllable


def _given_name(rng: random.Random) -> str:
    syllables, weights = _syllable_weights()
    size = 1 if rng.random() < 0.1 else 2
    return "".join(rng.choices(syllables, weights)[0] for _ in range(size))


def _hanja(surname: str, given: str, rng: random.Random) -> str:
    row = next((r for r in surnames() if r.hangul == surname), None)
    head = row.hanja if row else (_pick_hanja(surname, rng) or surname)
    return head + "".join(_pick_hanja(s, rng) or s for s in given)


def _pick_hanja(syllable: str, rng: random.Random) -> str | None:
    options = _educational(syllable) or list(name_hanja(syllable))
    return rng.choice(options) if options else None


def make_people(n: int, rng: random.Random) -> list[Person]:
    names, weights = _surname_weights()
    people = []
    for index in range(n):
        surname = rng.choices(names, weights)[0]
        given = _given_name(rng)
        people.append(
            Person(
                person_id=f"P{index:06d}",
                surname=surname,
                given=given,
                hanja=_hanja(surname, given, rng),
                sex="F" if rng.random() < 0.9 else "M",
                birth_year=rng.randint(1970, 2002),
                origin=rng.choice(PROVINCES),
            )
        )
    return people


def _north(surname: str) -> str:
    row = next((r for r in surnames() if r.hangul == surname), None)
    return row.north if row else surname


def _render_ngo(p: Person, given: str, rng: random.Random) -> str:
    return p.surname + given


def _render_nk(p: Person, given: str, rng: random.Random) -> str:
    return romanise_name(_north(p.surname), given, System.NK, ascii=True)


def _render_cn(p: Person, given: str, rng: random.Random) -> str:
    hanja = p.hanja if given == p.given else _hanja(p.surname, given, rng)
    if rng.random() < 0.5:
        return hanja
    head = len(hanja) - len(given)
    surname = "".join(pinyin(hanja[:head], surname=True)).capitalize()
    return f"{surname} {''.join(pinyin(hanja[head:])).capitalize()}"


def _render_intl(p: Person, given: str, rng: random.Random) -> str:
    system = rng.choice((System.PASSPORT, System.RR, System.MR))
    text = romanise_name(p.surname, given, system, ascii=rng.random() < 0.7)
    if rng.random() < 0.33:
        surname, _, rest = text.partition(" ")
        text = f"{rest} {surname}"
    return text


RENDER: dict[str, Callable[[Person, str, random.Random], str]] = {
    "ngo_kr": _render_ngo,
    "nk_style": _render_nk,
    "cn_record": _render_cn,
    "intl": _render_intl,
}
YEAR_NOISE = {"ngo_kr": 1, "nk_style": 2, "cn_record": 2, "intl": 2}


def _typo(text: str, rng: random.Random) -> str:
    if not text.isascii() or len(text) < 5 or rng.random() >= 0.03:
        return text
    cut = rng.randrange(1, len(text))
    return text[:cut] + text[cut + 1 :] if text[cut] != " " else text


def make_record(p: Person, list_name: str, index: int, rng: random.Random) -> dict[str, str]:
    given, aliases = p.given, ""
    if rng.random() < 0.08:
        given = _given_name(rng)
        if rng.random() < 0.5:
            aliases = RENDER[list_name](p, p.given, rng)
    name = "" if rng.random() < 0.02 else _typo(RENDER[list_name](p, given, rng), rng)
    noise = YEAR_NOISE[list_name]
    year = p.birth_year + rng.randint(-noise, noise)
    return {
        "record_id": f"{list_name[:2].upper()}{index:06d}",
        "list": list_name,
        "name": name,
        "aliases": aliases,
        "sex": p.sex,
        "birth_year": "" if rng.random() < 0.10 else str(year),
        "recorded_on": str(rng.randint(2005, 2023)),
        "origin": "" if rng.random() < 0.25 else p.origin,
    }


def generate(
    out: Path, n: int = 1500, n_lists: int = 4, seed: int = 20260101, capture: float = 0.55
) -> list[Path]:
    """Write the lists and the truth table; returns the list files."""
    rng = random.Random(seed)
    people = make_people(n, rng)
    (out / "lists").mkdir(parents=True, exist_ok=True)
    files, truth = [], []
    for list_name in LISTS[:n_lists]:
        rows = []
        for person in people:
            if rng.random() < capture:
                row = make_record(person, list_name, len(rows), rng)
                rows.append(row)
                truth.append((person.person_id, list_name, row["record_id"]))
        rng.shuffle(rows)
        path = out / "lists" / f"{list_name}.csv"
        _write(path, COLUMNS, [[r[c] for c in COLUMNS] for r in rows])
        files.append(path)
    _write(out / "truth.csv", ("person_id", "list", "record_id"), [list(t) for t in truth])
    return files


def _write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "korean-benchmark")
    n = int(args[1]) if len(args) > 1 else 1500
    lists = int(args[2]) if len(args) > 2 else 4
    seed = int(args[3]) if len(args) > 3 else 20260101
    files = generate(out, n, lists, seed)
    print(f"wrote {len(files)} lists to {out}")


if __name__ == "__main__":
    main()
