"""Human judgements on candidate pairs, kept in the vault (as nomenklatura does).

Linkage writes every candidate pair as an *edge* (score, match weight, the
per-comparison weight breakdown with the level each comparison reached, whether
the automatic clustering accepted it).
A reviewer records a *judgement* on a pair (positive / negative / unsure) with
user and time; a new judgement soft-deletes the previous one (``deleted_at``),
nothing is overwritten or removed. *Identities* are connected components over
positive judgements and accepted automatic links. Re-running linkage passes the
current judgements to the clustering, so a negative judgement keeps two records
apart however their score rises, and a positive one keeps them together.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import networkx as nx
import pandas as pd
from sqlalchemy import and_, delete, insert, select, update

from uncounted.errors import InputError
from uncounted.link.frame import unique_id
from uncounted.link.model import level_labels
from uncounted.link.run import DEFAULT_THRESHOLD, LinkResult, link_records
from uncounted.vault import Vault
from uncounted.vault.link_tables import edges, judgements, models

__all__ = [
    "Edge",
    "Judgement",
    "current_judgements",
    "identities",
    "judge",
    "judgement_history",
    "latest_model",
    "link_vault",
    "pairs_to_review",
]


class Judgement(StrEnum):
    """A reviewer's verdict on a pair."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Edge:
    """A candidate pair with its score, weight breakdown (comparison → match weight)
    and the level each comparison reached (comparison → level label; empty for
    edges stored before levels were kept)."""

    left_id: str
    right_id: str
    score: float
    match_weight: float
    accepted: bool
    breakdown: dict[str, float]
    judgement: Judgement | None
    levels: dict[str, str] = field(default_factory=dict)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _now() -> datetime:
    return datetime.now(UTC)


def judge(vault: Vault, a: str, b: str, judgement: Judgement | str, *, user: str) -> None:
    """Record ``judgement`` on records ``a`` and ``b`` ("list:record_id"); the pair's
    previous judgement is soft-deleted, never overwritten."""
    try:
        verdict = Judgement(judgement)
    except ValueError:
        message = "judgement must be positive, negative or unsure"
        raise InputError(message, column="judgement") from None
    if a == b:
        raise InputError("a record cannot be judged against itself", column="record")
    _check_known(_held(vault, "link.judge"), a, b)
    left, right = _ordered(a, b)
    now = _now()
    with vault.engine.begin() as connection:
        live = and_(judgements.c.left_id == left, judgements.c.right_id == right)
        connection.execute(
            update(judgements).where(live, judgements.c.deleted_at.is_(None)).values(deleted_at=now)
        )
        connection.execute(
            insert(judgements).values(
                left_id=left, right_id=right, judgement=verdict.value, user=user, created_at=now
            )
        )
    vault.audit("link.judge", [left, right])


def _held(vault: Vault, purpose: str) -> set[str]:
    """The ids ("list:record_id") of every record the vault holds."""
    return {unique_id(r.list, r.record_id) for r in vault.iter_records(purpose=purpose)}


def _check_known(held: set[str], *ids: str) -> None:
    for uid in ids:
        if uid not in held:
            raise InputError("no such record in the vault (use list:record_id)", column="record")


def _list_of(uid: str) -> str:
    return uid.split(":", 1)[0]


def current_judgements(vault: Vault) -> list[tuple[str, str, Judgement]]:
    """The live (not soft-deleted) judgement of every judged pair."""
    query = select(judgements.c.left_id, judgements.c.right_id, judgements.c.judgement).where(
        judgements.c.deleted_at.is_(None)
    )
    with vault.engine.connect() as connection:
        return [(a, b, Judgement(j)) for a, b, j in connection.execute(query)]


def judgement_history(vault: Vault) -> pd.DataFrame:
    """Every judgement ever recorded, soft-deleted ones included."""
    with vault.engine.connect() as connection:
        rows = connection.execute(select(judgements).order_by(judgements.c.id)).mappings().all()
    return pd.DataFrame([dict(r) for r in rows])


