"""The perpetrator network: who sold to whom, who matters, and how to break it.

Build it from sales (and optionally perpetrators and journeys) with
:func:`build_network`; measure it with :func:`centrality` and
:func:`communities`; reconstruct each victim's chain with :func:`victim_chains`;
find the brokers whose removal disconnects the most victim flow with
:func:`key_brokers`; export with :func:`write_graphml` and :func:`render_svg`.
"""

from uncounted.analyse.network.chains import key_brokers, victim_chains
from uncounted.analyse.network.export import render_svg, write_graphml
from uncounted.analyse.network.graph import build_network, sale_edges, validate_sales
from uncounted.analyse.network.measures import centrality, communities, victim_flow

__all__ = [
    "build_network",
    "centrality",
    "communities",
    "key_brokers",
    "render_svg",
    "sale_edges",
    "validate_sales",
    "victim_chains",
    "victim_flow",
    "write_graphml",
]
