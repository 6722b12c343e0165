"""Judgements in the vault survive re-runs: negative keeps apart, positive keeps together."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from uncounted.errors import InputError
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.judgements import (
    Judgement,
    current_judgements,
    identities,
    judge,
    judgement_history,
    latest_model,
    link_vault,
    pairs_to_review,
)
from uncounted.vault import Vault
from uncounted.vault.link_tables import edges


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Vault:
    monkeypatch.setenv("UNCOUNTED_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")
    created = Vault.create(tmp_path / "case.vault", "correct horse battery")
    records = cross_script_lists(60, seed=3)
    for list_name in ("ngo", "shelter"):
        created.import_records([r for r in records if r.list == list_name], source=list_name)
    return created


def _cluster_of(result: object) -> dict[str, str]:
    clusters = result.clusters  # type: ignore[attr-defined]
    return dict(
        zip(clusters["list"] + ":" + clusters["record_id"], clusters["cluster_id"], strict=True)
    )


def test_judgements_are_respected_when_linkage_reruns(vault: Vault) -> None:
    first = _cluster_of(link_vault(vault, threshold=0.5))
    linked = next(i for i in range(60) if first[f"ngo:k{i}"] == first[f"shelter:r{i}"])
    apart = next(i for i in range(1, 60) if first["ngo:k0"] != first[f"shelter:r{i}"])
    judge(vault, f"ngo:k{linked}", f"shelter:r{linked}", "negative", user="reviewer-1")
    judge(vault, "ngo:k0", f"shelter:r{apart}", Judgement.POSITIVE, user="reviewer-1")
    again = _cluster_of(link_vault(vault, threshold=0.5))
    assert again[f"ngo:k{linked}"] != again[f"shelter:r{linked}"]
    assert again["ngo:k0"] == again[f"shelter:r{apart}"]
    people = identities(vault).set_index("unique_id")["identity_id"]
    assert people[f"ngo:k{linked}"] != people[f"shelter:r{linked}"]
    assert people["ngo:k0"] == people[f"shelter:r{apart}"]


def test_a_new_judgement_soft_deletes_the_old_one(vault: Vault) -> None:
    judge(vault, "ngo:k1", "shelter:r1", "unsure", user="a")
    judge(vault, "shelter:r1", "ngo:k1", "positive", user="b")
    assert current_judgements(vault) == [("ngo:k1", "shelter:r1", Judgement.POSITIVE)]
    history = judgement_history(vault)
    assert list(history["judgement"]) == ["unsure", "positive"]
    assert history["deleted_at"].notna().tolist() == [True, False]
    assert list(history["user"]) == ["a", "b"]


def test_bad_judgements_are_refused(vault: Vault) -> None:
    with pytest.raises(InputError):
        judge(vault, "ngo:k1", "shelter:r1", "maybe", user="a")
    with pytest.raises(InputError):
        judge(vault, "ngo:k1", "shelter:nope", "positive", user="a")
    assert current_judgements(vault) == []


def test_uncertain_pairs_come_up_for_review(vault: Vault) -> None:
    link_vault(vault, threshold=0.5)
    pending = list(pairs_to_review(vault, low=0.0, high=1.0))
    assert pending and all(isinstance(edge.breakdown, dict) for edge in pending)
    # the stored breakdown has every name comparison, and with the prior's weight
    # (the same for every pair) it adds up to the pair's match weight
    assert all({"surname", "given_name"} <= set(edge.breakdown) for edge in pending)
    priors = [edge.match_weight - sum(edge.breakdown.values()) for edge in pending]
    assert max(priors) - min(priors) < 0.02
    scores = [abs(edge.score - 0.5) for edge in pending]
    assert scores == sorted(scores)


def test_each_comparison_keeps_the_level_it_reached(vault: Vault) -> None:
    """The stored level is the one whose m and u give the stored weight: log2(m/u),
    0 for a null level (a level adjusted for term frequency, such as the same
    surname, is only checked to be a level of its comparison)."""
    link_vault(vault, threshold=0.5)
    model = latest_model(vault)
    assert model is not None
    levels = {
        c["output_column_name"]: {lv["label_for_charts"]: lv for lv in c["comparison_levels"]}
        for c in model["comparisons"]
    }
    pending = list(pairs_to_review(vault, low=0.0, high=1.0))
    assert pending
    checked = 0
    for edge in pending:
        assert set(edge.levels) == set(edge.breakdown)
        for comparison, label in edge.levels.items():
            level = levels[comparison][label]
            if level.get("tf_adjustment_column"):
                continue
            if level.get("is_null_level"):
                expected = 0.0
            else:
                expected = math.log2(level["m_probability"] / level["u_probability"])
            weight = edge.breakdown[comparison]
            assert weight == pytest.approx(expected, abs=0.002), (comparison, label)
            checked += 1
    assert checked >= 3 * len(pending)
    # the pairs differ in the levels their names reach
    assert len({edge.levels["given_name"] for edge in pending}) >= 2


def test_an_edge_stored_before_levels_were_kept_is_read(vault: Vault) -> None:
    with vault.engine.begin() as connection:
        connection.execute(
            insert(edges).values(
                left_id="ngo:k1",
                right_id="shelter:r1",
                score=0.5,
                match_weight=0.0,
                accepted=False,
                breakdown=json.dumps({"surname": 3.5, "given_name": -1.25}),
                run_at=datetime.now(UTC),
            )
        )
    (edge,) = pairs_to_review(vault)
    assert edge.breakdown == {"surname": 3.5, "given_name": -1.25}
    assert edge.levels == {}
