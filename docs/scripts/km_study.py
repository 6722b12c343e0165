"""Study: is the Kaplan–Meier median's error noise or bias; from what sample size is it within 10%?

Run from the repository root (about 4 minutes on one loaded core):
    PYTHONPATH=src python docs/scripts/km_study.py
It writes docs/findings-study-km.md. Three checks, all against the simulator's truth:

1. per world, the relative error of the KM median of the documented victims, beside
   the error of a simple random sample of the same size from all victims (the noise
   a perfect, unselected sample would have) — by world size;
2. selection: documented and undocumented victims' delays pooled over worlds and
   compared (two-sample Kolmogorov–Smirnov; difference of medians);
3. the noise floor: for n victims drawn at random from the pooled true delays, the
   share of samples whose median is within 10% of the true median, to find the n at
   which "within 10%" holds in 90% and 95% of samples.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from uncounted.analyse.pathways import time_to_exploitation
from uncounted.analyse.truth import km_check
from uncounted.simulate import simulate_world

DOCS = Path(__file__).resolve().parent.parent
PLAN = ((2_000, 40), (3_000, 40), (6_000, 30), (12_000, 20), (24_000, 10))
FLOOR_SIZES = (250, 500, 750, 1_000, 1_250, 1_500, 2_000, 3_000)
FLOOR_SAMPLES = 4_000
BAND_LABELS = ["1–30", "31–90", "91–180", "181–365", "over 365"]


def cutoff_of(world_end: int) -> str:
    return f"{world_end - 3}-12-31"


def one_world(
    seed: int, size: int, rng: np.random.Generator
) -> tuple[dict[str, float], pd.DataFrame]:
    world = simulate_world("default", seed=seed, size=size)
    cutoff = cutoff_of(int(world.scenario["end_year"]))
    check = km_check(world, cutoff)
    persons = world.persons[world.persons["trafficked"].astype(int) == 1]
    crossing = pd.to_datetime(persons["crossing_date"])
    at_risk = persons[crossing <= pd.Timestamp(cutoff)]
    documented = at_risk["person_id"].isin(world.membership["person_id"])
    sample = at_risk.iloc[rng.choice(len(at_risk), int(documented.sum()), replace=False)]
    random_km = time_to_exploitation(sample, cutoff).median_days
    delays = (
        pd.to_datetime(at_risk["first_exploitation_date"])
        - pd.to_datetime(at_risk["crossing_date"])
    ).dt.days
    row = {
        "size": size,
        "seed": seed,
        "documented": float(documented.sum()),
        "error": check["relative_error"],
        "random_error": random_km / check["true_median_days"] - 1,
        "censored": check["censored"],
    }
    year = crossing[crossing <= pd.Timestamp(cutoff)].dt.year.to_numpy()
    frame = {"days": delays.to_numpy(), "documented": documented.to_numpy(), "year": year}
    return row, pd.DataFrame(frame)


def floor_curve(days: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Share of random samples of n whose median is within 10% of the true median."""
    truth = float(np.median(days))
    rows = []
    for n in FLOOR_SIZES:
        draws = days[rng.integers(0, len(days), (FLOOR_SAMPLES, n))]
        error = np.median(draws, axis=1) / truth - 1
        rows.append({"n": n, "within": float(np.mean(np.abs(error) <= 0.10)), "sd": error.std()})
    return pd.DataFrame(rows)


