"""The network findings of documented sales as one JSON-ready mapping, with exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from uncounted.analyse.network.chains import key_brokers, victim_chains
from uncounted.analyse.network.export import render_svg, write_graphml
from uncounted.analyse.network.graph import build_network
from uncounted.analyse.network.measures import centrality, communities


def network_findings(
    sales: pd.DataFrame,
    perpetrators: pd.DataFrame | None = None,
    journeys: pd.DataFrame | None = None,
    *,
    top: int = 10,
    graphml: Path | None = None,
    svg: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Size, top perpetrators by flow, communities, key brokers, chains; optional files."""
    graph = build_network(sales, perpetrators, journeys)
    table = centrality(graph, sales)
    groups = communities(graph, seed=seed)
    if graphml is not None:
        graph.vs["community"] = [groups.get(n, -1) for n in graph.vs["name"]]
        write_graphml(graph, graphml)
    if svg is not None:
        svg.write_text(render_svg(graph, table["victims_sold"], groups, seed=seed), "utf-8")
    return {
        "nodes": graph.vcount(),
        "edges": graph.ecount(),
        "sales": len(sales),
        "communities": len(set(groups.values())),
        "top_by_flow": table.head(top).reset_index().to_dict("records"),
        "key_brokers": key_brokers(sales, k=top),
        "chains": victim_chains(sales).head(top).to_dict("records"),
    }
