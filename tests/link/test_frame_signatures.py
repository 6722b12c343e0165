"""Shortcuts the model takes for speed change no result.

- The signature tests (Bloom filters in the frame, ``(a_l & a_r) <> 0``) put before
  an array intersection: every level holds on exactly the pairs it holds on
  without them.
- ``name_key`` is what DuckDB's ``concat(surname_key, '|', given_key)`` gives.
- A blocking rule on either record ("l.x IS NULL OR r.x IS NULL") written once
  per side gives the same pairs.

The names: the hand-made cross-script lists (:mod:`uncounted.link.fixtures`) and
names in pinyin, Hanja, two Latin word orders, misspellings, a surname alone, nameless or
yearless records, renamed women whose alias is another record's name, so that every
level meets pairs it holds on.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from uncounted.link.engine import connect
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.frame import (
    POSITION_SIGNATURES,
    SIGNATURE_BITS,
    SIGNATURE_COLUMNS,
    linkage_frame,
    signature,
)
from uncounted.link.model import blocking_rules, settings_for
from uncounted.model import Record

_EXTRA = (
    "Jin Minghui",
    "김명희",
    "金明姬",
    "Kim Myong Hui",
    "Jin Fuyi",
    "Jin Shuyu",
    "Han Ki-ch'on",
    "Han Nae Un",
    "Seo Han",
    "한서",
    "Chng Ok",
    "정옥",
    "Jung Ok-sun",
    "Ja Chn",
    "자천",
    "Yŏ Kim",
    "김여",
    "Kim",
    "김",
)
_SIGNATURE_TEST = re.compile(r"\(\w+_l & \w+_r\) <> 0 AND ")


def _records() -> list[Record]:
    records = cross_script_lists(40)
    records += [
        Record(list="x", record_id=f"x{i}", name=name, birth_year=1980 + i % 3 if i % 4 else None)
        for i, name in enumerate(_EXTRA)
    ]
    records += [Record(list="x", record_id="nameless", birth_year=1981, origin="Chagang")]
    # Renamed women: an alias in pinyin or another romanisation meets a name in Hangul.
    records += [
        Record(list="y", record_id="y1", name="Pak Sun", aliases=("Jin Minghui",)),
        Record(list="y", record_id="y2", name="Ri Ok", aliases=("Han Nae-un", "Ok")),
    ]
    return records


@pytest.fixture(scope="module")
def pairs() -> duckdb.DuckDBPyConnection:
    frame = linkage_frame(_records())
    con = connect("512MB")
    con.register("frame", frame)
    con.execute("CREATE TABLE t AS SELECT * FROM frame")
    select = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in frame.columns)
    con.execute(f"CREATE TABLE p AS SELECT {select} FROM t l, t r WHERE l.unique_id <> r.unique_id")
    return con


def _levels_with_signatures() -> list[tuple[str, str]]:
    out = []
    for comparison in settings_for()["comparisons"]:
        for level in comparison["comparison_levels"]:
            if _SIGNATURE_TEST.search(level["sql_condition"]):
                out.append((level["label_for_charts"], level["sql_condition"]))
    return out


def test_the_signature_tests_are_where_the_arrays_are_intersected() -> None:
    labels = [label for label, _ in _levels_with_signatures()]
    assert labels == [
        "other reading",
        "same reading",
        "every syllable in a likely reading",
        "every syllable in some reading",
        "alias meets name in every syllable",
    ]


@pytest.mark.parametrize(("label", "sql"), _levels_with_signatures())
def test_a_signature_test_never_changes_a_level(
    pairs: duckdb.DuckDBPyConnection, label: str, sql: str
) -> None:
    plain = _SIGNATURE_TEST.sub("", sql)
    both = pairs.execute(
        f"SELECT count(*) FILTER (WHERE coalesce(({sql}), false)), "
        f"count(*) FILTER (WHERE coalesce(({plain}), false)) FROM p"
    ).fetchone()
    assert both is not None
    assert both[0] == both[1] > 0, label


def _by_position(tagged: list[str] | None) -> list[list[str]]:
    """Position-tagged options ("1:myonk") as each position's options."""
    held: list[list[str]] = []
    for option in tagged or []:
        position, key = option.split(":", 1)
        held += [[] for _ in range(int(position) + 1 - len(held))]
        held[int(position)].append(key)
    return held


def test_signatures_are_those_of_the_keys_exactly() -> None:
    frame = linkage_frame(_records())
    for sig, keys in (("surname_sig", "surname_opts"), ("given_sig", "given_keys")):
        for value, options in zip(frame[sig], frame[keys], strict=True):
            assert (options is None and pd.isna(value)) or value == signature(options)
    for prefix, options in (("syl_sig", frame["syl"]), ("alias_sig", frame["alias_syl"])):
        for row, tagged in enumerate(options):
            held = _by_position(tagged)
            for p in range(POSITION_SIGNATURES[prefix]):
                value = frame[f"{prefix}{p}"].iloc[row]
                if tagged is None:
                    assert pd.isna(value)
                else:
                    expected = signature(held[p]) if p < len(held) else 2**SIGNATURE_BITS - 1
                    assert value == expected, (prefix, p, tagged)
    assert all(str(frame[c].dtype) == "Int64" for c in SIGNATURE_COLUMNS)
    # Bits above 2**53 would not survive pandas' float columns.
    assert int(frame[list(SIGNATURE_COLUMNS)].max().max()) < 2**53


def test_name_key_is_duckdbs_concat(pairs: duckdb.DuckDBPyConnection) -> None:
    differ = pairs.execute(
        "SELECT count(*) FROM t WHERE name_key IS DISTINCT FROM concat(surname_key, '|', given_key)"
    ).fetchone()
    assert differ == (0,)


def _blocked(con: duckdb.DuckDBPyConnection, rules: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for rule in rules:
        rows = con.execute(
            f"SELECT l.unique_id, r.unique_id FROM t l JOIN t r "
            f"ON ({rule}) AND l.unique_id < r.unique_id"
        ).fetchall()
        found |= {(str(a), str(b)) for a, b in rows}
    return found


def test_rules_written_per_side_give_the_pairs_of_the_rule_on_either_side(
    pairs: duckdb.DuckDBPyConnection,
) -> None:
    either = [
        "(l.full_sk IS NULL OR r.full_sk IS NULL) AND l.by_bin_a = r.by_bin_a",
        "(l.full_sk IS NULL OR r.full_sk IS NULL) AND l.by_bin_b = r.by_bin_b",
        "l.surname_key = r.surname_key AND (l.birth_year IS NULL OR r.birth_year IS NULL)",
        "(l.full_sk IS NULL OR r.full_sk IS NULL) "
        "AND (l.birth_year IS NULL OR r.birth_year IS NULL) AND l.origin = r.origin",
    ]
    per_side = [
        r["blocking_rule"]
        for r in blocking_rules(wide=True, given_syllables=False)
        if "IS NULL" in r["blocking_rule"]
    ]
    assert all(" OR " not in rule for rule in per_side)
    expected = _blocked(pairs, either)
    assert expected
    assert _blocked(pairs, per_side) == expected
