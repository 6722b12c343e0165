"""The Splink model: comparisons on the derived name keys and the coded fields.

:func:`settings_for` builds a Splink 5 settings dictionary (untrained); the
trained model is the same dictionary with m/u probabilities filled in, saved
as Splink settings JSON. Comparisons:

- ``surname``: the same fine key, but written so that it cannot be the same
  Hangul (MR "Ch'ang" 창 ↔ 장: :mod:`uncounted.link.names.spelled`) / same fine
  key (term-frequency adjusted, so a shared Kim counts
  for less than a shared Choe) / same skeleton / same surname in another
  reading (pinyin Jin ↔ 진) / a letter dropped from a spelling no table knows
  ("Chng" ↔ 정) / a letter dropped between known spellings ("Im" ↔ 김) / one
  letter changed / else;
- ``given_name``: the same Hangul (both given names written in Hangul, or in Hanja
  of one reading each: 서연 and 소연 share a fine key, not their Hangul) / the
  same fine key, but a syllable written so that it cannot be the same Hangul
  (착가 ↔ "Cha Ka" 차가; 宰 재 ↔ 제) / same fine key (no term-frequency adjustment by default:
  frequencies counted over the records count each person once per list, so a
  name borne by one woman on three lists looks three times commoner than it is;
  on the Korean benchmark the adjustment lowered names-only F1 from 0.889 to
  0.819 at seed 7; the large path, where one-syllable names are borne by many
  women, asks for it: ``given_tf``) /
  same skeleton, but a syllable written so that it cannot be the same Hangul
  ("Jong" 정/종 ↔ 중) / same skeleton (passport "Jung" ↔ 정) / every syllable matches in a likely
  reading (pinyin ↔ Hangul: a Korean reading held by at least a quarter as many
  name Hanja with that pinyin as its commonest reading) / in some reading (a position counts once
  however many readings it shares; two readings both guessed from pinyin never
  count) / every syllable in a guessed reading (a Latin given name with a
  dropped letter restored, or pinyin split at an unwritten apostrophe) / a
  letter dropped from a name that splits into no syllables ("Ja Chn" ↔ 자천) /
  a letter dropped / Jaro–Winkler ≥ 0.92 / ≥ 0.80 / else;
- ``surname`` first asks whether a two-word Latin name read in the other word
  order is the other record's name ("Han Seo" ↔ 서한: either word can be the
  surname); that one event is counted once, by the surname: the given name
  puts such a pair in its null level (counted twice, about 19-24 bits, it
  outweighed a birth year ten years off and chained different women called
  "Kim O" and "O Kim");
- ``aliases``: an alias of one (in either word order) equals a name or alias
  of the other (array intersection) / the first alias of one has the other's
  name in every syllable in some reading (an alias in pinyin ↔ a Hangul name) /
  a record without a given name has an alias that is a given name alone, the
  other's (a nickname 희영 ↔ 리희영) / else; null when neither has aliases;
- ``birth_year``: same / ±1 / ±2 / ±5 / else; ``sex``, ``origin``,
  ``location``, ``pathway``: same / else; ``recorded_year``: ±1 / ±3 / else;
- one exact / Jaro–Winkler comparison per extra attribute column asked for.

Blocking (pairs scored): same given-name skeleton; same surname and first
given syllable in some reading; same name or alias; and, with ``wide=True``,
same surname (in any reading) and birth years at most four apart (ages are
noted ±2 on each list, so two lists can differ by four), which finds
renamed people, a record without a name with every record in its five-year
birth-year bins (two offsets), a
record without a birth year with every record of its surname, a record
without a name with every record of its origin when either has no birth year,
and the same first two given syllables in some reading (a misspelt surname,
or a pinyin surname read in an unlisted way). A rule that asks something of
either record (no name, no birth year) is written once per side, so the
database filters that side before the join.

The levels that intersect arrays first test the arrays' signatures (integer
Bloom filters the frame carries, ``(a_l & a_r) <> 0``), which random pairs
nearly all fail; the signatures never change a level, they spare the array
work (u estimation scores two million random pairs). The "every syllable" levels
test one signature per syllable position, which also spares most blocked pairs:
those that share a name's first syllables but not its last.

The SQL is written once for DuckDB and Spark alike (unquoted column names,
``cardinality(array_intersect(...))``, ``regexp_extract_all``, ``levenshtein``,
the bitwise ``&``,
``jaro_winkler``, which Splink registers on Spark and
:func:`uncounted.link.engine.connect` defines on DuckDB; no lambdas), so the
trained settings JSON runs unchanged on Splink's Spark backend (tested).
"""

