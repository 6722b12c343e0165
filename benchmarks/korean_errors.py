"""Error analysis of the cross-script Korean benchmark: missed and false links by cause.

Diagnostics only: the frozen generator (``benchmarks.korean_lists``) is run
unchanged; its rendering functions are wrapped (same random draws) to note,
for each record, how it was made: renamed (with or without alias), romanisation
system, Hanja or pinyin, surname last, letter deleted, missing fields, year
offset. Each missed true pair and each false link is then counted under every
cause its two records carry.

Run: ``python -m benchmarks.korean_errors [N] [SEED] [names|attributes] [--show K]``.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

import benchmarks.korean_lists as kl
from benchmarks.link_metrics import cluster_pairs, true_pairs
from uncounted.intake.reader import read_records
from uncounted.link.names import lookup_surname
from uncounted.link.run import link_records

_CURRENT: dict[str, Any] = {}


@contextmanager
def _instrumented(notes: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Wrap the generator's helpers so each record's making is noted (same draws)."""
    saved = (kl.make_record, kl.romanise_name, kl._typo, kl._given_name, dict(kl.RENDER))

    def romanise(surname: str, given: str, system: Any, **kw: Any) -> str:
        _CURRENT.setdefault("systems", []).append(str(system))
        out: str = saved[1](surname, given, system, **kw)
        _CURRENT.setdefault("plain", []).append(out)
        return out

    def typo(text: str, rng: Any) -> str:
        out: str = saved[2](text, rng)
        _CURRENT["typo"] = out != text
        return out

    def given_name(rng: Any) -> str:
        if _CURRENT.get("in_record"):
            _CURRENT["new_given"] = True
        out: str = saved[3](rng)
        return out

    def wrap(fn: Callable[..., str]) -> Callable[..., str]:
        def inner(p: kl.Person, given: str, rng: Any) -> str:
            out = fn(p, given, rng)
            _CURRENT.setdefault("renders", []).append(out)
            return out

        return inner

    def make_record(p: kl.Person, list_name: str, index: int, rng: Any) -> dict[str, str]:
        _CURRENT.clear()
        _CURRENT["in_record"] = True
        row: dict[str, str] = saved[0](p, list_name, index, rng)
        notes[f"{list_name}:{row['record_id']}"] = {
            "person": p,
            "row": row,
            "renamed": bool(_CURRENT.get("new_given")),
            "alias": bool(row["aliases"]),
            "system": (_CURRENT.get("systems") or ["-"])[-1],
            "swapped": list_name == "intl" and _swapped(_CURRENT),
            "typo": bool(_CURRENT.get("typo")),
            "year_off": (abs(int(row["birth_year"]) - p.birth_year) if row["birth_year"] else None),
        }
        _CURRENT.clear()
        return row

    kl.make_record = make_record  # type: ignore[assignment]
    kl.romanise_name = romanise  # type: ignore[assignment]
    kl._typo = typo  # type: ignore[assignment]
    kl._given_name = given_name  # type: ignore[assignment]
    for key, fn in saved[4].items():
        kl.RENDER[key] = wrap(fn)
    try:
        yield
    finally:
        kl.make_record, kl.romanise_name, kl._typo, kl._given_name = saved[:4]  # type: ignore[assignment]
        kl.RENDER.update(saved[4])


def _swapped(current: dict[str, Any]) -> bool:
    renders, plain = current.get("renders") or [], current.get("plain") or []
    return bool(renders and plain and renders[-1] != plain[-1])


def generate(out: Path, n: int, seed: int) -> dict[str, dict[str, Any]]:
    notes: dict[str, dict[str, Any]] = {}
    with _instrumented(notes):
        kl.generate(out, n, 4, seed)
    return notes


LEE_FAMILY = {"이", "리", "유", "류", "임", "림", "노", "로", "나", "라"}


def _record_causes(note: dict[str, Any]) -> list[str]:
    row = note["row"]
    flags = {
        "name missing": not row["name"],
        "renamed+alias" if note["alias"] else "renamed, no alias": note["renamed"],
        "surname last": note["swapped"],
        "letter deleted": note["typo"],
        "birth year missing": not row["birth_year"],
        "origin missing": not row["origin"],
    }
    out = [cause for cause, present in flags.items() if present]
    if row["list"] == "cn_record" and row["name"]:
        out.append("hanja" if not row["name"].isascii() else "pinyin")
    if row["list"] == "intl" and row["name"]:
        out.append(f"intl {note['system']}")
    return out


