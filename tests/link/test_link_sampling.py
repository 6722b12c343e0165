"""One-pass u estimation equals Splink's own random-sampling estimate."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from uncounted.errors import LinkageError
from uncounted.link import engine
from uncounted.link.engine import _linker, _materialise, connect
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.frame import linkage_frame
from uncounted.link.model import NAME_COMPARISONS, settings_for
from uncounted.link.sampling import estimate_u_in_one_pass


def _u_values(model: dict[str, Any]) -> list[tuple[str, str, object]]:
    return [
        (c["output_column_name"], level.get("label_for_charts", ""), level.get("u_probability"))
        for c in model["comparisons"]
        for level in c["comparison_levels"]
    ]


@pytest.mark.parametrize(("max_pairs", "seed"), [(3e3, 1), (5e3, 7), (1e5, 2)])
def test_one_pass_u_equals_splinks_estimate(max_pairs: float, seed: int) -> None:
    """Splink 5's ``estimate_u_using_random_sampling`` with ``min_count_per_level=None``
    (every chunk counted) is the reference: same sample, same pairs, same counts."""
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    settings = settings_for()
    splink = _linker(table, copy.deepcopy(settings), con)
    splink.training.estimate_u_using_random_sampling(
        max_pairs=max_pairs, seed=seed, min_count_per_level=None
    )
    ours = _linker(table, copy.deepcopy(settings), con)
    estimate_u_in_one_pass(ours, max_pairs, seed)
    expected = _u_values(splink.misc.save_model_to_json())
    got = _u_values(ours.misc.save_model_to_json())
    assert [e[:2] for e in expected] == [g[:2] for g in got]
    trained = 0
    for (_, _, want), (_, _, have) in zip(expected, got, strict=True):
        if isinstance(want, float):
            trained += 1
            assert have == pytest.approx(want, abs=1e-12, rel=0)
        else:
            assert have == want
    assert trained >= 10


def test_one_pass_u_differs_with_another_seed() -> None:
    """The check above can fail: another sample gives other u values."""
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    models = []
    for seed in (1, 2):
        linker = _linker(table, settings_for(), con)
        estimate_u_in_one_pass(linker, 3e3, seed)
        models.append(_u_values(linker.misc.save_model_to_json()))
    assert models[0] != models[1]


def test_one_pass_u_refuses_link_only() -> None:
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    linker = _linker(table, settings_for(link_type="link_only"), con)
    with pytest.raises(LinkageError):
        estimate_u_in_one_pass(linker, 1e3, 1)


def _level_u(model: dict[str, Any]) -> dict[tuple[str, str], object]:
    return {
        (c["output_column_name"], level["label_for_charts"]): level.get("u_probability")
        for c in model["comparisons"]
        for level in c["comparison_levels"]
        if not level.get("is_null_level")
    }


def test_pseudocount_bounds_u_of_levels_unseen_in_the_sample() -> None:
    """With so few pairs that some levels are never sampled, Splink's estimate leaves
    them "not observed" (Splink then uses u = 1e-6 whatever the sample size, and an EM
    session started from such a level can drive its m to zero: the Korean benchmark
    lost its given-name comparison that way at 1e6 random pairs). Add-one counts give
    every level a u of at least one in the sample's pairs plus levels, and the counts
    of observed levels move by one pair only."""
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    plain = _linker(table, settings_for(), con)
    estimate_u_in_one_pass(plain, 3e3, 1)
    smoothed = _linker(table, settings_for(), con)
    estimate_u_in_one_pass(smoothed, 3e3, 1, pseudocount=1.0)
    before = _level_u(plain.misc.save_model_to_json())
    after = _level_u(smoothed.misc.save_model_to_json())
    sampled = {name for (name, _), u in before.items() if isinstance(u, float)}
    unseen = [key for key, u in before.items() if key[0] in sampled and not isinstance(u, float)]
    assert len(unseen) >= 3, "the check needs levels the small sample never saw"
    for key in unseen:
        u = after[key]
        assert isinstance(u, float)
        assert 1 / 5e3 < u < 1e-2
    for key, u in before.items():
        if key[0] not in sampled:
            assert after[key] == u  # a comparison with no sampled pair stays unestimated
        elif isinstance(u, float):
            smoothed_u = after[key]
            assert isinstance(smoothed_u, float)
            assert smoothed_u == pytest.approx(u, abs=5e-3)


def test_pseudocount_must_not_be_negative() -> None:
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    linker = _linker(table, settings_for(), con)
    with pytest.raises(LinkageError):
        estimate_u_in_one_pass(linker, 1e3, 1, pseudocount=-1.0)


def test_name_and_other_comparisons_take_u_from_their_own_sample_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Training takes the names' u from ``U_PAIRS`` random pairs and the others' from
    ``U_ATTRIBUTE_PAIRS``: each as a one-pass estimate of every comparison at that size."""
    monkeypatch.setattr(engine, "U_PAIRS", 5e3)
    monkeypatch.setattr(engine, "U_ATTRIBUTE_PAIRS", 3e3)
    con = connect()
    table = _materialise(linkage_frame(cross_script_lists()), con)
    trained = engine._prior_and_u(table, settings_for(), con, 1, set())
    expected = {}
    for size in (5e3, 3e3):
        linker = _linker(table, settings_for(), con)
        estimate_u_in_one_pass(linker, size, 1, engine.U_PSEUDOCOUNT)
        expected[size] = _u_values(linker.misc.save_model_to_json())
    got = _u_values(trained)
    names = [g[0] in NAME_COMPARISONS for g in got]
    assert got == [
        (e5 if name else e3)
        for e5, e3, name in zip(expected[5e3], expected[3e3], names, strict=True)
    ]
    assert expected[5e3] != expected[3e3]
    assert any(names) and not all(names)
    assert 0 < trained["probability_two_random_records_match"] < 1