from __future__ import annotations

import itertools
from typing import Any

from uncounted.link.frame import POSITION_SIGNATURES, READ_BITS, READ_POSITIONS

__all__ = [
    "NAME_COMPARISONS",
    "blocking_rules",
    "deterministic_rules",
    "level_labels",
    "settings_for",
]

NAME_COMPARISONS = ("surname", "given_name", "aliases")


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(*columns: str) -> dict[str, Any]:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return _level(sql, "null", is_null_level=True)


def _comparison(name: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    """A comparison with its own "else" level (no level dict shared between comparisons:
    setting one's m must not set another's)."""
    return {"output_column_name": name, "comparison_levels": [*levels, _level("ELSE", "else")]}


# A letter dropped in typing: lengths one apart, and one edit apart (the cheap test first).
_ONE_DROPPED = "abs(length({c}_l) - length({c}_r)) = 1 AND levenshtein({c}_l, {c}_r) = 1"
# The same when one spelling is no known name (no table surname; no syllables).
_MISSPELT = (
    "(NOT {c}_known_l OR NOT {c}_known_r) AND abs(length({c}_sk_l) - length({c}_sk_r)) = 1 "
    "AND levenshtein({c}_sk_l, {c}_sk_r) = 1"
)

# The two words of a Latin name read in the other order ("Han Seo" for 서한) give the
# other record's name: surname and given name agree in that reading.
_OTHER_ORDER = "order_sk_l = full_sk_r OR order_sk_r = full_sk_l"
# The same with the fine keys ("Yŏ Kim" is 김여, not 김유, though the skeletons merge o/u).
_OTHER_ORDER_FINE = "order_key_l = name_key_r OR order_key_r = name_key_l"


# The keys agree, but the names as written cannot be the same Hangul (장 and "Ch'ang"
# 창; 착가 and "Cha Ka"; :mod:`uncounted.link.names.spelled`). Unknown readings (pinyin
# that splits otherwise, a spelling no system writes) never count as otherwise.
# The readings are signatures (:mod:`uncounted.link.frame`): disjoint ones prove it.
_SURNAME_READ_OTHERWISE = (
    "surname_key_l = surname_key_r AND (surname_read_sig_l & surname_read_sig_r) = 0"
)


def _given_read_otherwise(key: str = "given_key") -> str:
    block = (1 << READ_BITS) - 1
    apart = " OR ".join(
        f"(given_read_sig_l & given_read_sig_r & {block << (i * READ_BITS)}) = 0"
        for i in range(READ_POSITIONS)
    )
    return f"{key}_l = {key}_r AND n_given_read_l = n_given_read_r AND ({apart})"


def _bits_shared(signature: str) -> str:
    """SQL: the two signatures (Bloom filters, :mod:`uncounted.link.frame`) share a bit, a
    necessary test for the sets they stand for to share a key: one integer operation
    that spares random pairs an array intersection."""
    return f"({signature}_l & {signature}_r) <> 0"


def _overlap(column: str, signature: str) -> str:
    """SQL: the arrays ``column`` share an element (their signatures tested first)."""
    return f"{_bits_shared(signature)} AND cardinality(array_intersect({column}_l, {column}_r)) > 0"


def _surname() -> dict[str, Any]:
    return _comparison(
        "surname",
        [
            _null("surname_key"),
            _level(_OTHER_ORDER_FINE, "same in the other word order"),
            _level(_OTHER_ORDER, "same skeleton in the other word order"),
            _level(_SURNAME_READ_OTHERWISE, "same key, read otherwise"),
            _level(
                "surname_key_l = surname_key_r",
                "same",
                tf_adjustment_column="surname_key",
                tf_adjustment_weight=1.0,
            ),
            _level("surname_sk_l = surname_sk_r", "same skeleton"),
            _level(_overlap("surname_opts", "surname_sig"), "other reading"),
            _level(_MISSPELT.format(c="surname"), "a misspelling, one letter dropped"),
            _level(_ONE_DROPPED.format(c="surname_sk"), "one letter dropped"),
            _level(
                "abs(length(surname_sk_l) - length(surname_sk_r)) <= 1 "
                "AND levenshtein(surname_sk_l, surname_sk_r) <= 1",
                "one letter changed",
            ),
        ],
    )


def _positions_shared(both: str, left: str = "syl", right: str = "syl") -> str:
    """SQL: how many syllable positions (the "3" of "3:hi") hold a direct option of one
    name that is an option (from ``both``: ``syl`` or ``syl_likely``) of the other. A
    position counts once however many readings it shares; the positions are read off
    the arrays' text, as DuckDB and Spark both print them ("[0:kim, 1:myonk]").
    ``left``/``right``: the syllable columns of each side (``alias_syl``: the alias)."""
    direct_l, direct_r = (
        f"coalesce({c}_direct_{s}, {c}_{s})" for c, s in ((left, "l"), (right, "r"))
    )
    any_l, any_r = (
        f"coalesce({both}_{s}, syl_{s})" if c == "syl" else f"{c}_{s}"
        for c, s in ((left, "l"), (right, "r"))
    )
    shared = (
        f"cast(array_intersect({direct_l}, {any_r}) as string) || "
        f"cast(array_intersect({any_l}, {direct_r}) as string)"
    )
    return f"cardinality(array_distinct(regexp_extract_all({shared}, '([0-9]+):', 1)))"


def _each_position_may_share(left: str, right: str) -> str:
    """SQL: the signatures of each syllable position share a bit (``left``/``right``: the
    signature columns' prefix, ``syl_sig`` or ``alias_sig``), a necessary test for
    :func:`_positions_shared` to reach every position. Pairs blocked on a name's first
    syllables nearly all share those; most differ at a later one, and fail here
    without the array work."""
    count = min(POSITION_SIGNATURES[left], POSITION_SIGNATURES[right])
    return " AND ".join(f"({left}{p}_l & {right}{p}_r) <> 0" for p in range(count))


def _every_syllable(both: str, label: str) -> dict[str, Any]:
    """Every syllable of the name, the surname's among them, shares a reading. (Asking
    only the given name's syllables, as the surname's comparison counts the surname,
    was tried: on the Korean benchmark it changed names-only top-1 by -0.003 to +0.002
    and names + attributes F1 by -0.001 to +0.004 over seven seeds, and lowered the
    1,000,000-record dedupe's F1 from 0.417 to 0.378, one run each (recall 0.266 to
    0.235).)"""
    sql = (
        f"n_syl_l = n_syl_r AND {_each_position_may_share('syl_sig', 'syl_sig')} "
        f"AND {_positions_shared(both)} = n_syl_l"
    )
    return _level(sql, label)


def _guess_meets(left: str, right: str) -> str:
    """SQL: the guessed reading of ``left``'s name has ``right``'s name in every syllable
    (``right``'s direct options: a guess never meets a reading guessed from pinyin)."""
    shared = f"array_intersect(syl_guess_{left}, coalesce(syl_direct_{right}, syl_{right}))"
    return (
        f"n_syl_guess_{left} = n_syl_{right} AND cardinality({shared}) >= n_syl_{right} "
        f"AND cardinality(array_distinct(regexp_extract_all(cast({shared} as string), "
        f"'([0-9]+):', 1))) = n_syl_{right}"
    )


def _guessed() -> dict[str, Any]:
    sql = f"({_guess_meets('l', 'r')}) OR ({_guess_meets('r', 'l')})"
    return _level(sql, "every syllable in a guessed reading")


def _given(*, tf: bool) -> dict[str, Any]:
    """The given name's comparison: a name in the other word order falls in the null
    level (the surname's level already counts that one event); ``tf``: the "same"
    level is adjusted for the given name's frequency."""
    null = _null("given_keys")
    parts = [null["sql_condition"], _OTHER_ORDER_FINE, _OTHER_ORDER]
    null["sql_condition"] = " OR ".join(f"({p})" for p in parts)
    extra: dict[str, Any] = (
        {"tf_adjustment_column": "given_key", "tf_adjustment_weight": 1.0} if tf else {}
    )
    return _comparison(
        "given_name",
        [
            null,
            _level("given_hangul_l = given_hangul_r", "same, in Hangul"),
            _level(_given_read_otherwise(), "same key, read otherwise"),
            _level("given_key_l = given_key_r", "same", **extra),
            _level(_overlap("given_keys", "given_sig"), "same reading"),
            _level(_given_read_otherwise("given_sk"), "same skeleton, read otherwise"),
            _level("given_sk_l = given_sk_r", "same skeleton"),
            _every_syllable("syl_likely", "every syllable in a likely reading"),
            _every_syllable("syl", "every syllable in some reading"),
            _guessed(),
            _level(_MISSPELT.format(c="given"), "a misspelling, one letter dropped"),
            _level(_ONE_DROPPED.format(c="given_sk"), "one letter dropped"),
            _level("jaro_winkler(given_sk_l, given_sk_r) >= 0.92", "jw 0.92"),
            _level("jaro_winkler(given_sk_l, given_sk_r) >= 0.80", "jw 0.80"),
        ],
    )


def _alias_meets_name() -> str:
    """SQL: the first alias of one record has the other's name in every syllable, in
    some reading (an alias in pinyin meets a name in Hangul)."""
    left = (
        f"alias_n_syl_l = n_syl_r AND {_each_position_may_share('alias_sig', 'syl_sig')} "
        f"AND {_positions_shared('syl', 'alias_syl', 'syl')} = n_syl_r"
    )
    right = (
        f"alias_n_syl_r = n_syl_l AND {_each_position_may_share('syl_sig', 'alias_sig')} "
        f"AND {_positions_shared('syl', 'syl', 'alias_syl')} = n_syl_l"
    )
    return f"({left}) OR ({right})"


def _aliases() -> dict[str, Any]:
    shared = (
        "cardinality(array_intersect(alias_keys_l, all_keys_r)) > 0 "
        "OR cardinality(array_intersect(all_keys_l, alias_keys_r)) > 0"
    )
    return _comparison(
        "aliases",
        [
            _level("alias_keys_l IS NULL AND alias_keys_r IS NULL", "none", is_null_level=True),
            _level(shared, "alias shared"),
            _level(_alias_meets_name(), "alias meets name in every syllable"),
            _level(
                "array_contains(alias_given_l, given_key_r) "
                "OR array_contains(alias_given_r, given_key_l)",
                "alias is the given name",
            ),
        ],
    )


def _years(column: str, steps: tuple[int, ...]) -> dict[str, Any]:
    levels = [_null(column)]
    for step in steps:
        sql = f"abs({column}_l - {column}_r) <= {step}"
        levels.append(_level(sql, "same" if step == 0 else f"within {step}"))
    return _comparison(column, levels)


def _exact(column: str, *, tf: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = (
        {"tf_adjustment_column": column, "tf_adjustment_weight": 1.0} if tf else {}
    )
    return _comparison(column, [_null(column), _level(f"{column}_l = {column}_r", "same", **extra)])


def _attribute(column: str) -> dict[str, Any]:
    similar = f"jaro_winkler({column}_l, {column}_r) >= 0.88"
    return _comparison(
        column,
        [
            _null(column),
            _level(f"{column}_l = {column}_r", "same"),
            _level(similar, "jw 0.88"),
        ],
    )


_NAMELESS = "{}.full_sk IS NULL"
_YEARLESS = "{}.birth_year IS NULL"


def _on_either_side(join: str, *conditions: str) -> list[dict[str, Any]]:
    """Rules for the pairs that meet ``join`` where each of ``conditions`` (``{}`` for the
    side) holds on either record: one rule per choice of sides, so that every condition
    names one side. DuckDB then filters that side before the join; a condition on
    either side ("l.x IS NULL OR r.x IS NULL") is tested only after it, on every
    pair the join gives (all pairs of an origin: seconds on FEBRL4's 10,000 records)."""
    rules = []
    for sides in itertools.product("lr", repeat=len(conditions)):
        tests = [c.format(side) for c, side in zip(conditions, sides, strict=True)]
        rules.append({"blocking_rule": " AND ".join([*tests, join])})
    return rules


def blocking_rules(
    *, wide: bool, attributes: tuple[str, ...] = (), given_syllables: bool = True
) -> list[dict[str, Any]]:
    """The rules that choose which pairs are scored (see the module docstring);
    ``given_syllables``: with the wide rules, also the first two given syllables."""
    rules: list[dict[str, Any]] = [
        {"blocking_rule": "l.given_sk = r.given_sk"},
        {"blocking_rule": "l.block_keys = r.block_keys", "arrays_to_explode": ["block_keys"]},
        {"blocking_rule": "l.all_keys = r.all_keys", "arrays_to_explode": ["all_keys"]},
    ]
    rules += [{"blocking_rule": f"l.{a} = r.{a}"} for a in attributes]
    if wide:
        rule = "l.surname_opts = r.surname_opts AND abs(l.birth_year - r.birth_year) <= 4"
        rules.append({"blocking_rule": rule, "arrays_to_explode": ["surname_opts"]})
        for column in ("by_bin_a", "by_bin_b"):
            rules += _on_either_side(f"l.{column} = r.{column}", _NAMELESS)
        rules += _on_either_side("l.surname_key = r.surname_key", _YEARLESS)
        # A record without a name meets one of its origin when either has no birth year.
        rules += _on_either_side("l.origin = r.origin", _NAMELESS, _YEARLESS)
    if wide and given_syllables:
        given = "l.given_block_keys = r.given_block_keys"
        rules.append({"blocking_rule": given, "arrays_to_explode": ["given_block_keys"]})
    return rules


def _same(column: str) -> str:
    return f"l.{column} = r.{column}"


def deterministic_rules() -> list[str]:
    """Near-certain matches, for the prior probability that two records match."""
    return ["l.full_sk = r.full_sk AND l.birth_year = r.birth_year"]


def settings_for(
    *,
    link_type: str = "link_and_dedupe",
    wide: bool = True,
    attributes: tuple[str, ...] = (),
    names_only: bool = False,
    given_tf: bool = False,
) -> dict[str, Any]:
    """An untrained Splink settings dictionary for the linkage frame
    (``names_only``: surname, given name and aliases alone; ``given_tf``: the given
    name's "same" level adjusted for its frequency)."""
    comparisons = [_surname(), _given(tf=given_tf), _aliases()]
    if not names_only:
        comparisons += _attribute_comparisons(attributes)
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "source_dataset_column_name": "source_dataset",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking_rules(wide=wide, attributes=attributes),
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": True,
        "probability_two_random_records_match": 1e-4,
        "max_iterations": 12,
        "em_convergence": 0.0001,
    }


def _attribute_comparisons(attributes: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        _years("birth_year", (0, 1, 2, 5)),
        _exact("sex", tf=True),
        _exact("origin", tf=True),
        _exact("location", tf=True),
        _exact("pathway"),
        _years("recorded_year", (1, 3)),
        *(_attribute(a) for a in attributes),
    ]


def level_labels(settings: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Each comparison's level labels by the value Splink gives the level in a pair's
    comparison vector (its ``gamma_<comparison>`` column): -1 for the null level,
    then the other levels numbered from the last (0) up to the first."""
    out: dict[str, dict[int, str]] = {}
    for comparison in settings.get("comparisons", []):
        levels = comparison.get("comparison_levels", [])
        counted = [lv for lv in levels if not lv.get("is_null_level")]
        labels = {len(counted) - 1 - i: _label(lv) for i, lv in enumerate(counted)}
        for level in levels:
            if level.get("is_null_level"):
                labels[-1] = _label(level)
        out[str(comparison.get("output_column_name", ""))] = labels
    return out


def _label(level: dict[str, Any]) -> str:
    return str(level.get("label_for_charts", ""))
