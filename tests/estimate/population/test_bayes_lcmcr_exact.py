"""Exactness of the latent-class sampler against computations that share none of its code.

- The stick draw: the last occupied stick has ``1 - V ~ Beta(alpha, 1 + n_k)``,
  whose log has mean ``digamma(alpha) - digamma(alpha + 1 + n_k)`` (a standard
  Beta identity); with a small alpha much of that mass lies below
  ``log(1e-12)``, so a sampler that clips V (as this one once did) fails here.
- The whole posterior of N on a tiny 3-list table with K = 2 classes, against a
  brute-force computation: ``p(N | data) ∝ (1/N) E_prior[L(N, theta)]`` with the
  multinomial likelihood of the observed patterns and N - n unseen, the
  expectation over 10^6 draws from the prior (alpha ~ Gamma(0.25, rate 0.25),
  V_1 ~ Beta(1, alpha), lambda ~ U(0, 1)).
- The HMC move alone, on weighted exact draws of the posterior of (lambda, pi)
  given alpha (K = 3; prior draws weighted by the observed-data likelihood
  with N summed out): moving every draw must leave the weighted means of
  p0, a capture probability and two weights where they were, and moving them
  towards the wrong target (another alpha) must not.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy.special import digamma, gammaln, logsumexp

from uncounted.estimate.population import lcmcr_hmc as hmc
from uncounted.estimate.population import lcmcr_kernel as kernel
from uncounted.estimate.population.lcmcr import LcmcrSettings, sample_lcmcr
from uncounted.estimate.population.table import CaptureTable

PATTERNS = np.array(
    [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], dtype=np.int8
)
COUNTS = np.array([12, 9, 14, 5, 4, 3, 2])
N_MAX = 300


def test_stick_draws_keep_the_far_tail() -> None:
    alpha, size, draws = 0.05, 300.0, 20_000
    kernel.seed_thread(21)
    log_pi = np.empty(2)
    sizes = np.array([size, 0.0])
    tail = np.array([kernel._sticks(sizes, alpha, log_pi) for _ in range(draws)])
    expected = digamma(alpha) - digamma(alpha + 1.0 + size)  # about -26.3
    standard_error = float(np.std(tail)) / np.sqrt(draws)
    assert float(np.mean(tail)) == pytest.approx(expected, abs=5 * standard_error)
    assert np.mean(tail < np.log(1e-12)) > 0.3


def _stick_weights(alpha: np.ndarray, k_classes: int, rng: np.random.Generator) -> np.ndarray:
    """Log class weights by truncated stick-breaking: V_k ~ Beta(1, alpha), V_K = 1."""
    log_w = np.empty((alpha.size, k_classes))
    log_rest = np.zeros(alpha.size)
    with np.errstate(divide="ignore"):  # V = 1 to double precision: weight 0
        for k in range(k_classes - 1):
            v = rng.beta(1.0, alpha)
            log_w[:, k] = np.log(v) + log_rest
            log_rest = log_rest + np.log1p(-v)
    log_w[:, -1] = log_rest
    return log_w


def _brute_force_posterior(
    draws: int, seed: int, k_classes: int = 2, n_prior: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Grid N = n..N_MAX and posterior probabilities, a = b = 0.25. ``n_prior=False``
    leaves out the 1/N prior: a deliberately wrong posterior."""
    rng = np.random.default_rng(seed)
    n = int(COUNTS.sum())
    grid = np.arange(n, N_MAX + 1)
    unseen = grid - n
    log_mean = np.full(grid.size, -np.inf)
    chunk = 20_000
    for _ in range(draws // chunk):
        log_w = _stick_weights(rng.gamma(0.25, 1 / 0.25, chunk), k_classes, rng)
        lam = rng.uniform(size=(chunk, k_classes, 3))
        log_class = np.log(lam) @ PATTERNS.T + np.log1p(-lam) @ (1 - PATTERNS).T
        log_seen = logsumexp(log_w[:, :, None] + log_class, axis=1)
        log_p0 = logsumexp(log_w + np.log1p(-lam).sum(axis=2), axis=1)
        log_like = (log_seen * COUNTS).sum(axis=1)[:, None] + unseen[None, :] * log_p0[:, None]
        log_mean = np.logaddexp(log_mean, logsumexp(log_like, axis=0))
    log_post = log_mean + gammaln(grid + 1) - gammaln(unseen + 1)
    if n_prior:
        log_post -= np.log(grid)
    return grid, np.exp(log_post - logsumexp(log_post))


@pytest.fixture(scope="module")
def brute_force() -> tuple[np.ndarray, np.ndarray]:
    return _brute_force_posterior(1_000_000, seed=0)


@pytest.fixture(scope="module")
def brute_force_3() -> tuple[np.ndarray, np.ndarray]:
    return _brute_force_posterior(1_000_000, seed=1, k_classes=3)


def _assert_matches(draws: np.ndarray, brute_force: tuple[np.ndarray, np.ndarray]) -> None:
    grid, post = brute_force
    cdf = np.cumsum(post)
    assert float(draws.mean()) == pytest.approx(float((post * grid).sum()), rel=0.006)
    for q in (0.05, 0.5, 0.95):
        exact = float(grid[np.searchsorted(cdf, q)])
        assert float(np.quantile(draws, q)) == pytest.approx(exact, abs=2)


PLAIN = {"collapse_alpha": False}
CAPTURE = {"scale_move": True, "flow_move": True}
SCALE = {"scale_move": True}
FLOW = {"flow_move": True}
HMC = {"hmc_move": True}


@pytest.mark.parametrize("options", [{}, {"missing_move": True}, PLAIN, CAPTURE, SCALE, FLOW, HMC])
def test_posterior_of_n_matches_brute_force(
    options: dict[str, bool], brute_force: tuple[np.ndarray, np.ndarray]
) -> None:
    # The default sampler (collapsed alpha), with the moves of the numbers
    # missing, LCMCR's plain Gibbs sweep, and with the scaling and flow moves
    # of the capture probabilities, together and each on its own.
    _assert_matches(_sample(2, options), brute_force)


@pytest.mark.parametrize("options", [CAPTURE, SCALE, FLOW, PLAIN, HMC])
def test_three_classes_match_brute_force(
    options: dict[str, bool], brute_force_3: tuple[np.ndarray, np.ndarray]
) -> None:
    # K = 3: the flow move's stick-breaking terms for a middle class
    # (sum over R_m, m = 2..K-1) are empty when K = 2.
    _assert_matches(_sample(3, options), brute_force_3)


def test_brute_force_check_catches_a_wrong_posterior() -> None:
    # The comparison has the power to fail: the same sampler against the
    # posterior without the 1/N prior does not match.
    wrong = _brute_force_posterior(200_000, seed=2, n_prior=False)
    with pytest.raises(AssertionError):
        _assert_matches(_sample(2, CAPTURE), wrong)


def _sample(k_classes: int, options: dict[str, bool]) -> np.ndarray:
    table = CaptureTable(("A", "B", "C"), PATTERNS, COUNTS)
    settings = LcmcrSettings(
        K=k_classes,
        chains=4,
        iterations=200_000,
        burn_in=5_000,
        thin=5,
        seed=3,
        n_max=N_MAX,
        **options,  # type: ignore[arg-type]
    )
    return sample_lcmcr(table, settings).draws.ravel()


def test_missing_move_alone_keeps_the_posterior(
    brute_force: tuple[np.ndarray, np.ndarray],
) -> None:
    # N changes only through the collapsed Metropolis move (no Gibbs draw of
    # the number missing): its target must be the posterior on its own.
    x, counts = np.ascontiguousarray(PATTERNS), COUNTS.astype(np.int64)
    lam, log_pi, state = np.empty((2, 3)), np.empty(2), np.zeros(3)
    missing = np.zeros(2, dtype=np.int64)
    moves = np.array([kernel.ALPHA_COLLAPSED, 1, 0, 0], dtype=np.int64)
    n, cap = int(COUNTS.sum()), N_MAX - int(COUNTS.sum())
    tune = hmc.new_tune(10)
    draws = []
    for seed in range(4):
        kernel.seed_thread(seed)
        kernel.initialise(lam, log_pi, missing, state, n, cap, np.zeros(0))
        kernel.run_chain(
            x,
            counts,
            lam,
            log_pi,
            missing,
            state,
            0.25,
            0.25,
            5_000,
            1,
            cap,
            moves,
            np.zeros(0),
            tune,
        )
        out = np.zeros(40_000)
        kernel.run_chain(
            x, counts, lam, log_pi, missing, state, 0.25, 0.25, 200_000, 5, cap, moves, out, tune
        )
        draws.append(out)
    _assert_matches(np.concatenate(draws), brute_force)


def _pattern_chances(lam: np.ndarray, log_pi: np.ndarray) -> np.ndarray:
    """Chance of each observed pattern in each class, in plain numpy."""
    ones = lam[:, None, :] ** PATTERNS[None, :, :]
    zeros = (1.0 - lam[:, None, :]) ** (1 - PATTERNS[None, :, :])
    return np.asarray(np.exp(log_pi)[:, None] * (ones * zeros).prod(axis=2))


def test_flow_cache_follows_a_moved_class() -> None:
    # The flow move keeps each class's pattern chances through a sweep: after a
    # class moves (capture probabilities scaled, weights renormalised), the
    # cached chances of the other classes must equal a fresh computation.
    rng = np.random.default_rng(4)
    x, k_classes = np.ascontiguousarray(PATTERNS), 4
    lam = rng.uniform(0.05, 0.6, (k_classes, 3))
    log_pi = np.log(rng.dirichlet(np.ones(k_classes)))
    pi, seen = np.exp(log_pi), np.empty(k_classes)
    probs = np.empty((k_classes, len(PATTERNS)))
    for k in range(k_classes):
        kernel._class_probs(x, lam, pi, k, probs, seen)
    moved, scale = 1, np.exp(0.3)
    seen_before = 1.0 - np.prod(1.0 - lam[moved])
    lam[moved] *= scale
    log_pi[moved] += np.log(seen_before) - np.log(1.0 - np.prod(1.0 - lam[moved]))
    log_z = float(np.logaddexp.reduce(log_pi))
    log_pi -= log_z
    kernel._rescale(x, lam, log_pi, moved, log_z, pi, probs, seen)
    chances = _pattern_chances(lam, log_pi)
    seen_fresh = np.exp(log_pi) * (1.0 - np.prod(1.0 - lam, axis=1))
    for k in range(k_classes):
        rest = np.empty(len(PATTERNS))
        seen_rest = kernel._others(probs, seen, k, rest)
        np.testing.assert_allclose(rest, np.delete(chances, k, axis=0).sum(axis=0), rtol=1e-12)
        assert seen_rest == pytest.approx(float(np.delete(seen_fresh, k).sum()), rel=1e-12)


def test_classes_are_ordered_by_weight() -> None:
    pi = np.random.default_rng(5).uniform(size=10)
    order = np.empty(10, dtype=np.int64)
    kernel._order(pi, order)
    assert list(order) == list(np.argsort(-pi))
    kernel._order(np.array([0.25, 0.0, 0.5, 0.0, 0.25]), order[:5])
    assert list(order[:5]) == [2, 0, 4, 1, 3]


@njit(cache=True)
def _hmc_moves(lam: np.ndarray, log_w: np.ndarray, alpha: float, tune: np.ndarray) -> None:
    x, counts = PATTERNS, COUNTS.astype(np.int64)
    for i in range(lam.shape[0]):
        for _ in range(3):
            hmc.hmc_move(x, counts, lam[i], log_w[i], alpha, tune)


def _hmc_shift(move_alpha: float) -> list[float]:
    """z-scores of the change of E[p0], E[lambda_11], E[pi_1], E[pi_3] under
    three HMC moves (targeting alpha = ``move_alpha``) applied to a weighted
    sample of the exact posterior given alpha = 1, K = 3."""
    rng = np.random.default_rng(6)
    alpha, k_classes, draws = 1.0, 3, 400_000
    log_w = _stick_weights(np.full(draws, alpha), k_classes, rng)
    lam = rng.uniform(size=(draws, k_classes, 3))
    inside = (log_w >= np.log(hmc.MIN_WEIGHT)).all(axis=1)  # the cell the move acts on
    lam, log_w = lam[inside], log_w[inside]
    log_class = np.log(lam) @ PATTERNS.T + np.log1p(-lam) @ (1 - PATTERNS).T
    log_p0 = logsumexp(log_w + np.log1p(-lam).sum(axis=2), axis=1)
    log_like = (logsumexp(log_w[:, :, None] + log_class, axis=1) * COUNTS).sum(axis=1)
    log_like -= COUNTS.sum() * np.log1p(-np.exp(log_p0))
    weight = np.exp(log_like - log_like.max())
    heavy = np.argsort(-weight)  # the draws carrying all but 1e-6 of the weight
    heavy = heavy[: np.searchsorted(np.cumsum(weight[heavy]) / weight.sum(), 1 - 1e-6) + 1]
    lam, log_w, weight = lam[heavy], log_w[heavy], weight[heavy] / weight[heavy].sum()

    def statistics(lam: np.ndarray, log_w: np.ndarray) -> np.ndarray:
        p0 = np.exp(logsumexp(log_w + np.log1p(-lam).sum(axis=2), axis=1))
        return np.stack([p0, lam[:, 0, 0], np.exp(log_w[:, 0]), np.exp(log_w[:, 2])])

    before = statistics(lam, log_w)
    tune = hmc.new_tune(10)
    tune[hmc.STEP] = 0.15
    _hmc_moves(lam, log_w, move_alpha, tune)
    change = statistics(lam, log_w) - before
    mean = change @ weight
    se = np.sqrt(((change - mean[:, None]) ** 2) @ weight**2)
    return list(mean / se)


def test_hmc_move_keeps_the_exact_posterior() -> None:
    # Weighted draws of the posterior of (lambda, pi) given alpha (prior draws
    # weighted by the observed-data likelihood with N summed out, restricted to
    # the cell where every class weighs at least MIN_WEIGHT): three HMC moves
    # must leave the weighted means where they were. The z-scores use the
    # paired changes' standard error (the self-normalised weights' delta
    # method); 4 standard errors: four statistics, false alarm about 1e-4.
    assert all(abs(z) < 4.0 for z in _hmc_shift(1.0))


def test_hmc_check_catches_a_wrong_target() -> None:
    # The same check has the power to fail: moves that target alpha = 0.2
    # (so the wrong stick-breaking prior) shift the weights far.
    assert max(abs(z) for z in _hmc_shift(0.2)) > 10.0
