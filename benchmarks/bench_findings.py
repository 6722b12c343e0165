"""Findings benchmarks: Monte Carlo profits and network measures, each beside a baseline.

1. 100,000 Monte Carlo draws over a 20,000-victim documented population (joint
   bootstrap of 20,000 per-victim amount rows, 1,000 replicates, then the draws)
   — target ≤ 5 s — beside a naive loop that evaluates the model one draw at a time
   (timed on 2,000 draws and scaled to 100,000, stated as such).
2. Network measures (build, degree, exact betweenness, victim flow, Leiden, greedy
   key brokers) on 5,000 perpetrators and 50,000 sales — target ≤ 10 s — beside
   networkx (degree, betweenness sampled on 200 sources and scaled to all nodes,
   Louvain), stated as such.

Run: ``python -m benchmarks.bench_findings``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from uncounted.analyse.network import build_network, centrality, communities, key_brokers
from uncounted.estimate.profits.documented import documented_scenario
from uncounted.estimate.profits.model import evaluate
from uncounted.estimate.profits.montecarlo import run_monte_carlo, transform
from uncounted.estimate.profits.scenario import load_scenario

VICTIMS, DRAWS, NAIVE_DRAWS = 20_000, 100_000, 2_000
PERPETRATORS, SALES, NX_SOURCES = 5_000, 50_000, 200


CPU: dict[str, float] = {}


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds (and, in CPU, process CPU seconds: the machine may be shared)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    CPU[function.__name__] = time.process_time() - cpu
    return time.perf_counter() - start, result


def amounts(rng: np.random.Generator) -> pd.DataFrame:
    """Per-victim amounts shaped like documented victims' (synthetic)."""
    pathway = rng.choice(4, VICTIMS, p=[0.5, 0.3, 0.15, 0.05])
    years = rng.uniform(0, 1, VICTIMS)
    frame = pd.DataFrame(
        {
            f"exposure.{p}": np.where(pathway == i, years, 0.0)
            for i, p in enumerate(("prostitution", "forced_marriage", "cybersex", "other"))
        }
    )
    frame["gross.prostitution"] = frame["exposure.prostitution"] * rng.lognormal(11.5, 0.6, VICTIMS)
    frame["gross.cybersex"] = frame["exposure.cybersex"] * rng.lognormal(12.5, 0.5, VICTIMS)
    frame["margin.exploiter"] = rng.lognormal(8.5, 0.6, VICTIMS) * (pathway != 1)
    frame["margin.forced_marriage"] = rng.lognormal(8.7, 0.8, VICTIMS) * (pathway == 1)
    frame["sale_gross"] = frame["margin.exploiter"] + frame["margin.forced_marriage"]
    return frame


def bench_profits() -> list[tuple[str, float, str]]:
    rng = np.random.default_rng(1)
    table = amounts(rng)

    def full() -> Any:
        scenario = documented_scenario(load_scenario(), table, 20_000.0, year=2019, seed=1)
        return run_monte_carlo(scenario, draws=DRAWS, seed=1), scenario

    seconds, (result, scenario) = _timed(full)
    priors = scenario.active_priors()

    def naive() -> float:
        total = 0.0
        for i in range(NAIVE_DRAWS):
            u = {n: np.array([np.random.default_rng(i).random()]) for n in priors}
            total += float(
                evaluate(transform(priors, u, scenario), structure="documented")["total"][0]
            )
        return total

    naive_seconds, _ = _timed(naive)
    scaled = naive_seconds * DRAWS / NAIVE_DRAWS
    return [
        (
            f"profits: bootstrap {VICTIMS:,} victims + {DRAWS:,} draws (vectorised)",
            seconds,
            f"median {result.total.median:,.0f} {result.currency}; target ≤ 5 s",
        ),
        (
            f"profits: naive loop, {NAIVE_DRAWS:,} draws scaled to {DRAWS:,}",
            scaled,
            f"measured {naive_seconds:.2f} s for {NAIVE_DRAWS:,}; {scaled / seconds:,.0f}× slower",
        ),
    ]


def sales_table(rng: np.random.Generator) -> pd.DataFrame:
    """50,000 sales among 5,000 perpetrators with heavy-tailed activity (synthetic)."""
    weights = rng.pareto(1.2, PERPETRATORS) + 1
    weights /= weights.sum()
    sellers = rng.choice(PERPETRATORS, SALES, p=weights)
    buyers = (sellers + rng.integers(1, PERPETRATORS, SALES)) % PERPETRATORS
    return pd.DataFrame(
        {
            "sale_id": [f"S{i}" for i in range(SALES)],
            "person_id": [f"V{i // 2}" for i in range(SALES)],
            "seq": [1 + i % 2 for i in range(SALES)],
            "date": pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 2000, SALES), "D"),
            "seller_id": [f"K{s}" for s in sellers],
            "buyer_id": [f"K{b}" for b in buyers],
            "price_cny": rng.lognormal(8.5, 0.6, SALES).round(),
        }
    )


def bench_network() -> list[tuple[str, float, str]]:
    sales = sales_table(np.random.default_rng(2))

    def ours() -> Any:
        graph = build_network(sales)
        table = centrality(graph, sales)
        return graph, table, communities(graph, seed=1), key_brokers(sales, k=10)

    seconds, (graph, _, groups, _) = _timed(ours)

    def baseline() -> float:
        g = nx.DiGraph()
        g.add_edges_from(zip(sales["seller_id"], sales["buyer_id"], strict=True))
        dict(g.degree())
        start = time.perf_counter()
        nx.betweenness_centrality(g, k=NX_SOURCES, seed=1)
        sampled = time.perf_counter() - start
        nx.community.louvain_communities(g.to_undirected(), seed=1)
        return sampled * (g.number_of_nodes() / NX_SOURCES - 1)

    nx_seconds, extra = _timed(baseline)
    nx_total = nx_seconds + extra
    return [
        (
            f"network: {PERPETRATORS:,} perpetrators, {SALES:,} sales (igraph exact)",
            seconds,
            f"{graph.ecount():,} edges, {len(set(groups.values()))} communities; target ≤ 10 s",
        ),
        (
            "network: networkx baseline (betweenness scaled from 200 sources)",
            nx_total,
            f"measured {nx_seconds:.1f} s; {nx_total / seconds:,.0f}× slower",
        ),
    ]


def main() -> None:
    rows = bench_profits() + bench_network()
    width = max(len(r[0]) for r in rows)
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"load average {load} (2 cores)")
    print(f"{'benchmark'.ljust(width)}  seconds  notes")
    for name, seconds, note in rows:
        print(f"{name.ljust(width)}  {seconds:7.2f}  {note}")
    print("process CPU seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in CPU.items()))


if __name__ == "__main__":
    main()
