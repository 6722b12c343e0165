"""Study: findings from documented cases against simulated truth, over many worlds.

Run from the repository root (about 15 minutes on a shared, loaded 2-core machine):
    PYTHONPATH=src python docs/scripts/findings_study.py [WORLDS] [SIZE] [OTHER_SIZE ...]
Defaults: 60 worlds (seeds 1-60) of 12,000 women crossing for the checks, then the same
checks on the same seeds at 3,000, 6,000 and 24,000 women for the size table. It writes
docs/findings-study.md and docs/figures/findings-profit-coverage.svg. The test suite runs
the same checks on 50 small worlds (tests/analyse/test_findings_truth.py).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from uncounted.analyse.charts import interval_svg
from uncounted.analyse.truth import (
    broker_check,
    km_check,
    population_sources,
    profit_check,
    shares_check,
    true_victims,
)
from uncounted.simulate import simulate_world

DOCS = Path(__file__).resolve().parent.parent
YEAR = 2018
DRAWS = 20_000
WORLDS, SIZE, OTHER_SIZES = 60, 12_000, (3_000, 6_000, 24_000)


def one_world(seed: int, size: int) -> dict[str, object]:
    """Every check on one world: profit with N given and with the demo's N, shares, KM, brokers."""
    world = simulate_world("default", seed=seed, size=size)
    victims = true_victims(world)
    known = profit_check(world, year=YEAR, population=victims, draws=DRAWS, seed=seed)
    (head,) = population_sources(world, seed=seed, names=("catchment",))
    demo = profit_check(world, year=YEAR, population=head.prior, draws=DRAWS, seed=seed)
    shares = shares_check(world, seed=seed)
    return {
        "seed": seed,
        "size": size,
        "documented": int(world.membership["person_id"].nunique()),
        "victims": victims,
        "profit_truth": demo["truth_cny"],
        "profit_known": known["median_cny"],
        "covered_known": known["covered_90"],
        "profit_demo": demo["median_cny"],
        "profit_demo_low": demo["interval_90"][0],
        "profit_demo_high": demo["interval_90"][1],
        "covered_demo": demo["covered_90"],
        "n_ratio": head.estimate / victims,
        "n_covered": head.low <= victims <= head.high,
        "shares_covered": int(shares["covered"].sum()),
        "shares_cells": len(shares),
        **{f"km_{k}": v for k, v in km_check(world).items()},
        "broker_overlap": broker_check(world)["overlap"],
    }


def run(worlds: int, size: int) -> pd.DataFrame:
    began = time.perf_counter()
    rows = pd.DataFrame([one_world(seed, size) for seed in range(1, worlds + 1)])
    print(f"{size:,} women: {time.perf_counter() - began:.0f} s", flush=True)
    return rows


def main() -> None:
    worlds = int(sys.argv[1]) if len(sys.argv) > 1 else WORLDS
    size = int(sys.argv[2]) if len(sys.argv) > 2 else SIZE
    others = tuple(int(a) for a in sys.argv[3:]) or OTHER_SIZES
    began, load = time.perf_counter(), os.getloadavg()[1]
    rows = run(worlds, size)
    by_size = pd.concat([rows, *(run(worlds, s) for s in others if s != size)])
    minutes = (time.perf_counter() - began) / 60
    load = (load + os.getloadavg()[1]) / 2
    (DOCS / "figures").mkdir(exist_ok=True)
    (DOCS / "figures" / "findings-profit-coverage.svg").write_text(figure(rows), encoding="utf-8")
    text = report(rows, by_size, sys.argv[1:], minutes, load)
    (DOCS / "findings-study.md").write_text(text, encoding="utf-8")


def figure(rows: pd.DataFrame) -> str:
    first = rows.head(25)
    truth = first["profit_truth"]
    return interval_svg(
        [str(s) for s in first["seed"]],
        list(first["profit_demo"] / truth),
        list(first["profit_demo_low"] / truth),
        list(first["profit_demo_high"] / truth),
        "estimate ÷ true annual profit (1 = truth), 90% interval, N from the catchment model",
    )


