"""Hierarchical log-linear models on capture-history tables and their design matrices.

A model is a tuple of interaction *terms*; a term is a sorted tuple of list
indices (0-based), e.g. ``((0, 1), (1, 2))``. Main effects are always present.
Cells are the ``2**K - 1`` observable patterns, row ``i`` holding pattern code
``i + 1`` (list j contributes ``2**j``); ``with_zero=True`` adds code 0 first.
Rcapture writes models as ``[123,14,34]`` with lists numbered from 1; ``parse_model``
and ``model_label`` translate that notation.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from uncounted.errors import ConfigError

Term = tuple[int, ...]
Model = tuple[Term, ...]
FloatArray = npt.NDArray[np.float64]


def cell_patterns(n_lists: int, *, with_zero: bool = False) -> npt.NDArray[np.int8]:
    """The 0/1 pattern of every cell, in code order."""
    codes = np.arange(0 if with_zero else 1, 2**n_lists)
    return ((codes[:, None] >> np.arange(n_lists)) & 1).astype(np.int8)


def term_column(patterns: npt.NDArray[np.int8], term: Term) -> FloatArray:
    """1 where a cell contains every list of ``term``."""
    return np.asarray(patterns[:, list(term)].all(axis=1), dtype=np.float64)


def design_matrix(n_lists: int, terms: Sequence[Term], *, with_zero: bool = False) -> FloatArray:
    """Columns: intercept, one main effect per list, then ``terms`` in order."""
    patterns = cell_patterns(n_lists, with_zero=with_zero)
    columns = [np.ones(len(patterns)), *patterns.T.astype(np.float64)]
    columns.extend(term_column(patterns, term) for term in terms)
    return np.column_stack(columns)


@lru_cache(maxsize=64)
def interaction_terms(n_lists: int, max_order: int) -> tuple[Term, ...]:
    """Every interaction term of order 2..``max_order``, by order then lexically."""
    return tuple(
        term
        for order in range(2, max_order + 1)
        for term in itertools.combinations(range(n_lists), order)
    )


def is_hierarchical(model: Sequence[Term]) -> bool:
    """Every sub-term of order >= 2 of every term is also in the model."""
    present = set(model)
    return all(
        sub in present
        for term in model
        for order in range(2, len(term))
        for sub in itertools.combinations(term, order)
    )


def hierarchical_closure(model: Sequence[Term]) -> Model:
    """The smallest hierarchical model containing ``model``, in canonical order."""
    out = {
        sub
        for term in model
        for order in range(2, len(term) + 1)
        for sub in itertools.combinations(sorted(term), order)
    }
    return tuple(sorted(out, key=lambda t: (len(t), t)))


def parse_model(text: str, n_lists: int) -> Model:
    """Parse Rcapture's ``[12,13,234]`` (lists 1-9) or ``A:B,B:C:D`` is not accepted."""
    body = text.strip().strip("[]").replace(" ", "")
    terms: list[Term] = []
    for part in filter(None, body.split(",")):
        if not part.isdigit() or any(int(c) < 1 or int(c) > n_lists for c in part):
            raise ConfigError(f"model term {part!r} is not a set of list numbers 1..{n_lists}")
        term = tuple(sorted({int(c) - 1 for c in part}))
        if len(term) >= 2:
            terms.append(term)
    if any(len(t) == n_lists for t in terms):
        raise ConfigError("the highest-order interaction of all lists cannot be estimated")
    return hierarchical_closure(terms)


def model_label(model: Sequence[Term]) -> str:
    """Rcapture notation of the maximal terms, e.g. ``[123,14,34]``; ``[]`` is independence."""
    maximal = [t for t in model if not any(set(t) < set(o) for o in model)]
    maximal.sort(key=lambda t: t)
    return "[" + ",".join("".join(str(i + 1) for i in t) for t in maximal) + "]"


def term_names(model: Sequence[Term], lists: Sequence[str]) -> list[str]:
    """Terms written with list names, as SparseMSE prints them (``PF:NCA``)."""
    return [":".join(lists[i] for i in term) for term in model]
