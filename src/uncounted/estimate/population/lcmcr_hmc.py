"""Hamiltonian Monte Carlo move of the latent-class model, N and allocations integrated out.

Target: the posterior of the capture probabilities and class weights given alpha
and the observed pattern counts ``c_x`` (n people seen),

    prod_x p_x^{c_x} / (1 - p0)^n  *  prod lambda-prior  *  p(pi | alpha),

``p_x = sum_k pi_k prod_j lambda_kj^{x_j} (1 - lambda_kj)^{1 - x_j}``, ``p0`` the
all-absent pattern's: the multinomial likelihood with ``p(N) ∝ 1/N`` summed over
N (then ``N - n | lambda, pi ~ NegBin(n, 1 - p0)`` exactly). The truncated
stick-breaking prior, ``V_k ~ Beta(1, alpha)``, ``V_K = 1``, is on the simplex
``alpha^(K-1) pi_K^(alpha - 1) / prod_{m=2}^{K-1} R_m`` with
``R_m = sum_{l >= m} pi_l`` (the Jacobian of ``V_k = pi_k / R_k``; the
product of the ``1 - V_k`` telescopes to ``pi_K``).

Only the classes with weight at least ``MIN_WEIGHT`` move (the set S): the
others' capture probabilities and weights are held, so the weights of S share
their fixed total ``M``. The density is zero wherever a class of S would drop
below ``MIN_WEIGHT``: the set S is kept, so the move is a Markov kernel on each
cell ``{classes above the threshold = S}`` that keeps the posterior restricted
to it, and the identity nowhere else — the posterior is kept. (Holding the
near-empty classes also keeps their ``log pi`` of -1e18 and less out of the
energy, where its rounding would swamp everything else.)

Coordinates: ``y_kj = logit lambda_kj`` (Beta(1, 1) prior: Jacobian
``lambda (1 - lambda)``) and ``eta_k`` with ``pi_k = M softmax(eta)_k`` over S,
extended by ``s = logsumexp(eta) ~ N(0, 1)``, independent of the rest, so the
map to (weights, s) is one to one with Jacobian ``prod_{k in S} pi_k / M``.
``s`` is redrawn from N(0, 1) before each trajectory (a Gibbs step on the
auxiliary variable). Gradients are hand-written: about ``|S| x J x patterns``
operations each.

Leapfrog trajectories of ``steps`` steps of size ``eps`` jittered uniformly
in ``[0.8, 1.2] eps``, with an exact Metropolis test; ``eps`` is tuned by
dual averaging (Hoffman & Gelman 2014, target acceptance ``TARGET``) only
while ``tune[ADAPT]`` is set (warm-up and burn-in), then frozen.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

EPS = 1e-12
MIN_WEIGHT = 1e-3
TARGET = 0.75
JITTER = 0.2
GAMMA = 0.05
T0 = 10.0
KAPPA = 0.75
# Layout of the ``tune`` array.
STEP = 0
LOG_STEP_BAR = 1
H_BAR = 2
COUNT = 3
MU = 4
ADAPT = 5
STEPS = 6
ACCEPTED = 7
TRIED = 8
TUNE_SIZE = 9
FIRST_STEP = 0.02


def new_tune(steps: int) -> np.ndarray:
    """Fresh tuning state: first step size, dual-averaging sums, leapfrog steps."""
    tune = np.zeros(TUNE_SIZE)
    tune[STEP] = FIRST_STEP
    tune[LOG_STEP_BAR] = math.log(FIRST_STEP)
    tune[MU] = math.log(10.0 * FIRST_STEP)
    tune[STEPS] = steps
    return tune


def freeze(tune: np.ndarray) -> None:
    """End of tuning: the step size is the dual-averaged one from now on."""
    if tune[COUNT] > 0:
        tune[STEP] = math.exp(tune[LOG_STEP_BAR])
    tune[ADAPT] = 0.0


def summary(tune: np.ndarray) -> tuple[float, float]:
    """Step size and share of trajectories accepted (since the counts were reset)."""
    return float(tune[STEP]), float(tune[ACCEPTED] / max(tune[TRIED], 1.0))


@njit(cache=True, nogil=True)
def _log_sum_exp(eta):  # type: ignore[no-untyped-def]
    top = eta[0]
    for d in range(1, eta.size):
        top = max(top, eta[d])
    acc = 0.0
    for d in range(eta.size):
        acc += math.exp(eta[d] - top)
    return top + math.log(acc)


@njit(cache=True, nogil=True)
def _classes(y, eta, grad_y, mass, work):  # type: ignore[no-untyped-def]
    """Weights, capture probabilities (and 1 - them) of the moving classes, the
    Jacobians and the prior's part of the gradient; -inf outside the cell."""
    lam, off, pi, _, f0, g = work
    lse = _log_sum_exp(eta)
    out = -0.5 * lse * lse  # s = logsumexp(eta) ~ N(0, 1)
    for d in range(eta.size):
        log_share = eta[d] - lse
        pi[d] = mass * math.exp(log_share)
        if pi[d] < MIN_WEIGHT:
            return -math.inf
        out += log_share  # Jacobian prod pi_k / M
        g[d] = 1.0 / pi[d]
        jacobian = 1.0
        f0[d] = 1.0
        for j in range(y.shape[1]):
            e = math.exp(-abs(y[d, j]))
            big, small = 1.0 / (1.0 + e), e / (1.0 + e)
            lam[d, j], off[d, j] = (big, small) if y[d, j] >= 0.0 else (small, big)
            if min(lam[d, j], off[d, j]) < EPS:
                return -math.inf
            jacobian *= lam[d, j] * off[d, j]  # Beta(1, 1) prior, logit scale
            grad_y[d, j] = off[d, j] - lam[d, j]
            f0[d] *= off[d, j]
        out += math.log(jacobian)
    return out


