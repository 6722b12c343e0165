"""GraphML export (for Gephi) and an SVG drawing for reports."""

from __future__ import annotations

import random
from pathlib import Path

import igraph as ig
import matplotlib
import pandas as pd

from uncounted.analyse.charts import figure_svg

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def write_graphml(graph: ig.Graph, path: str | Path) -> Path:
    """Write the network as GraphML; dates become ISO text."""
    copy = graph.copy()
    for attribute in ("first_date", "last_date"):
        if attribute in copy.es.attributes():
            copy.es[attribute] = [_iso(v) for v in copy.es[attribute]]
    for attribute in copy.es.attributes():
        copy.es[attribute] = [_plain(v) for v in copy.es[attribute]]
    target = Path(path)
    copy.write_graphml(str(target))
    return target


def _iso(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    return pd.Timestamp(str(value)).date().isoformat()


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return value if isinstance(value, str | int | float) else str(value)


def render_svg(
    graph: ig.Graph, flow: pd.Series, communities: dict[str, int], *, top: int = 80, seed: int = 0
) -> str:
    """An SVG of the ``top`` perpetrators by victim flow and the sales among them."""
    keep = set(flow.sort_values(ascending=False).index[:top].astype(str))
    sub = graph.subgraph([v.index for v in graph.vs if v["name"] in keep])
    sub = sub.subgraph_edges(sub.es.select(kind="sale"), delete_vertices=False)
    layout = sub.layout_fruchterman_reingold(seed=_seed_layout(sub, seed))
    coords = layout.coords
    fig, ax = plt.subplots(figsize=(7, 7))
    for edge in sub.es:
        (x0, y0), (x1, y1) = coords[edge.source], coords[edge.target]
        ax.plot([x0, x1], [y0, y1], color="#999999", linewidth=0.3 + 0.2 * edge["volume"] ** 0.5)
    sizes = [12 + 6 * float(flow.get(n, 0)) ** 0.5 for n in sub.vs["name"]]
    colours = [communities.get(n, 0) % 10 for n in sub.vs["name"]]
    xs, ys = zip(*coords, strict=True) if coords else ((), ())
    ax.scatter(
        xs,
        ys,
        s=sizes,
        c=colours,
        cmap="tab10",
        vmin=0,
        vmax=9,
        edgecolors="black",
        linewidths=0.3,
        zorder=3,
    )
    ax.set_axis_off()
    ax.set_title(f"Top {len(keep)} perpetrators by victims sold; colour = community")
    return figure_svg(fig)


def _seed_layout(graph: ig.Graph, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.random(), rng.random()] for _ in range(graph.vcount())]
