"""Chains per victim ("passed through the hands of …") and the key brokers.

Removing a seller cuts the route of every victim that seller sold on. The key
brokers are chosen greedily: at each step, the seller whose removal disconnects
the most victim flow not already disconnected (greedy maximum coverage, which is
within 1 − 1/e of the best set of that size).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from uncounted.analyse.network.graph import validate_sales


def victim_chains(sales: pd.DataFrame) -> pd.DataFrame:
    """One row per victim: the ordered hands, the number of sales, first and last date."""
    ordered = validate_sales(sales).sort_values(["person_id", "seq"])
    grouped = ordered.groupby("person_id", sort=True)
    first_seller = grouped["seller_id"].first().astype(str)
    buyers = grouped["buyer_id"].agg(lambda b: list(map(str, b)))
    hands = [[s, *b] for s, b in zip(first_seller, buyers, strict=True)]
    return pd.DataFrame(
        {
            "person_id": first_seller.index,
            "hands": [" → ".join(h) for h in hands],
            "n_sales": grouped.size().to_numpy(),
            "first_date": grouped["date"].min().to_numpy(),
            "last_date": grouped["date"].max().to_numpy(),
        }
    )


def key_brokers(sales: pd.DataFrame, k: int = 10) -> list[dict[str, Any]]:
    """The ``k`` sellers whose removal disconnects the most victims, greedily."""
    pairs = validate_sales(sales)[["seller_id", "person_id"]].drop_duplicates()
    sellers, seller_index = np.unique(pairs["seller_id"].astype(str), return_inverse=True)
    victims, victim_index = np.unique(pairs["person_id"].astype(str), return_inverse=True)
    matrix = sparse.csr_matrix(
        (np.ones(len(pairs)), (seller_index, victim_index)), shape=(len(sellers), len(victims))
    )
    remaining = np.ones(len(victims))
    chosen: list[dict[str, Any]] = []
    for _ in range(min(k, len(sellers))):
        gains = matrix @ remaining
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        remaining[matrix[best].indices] = 0
        cut = len(victims) - remaining.sum()
        chosen.append(
            {
                "perpetrator_id": str(sellers[best]),
                "victims_cut": int(gains[best]),
                "cumulative_share": float(cut / len(victims)),
            }
        )
    return chosen