@njit(cache=True, nogil=True)
def _likelihood(grad_y, fixed, x, counts, work):  # type: ignore[no-untyped-def]
    """``sum_x c_x log p_x - n log(1 - p0)``; adds its gradient (``grad_y``, and
    d/dpi into ``g``)."""
    rest, p0_rest, _, _, _, _, n_observed = fixed
    lam, off, pi, f, f0, g = work
    d_classes, n_lists = lam.shape
    out = 0.0
    for r in range(counts.size):
        p_r = rest[r]
        for d in range(d_classes):
            w = 1.0
            for j in range(n_lists):
                w *= lam[d, j] if x[r, j] else off[d, j]
            f[d, r] = w
            p_r += pi[d] * w
        out += counts[r] * math.log(p_r)
        ratio = counts[r] / p_r
        for d in range(d_classes):
            g[d] += ratio * f[d, r]
            common = ratio * pi[d] * f[d, r]
            for j in range(n_lists):
                grad_y[d, j] += common * (x[r, j] - lam[d, j])
    seen = 1.0 - p0_rest
    for d in range(d_classes):
        seen -= pi[d] * f0[d]
    if seen <= 0.0:
        return -math.inf
    ratio = n_observed / seen
    for d in range(d_classes):
        g[d] += ratio * f0[d]
        common = ratio * pi[d] * f0[d]
        for j in range(n_lists):
            grad_y[d, j] -= common * lam[d, j]
    return out - n_observed * math.log(seen)


@njit(cache=True, nogil=True)
def _stick_prior(cls, fixed, work):  # type: ignore[no-untyped-def]
    """``(alpha - 1) log pi_K - sum_{m=2}^{K-1} log R_m``, only the terms that
    depend on the moving classes ``cls`` (ascending); adds d/dpi into ``g``."""
    _, _, tail_rest, _, alpha, k_classes, _ = fixed
    pi, g = work[2], work[5]
    out = 0.0
    last = cls[cls.size - 1]
    if last == k_classes - 1:
        out += (alpha - 1.0) * math.log(pi[cls.size - 1])
        g[cls.size - 1] += (alpha - 1.0) / pi[cls.size - 1]
    for m in range(1, min(last, k_classes - 2) + 1):
        tail = tail_rest[m]
        for d in range(cls.size):
            if cls[d] >= m:
                tail += pi[d]
        out -= math.log(tail)
        for d in range(cls.size):
            if cls[d] >= m:
                g[d] -= 1.0 / tail
    return out


