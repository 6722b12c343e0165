"""The Gibbs sampler of the latent-class model, compiled with numba.

Model (Manrique-Vallier 2016, Biometrics 72(4)): each person belongs to one of
K latent classes with stick-breaking weights ``pi_k = V_k prod_{l<k}(1 - V_l)``,
``V_k ~ Beta(1, alpha)`` (``V_K = 1``), ``alpha ~ Gamma(a, b)``; within class k
list j captures with probability ``lambda_kj ~ Beta(1, 1)`` independently;
``p(N) ∝ 1/N``. The sampler works on the pattern table: the people with one
capture pattern are allocated to classes by one multinomial draw; the number
missing is drawn from its negative-binomial full conditional
``NegBin(n, 1 - p0)``, ``p0 = sum_k pi_k prod_j (1 - lambda_kj)``, and the
missing people are spread over the classes like any other pattern (the
all-absent row). The update order is LCMCR's: observed allocation, capture
probabilities, weights, number missing, missing allocation, alpha.

State arrays are updated in place so a chain can run in chunks (progress):
``missing`` (people missing per class) and ``state = [alpha, n_missing,
bound_hits]`` (bound_hits: draws clipped at the explicit bound).
"""

from __future__ import annotations

import numpy as np
from numba import njit

EPS = 1e-12
BOUND_TRIES = 50
SMALL_MEAN = 10.0


@njit(cache=True, nogil=True)
def seed_thread(seed):  # type: ignore[no-untyped-def]
    """Seed numba's generator of the calling thread."""
    np.random.seed(seed)


@njit(cache=True, nogil=True)
def _weights(v, pi):  # type: ignore[no-untyped-def]
    rest = 1.0
    for k in range(v.size):
        pi[k] = v[k] * rest
        rest *= 1.0 - v[k]


@njit(cache=True, nogil=True)
def _binomial(n, p):  # type: ignore[no-untyped-def]
    """Binomial draw: inversion when the mean is small (the common case here), else numpy's."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    q = min(p, 1.0 - p)
    if n * q < SMALL_MEAN:
        ratio = q / (1.0 - q)
        prob = np.exp(n * np.log1p(-q))
        u = np.random.random()
        k = 0
        while u > prob and k < n:
            u -= prob
            prob *= (n - k) / (k + 1.0) * ratio
            k += 1
    else:
        k = np.random.binomial(n, q)
    return k if q == p else n - k


@njit(cache=True, nogil=True)
def _allocate(x, counts, lam, pi, order, alloc):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Multinomial allocation of each pattern's people to the classes.

    Classes are visited in ``order`` (largest weight first) so the count is
    used up after a few binomial draws.
    """
    m, n_lists = x.shape
    k_classes = pi.size
    prob = np.empty(k_classes)
    rest = np.empty(k_classes)
    for r in range(m):
        for i in range(k_classes):
            k = order[i]
            w = pi[k]
            for j in range(n_lists):
                w *= lam[k, j] if x[r, j] else 1.0 - lam[k, j]
            prob[i] = w
            alloc[r, k] = 0
        acc = 0.0
        for i in range(k_classes - 1, -1, -1):
            acc += prob[i]
            rest[i] = acc
        remaining = counts[r]
        for i in range(k_classes):
            if remaining == 0:
                break
            k = order[i]
            if i == k_classes - 1 or rest[i] <= 0.0:
                alloc[r, k] = remaining
                break
            drawn = _binomial(remaining, min(prob[i] / rest[i], 1.0))
            alloc[r, k] = drawn
            remaining -= drawn


@njit(cache=True, nogil=True)
def _draw_missing(lam, pi, n_observed, state, cap):  # type: ignore[no-untyped-def]
    """The number missing from NegBin(n, 1 - p0); redrawn (then clipped, counted) above ``cap``."""
    p0 = 0.0
    for k in range(pi.size):
        w = pi[k]
        for j in range(lam.shape[1]):
            w *= 1.0 - lam[k, j]
        p0 += w
    p_seen = min(max(1.0 - p0, EPS), 1.0)
    for _ in range(BOUND_TRIES):
        drawn = np.random.negative_binomial(n_observed, p_seen)
        if cap < 0 or drawn <= cap:
            state[1] = drawn
            return
    state[1] = cap
    state[2] += 1.0