def checks(rows: pd.DataFrame) -> dict[str, float]:
    """The figures each target is judged on, for one size."""
    km = rows["km_relative_error"]
    return {
        "women": float(rows["size"].iloc[0]),
        "victims": float(rows["victims"].mean()),
        "documented": float(rows["documented"].mean()),
        "profit_demo": float(rows["covered_demo"].mean()),
        "profit_known": float(rows["covered_known"].mean()),
        "n_error": float(rows["n_ratio"].mean() - 1),
        "n_covered": float(rows["n_covered"].mean()),
        "shares": float(rows["shares_covered"].sum() / rows["shares_cells"].sum()),
        "km_within": float(np.mean(km.abs() <= 0.10)),
        "km_error": float(km.mean()),
        "brokers_median": float(rows["broker_overlap"].median()),
        "brokers_7": float(np.mean(rows["broker_overlap"] >= 7)),
    }


TARGETS = {  # what "met" means here, per world over the study's worlds
    "profit_demo": 0.85,
    "shares": 0.90,
    "km_within": 0.90,  # the issue names no rate: read like the other checks
    "brokers_7": 0.90,
}


def met(figures: dict[str, float]) -> dict[str, bool]:
    return {name: figures[name] >= level for name, level in TARGETS.items()}


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def main_table(rows: pd.DataFrame) -> str:
    f, ok = checks(rows), met(checks(rows))
    hits = int(rows["covered_demo"].sum())
    ci = stats.binomtest(hits, len(rows)).proportion_ci(0.95)
    cells = int(rows["shares_cells"].sum())
    lines = [
        "| check | target | result | |",
        "|---|---|---|---|",
        f"| true annual profit ({YEAR}) inside the 90% interval, N from the demo's own "
        f"population estimate (catchment model, drawn from its interval) | ≥ 85% of worlds | "
        f"{f['profit_demo']:.0%} ({hits} of {len(rows)}; 95% CI {ci.low:.0%}–{ci.high:.0%}) | "
        f"{verdict(ok['profit_demo'])} |",
        f"| same, N given (the world's true number: the profit model's own honesty) | "
        f"(reported) | {f['profit_known']:.0%} | |",
        "| pathway-share 95% intervals (by crossing period, capture-corrected) cover the truth "
        f"| ≥ 90% | {f['shares']:.0%} of {cells} | {verdict(ok['shares'])} |",
        "| Kaplan–Meier median time to exploitation within 10% of the true median | within "
        f"10% (read: in ≥ 90% of worlds) | {f['km_within']:.0%} of worlds; mean error "
        f"{f['km_error']:+.1%} | {verdict(ok['km_within'])} |",
        "| top-10 sellers by documented victim flow ∩ true top 10 by victims sold | ≥ 7 (read: "
        f"in ≥ 90% of worlds) | median {f['brokers_median']:.0f}; ≥ 7 in {f['brokers_7']:.0%} "
        f"of worlds | {verdict(ok['brokers_7'])} |",
    ]
    return "\n".join(lines)


def _women(f: dict[str, float], main: int) -> str:
    return f"**{f['women']:,.0f}**" if f["women"] == main else f"{f['women']:,.0f}"


def _table(by_size: pd.DataFrame, columns: list[str], row: Callable[[pd.DataFrame], str]) -> str:
    """A markdown table with one row per world size."""
    head = f"| {' | '.join(columns)} |\n|{'---|' * len(columns)}"
    return "\n".join([head, *(row(rows) for _, rows in by_size.groupby("size"))])


def size_table(by_size: pd.DataFrame, main: int) -> str:
    """The checks, one row per size (the main size in bold)."""

    def row(rows: pd.DataFrame) -> str:
        f = checks(rows)
        return (
            f"| {_women(f, main)} | {f['victims']:,.0f} | {f['documented']:,.0f} | "
            f"{f['profit_demo']:.0%} | {f['shares']:.0%} | {f['km_within']:.0%} | "
            f"{f['km_error']:+.1%} | {f['brokers_7']:.0%} | "
            f"{'yes' if all(met(f).values()) else 'no'} |"
        )

    columns = ["women crossing", "victims (mean)", "documented (mean)"]
    columns += ["profit covered (N from the demo)", "shares covered", "KM median within 10%"]
    columns += ["KM mean error", "brokers ≥ 7", "every target met"]
    return _table(by_size, columns, row)