@njit(cache=True, nogil=True)
def _split(flat, d_classes):  # type: ignore[no-untyped-def]
    """Views of a flat vector as (y: classes x lists, eta: classes)."""
    n_lists = flat.size // d_classes - 1
    return flat[: d_classes * n_lists].reshape((d_classes, n_lists)), flat[d_classes * n_lists :]


@njit(cache=True, nogil=True)
def _log_density(position, grad, problem):  # type: ignore[no-untyped-def]
    """Log target at ``position`` = (y row by row, then eta), its gradient
    into ``grad``; -inf outside the cell. ``problem`` = (x, counts, cls, fixed,
    work): ``fixed`` = (rest, p0_rest, tail_rest, mass, alpha, K, n) of the
    classes that stay; ``work`` = (lam, 1 - lam, pi, f, f0, g) scratch arrays."""
    x, counts, cls, fixed, work = problem
    y, eta = _split(position, cls.size)
    grad_y, grad_eta = _split(grad, cls.size)
    mass = fixed[3]
    out = _classes(y, eta, grad_y, mass, work)
    if not math.isfinite(out):
        return out
    out += _likelihood(grad_y, fixed, x, counts, work)
    if not math.isfinite(out):
        return out
    out += _stick_prior(cls, fixed, work)
    pi, g = work[2], work[5]
    lse = _log_sum_exp(eta)
    g_bar = 0.0
    for d in range(eta.size):
        g_bar += pi[d] / mass * g[d]
    for d in range(eta.size):
        grad_eta[d] = pi[d] * (g[d] - g_bar) - lse * pi[d] / mass
    return out


@njit(cache=True, nogil=True)
def add_class(x, lam, k, weight, rest):  # type: ignore[no-untyped-def]
    """Add class ``k``'s chance of each observed pattern, times ``weight``, to
    ``rest``; returns its chance of the all-absent pattern times ``weight``."""
    n_lists = lam.shape[1]
    absent = weight
    for j in range(n_lists):
        absent *= 1.0 - lam[k, j]
    for r in range(x.shape[0]):
        w = weight
        for j in range(n_lists):
            w *= lam[k, j] if x[r, j] else 1.0 - lam[k, j]
        rest[r] += w
    return absent


@njit(cache=True, nogil=True)
def _fixed_parts(x, lam, pi, moving, rest_and_tails):  # type: ignore[no-untyped-def]
    """Pattern chances and tail weights of the classes that stay; returns
    (their all-absent chance, the moving classes' total weight)."""
    rest, tail_rest = rest_and_tails
    k_classes = lam.shape[0]
    p0_rest = 0.0
    mass = 0.0
    rest[:] = 0.0
    acc = 0.0
    for k in range(k_classes - 1, -1, -1):
        if moving[k]:
            mass += pi[k]
        else:
            acc += pi[k]
            p0_rest += add_class(x, lam, k, pi[k], rest)
        tail_rest[k] = acc
    return p0_rest, mass


@njit(cache=True, nogil=True)
def _adapt(tune, accept):  # type: ignore[no-untyped-def]
    """Dual averaging of log step size towards acceptance TARGET."""
    tune[COUNT] += 1.0
    m = tune[COUNT]
    weight = 1.0 / (m + T0)
    tune[H_BAR] = (1.0 - weight) * tune[H_BAR] + weight * (TARGET - accept)
    log_step = tune[MU] - math.sqrt(m) / GAMMA * tune[H_BAR]
    eta = m ** (-KAPPA)
    tune[LOG_STEP_BAR] = eta * log_step + (1.0 - eta) * tune[LOG_STEP_BAR]
    tune[STEP] = math.exp(log_step)


