"""One-pass u estimation equals Splink's own random-sampling estimate."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from uncounted.errors import LinkageError
from uncounted.link.engine import _linker, _materialise, connect
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.frame import linkage_frame
from uncounted.link.model import settings_for
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
