"""Centrality and communities of the perpetrator network.

* degree: distinct counterparts in sales (in = bought from, out = sold to), and
  their volume (victims);
* betweenness: directed, on the sale edges (igraph, exact);
* flow: distinct victims that passed through a perpetrator's hands as seller
  (``victims_sold``), as buyer, and as an intermediary (bought and sold on);
* communities: Leiden (leidenalg, modularity) on the undirected network, weighted
  by volume, seeded.
"""

from __future__ import annotations

import igraph as ig
import leidenalg
import pandas as pd

from uncounted.analyse.network.graph import validate_sales


def victim_flow(sales: pd.DataFrame) -> pd.DataFrame:
    """Per perpetrator: distinct victims sold, bought, and passed on (intermediary)."""
    validate_sales(sales)
    sold = sales.groupby("seller_id")["person_id"].nunique().rename("victims_sold")
    bought = sales.groupby("buyer_id")["person_id"].nunique().rename("victims_bought")
    pairs_sold = sales[["seller_id", "person_id"]].drop_duplicates()
    pairs_bought = sales[["buyer_id", "person_id"]].drop_duplicates()
    through = pairs_sold.merge(
        pairs_bought, left_on=["seller_id", "person_id"], right_on=["buyer_id", "person_id"]
    )
    passed = through.groupby("seller_id")["person_id"].nunique().rename("victims_passed_on")
    flow = pd.concat([sold, bought, passed], axis=1).fillna(0).astype(int)
    flow.index = flow.index.astype(str)
    return flow.rename_axis("perpetrator_id")


def centrality(graph: ig.Graph, sales: pd.DataFrame) -> pd.DataFrame:
    """Degree, volume, betweenness and flow for every perpetrator, by flow."""
    sale_graph = graph.subgraph_edges(graph.es.select(kind="sale"), delete_vertices=False)
    table = pd.DataFrame(
        {
            "perpetrator_id": graph.vs["name"],
            "role": graph.vs["role"],
            "kind": graph.vs["kind"],
            "in_degree": sale_graph.indegree(),
            "out_degree": sale_graph.outdegree(),
            "volume_in": sale_graph.strength(mode="in", weights="volume"),
            "volume_out": sale_graph.strength(mode="out", weights="volume"),
            "betweenness": sale_graph.betweenness(directed=True),
        }
    ).set_index("perpetrator_id")
    table = table[table["kind"] == "perpetrator"].join(victim_flow(sales)).fillna(0)
    return table.sort_values(["victims_sold", "betweenness"], ascending=False)


def communities(graph: ig.Graph, *, seed: int = 0) -> dict[str, int]:
    """Leiden communities (modularity) of the undirected, volume-weighted network."""
    undirected = graph.copy()
    undirected.es["weight"] = [max(float(v), 1.0) for v in undirected.es["volume"]]
    undirected.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
    partition = leidenalg.find_partition(
        undirected, leidenalg.ModularityVertexPartition, weights="weight", seed=seed
    )
    return dict(zip(undirected.vs["name"], partition.membership, strict=True))