@njit(cache=True, nogil=True)
def _kinetic(momentum):  # type: ignore[no-untyped-def]
    out = 0.0
    for i in range(momentum.size):
        out += momentum[i] * momentum[i]
    return 0.5 * out


@njit(cache=True, nogil=True)
def _trajectory(position, momentum, grad, problem, tune):  # type: ignore[no-untyped-def]
    """Leapfrog steps from ``position`` in place (no temporaries: this is the
    inner loop); returns log target minus kinetic energy at the end (-inf if
    the trajectory left the cell)."""
    step = tune[STEP] * (1.0 + JITTER * (2.0 * np.random.random() - 1.0))
    log_p = 0.0
    for _ in range(int(tune[STEPS])):
        for i in range(position.size):
            momentum[i] += 0.5 * step * grad[i]
            position[i] += step * momentum[i]
        log_p = _log_density(position, grad, problem)
        if not math.isfinite(log_p):
            return -math.inf
        for i in range(position.size):
            momentum[i] += 0.5 * step * grad[i]
    return log_p - _kinetic(momentum)


@njit(cache=True, nogil=True)
def _moving(log_pi):  # type: ignore[no-untyped-def]
    """Weights, the mask of the classes that move and their indices (ascending)."""
    pi = np.exp(log_pi)
    moving = pi >= MIN_WEIGHT
    return pi, moving, np.flatnonzero(moving)


@njit(cache=True, nogil=True)
def hmc_move(x, counts, lam, log_pi, alpha, tune):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """One HMC trajectory for the classes of weight >= MIN_WEIGHT (module
    docstring); updates ``lam`` and ``log_pi`` in place when accepted. N and
    allocations are stale afterwards and must be redrawn."""
    pi, moving, cls = _moving(log_pi)
    if cls.size == 0:
        return
    d_classes, n_lists = cls.size, lam.shape[1]
    rest, tail_rest = np.empty(x.shape[0]), np.empty(lam.shape[0])
    p0_rest, mass = _fixed_parts(x, lam, pi, moving, (rest, tail_rest))
    fixed = (rest, p0_rest, tail_rest, mass, alpha, lam.shape[0], float(counts.sum()))
    work = (
        np.empty((d_classes, n_lists)),
        np.empty((d_classes, n_lists)),
        np.empty(d_classes),
        np.empty((d_classes, x.shape[0])),
        np.empty(d_classes),
        np.empty(d_classes),
    )
    problem = (x, counts, cls, fixed, work)
    position = np.empty(d_classes * (n_lists + 1))
    y, eta = _split(position, d_classes)
    s = np.random.standard_normal()  # the auxiliary logsumexp(eta), redrawn
    for d in range(d_classes):
        eta[d] = log_pi[cls[d]] - math.log(mass) + s
        for j in range(n_lists):
            y[d, j] = math.log(lam[cls[d], j]) - math.log1p(-lam[cls[d], j])
    grad = np.empty(position.size)
    start = _log_density(position, grad, problem)
    if not math.isfinite(start):
        return
    momentum = np.random.standard_normal(position.size)
    start -= _kinetic(momentum)
    log_ratio = _trajectory(position, momentum, grad, problem, tune) - start
    if log_ratio != log_ratio:  # noqa: PLR0124  (NaN: reject)
        log_ratio = -math.inf
    tune[TRIED] += 1.0
    if tune[ADAPT] > 0.0:
        _adapt(tune, math.exp(min(log_ratio, 0.0)))
    if math.log(1.0 - np.random.random()) < log_ratio:
        tune[ACCEPTED] += 1.0
        shift = _log_sum_exp(eta) - math.log(mass)
        for d in range(d_classes):
            log_pi[cls[d]] = eta[d] - shift
            for j in range(n_lists):
                lam[cls[d], j] = 1.0 / (1.0 + math.exp(-y[d, j]))
