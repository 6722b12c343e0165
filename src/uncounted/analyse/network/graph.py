"""The perpetrator network: perpetrators and organisations as nodes.

Edges (directed, aggregated over sales):

* ``sale``: seller → buyer, with the volume (distinct victims), the number of
  sales, total price, first and last date, and the sources (sale ids);
* ``shared_victim``: two perpetrators who held the same victim (journeys) but
  never sold to each other, with the volume of shared victims;
* ``member``: perpetrator → organisation.
"""

from __future__ import annotations

import igraph as ig
import pandas as pd

from uncounted.errors import InputError

SALE_COLUMNS = ("sale_id", "person_id", "seller_id", "buyer_id", "date")


def validate_sales(sales: pd.DataFrame) -> pd.DataFrame:
    """Refuse sales without a seller, buyer or victim, naming the sale."""
    for column in SALE_COLUMNS:
        if column not in sales:
            raise InputError(f"sales table lacks column {column!r}", column=column)
    for column in ("seller_id", "buyer_id", "person_id"):
        empty = sales[column].isna() | (sales[column].astype(str).str.strip() == "")
        if empty.any():
            index = int(empty.to_numpy().nonzero()[0][0])
            raise InputError(
                f"sale {sales['sale_id'].iloc[index]} has no {column}", row=index + 1, column=column
            )
    return sales


def sale_edges(sales: pd.DataFrame) -> pd.DataFrame:
    """One row per seller → buyer pair: volume, sales, total price, dates, sources."""
    frame = validate_sales(sales).assign(date=lambda f: pd.to_datetime(f["date"]))
    price = pd.to_numeric(frame.get("price_cny", 0), errors="coerce")
    frame = frame.assign(price=price)
    grouped = frame.groupby(["seller_id", "buyer_id"], sort=True)
    edges = grouped.agg(
        volume=("person_id", "nunique"),
        sales=("sale_id", "size"),
        total_price_cny=("price", "sum"),
        first_date=("date", "min"),
        last_date=("date", "max"),
    ).reset_index()
    edges["sources"] = grouped["sale_id"].agg(lambda ids: ";".join(map(str, ids))).to_numpy()
    return edges.rename(columns={"seller_id": "source", "buyer_id": "target"})


def shared_victim_edges(journeys: pd.DataFrame, sale_pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of holders of the same victim who are not already linked by a sale."""
    holders = journeys.dropna(subset=["perpetrator_id"])[["person_id", "perpetrator_id"]]
    holders = holders.drop_duplicates()
    pairs = holders.merge(holders, on="person_id")
    pairs = pairs[pairs["perpetrator_id_x"] < pairs["perpetrator_id_y"]]
    counts = pairs.groupby(["perpetrator_id_x", "perpetrator_id_y"])["person_id"].nunique()
    edges = counts.rename("volume").reset_index()
    edges.columns = pd.Index(["source", "target", "volume"])
    linked = set(zip(sale_pairs["source"], sale_pairs["target"], strict=True))
    keep = [
        (s, t) not in linked and (t, s) not in linked
        for s, t in zip(edges["source"], edges["target"], strict=True)
    ]
    return edges[keep].reset_index(drop=True)


def build_network(
    sales: pd.DataFrame,
    perpetrators: pd.DataFrame | None = None,
    journeys: pd.DataFrame | None = None,
) -> ig.Graph:
    """The directed multigraph-free network, with node ``kind`` and edge ``kind``."""
    sales_e = sale_edges(sales).assign(kind="sale")
    frames = [sales_e]
    if journeys is not None:
        frames.append(shared_victim_edges(journeys, sales_e).assign(kind="shared_victim"))
    if perpetrators is not None and "organisation_id" in perpetrators:
        members = perpetrators.dropna(subset=["organisation_id"])
        members = members[members["organisation_id"].astype(str) != ""]
        frames.append(
            pd.DataFrame(
                {
                    "source": members["perpetrator_id"],
                    "target": members["organisation_id"],
                    "volume": 0,
                    "kind": "member",
                }
            )
        )
    edges = pd.concat(frames, ignore_index=True)
    return _graph(edges, perpetrators)


def _graph(edges: pd.DataFrame, perpetrators: pd.DataFrame | None) -> ig.Graph:
    names = pd.unique(pd.concat([edges["source"], edges["target"]]).astype(str))
    vertices = pd.DataFrame({"name": names})
    graph = ig.Graph.DataFrame(
        edges.astype({"source": str, "target": str}),
        directed=True,
        vertices=vertices,
        use_vids=False,
    )
    organisations = set(edges.loc[edges["kind"] == "member", "target"].astype(str))
    roles: dict[str, str] = {}
    if perpetrators is not None:
        ids, kinds = perpetrators["perpetrator_id"].astype(str), perpetrators["role"].astype(str)
        roles = dict(zip(ids, kinds, strict=True))
    graph.vs["kind"] = ["organisation" if n in organisations else "perpetrator" for n in names]
    graph.vs["role"] = [roles.get(n, "organisation" if n in organisations else "") for n in names]
    return graph
