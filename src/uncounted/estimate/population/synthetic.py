"""Capture tables with known truth, for simulation studies of the estimators.

A population of ``size`` people falls into latent classes (``class_weights``);
a person in class c is on list j independently with probability
``probabilities[c][j]``. One class gives homogeneous, independent lists; several
classes give heterogeneous capture (positive dependence between lists), the
situation in which the independence model is biased low.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from uncounted.estimate.population.table import CaptureTable


def simulate_table(
    size: int,
    probabilities: Sequence[Sequence[float]],
    class_weights: Sequence[float] | None = None,
    *,
    rng: np.random.Generator,
) -> CaptureTable:
    """Draw one capture table; people seen on no list are dropped, as in real data."""
    probs = np.asarray(probabilities, dtype=float)
    weights = np.ones(len(probs)) / len(probs) if class_weights is None else class_weights
    classes = rng.choice(len(probs), size=size, p=np.asarray(weights, dtype=float))
    caught = rng.random((size, probs.shape[1])) < probs[classes]
    caught = caught[caught.any(axis=1)]
    names = [chr(ord("A") + j) for j in range(probs.shape[1])]
    frame = pd.DataFrame(caught.astype(int), columns=names)
    counts = frame.groupby(names).size().rename("count").reset_index()
    return CaptureTable.from_frame(counts)
