"""The compiled IRLS against statsmodels' GLM (a second implementation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm

from uncounted.estimate.population.design import design_matrix, interaction_terms
from uncounted.estimate.population.exhaustive import rank_models
from uncounted.estimate.population.irls import fit_poisson
from uncounted.estimate.population.table import read_capture_table

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


@pytest.mark.parametrize("name", ["kosovo_1999", "western_us", "australia_2015_2017"])
def test_irls_matches_statsmodels(name: str) -> None:
    table = read_capture_table(MSE / f"{name}.csv")
    rng = np.random.default_rng(7)
    terms = interaction_terms(table.n_lists, 2)
    y = table.full_counts().astype(float) + 1.0  # strictly positive: every MLE exists
    for _ in range(5):
        model = [t for t in terms if rng.random() < 0.5]
        x = design_matrix(table.n_lists, model)
        ours = fit_poisson(x, y)
        theirs = sm.GLM(y, x, family=sm.families.Poisson()).fit(tol=1e-12)
        assert np.allclose(ours.beta, theirs.params, rtol=1e-6, atol=1e-8)
        assert np.isclose(ours.deviance, theirs.deviance, rtol=1e-6, atol=1e-8)
        assert np.isclose(ours.var_intercept, theirs.cov_params()[0, 0], rtol=1e-5)


def test_batch_fits_match_single_fits() -> None:
    table = read_capture_table(MSE / "western_us.csv")
    ranking = rank_models(table, max_order=2)
    y = table.full_counts().astype(float)
    for index in (0, 5, 100, 513, 1023):
        model = ranking.model(index)
        x = design_matrix(table.n_lists, model)
        single = sm.GLM(y, x, family=sm.families.Poisson()).fit(tol=1e-12)
        if not ranking.interior[index] or table.n_observed == 0:
            continue
        assert np.isclose(ranking.log_missing[index], single.params[0], rtol=1e-6)
        assert np.isclose(ranking.n_params[index], x.shape[1])