@njit(cache=True, nogil=True)
def _allocate_missing(lam, pi, order, total, missing):  # type: ignore[no-untyped-def]
    """Spread the ``total`` missing people over the classes (multinomial, all-absent pattern)."""
    k_classes = pi.size
    prob = np.empty(k_classes)
    rest = np.empty(k_classes)
    for i in range(k_classes):
        k = order[i]
        w = pi[k]
        for j in range(lam.shape[1]):
            w *= 1.0 - lam[k, j]
        prob[i] = w
        missing[k] = 0
    acc = 0.0
    for i in range(k_classes - 1, -1, -1):
        acc += prob[i]
        rest[i] = acc
    remaining = total
    for i in range(k_classes):
        if remaining == 0:
            break
        k = order[i]
        if i == k_classes - 1 or rest[i] <= 0.0:
            missing[k] = remaining
            break
        drawn = _binomial(remaining, min(prob[i] / rest[i], 1.0))
        missing[k] = drawn
        remaining -= drawn


@njit(cache=True, nogil=True)
def _tabulate(x, alloc, size, ones):  # type: ignore[no-untyped-def]
    """Observed people per class and, per class and list, how many of them the list holds."""
    m, n_lists = x.shape
    for k in range(size.size):
        size[k] = 0.0
        for j in range(n_lists):
            ones[k, j] = 0.0
        for r in range(m):
            size[k] += alloc[r, k]
            for j in range(n_lists):
                if x[r, j]:
                    ones[k, j] += alloc[r, k]


@njit(cache=True, nogil=True)
def _update_parameters(ones, size, missing, lam, v, state, a, b):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Capture probabilities, stick-breaking weights and alpha from their full conditionals."""
    k_classes, n_lists = lam.shape
    for k in range(k_classes):
        class_size = size[k] + missing[k]
        for j in range(n_lists):
            if class_size == 0.0:
                draw = np.random.random()
            else:
                draw = np.random.beta(1.0 + ones[k, j], 1.0 + class_size - ones[k, j])
            lam[k, j] = min(max(draw, EPS), 1.0 - EPS)
    above = 0.0
    for k in range(k_classes):
        above += size[k] + missing[k]
    log_rest = 0.0
    for k in range(k_classes - 1):
        above -= size[k] + missing[k]
        draw = np.random.beta(1.0 + size[k] + missing[k], state[0] + above)
        v[k] = min(max(draw, EPS), 1.0 - EPS)
        log_rest += np.log(1.0 - v[k])
    v[k_classes - 1] = 1.0
    state[0] = np.random.gamma(a + k_classes - 1.0, 1.0 / (b - log_rest))


@njit(cache=True, nogil=True)
def run_chain(x, counts, lam, v, missing, state, a, b, iterations, thin, cap, out):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Run ``iterations`` sweeps; every ``thin``-th total N goes into ``out``.

    ``x`` and ``counts`` are the observed patterns; ``missing`` holds the number
    missing per class; ``cap`` bounds the total missing (-1: none).
    """
    k_classes = v.size
    n_observed = 0
    for r in range(counts.size):
        n_observed += counts[r]
    alloc = np.zeros((x.shape[0], k_classes), dtype=np.int64)
    size = np.zeros(k_classes)
    ones = np.zeros((k_classes, x.shape[1]))
    pi = np.empty(k_classes)
    kept = 0
    for it in range(iterations):
        _weights(v, pi)
        order = np.argsort(-pi)
        _allocate(x, counts, lam, pi, order, alloc)
        _tabulate(x, alloc, size, ones)
        _update_parameters(ones, size, missing, lam, v, state, a, b)
        _weights(v, pi)
        _draw_missing(lam, pi, n_observed, state, cap)
        _allocate_missing(lam, pi, np.argsort(-pi), np.int64(state[1]), missing)
        if (it + 1) % thin == 0 and kept < out.size:
            out[kept] = n_observed + state[1]
            kept += 1


@njit(cache=True, nogil=True)
def initialise(lam, v, missing, state, n_observed, cap):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Random start: capture probabilities uniform, stick-breaking weights uniform,
    alpha = 1, the number missing from its conditional given those, spread over classes."""
    k_classes, n_lists = lam.shape
    for k in range(k_classes):
        for j in range(n_lists):
            lam[k, j] = min(max(np.random.random(), EPS), 1.0 - EPS)
        v[k] = min(max(np.random.random(), EPS), 1.0 - EPS)
    v[k_classes - 1] = 1.0
    state[0] = 1.0
    state[2] = 0.0
    pi = np.empty(k_classes)
    _weights(v, pi)
    _draw_missing(lam, pi, n_observed, state, cap)
    _allocate_missing(lam, pi, np.argsort(-pi), np.int64(state[1]), missing)