def causes(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Every cause the pair's two records carry."""
    lists = sorted((a["row"]["list"], b["row"]["list"]))
    out = [f"lists {lists[0]}~{lists[1]}", *_record_causes(a), *_record_causes(b)]
    person = a["person"]
    if person.surname in LEE_FAMILY:
        out.append(f"surname {person.surname} (initial-sound family)")
    if len(person.given) == 1:
        out.append("one-syllable given name")
    years = (a["row"]["birth_year"], b["row"]["birth_year"])
    if all(years) and abs(int(years[0]) - int(years[1])) >= 3:
        out.append("birth years ≥3 apart")
    return sorted(set(out))


KINDS = (
    "missed: no candidate (not blocked, or scored < 0.01)",
    "missed: scored < 0.5",
    "missed: scored ≥ 0.5, lost in clustering",
    "false links",
)


def hard(note: dict[str, Any]) -> bool:
    """A record no name comparison can find: no name, or renamed without an alias."""
    return not note["row"]["name"] or (note["renamed"] and not note["alias"])


def categorise(
    notes: dict[str, dict[str, Any]],
    truth: set[tuple[str, str]],
    clusters: pd.DataFrame,
    pairs: pd.DataFrame,
) -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    """Per kind of error, how many pairs carry each cause (``(pairs)``: the total;
    ``(name-findable)``: pairs where neither record is :func:`hard`), and examples."""
    found = cluster_pairs(clusters)
    scored = {
        (a, b) if a < b else (b, a): p
        for a, b, p in zip(
            pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
        )
    }
    counts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    examples: dict[str, list[str]] = {k: [] for k in KINDS}
    for pair in sorted(truth - found):
        p = scored.get(pair)
        kind = KINDS[0] if p is None else KINDS[1] if p < 0.5 else KINDS[2]
        _count(counts[kind], notes, pair, causes(notes[pair[0]], notes[pair[1]]))
        examples[kind].append(_describe(pair, notes, p))
    for pair in sorted(found - truth):
        a, b = notes[pair[0]], notes[pair[1]]
        tags = causes(a, b)
        if lookup_surname(a["person"].surname) == lookup_surname(b["person"].surname):
            tags.append("same true surname")
        _count(counts[KINDS[3]], notes, pair, tags)
        examples[KINDS[3]].append(_describe(pair, notes, scored.get(pair)))
    return counts, examples


def _count(
    counter: Counter[str], notes: dict[str, dict[str, Any]], pair: tuple[str, str], tags: list[str]
) -> None:
    counter.update(tags)
    counter["(pairs)"] += 1
    if not (hard(notes[pair[0]]) or hard(notes[pair[1]])):
        counter["(name-findable)"] += 1


def load(tmp: Path, n: int, seed: int) -> tuple[dict[str, dict[str, Any]], list[Any], set[Any]]:
    """Generate the benchmark lists with notes; returns notes, records, true pairs."""
    notes = generate(tmp, n, seed)
    files = [tmp / "lists" / f"{name}.csv" for name in kl.LISTS]
    records = [r for f in files for r in read_records(f)]
    truth = true_pairs(pd.read_csv(tmp / "truth.csv", dtype=str))
    return notes, records, truth


def analyse(
    n: int = 1500, seed: int = 20260101, names_only: bool = False, show: int = 0
) -> dict[str, Counter[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        notes, records, truth = load(Path(tmp), n, seed)
    lists = sorted({r.list for r in records})
    result = link_records(records, threshold=0.5, names_only=names_only, duplicate_free=lists)
    counts, examples = categorise(notes, truth, result.clusters, result.pairs)
    for kind, counter in counts.items():
        print(f"\n== {kind}: {counter['(pairs)']} ({counter['(name-findable)']} name-findable)")
        for cause, count in counter.most_common():
            if not cause.startswith("("):
                print(f"  {count:5d}  {cause}")
        for line in examples[kind][:show]:
            print("   ", line)
    return counts


def _describe(pair: tuple[str, str], notes: dict[str, dict[str, Any]], p: float | None) -> str:
    parts = []
    for uid in pair:
        note = notes[uid]
        row, person = note["row"], note["person"]
        parts.append(
            f"{row['name']!r}/{row['aliases']!r} y={row['birth_year']} o={row['origin'][:6]!r}"
            f" [{person.surname}{person.given} {note['system']}]"
        )
    score = "unscored" if p is None else f"{p:.3f}"
    return f"{score}: " + " ~ ".join(parts)


def main(argv: list[str] | None = None) -> None:
    args = list(argv if argv is not None else sys.argv[1:])
    show = 0
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i : i + 2]
    n = int(args[0]) if args else 1500
    seed = int(args[1]) if len(args) > 1 else 20260101
    names_only = len(args) > 2 and args[2] == "names"
    analyse(n, seed, names_only, show)


if __name__ == "__main__":
    main()
