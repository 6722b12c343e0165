"""Bayesian latent-class capture–recapture, equivalent to R's LCMCR (Manrique-Vallier 2016).

A truncated stick-breaking Dirichlet-process mixture of K classes, each with
independent capture probabilities, fitted by a Gibbs sampler with data
augmentation of the unobserved count (see :mod:`lcmcr_kernel`). Priors as
LCMCR's defaults: ``alpha ~ Gamma(a = 0.25, b = 0.25)``, ``lambda ~ Beta(1, 1)``,
``p(N) ∝ 1/N``.

The sampler is LCMCR's (``NPLCM_CR_Basic_Freq.cpp``, version 0.4.13): the
stick-breaking weights live in log space, never clipped; chains start as
LCMCR's ``Initializes`` does (every class at the lists' marginal capture
frequencies, 500 warm-up sweeps with alpha held at 0.3 / K; ``start="random"``
for uniform capture probabilities instead).

Differences from LCMCR, on purpose:

- ``hmc_move=True`` adds, after each Gibbs sweep, one Hamiltonian Monte
  Carlo trajectory (:mod:`lcmcr_hmc`) of the capture probabilities and
  weights of every class of weight at least 1e-3 together, with N and every
  allocation integrated out (the observed-data likelihood times
  ``p(N) ∝ 1/N``: ``prod_x p_x^{c_x} / (1 - p0)^n``); N and the missing
  allocation are then drawn from their conditionals. Plain data augmentation
  moves N slowly because the large low-capture class's capture probabilities
  and its number missing pin each other (about 800-1,500 sweeps per
  effective draw of N on Kosovo); the gradient carries the trajectory along
  that ridge: about 30 sweeps per effective draw at about 3x the cost of a
  sweep, about 15x the effective draws per CPU-second of LCMCR's sweep and
  8-9x those of the default (``benchmarks/bench_bayes.py``). The step size is tuned
  during warm-up and burn-in (dual averaging), then frozen; ``hmc_steps``
  leapfrog steps per trajectory (default 20). Exact (an invariance check on
  exact posterior draws, and brute force for K = 2 and 3), but off by
  default: on the Netherlands 6-list table its chains leave the basin near
  51,000 where LCMCR's chains stay, and come back to it rarely and unevenly
  (4 chains of 200,000 sweeps: 0%, 0%, 2% and 22% of the draws below
  90,000), so most 4-chain runs of a default length agree near 145,000 and
  no "chains disagree" warning is shown although that low mode has not been
  weighed;
- alpha and the sticks are updated as one block (alpha from its density given
  the class sizes with the sticks integrated out, by slice sampling, then the
  sticks given alpha): the same posterior, without LCMCR's slow coupling of a
  small alpha to the empty classes' sticks (``collapse_alpha=False`` gives
  LCMCR's two full conditionals);
- two further opt-in moves of the capture probabilities with N and every
  allocation integrated out, each a slice-sampling step along a
  one-parameter group (Liu & Sabatti 2000), for every class with weight at
  least 1e-3: ``scale_move`` scales a class's capture probabilities,
  ``flow_move`` scales them while changing the class's weight so its share of
  the people seen stays put. On Kosovo (4 chains of 220,000 sweeps, a few
  seeds) both moves cut the sweeps per effective draw of N from 755-1,121 to
  140-174 at about 3x the cost per sweep, the flow move alone to 162-237 at
  about 2.1x: about 1.9x and 2.2x the effective draws per CPU-second. Both
  are exact (tested against brute force for K = 2 and 3), and off by default
  for the same reason as the HMC move (on the Netherlands table they take
  every chain to the same region for some seeds);
- ``missing_move=True`` adds Metropolis moves of each class's number missing
  with its capture probabilities and sticks integrated out (exact, tested
  against brute force; off by default: on Western US it lets chains reach a
  two-class state, chain medians near 1,970, that LCMCR's sweep rarely visits
  after its burn-in, so the posterior there is multimodal and not settled);

- several seeded chains (default 4) run in parallel (numba releases the GIL, so
  ``workers`` threads use that many cores); the result carries rank-normalised
  split R-hat, bulk effective sample size and per-chain medians, and warns
  when chains disagree or R-hat > 1.05 instead of reporting one chain;
- the bound on N is an argument (``n_max``, default 100 × observed), reported
  with the share of draws near it; LCMCR caps N at 21 × observed silently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uncounted.errors import ConfigError
from uncounted.estimate.population import lcmcr_hmc as hmc
from uncounted.estimate.population import lcmcr_kernel as kernel
from uncounted.estimate.population.mcmc import ess_bulk, split_rhat
from uncounted.estimate.population.posterior import histogram_from_draws
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int], None]

DEFAULT_BOUND_MULTIPLE = 100
RHAT_WARNING = 1.05
MEDIAN_SPREAD_WARNING = 0.10
MIN_ESS = 400.0
NEAR_BOUND = 0.95
BOUND_MASS_WARNING = 0.01
CHUNK = 20_000
LCMCR_WARM_UP = 500
LCMCR_WARM_ALPHA = 0.3
STARTS = ("lcmcr", "random")


@dataclass(frozen=True)
class LcmcrSettings:
    """Sampler settings: classes, chains, sweeps (``burn_in`` discarded, then
    ``iterations`` of which every ``thin``-th is kept), priors, bound and seed."""

    K: int = 10
    chains: int = 4
    iterations: int = 200_000
    burn_in: int = 20_000
    thin: int = 20
    a: float = 0.25
    b: float = 0.25
    n_max: int | None = None
    seed: int | None = None
    workers: int = 2
    collapse_alpha: bool = True
    missing_move: bool = False
    scale_move: bool = False
    flow_move: bool = False
    hmc_move: bool = False
    hmc_steps: int = 20
    start: str = "lcmcr"

    def check(self) -> None:
        for name in ("K", "chains", "iterations", "thin", "workers", "hmc_steps"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1", field=name)
        if self.K < 2:
            raise ConfigError("K must be at least 2 latent classes", field="K")
        if self.burn_in < 0:
            raise ConfigError("burn_in cannot be negative", field="burn_in")
        if not (self.a > 0 and self.b > 0):
            raise ConfigError("the Gamma prior needs a > 0 and b > 0", field="a")
        if self.start not in STARTS:
            raise ConfigError(f"start must be one of {', '.join(STARTS)}", field="start")


@dataclass(frozen=True)
class LcmcrDraws:
    """Posterior draws of N, shaped (chains, kept draws), with timing and the bound used."""

    draws: FloatArray
    seconds: float
    sweeps_per_chain: int
    n_max: int
    bound_hits: tuple[int, ...]
    hmc: tuple[tuple[float, float], ...] = ()  # per chain: step size, acceptance after burn-in


def _design(table: CaptureTable) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
    """Observed patterns and their counts, contiguous for the kernel."""
    return np.ascontiguousarray(table.patterns), table.counts.astype(np.int64)


def _start(table: CaptureTable, s: LcmcrSettings) -> FloatArray:
    """Capture probabilities every class starts at: the lists' marginal frequencies
    (LCMCR), or none (uniform at random)."""
    if s.start == "random":
        return np.zeros(0)
    return np.asarray(table.patterns.T @ table.counts / table.n_observed, dtype=np.float64)


def _run_one(
    table: CaptureTable, s: LcmcrSettings, seed: int, cap: int, progress: Progress | None
) -> tuple[FloatArray, int, tuple[float, float]]:
    """One chain, in chunks of sweeps so progress can be reported; runs in a worker thread."""
    x, counts = _design(table)
    lam, log_pi, state = np.empty((s.K, table.n_lists)), np.empty(s.K), np.zeros(3)
    missing = np.zeros(s.K, dtype=np.int64)
    kernel.seed_thread(seed)
    kernel.initialise(lam, log_pi, missing, state, table.n_observed, cap, _start(table, s))
    alpha_move = kernel.ALPHA_COLLAPSED if s.collapse_alpha else kernel.ALPHA_GIBBS
    capture = (
        kernel.SCALE_MOVE * s.scale_move
        + kernel.FLOW_MOVE * s.flow_move
        + kernel.HMC_MOVE * s.hmc_move
    )
    moves = np.array([alpha_move, int(s.missing_move), 1, capture], dtype=np.int64)
    none = np.zeros(0)
    tune = hmc.new_tune(s.hmc_steps)

    def sweep(step: int, out: FloatArray, moves: npt.NDArray[np.int64] = moves) -> None:
        kernel.run_chain(
            x, counts, lam, log_pi, missing, state, s.a, s.b, step, s.thin, cap, moves, out, tune
        )

    tune[hmc.ADAPT] = 1.0  # the HMC step size is tuned in warm-up and burn-in only
    if s.start == "lcmcr":  # LCMCR's warm-up: alpha held at 0.3 / K
        state[0] = LCMCR_WARM_ALPHA / s.K
        warm = [kernel.ALPHA_FIXED, 0, 1, kernel.HMC_MOVE * s.hmc_move]
        sweep(LCMCR_WARM_UP, none, np.array(warm, dtype=np.int64))
    out = np.zeros(s.iterations // s.thin)
    chunk = max(s.thin, CHUNK - CHUNK % s.thin)
    for begin in range(0, s.burn_in, chunk):
        sweep(min(chunk, s.burn_in - begin), none)
        if progress is not None:
            progress(min(chunk, s.burn_in - begin))
    hmc.freeze(tune)
    tune[hmc.ACCEPTED] = tune[hmc.TRIED] = 0.0
    for begin in range(0, s.iterations, chunk):
        step = min(chunk, s.iterations - begin)
        sweep(step, out[begin // s.thin : (begin + step) // s.thin])
        if progress is not None:
            progress(step)
    return out, int(state[2]), hmc.summary(tune)


def sample_lcmcr(
    table: CaptureTable, settings: LcmcrSettings, progress: Progress | None = None
) -> LcmcrDraws:
    """Run ``settings.chains`` seeded chains over ``settings.workers`` threads."""
    settings.check()
    n_max = settings.n_max or DEFAULT_BOUND_MULTIPLE * table.n_observed
    if n_max < table.n_observed:
        raise ConfigError("n_max cannot be below the number observed", field="n_max")
    seeds = np.random.SeedSequence(settings.seed).generate_state(settings.chains)
    cap = n_max - table.n_observed
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        results = list(
            pool.map(lambda sd: _run_one(table, settings, int(sd), cap, progress), seeds)
        )
    seconds = time.perf_counter() - began
    return LcmcrDraws(
        draws=np.array([r[0] for r in results]),
        seconds=seconds,
        sweeps_per_chain=settings.burn_in + settings.iterations,
        n_max=n_max,
        bound_hits=tuple(r[1] for r in results),
        hmc=tuple(r[2] for r in results) if settings.hmc_move else (),
    )


def _warnings(
    rhat: float, ess: float, medians: FloatArray, median: float, near: float
) -> list[str]:
    out = []
    spread = (float(medians.max()) - float(medians.min())) / median
    if rhat > RHAT_WARNING or spread > MEDIAN_SPREAD_WARNING:
        chain_medians = ", ".join(f"{m:,.0f}" for m in medians)
        out.append(
            f"chains disagree (R-hat {rhat:.3f}; chain medians {chain_medians}): "
            "the latent-class posterior has not converged; do not report one number"
        )
    if ess < MIN_ESS:
        out.append(f"only {ess:.0f} effective samples of N: run more iterations")
    if near > BOUND_MASS_WARNING:
        out.append(f"{near:.1%} of the draws are near the bound n_max: raise n_max")
    return out


def summarise_draws(
    table: CaptureTable, s: LcmcrSettings, result: LcmcrDraws, level: float = 0.95
) -> PopulationEstimate:
    """Median, equal-tailed interval and diagnostics of pooled chains."""
    pooled = result.draws.ravel()
    tail = (1.0 - level) / 2.0
    median = float(np.median(pooled))
    medians = np.median(result.draws, axis=1)
    rhat = split_rhat(result.draws) if result.draws.shape[1] >= 4 else float("nan")
    ess = ess_bulk(result.draws) if result.draws.shape[1] >= 4 else 0.0
    near = float(np.mean(pooled >= NEAR_BOUND * result.n_max))
    sweeps = s.chains * result.sweeps_per_chain
    details = {
        "K": s.K,
        "a": s.a,
        "b": s.b,
        "chains": s.chains,
        "iterations": s.iterations,
        "burn_in": s.burn_in,
        "thin": s.thin,
        "seed": s.seed,
        "hmc_move": s.hmc_move,
        "posterior_mean": float(pooled.mean()),
        "chain_medians": [float(m) for m in medians],
        "rhat": rhat,
        "ess": ess,
        "seconds": result.seconds,
        "ess_per_second": ess / result.seconds,
        "microseconds_per_sweep": 1e6 * result.seconds * min(s.workers, s.chains) / sweeps,
        "n_max": result.n_max,
        "mass_near_n_max": near,
        "bound_hits": list(result.bound_hits),
        "hmc_step_acceptance": [list(h) for h in result.hmc],
        "posterior_histogram": histogram_from_draws(result.draws),
    }
    low, high = np.quantile(pooled, [tail, 1.0 - tail])
    return PopulationEstimate(
        method="lcmcr",
        n_observed=table.n_observed,
        estimate=median,
        interval=(float(low), float(high)),
        level=level,
        details=details,
        warnings=tuple(_warnings(rhat, ess, medians, median, near)),
    )


def estimate_lcmcr(
    table: CaptureTable,
    *,
    K: int = 10,
    chains: int = 4,
    iterations: int = 200_000,
    burn_in: int = 20_000,
    thin: int = 20,
    a: float = 0.25,
    b: float = 0.25,
    n_max: int | None = None,
    seed: int | None = None,
    workers: int = 2,
    level: float = 0.95,
    progress: Progress | None = None,
    hmc_move: bool = False,
) -> PopulationEstimate:
    """Posterior median and interval of N from ``chains`` latent-class Gibbs chains.

    ``progress``, if given, is called (from worker threads) with the number of
    sweeps just completed; the total is ``chains * (burn_in + iterations)``.
    ``hmc_move`` adds the HMC move of the capture probabilities and weights
    (module docstring: far faster mixing of N, off by default).
    """
    settings = LcmcrSettings(
        K, chains, iterations, burn_in, thin, a, b, n_max, seed, workers, hmc_move=hmc_move
    )
    return summarise_draws(table, settings, sample_lcmcr(table, settings, progress), level)
