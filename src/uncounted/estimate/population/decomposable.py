"""Decomposable (chordal) graphs on a few lists, as cliques and separators.

Vertex sets are bitmasks: list ``j`` is bit ``j``. A decomposable graph is
described by its maximal cliques and the separators of a junction tree (the
multiset of clique intersections along a maximum-weight spanning tree of the
clique graph). Empty separators (between connected components) are kept out:
their contribution to a marginal likelihood is zero.

There are 8 such graphs on 3 vertices, 61 on 4 and 822 on 5 (OEIS A058862).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

MAX_VERTICES = 5


@dataclass(frozen=True)
class DecomposableGraph:
    """A chordal graph: ``edges`` as vertex pairs, ``cliques`` and ``separators`` as bitmasks."""

    n_vertices: int
    edges: tuple[tuple[int, int], ...]
    cliques: tuple[int, ...]
    separators: tuple[int, ...]


def _adjacency(n: int, edges: tuple[tuple[int, int], ...]) -> list[int]:
    adjacency = [0] * n
    for i, j in edges:
        adjacency[i] |= 1 << j
        adjacency[j] |= 1 << i
    return adjacency


def _is_complete(mask: int, adjacency: list[int]) -> bool:
    return all(mask & ~(adjacency[v] | 1 << v) == 0 for v in _members(mask))


def _members(mask: int) -> list[int]:
    return [v for v in range(mask.bit_length()) if mask >> v & 1]


def _is_chordal(n: int, adjacency: list[int]) -> bool:
    """True when vertices can be removed one by one, each simplicial (neighbours complete)."""
    remaining = (1 << n) - 1
    while remaining:
        for v in _members(remaining):
            if _is_complete(adjacency[v] & remaining, adjacency):
                remaining &= ~(1 << v)
                break
        else:
            return False
    return True


def _maximal_cliques(n: int, adjacency: list[int]) -> list[int]:
    complete = [m for m in range(1, 1 << n) if _is_complete(m, adjacency)]
    return [m for m in complete if not any(o != m and o & m == m for o in complete)]


def _junction_separators(cliques: list[int]) -> list[int]:
    """Prim's maximum spanning tree over clique intersections; non-empty intersections kept."""
    in_tree = [cliques[0]]
    rest = list(cliques[1:])
    separators: list[int] = []
    while rest:
        _, best, sep = max(((a & b).bit_count(), b, a & b) for a in in_tree for b in rest)
        in_tree.append(best)
        rest.remove(best)
        if sep:
            separators.append(sep)
    return separators


@cache
def decomposable_graphs(n_vertices: int) -> tuple[DecomposableGraph, ...]:
    """Every decomposable graph on ``n_vertices`` (1 to 5), in a fixed order."""
    if not 1 <= n_vertices <= MAX_VERTICES:
        raise ValueError(f"decomposable graphs are enumerated for 1 to {MAX_VERTICES} vertices")
    pairs = list(combinations(range(n_vertices), 2))
    graphs = []
    for code in range(1 << len(pairs)):
        edges = tuple(p for k, p in enumerate(pairs) if code >> k & 1)
        adjacency = _adjacency(n_vertices, edges)
        if _is_chordal(n_vertices, adjacency):
            cliques = sorted(_maximal_cliques(n_vertices, adjacency))
            separators = sorted(_junction_separators(cliques))
            graphs.append(DecomposableGraph(n_vertices, edges, tuple(cliques), tuple(separators)))
    return tuple(graphs)
