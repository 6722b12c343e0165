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

The stick-breaking weights are drawn and kept in log space, as LCMCR's
``sam_nu`` does (``log V`` and ``log(1 - V)`` from two log-gamma draws, with
Robert & Casella's ``log U / a + log Gamma(1 + a)`` for small shapes), and never
clipped: the last occupied stick has ``1 - V ~ Beta(alpha, 1 + n_k)``, often
below 1e-12 when alpha is small, and ``sum log(1 - V)`` drives alpha's full
conditional. Clipping V at ``1 - 1e-12`` (as this sampler once did) keeps alpha
too large, so too many classes, and moved the Western US posterior median from
LCMCR's 1,840 to 1,960.

Two further moves (``_scale_move``, ``_flow_move``) update capture
probabilities (and weights) with N and the allocations integrated out, then N
and the missing allocation are redrawn: see their docstrings.

State arrays are updated in place so a chain can run in chunks (progress):
``log_pi`` (log class weights), ``missing`` (people missing per class) and
``state = [alpha, n_missing, bound_hits]`` (bound_hits: draws clipped at the
explicit bound).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from uncounted.estimate.population.lcmcr_hmc import add_class, hmc_move

EPS = 1e-12
SMALL_SHAPE = 0.5
MIN_ALPHA = 1e-300
SLICE_WIDTH = 1.0
SLICE_STEPS = 30
SHRINK_STEPS = 200
ALPHA_GIBBS = 0
ALPHA_COLLAPSED = 1
ALPHA_FIXED = 2
BOUND_TRIES = 50
SMALL_MEAN = 10.0
SCALE_WIDTH = 0.2
CAPTURE_STEPS_OUT = 30
SCALE_MIN_WEIGHT = 1e-3
FLOW_MIN_WEIGHT = 1e-3
SCALE_MOVE = 1
FLOW_MOVE = 2
HMC_MOVE = 4


@njit(cache=True, nogil=True)
def seed_thread(seed):  # type: ignore[no-untyped-def]
    """Seed numba's generator of the calling thread."""
    np.random.seed(seed)


@njit(cache=True, nogil=True)
def _weights(log_pi, pi):  # type: ignore[no-untyped-def]
    for k in range(log_pi.size):
        pi[k] = np.exp(log_pi[k])


@njit(cache=True, nogil=True)
def _log_gamma(shape):  # type: ignore[no-untyped-def]
    """Log of a Gamma(shape, 1) draw, exact when the draw itself would underflow
    (shape < 0.5: ``log U / shape + log Gamma(1 + shape)``, as LCMCR's ``dan_log_gamma_1``)."""
    if shape < SMALL_SHAPE:
        return np.log(1.0 - np.random.random()) / shape + np.log(np.random.gamma(1.0 + shape))
    return np.log(np.random.gamma(shape))


@njit(cache=True, nogil=True)
def _log_sum(a, b):  # type: ignore[no-untyped-def]
    top = max(a, b)
    return top + np.log1p(np.exp(min(a, b) - top))


@njit(cache=True, nogil=True)
def _sticks(sizes, alpha, log_pi):  # type: ignore[no-untyped-def]
    """Stick-breaking weights given class sizes, in log space; returns ``sum log(1 - V_k)``."""
    k_classes = sizes.size
    above = 0.0
    for k in range(k_classes):
        above += sizes[k]
    log_rest = 0.0
    for k in range(k_classes - 1):
        above -= sizes[k]
        log_a = _log_gamma(1.0 + sizes[k])
        log_b = _log_gamma(alpha + above)
        norm = _log_sum(log_a, log_b)
        log_pi[k] = log_a - norm + log_rest
        log_rest += log_b - norm
    log_pi[k_classes - 1] = log_rest
    return log_rest


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
def _order(pi, order):  # type: ignore[no-untyped-def]
    """``order``: the classes by weight, largest first (insertion sort in place,
    ties in index order; no allocation, unlike ``np.argsort`` once a sweep)."""
    for i in range(pi.size):
        k = i
        j = i
        while j > 0 and pi[order[j - 1]] < pi[k]:
            order[j] = order[j - 1]
            j -= 1
        order[j] = k


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
def _log_alpha_density(u, sizes, a, b):  # type: ignore[no-untyped-def]
    """Log density of u = log(alpha) given the class sizes, the sticks integrated out:
    prior Gamma(a, rate b) times, per stick, ``alpha B(1 + n_k, alpha + n_{>k})``."""
    alpha = math.exp(u)
    out = a * u - b * alpha
    above = 0.0
    for k in range(sizes.size):
        above += sizes[k]
    for k in range(sizes.size - 1):
        above -= sizes[k]
        out += u + math.lgamma(alpha + above) - math.lgamma(alpha + above + 1.0 + sizes[k])
    return out


@njit(cache=True, nogil=True)
def _alpha_given_sizes(sizes, alpha, a, b):  # type: ignore[no-untyped-def]
    """One slice-sampling update (Neal 2003: stepping out, shrinkage) of log(alpha)
    from its density with the sticks integrated out."""
    u = math.log(alpha)
    level = _log_alpha_density(u, sizes, a, b) + math.log(1.0 - np.random.random())
    low = u - SLICE_WIDTH * np.random.random()
    high = low + SLICE_WIDTH
    for _ in range(SLICE_STEPS):
        if _log_alpha_density(low, sizes, a, b) <= level:
            break
        low -= SLICE_WIDTH
    for _ in range(SLICE_STEPS):
        if _log_alpha_density(high, sizes, a, b) <= level:
            break
        high += SLICE_WIDTH
    while True:
        proposal = low + (high - low) * np.random.random()
        if _log_alpha_density(proposal, sizes, a, b) > level:
            return max(math.exp(proposal), MIN_ALPHA)
        if proposal < u:
            low = proposal
        else:
            high = proposal


@njit(cache=True, nogil=True)
def _class_terms(observed, ones, m):  # type: ignore[no-untyped-def]
    """Log of one class's factor with its capture probabilities integrated out
    (Beta(1, 1) priors), less what does not depend on ``m``: its people missing
    (``m``, all-absent) and ``1/m!``."""
    total = observed + m
    out = -math.lgamma(m + 1.0) - ones.size * math.lgamma(2.0 + total)
    for j in range(ones.size):
        out += math.lgamma(1.0 + total - ones[j])
    return out


@njit(cache=True, nogil=True)
def _stick_terms(sizes, alpha, last):  # type: ignore[no-untyped-def]
    """Log of the stick-breaking factors of classes ``0..last`` with the sticks
    integrated out: ``B(1 + s_k, alpha + s_{>k})`` (``alpha`` and ``Gamma(1 + s_k)`` kept)."""
    above = 0.0
    for k in range(last + 1, sizes.size):
        above += sizes[k]
    out = 0.0
    for k in range(min(last, sizes.size - 2), -1, -1):
        if k < last:
            above += sizes[k + 1]
        out += (
            math.lgamma(1.0 + sizes[k])
            + math.lgamma(alpha + above)
            - math.lgamma(1.0 + sizes[k] + alpha + above)
        )
    return out


@njit(cache=True, nogil=True)
def _missing_move(size, ones, missing, state, n_observed, cap):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Metropolis moves of each class's number missing with its capture
    probabilities and the stick-breaking weights integrated out (given the
    observed allocation and alpha).

    The target is ``(N - 1)! / prod_k m_k! * prod_k B-terms``: the complete-data
    likelihood times ``p(N) ∝ 1/N`` with the Beta(1, 1) capture probabilities and
    the sticks integrated. The proposal adds a uniform integer in ``[-w, w]``,
    ``w`` log-uniform in ``[1, n / 2]`` (symmetric, independent of the state).
    The capture probabilities and sticks are drawn from their full conditionals
    right after (``_update_parameters``), so the chain keeps the posterior: the
    data-augmentation coupling of N to the low-capture class's probabilities,
    which makes plain Gibbs move N slowly, is cut.
    """
    k_classes = ones.shape[0]
    alpha = state[0]
    sizes = np.empty(k_classes)
    total = 0
    for k in range(k_classes):
        sizes[k] = size[k] + missing[k]
        total += missing[k]
    log_span = math.log(max(2.0, n_observed / 2.0))
    for k in range(k_classes):
        width = int(math.exp(np.random.random() * log_span))
        step = np.random.randint(-width, width + 1)
        proposal = missing[k] + step
        if step == 0 or proposal < 0 or (cap >= 0 and total + step > cap):
            continue
        old = (
            math.lgamma(n_observed + total)
            + _class_terms(size[k], ones[k], missing[k])
            + _stick_terms(sizes, alpha, k)
        )
        sizes[k] += step
        new = (
            math.lgamma(n_observed + total + step)
            + _class_terms(size[k], ones[k], proposal)
            + _stick_terms(sizes, alpha, k)
        )
        if math.log(1.0 - np.random.random()) < new - old:
            missing[k] = proposal
            total += step
        else:
            sizes[k] -= step
    state[1] = total


@njit(cache=True, nogil=True)
def _scale_density(u, x, counts, lam_k, pi_k, rest, p0_rest, n_observed):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Log density of u = log(s) for the class capture probabilities ``s * lam_k``,
    N and every allocation integrated out: ``prod_c q_c^{n_c} / (1 - p0)^n`` (the
    observed-data likelihood with ``p(N) ∝ 1/N`` summed over N) times the
    Jacobian ``s^J`` of the scaling group (Haar measure ``ds / s``)."""
    scale = math.exp(u)
    n_lists = lam_k.size
    absent = pi_k
    for j in range(n_lists):
        if scale * lam_k[j] > 1.0 - EPS:
            return -math.inf
        absent *= 1.0 - scale * lam_k[j]
    out = n_lists * u - n_observed * math.log(max(1.0 - p0_rest - absent, EPS))
    for r in range(counts.size):
        w = pi_k
        for j in range(n_lists):
            w *= scale * lam_k[j] if x[r, j] else 1.0 - scale * lam_k[j]
        out += counts[r] * math.log(rest[r] + w)
    return out


@njit(cache=True, nogil=True)
def _class_rest(x, lam, pi, k, rest):  # type: ignore[no-untyped-def]
    """Probability of each observed pattern and of the all-absent one from the
    classes other than ``k`` (returns the latter)."""
    p0_rest = 0.0
    for r in range(x.shape[0]):
        rest[r] = 0.0
    for other in range(lam.shape[0]):
        if other != k:
            p0_rest += add_class(x, lam, other, pi[other], rest)
    return p0_rest


@njit(cache=True, nogil=True)
def _density(u, args):  # type: ignore[no-untyped-def]
    """The scaling or the flow density; ``args`` = (x, counts, lam_k, log_pi, k,
    rest, p0 or seen of the other classes, alpha, log_tails, n, flow)."""
    x, counts, lam_k, log_pi, k, rest, other, alpha, log_tails, n_observed, flow = args
    if flow:
        return _flow_density(u, x, counts, lam_k, log_pi, k, rest, other, alpha, log_tails)
    return _scale_density(u, x, counts, lam_k, math.exp(log_pi[k]), rest, other, n_observed)


@njit(cache=True, nogil=True)
def _slice_step(args):  # type: ignore[no-untyped-def]
    """One slice-sampling step (Neal 2003: stepping out, shrinkage) from u = 0 of
    ``_density(u, args)``; returns the new u (0
    when the density at 0 is not finite, or when rounding shrinks the interval
    onto 0)."""
    level = _density(0.0, args)
    if not math.isfinite(level):
        return 0.0
    level += math.log(1.0 - np.random.random())
    low = -SCALE_WIDTH * np.random.random()
    high = low + SCALE_WIDTH
    for _ in range(CAPTURE_STEPS_OUT):
        if _density(low, args) <= level:
            break
        low -= SCALE_WIDTH
    for _ in range(CAPTURE_STEPS_OUT):
        if _density(high, args) <= level:
            break
        high += SCALE_WIDTH
    for _ in range(SHRINK_STEPS):
        u = low + (high - low) * np.random.random()
        if _density(u, args) > level:
            return u
        if u < 0.0:
            low = u
        else:
            high = u
    return 0.0


@njit(cache=True, nogil=True)
def _scale_move(x, counts, lam, pi, log_pi, n_observed):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Generalised Gibbs step (Liu & Sabatti 2000) of each class's capture
    probabilities along the scaling ``lam_k -> s * lam_k``, by slice sampling of
    ``log s`` (Neal 2003), with N and all allocations integrated out.

    Plain data augmentation moves N slowly: given who is in the large
    low-capture class (and how many of it are missing), that class's capture
    probabilities are pinned, and they pin its number missing in turn. Scaling
    them while the weights stay put moves along that ridge (about +/- 10% of N
    for 1-3 log units on Kosovo). The weights do not change, so which classes
    are moved may depend on them. N and the missing allocation must be drawn
    from their conditionals right after, and the observed allocation before
    next use (both are stale).
    """
    k_classes, n_lists = lam.shape
    rest = np.empty(x.shape[0])
    lam_k = np.empty(n_lists)
    for k in range(k_classes):
        if pi[k] < SCALE_MIN_WEIGHT:
            continue
        p0_rest = _class_rest(x, lam, pi, k, rest)
        for j in range(n_lists):
            lam_k[j] = lam[k, j]
        args = (x, counts, lam_k, log_pi, k, rest, p0_rest, 0.0, log_pi, n_observed, False)
        u = _slice_step(args)
        scale = math.exp(u)
        for j in range(n_lists):
            lam[k, j] = max(scale * lam_k[j], EPS)


@njit(cache=True, nogil=True)
def _tails_except(log_pi, k, log_tails):  # type: ignore[no-untyped-def]
    """``log_tails[m] = log sum_{l >= m, l != k} pi_l`` (-inf when empty)."""
    acc = -math.inf
    for m in range(log_pi.size - 1, -1, -1):
        if m != k and log_pi[m] > -math.inf:
            acc = _log_sum(acc, log_pi[m]) if acc > -math.inf else log_pi[m]
        log_tails[m] = acc


@njit(cache=True, nogil=True)
def _flow_density(u, x, counts, lam_k, log_pi, k, rest, seen_rest, alpha, log_tails):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Log density of the flow ``lam_k -> e^u lam_k`` with class k's odds times
    ``t = c(lam_k) / c(e^u lam_k)`` (c: the chance class k is seen), so that
    class k's share of the people seen stays put; N and allocations integrated.

    In coordinates (log lam_k, log odds of class k, the other classes'
    proportions) the flow is a translation, so the density there is the
    target: the observed-data likelihood ``prod_c q_c^{n_c} / (1 - p0)^n``, the
    truncated stick-breaking prior ``(alpha - 1) log pi_K - sum_{m=2}^{K-1} log R_m``
    (``R_m = sum_{l >= m} pi_l``), and the Jacobian ``prod_j lam_kj * pi_k (1 - pi_k)^(K-1)``.
    ``log_tails[m]`` is ``log sum_{l >= m, l != k} pi_l``.
    """
    scale = math.exp(u)
    n_lists = lam_k.size
    absent_old = 1.0
    absent = 1.0
    for j in range(n_lists):
        if scale * lam_k[j] > 1.0 - EPS:
            return -math.inf
        absent_old *= 1.0 - lam_k[j]
        absent *= 1.0 - scale * lam_k[j]
    log_t = math.log(1.0 - absent_old) - math.log(1.0 - absent)
    pi_k = math.exp(log_pi[k])
    weight = pi_k * math.exp(log_t)
    out = n_lists * u - counts.sum() * math.log(seen_rest + weight * (1.0 - absent))
    for r in range(counts.size):
        w = weight
        for j in range(n_lists):
            w *= scale * lam_k[j] if x[r, j] else 1.0 - scale * lam_k[j]
        out += counts[r] * math.log(rest[r] + w)
    log_k = log_t + log_pi[k]
    log_z = _log_sum(log_tails[0], log_k) if log_tails[0] > -math.inf else log_k
    if log_k - log_z < math.log(FLOW_MIN_WEIGHT):
        return -math.inf
    # Terms that do not depend on u are left out (they can be -1e18 when alpha
    # is tiny, and would swamp the rest in floating point): log(1 - pi_k) =
    # log_tails[0] - log_z, pi_K and R_m for m > k all carry only their -log_z.
    k_classes = log_pi.size
    out += log_k - k_classes * log_z
    if k == k_classes - 1:
        out += (alpha - 1.0) * (log_k - log_z)
    else:
        out -= (alpha - 1.0) * log_z
    for m in range(1, k_classes - 1):
        out -= (_log_sum(log_tails[m], log_k) if m <= k else 0.0) - log_z
    return out


@njit(cache=True, nogil=True)
def _seen_rest(lam, pi, k):  # type: ignore[no-untyped-def]
    """Chance of being seen and in a class other than ``k``."""
    out = 0.0
    for other in range(pi.size):
        if other != k:
            absent = 1.0
            for j in range(lam.shape[1]):
                absent *= 1.0 - lam[other, j]
            out += pi[other] * (1.0 - absent)
    return out


@njit(cache=True, nogil=True)
def _class_probs(x, lam, pi, k, probs, seen):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Row ``k`` of the cache the flow move keeps: the chance of each observed
    pattern and of being seen at all, both in class ``k``."""
    absent = 1.0
    for j in range(lam.shape[1]):
        absent *= 1.0 - lam[k, j]
    seen[k] = pi[k] * (1.0 - absent)
    for r in range(x.shape[0]):
        w = pi[k]
        for j in range(lam.shape[1]):
            w *= lam[k, j] if x[r, j] else 1.0 - lam[k, j]
        probs[k, r] = w


@njit(cache=True, nogil=True)
def _others(probs, seen, k, rest):  # type: ignore[no-untyped-def]
    """``rest``: each observed pattern's chance from the classes other than
    ``k``; returns their chance of being seen."""
    seen_rest = 0.0
    for r in range(rest.size):
        rest[r] = 0.0
    for other in range(seen.size):
        if other != k:
            seen_rest += seen[other]
            for r in range(rest.size):
                rest[r] += probs[other, r]
    return seen_rest


@njit(cache=True, nogil=True)
def _flow_move(x, counts, lam, log_pi, alpha):  # type: ignore[no-untyped-def]
    """Slice-sampling step along ``_flow_density`` for every class in turn; the
    capture probabilities and weights (``log_pi``, renormalised) change; N and
    allocations are stale afterwards, as after ``_scale_move``.

    Only classes with weight at least FLOW_MIN_WEIGHT move, and the density is
    zero below that weight, so the move keeps the region it acts on (and is the
    identity outside it): the posterior is kept. Each class's pattern
    chances are computed once a sweep and kept up to date as classes move
    (the moved class's row anew, the others' rows rescaled with the weights)."""
    k_classes, n_lists = lam.shape
    rest = np.empty(x.shape[0])
    lam_k = np.empty(n_lists)
    pi = np.empty(k_classes)
    log_tails = np.empty(k_classes)
    probs = np.empty((k_classes, x.shape[0]))
    seen = np.empty(k_classes)
    _weights(log_pi, pi)
    for k in range(k_classes):
        _class_probs(x, lam, pi, k, probs, seen)
    for k in range(k_classes):
        if log_pi[k] < math.log(FLOW_MIN_WEIGHT):
            continue
        seen_rest = _others(probs, seen, k, rest)
        _tails_except(log_pi, k, log_tails)
        for j in range(n_lists):
            lam_k[j] = lam[k, j]
        args = (x, counts, lam_k, log_pi, k, rest, seen_rest, alpha, log_tails, 0, True)
        u = _slice_step(args)
        if u == 0.0:
            continue
        absent_old = 1.0
        absent = 1.0
        for j in range(n_lists):
            absent_old *= 1.0 - lam_k[j]
            lam[k, j] = max(math.exp(u) * lam_k[j], EPS)
            absent *= 1.0 - lam[k, j]
        log_k = math.log(1.0 - absent_old) - math.log(1.0 - absent) + log_pi[k]
        log_z = _log_sum(log_tails[0], log_k) if log_tails[0] > -math.inf else log_k
        for m in range(k_classes):
            log_pi[m] = (log_k if m == k else log_pi[m]) - log_z
        _rescale(x, lam, log_pi, k, log_z, pi, probs, seen)


@njit(cache=True, nogil=True)
def _rescale(x, lam, log_pi, k, log_z, pi, probs, seen):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """The cache after class ``k`` moved: its row anew, the other rows times
    ``exp(-log_z)`` (their weights' renormalisation)."""
    factor = math.exp(-log_z)
    _weights(log_pi, pi)
    for m in range(pi.size):
        if m == k:
            _class_probs(x, lam, pi, k, probs, seen)
        else:
            seen[m] *= factor
            for r in range(x.shape[0]):
                probs[m, r] *= factor


@njit(cache=True, nogil=True)
def _update_parameters(ones, size, missing, lam, log_pi, state, a, b, alpha_move):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Capture probabilities, then alpha and the stick-breaking weights.

    ``alpha_move``: ALPHA_COLLAPSED draws alpha from its density given the class
    sizes with the sticks integrated out, then the sticks given alpha (one
    block, exact); ALPHA_GIBBS uses LCMCR's two full conditionals, sticks then
    alpha; ALPHA_FIXED leaves alpha (LCMCR's warm-up). With a small alpha the
    empty classes' sticks sit near 1 and pin alpha (a random walk in log alpha
    of step about 1/sqrt(K - 1)): the block move removes that coupling.
    """
    k_classes, n_lists = lam.shape
    sizes = np.empty(k_classes)
    for k in range(k_classes):
        sizes[k] = size[k] + missing[k]
        for j in range(n_lists):
            draw = np.random.beta(1.0 + ones[k, j], 1.0 + sizes[k] - ones[k, j])
            lam[k, j] = min(max(draw, EPS), 1.0 - EPS)
    if alpha_move == ALPHA_COLLAPSED:
        state[0] = _alpha_given_sizes(sizes, state[0], a, b)
    log_rest = _sticks(sizes, state[0], log_pi)
    if alpha_move == ALPHA_GIBBS:
        state[0] = max(np.random.gamma(a + k_classes - 1.0, 1.0 / (b - log_rest)), MIN_ALPHA)


@njit(cache=True, nogil=True)
def run_chain(  # type: ignore[no-untyped-def]  # noqa: PLR0917
    x, counts, lam, log_pi, missing, state, a, b, iterations, thin, cap, moves, out, tune
):
    """Run ``iterations`` sweeps; every ``thin``-th total N goes into ``out``.

    ``x`` and ``counts`` are the observed patterns; ``missing`` holds the number
    missing per class; ``cap`` bounds the total missing (-1: none); ``moves``
    is (alpha move, 1 to add the collapsed moves of the numbers missing, 1 for
    the Gibbs draw of the number missing, SCALE_MOVE | FLOW_MOVE | HMC_MOVE
    for the moves of the capture probabilities with N and allocations
    integrated out; each move alone keeps the posterior); ``tune`` is the HMC
    move's state (:mod:`lcmcr_hmc`).
    """
    k_classes = log_pi.size
    n_observed = 0
    for r in range(counts.size):
        n_observed += counts[r]
    alloc = np.zeros((x.shape[0], k_classes), dtype=np.int64)
    size = np.zeros(k_classes)
    ones = np.zeros((k_classes, x.shape[1]))
    pi = np.empty(k_classes)
    order = np.empty(k_classes, dtype=np.int64)
    kept = 0
    for it in range(iterations):
        _weights(log_pi, pi)
        _order(pi, order)
        _allocate(x, counts, lam, pi, order, alloc)
        _tabulate(x, alloc, size, ones)
        if moves[1]:
            _missing_move(size, ones, missing, state, n_observed, cap)
        _update_parameters(ones, size, missing, lam, log_pi, state, a, b, moves[0])
        if moves[3] & SCALE_MOVE:
            _weights(log_pi, pi)
            _scale_move(x, counts, lam, pi, log_pi, n_observed)
        if moves[3] & FLOW_MOVE:
            _flow_move(x, counts, lam, log_pi, state[0])
        if moves[3] & HMC_MOVE:
            hmc_move(x, counts, lam, log_pi, state[0], tune)
        if moves[2]:
            _weights(log_pi, pi)
            _draw_missing(lam, pi, n_observed, state, cap)
            _order(pi, order)
            _allocate_missing(lam, pi, order, np.int64(state[1]), missing)
        if (it + 1) % thin == 0 and kept < out.size:
            out[kept] = n_observed + state[1]
            kept += 1


@njit(cache=True, nogil=True)
def initialise(lam, log_pi, missing, state, n_observed, cap, start):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    """Start: weights from sticks ~ Beta(1, 1); capture probabilities uniform at
    random or, when ``start`` holds one value per list, every class at those
    (LCMCR's ``Initializes``: the lists' marginal capture frequencies); alpha = 1;
    the number missing from its conditional given those, spread over classes."""
    k_classes, n_lists = lam.shape
    for k in range(k_classes):
        for j in range(n_lists):
            draw = start[j] if start.size == n_lists else np.random.random()
            lam[k, j] = min(max(draw, EPS), 1.0 - EPS)
    state[0] = 1.0
    state[2] = 0.0
    _sticks(np.zeros(k_classes), state[0], log_pi)
    pi = np.empty(k_classes)
    _weights(log_pi, pi)
    _draw_missing(lam, pi, n_observed, state, cap)
    _allocate_missing(lam, pi, np.argsort(-pi), np.int64(state[1]), missing)
