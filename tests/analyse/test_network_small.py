"""The network on a hand-made case whose answers are known."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import pandas as pd
import pytest

from uncounted.analyse.network import (
    build_network,
    centrality,
    communities,
    key_brokers,
    render_svg,
    victim_chains,
    victim_flow,
    write_graphml,
)
from uncounted.errors import InputError

# Two rings: R1 → B1 → {E1, E2} and R2 → B2 → E3, one victim V5 passed from B1 to B2.
SALES = pd.DataFrame(
    [
        ("S1", "V1", 1, "2018-01-01", "R1", "B1", 1000),
        ("S2", "V1", 2, "2018-01-09", "B1", "E1", 6000),
        ("S3", "V2", 1, "2018-02-01", "R1", "B1", 1000),
        ("S4", "V2", 2, "2018-02-05", "B1", "E2", 7000),
        ("S5", "V3", 1, "2018-03-01", "R1", "B1", 1200),
        ("S6", "V3", 2, "2018-03-03", "B1", "E1", 6500),
        ("S7", "V4", 1, "2018-04-01", "R2", "B2", 900),
        ("S8", "V4", 2, "2018-04-04", "B2", "E3", 5000),
        ("S9", "V5", 1, "2018-05-01", "B1", "B2", 3000),
        ("S10", "V5", 2, "2018-05-02", "B2", "E3", 5500),
    ],
    columns=["sale_id", "person_id", "seq", "date", "seller_id", "buyer_id", "price_cny"],
)
PERPETRATORS = pd.DataFrame(
    {
        "perpetrator_id": ["R1", "B1", "E1", "E2", "R2", "B2", "E3"],
        "role": [
            "recruiter",
            "broker",
            "brothel_operator",
            "husband",
            "recruiter",
            "broker",
            "cybersex_operator",
        ],
        "organisation_id": ["O1", "O1", "O2", None, "O3", "O3", "O4"],
    }
)


def test_chain_reconstruction() -> None:
    chains = victim_chains(SALES).set_index("person_id")
    assert chains.loc["V1", "hands"] == "R1 → B1 → E1"
    assert chains.loc["V5", "hands"] == "B1 → B2 → E3"
    assert chains.loc["V5", "n_sales"] == 2


def test_edges_carry_volume_dates_and_sources() -> None:
    graph = build_network(SALES, PERPETRATORS)
    edge = graph.es.find(
        _source=graph.vs.find(name="R1").index, _target=graph.vs.find(name="B1").index
    )
    assert edge["volume"] == 3 and edge["sales"] == 3
    assert edge["sources"] == "S1;S3;S5"
    assert str(edge["first_date"].date()) == "2018-01-01"
    assert graph.vs.find(name="O1")["kind"] == "organisation"


def test_flow_and_centrality() -> None:
    flow = victim_flow(SALES)
    assert flow.loc["B1", "victims_sold"] == 4
    assert flow.loc["B1", "victims_passed_on"] == 3  # V5 was never bought by B1
    table = centrality(build_network(SALES, PERPETRATORS), SALES)
    assert table.index[0] == "B1"
    assert table.loc["B1", "betweenness"] > table.loc["R1", "betweenness"]
    assert table.loc["B2", "in_degree"] == 2


def test_key_brokers_greedy_cover() -> None:
    chosen = key_brokers(SALES, k=3)
    assert [c["perpetrator_id"] for c in chosen[:2]] == ["B1", "B2"]
    assert chosen[0]["victims_cut"] == 4
    assert chosen[1]["cumulative_share"] == 1.0
    assert len(chosen) == 2  # nothing left to cut


def test_communities_separate_the_two_rings() -> None:
    groups = communities(build_network(SALES, PERPETRATORS), seed=1)
    assert groups["R1"] == groups["E2"]
    assert groups["R2"] == groups["E3"]
    assert groups["R1"] != groups["R2"]


def test_graphml_and_svg(tmp_path: Path) -> None:
    graph = build_network(SALES, PERPETRATORS)
    path = write_graphml(graph, tmp_path / "net.graphml")
    back = ig.Graph.Read_GraphML(str(path))
    assert back.vcount() == graph.vcount()
    assert "2018-01-01" in back.es["first_date"]
    svg = render_svg(graph, victim_flow(SALES)["victims_sold"], communities(graph))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "https://" not in svg and "http://" not in svg.replace("http://www.w3.org/", "")


def test_sale_without_buyer_is_refused_naming_the_sale() -> None:
    bad = SALES.copy()
    bad.loc[3, "buyer_id"] = ""
    with pytest.raises(InputError, match="sale S4 has no buyer_id") as info:
        build_network(bad)
    assert info.value.row == 4