def _store_edges(vault: Vault, result: LinkResult) -> None:
    pairs = result.pairs
    chosen = result.accepted
    accepted = {
        _ordered(a, b) for a, b in zip(chosen["unique_id_l"], chosen["unique_id_r"], strict=True)
    }
    weights = [c for c in pairs.columns if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    labels = level_labels(result.model)
    now = _now()
    rows = []
    for row in pairs.to_dict("records"):
        left, right = _ordered(row["unique_id_l"], row["unique_id_r"])
        rows.append(
            {
                "left_id": left,
                "right_id": right,
                "score": float(row["match_probability"]),
                "match_weight": float(row["match_weight"]),
                "accepted": (left, right) in accepted,
                "breakdown": _breakdown_json(row, weights, labels),
                "run_at": now,
            }
        )
    with vault.engine.begin() as connection:
        connection.execute(delete(edges))
        if rows:
            connection.execute(insert(edges), rows)
        connection.execute(insert(models).values(settings=json.dumps(result.model), created_at=now))


def _breakdown_json(
    row: Mapping[Any, Any], columns: list[str], labels: dict[str, dict[int, str]]
) -> str:
    """``{"weights": ..., "levels": ...}``: the match weight (log2 Bayes factor) of
    each comparison with its term-frequency adjustment (Splink 5's ``mw_*`` and
    ``mw_tf_adj_*`` columns), and the label of the level it reached (from its
    ``gamma_*`` column; the labels name levels, never a value)."""
    levels = {}
    for name, by_value in labels.items():
        gamma = row.get(f"gamma_{name}")
        if gamma is not None and not pd.isna(gamma) and int(gamma) in by_value:
            levels[name] = by_value[int(gamma)]
    return json.dumps({"weights": _weights(row, columns), "levels": levels})


def _weights(row: Mapping[Any, Any], columns: list[str]) -> dict[str, float]:
    out = {}
    for column in columns:
        name = column[3:]
        total = 0.0
        for part in (column, f"mw_tf_adj_{name}"):
            value = row.get(part)
            if value is not None and not pd.isna(value) and math.isfinite(float(value)):
                total += float(value)
        out[name] = round(total, 3)
    return out


def _parsed_breakdown(text: str) -> tuple[dict[str, float], dict[str, str]]:
    """Weights and levels of a stored breakdown (before levels were kept, the
    breakdown held the weights alone)."""
    stored = json.loads(text)
    if set(stored) == {"weights", "levels"} and isinstance(stored["weights"], dict):
        return stored["weights"], stored["levels"]
    return stored, {}


def latest_model(vault: Vault) -> dict[str, Any] | None:
    """The most recent trained model (Splink settings) stored in the vault."""
    query = select(models.c.settings).order_by(models.c.id.desc()).limit(1)
    with vault.engine.connect() as connection:
        text = connection.execute(query).scalar()
    return json.loads(text) if text else None


def link_vault(
    vault: Vault, *, threshold: float = DEFAULT_THRESHOLD, retrain: bool = False
) -> LinkResult:
    """Link every record in the vault, respecting the current judgements; store the
    candidate edges and the model (settings JSON) in the vault. The stored model is
    reused unless ``retrain`` (or none is stored yet)."""
    records = list(vault.iter_records(purpose="link"))
    verdicts = current_judgements(vault)
    positive = [(a, b) for a, b, j in verdicts if j is Judgement.POSITIVE]
    negative = [(a, b) for a, b, j in verdicts if j is Judgement.NEGATIVE]
    model = None if retrain else latest_model(vault)
    result = link_records(
        records, threshold=threshold, model=model, positive=positive, negative=negative
    )
    _store_edges(vault, result)
    vault.audit("link.run", [])
    return result


def identities(vault: Vault) -> pd.DataFrame:
    """unique_id → identity_id: connected components over positive judgements and the
    accepted automatic links that no negative judgement contradicts."""
    ids = sorted({unique_id(r.list, r.record_id) for r in vault.iter_records(purpose="link")})
    verdicts = {(a, b): j for a, b, j in current_judgements(vault)}
    with vault.engine.connect() as connection:
        auto = connection.execute(select(edges.c.left_id, edges.c.right_id).where(edges.c.accepted))
        links = [(a, b) for a, b in auto if verdicts.get((a, b)) is not Judgement.NEGATIVE]
    links += [pair for pair, j in verdicts.items() if j is Judgement.POSITIVE]
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((a, b) for a, b in links if a in graph and b in graph)
    identity = {u: min(part) for part in nx.connected_components(graph) for u in part}
    return pd.DataFrame({"unique_id": ids, "identity_id": [identity[u] for u in ids]})


def pairs_to_review(
    vault: Vault,
    *,
    low: float = 0.05,
    high: float = 0.995,
    lists: Collection[str] = (),
    record: str | None = None,
) -> Iterator[Edge]:
    """Unjudged candidate pairs whose score lies between ``low`` and ``high``, most
    uncertain (closest to 0.5) first; with ``lists``, only pairs with a record on one
    of them; with ``record`` ("list:record_id"), only that record's pairs. A bound
    outside 0–1 (or ``low`` above ``high``), a list or a record the vault does not
    hold is refused (``InputError`` naming the option) before any pair is read."""
    _check_bounds(low, high)
    if lists or record:
        _check_filter(vault, set(lists), record)
    return _pairs_to_review(vault, low, high, frozenset(lists), record)


def _check_bounds(low: float, high: float) -> None:
    for name, value in (("low", low), ("high", high)):
        if not 0.0 <= value <= 1.0:
            raise InputError(f"{name} must be a probability from 0 to 1", column=name)
    if low > high:
        raise InputError("low must not be above high", column="low")


def _check_filter(vault: Vault, lists: set[str], record: str | None) -> None:
    """Refuse a list or a record the vault does not hold."""
    held = _held(vault, "link.review")
    unknown = sorted(lists - {_list_of(uid) for uid in held})
    if unknown:
        raise InputError(f"the vault holds no list named {unknown[0]!r}", column="list")
    if record is not None:
        _check_known(held, record)


def _involved(ids: tuple[str, str], lists: frozenset[str], record: str | None) -> bool:
    if record is not None and record not in ids:
        return False
    return not lists or any(_list_of(uid) in lists for uid in ids)


def _pairs_to_review(
    vault: Vault, low: float, high: float, lists: frozenset[str], record: str | None
) -> Iterator[Edge]:
    judged = {(a, b) for a, b, _ in current_judgements(vault)}
    query = select(edges).where(edges.c.score >= low, edges.c.score <= high)
    with vault.engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    rows = sorted(rows, key=lambda r: abs(r["score"] - 0.5))
    for row in rows:
        ids = (row["left_id"], row["right_id"])
        if ids not in judged and _involved(ids, lists, record):
            weights, levels = _parsed_breakdown(row["breakdown"])
            yield Edge(
                row["left_id"],
                row["right_id"],
                row["score"],
                row["match_weight"],
                row["accepted"],
                weights,
                None,
                levels,
            )