def profit_table(by_size: pd.DataFrame, main: int) -> str:
    """Where the profit's coverage comes from, one row per size."""

    def row(rows: pd.DataFrame) -> str:
        f = checks(rows)
        truth = rows["profit_truth"]
        width = (rows["profit_demo_high"] - rows["profit_demo_low"]) / truth
        return (
            f"| {_women(f, main)} | {f['n_error']:+.1%} | {f['n_covered']:.0%} | "
            f"{np.median(rows['profit_known'] / truth):.2f} | "
            f"{np.median(rows['profit_demo'] / truth):.2f} | {width.median():.2f} | "
            f"{f['profit_known']:.0%} | {f['profit_demo']:.0%} |"
        )

    columns = ["women crossing", "N̂ ÷ N − 1 (mean)", "N inside its 95% interval"]
    columns += ["profit median ÷ truth, N given", "same, N from the demo"]
    columns += ["90% width ÷ truth, N from the demo", "profit covered, N given"]
    columns += ["same, N from the demo"]
    return _table(by_size, columns, row)


def report(
    rows: pd.DataFrame, by_size: pd.DataFrame, args: list[str], minutes: float, load: float
) -> str:
    worlds, size = len(rows), int(rows["size"].iloc[0])
    f = checks(rows)
    failed = [name for name, ok in met(f).items() if not ok]
    summary = (
        "Every target is met on these worlds."
        if not failed
        else f"Not met at this size: {', '.join(NAMES[n] for n in failed)} (see the size table)."
    )
    per = {int(n): checks(group) for n, group in by_size.groupby("size")}
    small, large = min(per), max(per)
    widths = {
        int(n): float(((g["profit_demo_high"] - g["profit_demo_low"]) / g["profit_truth"]).median())
        for n, g in by_size.groupby("size")
    }
    ratios = {
        int(n): float(np.median(g["profit_known"] / g["profit_truth"]))
        for n, g in by_size.groupby("size")
    }
    conservative = (
        "The profit's coverage is above the nominal 90% (the interval is conservative, also "
        "with\nN given). "
        if min(f["profit_demo"], f["profit_known"]) > 0.90
        else ""
    )
    ratio_known = np.median(rows["profit_known"] / rows["profit_truth"])
    ratio_demo = np.median(rows["profit_demo"] / rows["profit_truth"])
    command = " ".join(["docs/scripts/findings_study.py", *args])
    return f"""# Findings against simulated truth

*Generated by `PYTHONPATH=src python {command}`: {worlds} worlds of the default
scenario (seeds 1–{worlds}), {size:,} women crossing each; on average
{f["victims"]:,.0f} victims and {f["documented"]:,.0f} documented. The size table repeats
every check on the same seeds at other sizes. Run time {minutes:.1f} min on a shared
2-core machine (load average {load:.1f}).*

Only documented victims (on at least one list) feed the estimates; the truth is the
whole simulated population. Every row of a table comes from the same worlds.

**{summary}**

{main_table(rows)}

{conservative}Profit estimate ÷ truth: median {ratio_demo:.2f} with N from the demo's estimate,
{ratio_known:.2f} with N given. The catchment model's N̂ ÷ true N − 1: mean
{f["n_error"]:+.1%}; its 95% interval holds the true N in {f["n_covered"]:.0%} of worlds.

## The checks depend on the size of the documented sample

{size_table(by_size, size)}

The Kaplan–Meier median is the check that needs a large documented sample. The delay
from crossing to first exploitation is very skewed (median about two months), so the
median of a sample has a relative standard error of about 2 ÷ √n: with a few hundred
documented victims it misses the true median by more than 10% in a quarter of worlds or
more, although it is nearly unbiased (the mean error stays within a few percent). The
10% holds in 90% of worlds from about 1,250 documented victims and in 95% from about
2,000: see [findings-study-km.md](findings-study-km.md) for that noise floor and the
small selection bias. This study is therefore run at {size:,} women crossing
(about {f["documented"]:,.0f} documented), a sample of the size the claims need; the
report that motivates the project speaks of tens of thousands of women. A documentation
team with a few hundred cases should read its Kaplan–Meier median with its interval,
which shows that width.

{shares_note(per)}

## Why the profit interval covers although N is biased

{profit_table(by_size, size)}

The catchment model's N̂ is about {-f["n_error"]:.0%} low at {size:,} women (mean error
from {min(g["n_error"] for g in per.values()):+.1%} to
{max(g["n_error"] for g in per.values()):+.1%} across the sizes): its remaining
bias — the latent "reachability" shared by all lists, which no list metadata reveals —
does not shrink with the sample, so its own 95% interval holds the true N in fewer worlds
as the sample grows ({per[small]["n_covered"]:.0%} at {small:,} women,
{per[large]["n_covered"]:.0%} at {large:,}). The profit's 90% interval still covers the
truth, for two reasons the table shows, and neither should be relied on outside this
simulator: its width shrinks more slowly than the sample grows ({widths[small]:.2f} ×
the truth at {small:,} women, {widths[large]:.2f} at {large:,}, where sampling alone would
give {widths[small] * (small / large) ** 0.5:.2f}), because the cited priors (victim's
share, operating costs, forced-labour value) are as uncertain at any sample size; and
with N given the documented path's median runs
{ratios[size]:.2f} × the truth at {size:,} women (documented amounts and cited priors
together; not decomposed here), which offsets part of N's shortfall. With narrower priors
the same bias in N would show as undercoverage: the profit is conditional on N̂, as the
report says. [findings-study-population.md](findings-study-population.md) compares every
population estimator at 3,000 women: the latent-class model (LCMCR), the demo's earlier
head, covered the true profit in 55–57% of worlds there; it is not rerun here (about
20 s a world at {size:,} women) and stays selectable with
`uncounted demo --population-head lcmcr`.

![profit estimates against truth](figures/findings-profit-coverage.svg)

*The first 25 worlds: the profit estimate and its 90% interval with N from the catchment
model, divided by the true profit.*

Methods: profits — documented path of `uncounted.estimate.profits` (per-victim
exposure, gross revenue from testimony, telescoped sale margins in the year;
joint bootstrap over victims; cited priors for the victim's share, costs and
forced-labour value; {DRAWS:,} Monte Carlo draws); N — the demo's default population
head and the default of `uncounted estimate profits --from-simulation`: the catchment
log-linear model over the lists' documented scopes (`Scenario.list_scopes`, written to
`list_scopes.json` by the simulator), a lognormal fitted to its 95% interval, here on
the true capture histories (perfect linkage; the demo uses its linked capture table);
shares — Chao's bound per pathway within each crossing period, percentile bootstrap
(`chao_corrected_shares`); time to exploitation — Kaplan–Meier with cases not yet
exploited on 31 Dec of the third-last scenario year censored, against the median over
all victims who crossed by then; brokers — distinct victims sold per seller. "Met"
reads the per-world targets as a share of worlds: 85% for the profit (the issue's), 90%
for the shares (the issue's), and 90% for the Kaplan–Meier median and the broker overlap
(the issue gives no rate for these two).
"""


def shares_note(per: dict[int, dict[str, float]]) -> str:
    """The pathway shares' coverage across sizes, said plainly."""
    small, large = min(per), max(per)
    low, high = per[small]["shares"], per[large]["shares"]
    if high >= low - 0.02:
        return "Pathway-share coverage holds at every size."
    return (
        f"Pathway-share coverage falls as the sample grows ({low:.0%} at {small:,} women, "
        f"{high:.0%} at {large:,}): the capture-corrected shares (Chao's bound per pathway) "
        "carry a small bias that the wide intervals of a few hundred victims hide and the "
        "narrower ones of a few thousand begin to show."
    )


NAMES = {
    "profit_demo": "profit coverage with the demo's N",
    "shares": "pathway-share coverage",
    "km_within": "Kaplan–Meier median within 10%",
    "brokers_7": "broker overlap",
}


if __name__ == "__main__":
    main()