def per_size(rows: pd.DataFrame) -> str:
    lines = [
        "| women crossing | worlds | documented (mean) | mean error (± s.e.) | "
        "5–95% of errors | within 10% | random sample: mean error | random: within 10% |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, group in rows.groupby("size"):
        e, r = group["error"], group["random_error"]
        se = e.std() / np.sqrt(len(e))
        lo, hi = np.quantile(e, [0.05, 0.95])
        lines.append(
            f"| {size:,} | {len(group)} | {group['documented'].mean():,.0f} | "
            f"{e.mean():+.1%} ± {se:.1%} | {lo:+.1%} to {hi:+.1%} | "
            f"{np.mean(e.abs() <= 0.10):.0%} | {r.mean():+.1%} | {np.mean(r.abs() <= 0.10):.0%} |"
        )
    return "\n".join(lines)


def selection(rows: pd.DataFrame, pooled: pd.DataFrame) -> dict[str, float]:
    """Documented against undocumented delays, and documented against random errors."""
    doc = pooled.loc[pooled["documented"], "days"]
    undoc = pooled.loc[~pooled["documented"], "days"]
    ks = stats.ks_2samp(doc, undoc)
    gap = rows["error"] - rows["random_error"]
    return {
        "documented": float(len(doc)),
        "undocumented": float(len(undoc)),
        "doc_median": float(np.median(doc)),
        "undoc_median": float(np.median(undoc)),
        "ks_d": float(ks.statistic),
        "ks_p": float(ks.pvalue),
        "gap": float(gap.mean()),
        "gap_se": float(gap.std() / np.sqrt(len(gap))),
        "error": float(rows["error"].mean()),
        "error_se": float(rows["error"].std() / np.sqrt(len(rows))),
    }


def by_time(pooled: pd.DataFrame) -> str:
    """Documented against undocumented median delay by crossing years; P(documented) by delay."""
    periods = pd.cut(pooled["year"], [0, 2013, 2017, 2100], labels=["–2013", "2014–17", "2018–"])
    medians = pooled.groupby([periods, "documented"], observed=True)["days"].median().unstack()
    bands = pd.cut(pooled["days"], [0, 30, 90, 180, 365, 10_000], labels=BAND_LABELS)
    rate = pooled.groupby(bands, observed=True)["documented"].mean()
    lines = ["| crossed | median delay, documented | undocumented |", "|---|---|---|"]
    lines += [f"| {i} | {r[True]:.0f} d | {r[False]:.0f} d |" for i, r in medians.iterrows()]
    lines += ["", "| delay (days) | share documented |", "|---|---|"]
    lines += [f"| {i} | {v:.1%} |" for i, v in rate.items()]
    return "\n".join(lines)


def report(rows: pd.DataFrame, pooled: pd.DataFrame, floor: pd.DataFrame, seconds: float) -> str:
    sel = selection(rows, pooled)
    median_gap = sel["doc_median"] / sel["undoc_median"] - 1
    n90 = floor.loc[floor["within"].round(2) >= 0.90, "n"].min()
    n95 = floor.loc[floor["within"].round(2) >= 0.95, "n"].min()
    small, study = rows.loc[rows["size"] == 3_000], rows.loc[rows["size"] == 12_000]
    curve = "\n".join(
        f"| {int(r['n']):,} | {r['sd']:.1%} | {r['within']:.0%} |" for _, r in floor.iterrows()
    )
    return f"""# Kaplan–Meier median time to exploitation: noise or bias?

*Generated by `docs/scripts/km_study.py` ({len(rows)} worlds of the default scenario;
run time {seconds / 60:.1f} min on a shared, loaded machine). Time from crossing to
first exploitation; Kaplan–Meier (lifelines) over documented victims who crossed by
31 Dec of the third-last scenario year, censored there if not yet exploited; the truth
is the median over all victims who crossed by then.*

## Per world, by size

{per_size(rows)}

"Random sample" is a simple random sample of the same number of victims from the whole
world, run through the same estimator: the error a perfect, unselected sample would have.
Over all {len(rows)} worlds the documented error averages {sel["error"]:+.1%}
± {sel["error_se"]:.1%} (s.e.), and differs from the random sample's by
{sel["gap"]:+.1%} ± {sel["gap_se"]:.1%}.

## Selection: are documented victims' delays different?

Pooled over the {len(rows)} worlds: {sel["documented"]:,.0f} documented and
{sel["undocumented"]:,.0f} undocumented victims. Median delay {sel["doc_median"]:.0f} vs
{sel["undoc_median"]:.0f} days (documented ÷ undocumented − 1 = {median_gap:+.1%});
two-sample Kolmogorov–Smirnov D = {sel["ks_d"]:.3f} (p = {sel["ks_p"]:.1g}).

{by_time(pooled)}

## Noise floor: a random sample of n

| n | s.d. of the median's relative error | median within 10% |
|---|---|---|
{curve}

({FLOOR_SAMPLES:,} samples of each n from the pooled true delays.)

## Conclusion

The error is **mostly noise, with a small selection bias**. Per world, documented
victims' errors have about the centre and spread of simple random samples of the same
size. Pooled over half a million victims, documented victims' delays are a little
shorter (median {sel["doc_median"]:.0f} vs {sel["undoc_median"]:.0f} days,
D = {sel["ks_d"]:.3f}), and more so for recent crossings (table above): documentation
takes time after the event (the shelter, rescue and arrival lists record a victim only
after she leaves exploitation), so a victim exploited later has slightly less chance to
be recorded by the end of observation. This is a bias of a percent or two on the
median: invisible beside the noise at a few hundred documented victims, visible only
in the largest worlds, and small against the 10% target.

What was not done, and why: documentation always comes after the event, so it is not
a delayed entry into the risk set (lifelines' `entry=` does not apply); the analysis
date three years before the end already removes most of the right truncation (few
censored). Reweighting by the chance of being documented would need that chance as a
function of the delay, which only a capture–recapture estimate per delay band could
give — with an error of 10–25% per band (docs/findings-study-population.md), far
more than the few-percent difference it would correct.

The delay is very skewed (Gamma, shape 0.6: median about two months), so the median
of a sample is noisy: its relative standard error is about 2 ÷ √n (table above).
**Within 10% holds in 90% of worlds from about {n90:,} documented victims and in 95%
from about {n95:,}** (noise floor above; the selection bias adds a percent or two).
At 3,000 women crossing (~{small["documented"].mean():,.0f} documented victims) it holds
in {np.mean(small["error"].abs() <= 0.10):.0%} of worlds; at 12,000, the size of the
findings study ([findings-study.md](findings-study.md)), ~{study["documented"].mean():,.0f}
documented, in {np.mean(study["error"].abs() <= 0.10):.0%}. The Kaplan–Meier interval for
the median, reported with it, shows that width.
"""


def main() -> None:
    rng = np.random.default_rng(2024)
    began = time.perf_counter()
    rows, pooled = [], []
    for size, worlds in PLAN:
        for seed in range(1, worlds + 1):
            row, delays = one_world(seed, size, rng)
            rows.append(row)
            pooled.append(delays)
    frame, days = pd.DataFrame(rows), pd.concat(pooled, ignore_index=True)
    floor = floor_curve(days["days"].to_numpy(dtype=float), rng)
    seconds = time.perf_counter() - began
    (DOCS / "findings-study-km.md").write_text(
        report(frame, days, floor, seconds), encoding="utf-8"
    )
    print(frame.groupby("size")[["documented", "error", "random_error"]].describe().T.to_string())


if __name__ == "__main__":
    main()
