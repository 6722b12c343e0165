"""Study: where the profit interval's coverage goes when the population is estimated.

Run from the repository root (about 4 minutes for 60 worlds on one loaded core):
    PYTHONPATH=src python docs/scripts/population_profit_study.py [WORLDS] [SIZE]
It writes docs/findings-study-population.md. For each seeded world of the default
scenario it estimates the number of victims N from the true capture histories with
each estimator (the demo's settings), then the annual profit of the reference year
with N from each source, and compares both with the world's truth. The test
tests/analyse/test_population_profit_truth.py runs the same functions on fewer worlds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from uncounted.analyse.truth import population_sources, profit_check, true_victims
from uncounted.simulate import simulate_world

DOCS = Path(__file__).resolve().parent.parent
YEAR = 2018
DRAWS, REPLICATES = 4_000, 300


def one_world(seed: int, size: int) -> list[dict[str, object]]:
    """One row per population source: N and the profit beside the truth."""
    world = simulate_world("default", seed=seed, size=size)
    victims = true_victims(world)
    rows = []
    for source in population_sources(world, seed=seed):
        check = profit_check(
            world, year=YEAR, population=source.prior, draws=DRAWS, replicates=REPLICATES, seed=seed
        )
        low, high = check["interval_90"]
        rows.append(
            {
                "seed": seed,
                "source": source.name,
                "victims": victims,
                "documented": source.observed,
                "n_estimate": source.estimate,
                "n_covered": source.low <= victims <= source.high,
                "n_below": source.high < victims,
                "warned": source.warned,
                "profit_ratio": check["median_cny"] / check["truth_cny"],
                "profit_covered": check["covered_90"],
                "profit_width": (high - low) / check["truth_cny"],
            }
        )
    return rows


def summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per source: bias and coverage of N (95%), coverage of the profit (90%)."""
    rows = rows.assign(n_error=rows["n_estimate"] / rows["victims"] - 1)
    group = rows.groupby("source", sort=False)
    agg: dict[str, tuple[str, str | Callable[[pd.Series], float]]] = {
        "worlds": ("seed", "count"),
        "n_mean_error": ("n_error", "mean"),
        "n_error_sd": ("n_error", "std"),
        "n_coverage": ("n_covered", "mean"),
        "n_interval_below_truth": ("n_below", "mean"),
        "warned": ("warned", "mean"),
        "profit_median_ratio": ("profit_ratio", "median"),
        "profit_coverage": ("profit_covered", "mean"),
        "profit_width": ("profit_width", "median"),
    }
    return group.agg(**agg)


def report(table: pd.DataFrame, rows: pd.DataFrame, worlds: int, size: int, seconds: float) -> str:
    lines = [
        "| population source | N̂ ÷ N − 1 (mean ± sd) | N inside its 95% interval | "
        "interval wholly below N | estimator warned | profit median ÷ truth | "
        "true profit inside the 90% interval | 90% width ÷ truth |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in table.iterrows():
        n_part = (
            "— | — | — | —"
            if name in ("given", "lcmcr_recentred")
            else f"{r['n_mean_error']:+.1%} ± {r['n_error_sd']:.1%} | {r['n_coverage']:.0%} | "
            f"{r['n_interval_below_truth']:.0%} | {r['warned']:.0%}"
        )
        lines.append(
            f"| {LABELS[str(name)]} | {n_part} | {r['profit_median_ratio']:.2f} | "
            f"**{r['profit_coverage']:.0%}** | {r['profit_width']:.2f} |"
        )
    binomial = 1.96 * np.sqrt(0.85 * 0.15 / worlds)
    blind = table.drop(index=["given", "lcmcr_recentred", "catchment"])

    def cov(name: str) -> str:
        return f"{table.loc[name, 'profit_coverage']:.0%}"

    def share(name: str, column: str) -> str:
        return f"{table.loc[name, column]:.0%}"

    low_bias = f"{blind['n_mean_error'].min():+.0%}"
    high_bias = f"{blind['n_mean_error'].max():+.0%}"
    below_low = f"{blind['n_interval_below_truth'].min():.0%}"
    below_high = f"{blind['n_interval_below_truth'].max():.0%}"
    best = f"{blind['profit_coverage'].max():.0%}"
    catchment = table.loc["catchment"]
    against_default = paired_note(rows, "catchment", "lcmcr")
    against_best = paired_note(rows, "catchment", str(blind["profit_coverage"].idxmax()))
    verdict = (
        "meets the 85% target on these worlds"
        if catchment["profit_coverage"] >= 0.85
        else "comes closer to, but does not reach, the 85% target"
    )
    hits = int(rows.loc[rows["source"] == "catchment", "profit_covered"].sum())
    ci = stats.binomtest(hits, worlds).proportion_ci(0.95)
    return f"""# Profit coverage with an estimated population

*Generated by `docs/scripts/population_profit_study.py {worlds} {size}`: {worlds} worlds
of the default scenario (seeds 1–{worlds}), {size:,} women crossing each; on average
{rows["victims"].mean():,.0f} victims and {rows["documented"].mean():,.0f} documented.
Profit of {YEAR} in CNY, {DRAWS:,} Monte Carlo draws, {REPLICATES} bootstrap replicates
over documented victims. Run time {seconds / 60:.1f} min on a shared, loaded machine.*

The profit model scales per-victim amounts measured on documented victims by the
number of victims N. Here N comes from each source in turn; the population
estimators run on the world's true capture histories (perfect linkage) with the
demo's settings. Every row comes from the same worlds. With {worlds} worlds a
coverage of 85% is measured to about ±{binomial:.0%} (95%).

{chr(10).join(lines)}

## What it shows

- **The profit model is honest when N is right.** With N given the true profit falls
  inside the 90% interval in {cov("given")} of worlds; with the latent-class posterior
  shifted so that its median is the true N (same spread) in {cov("lcmcr_recentred")}
  (above nominal: the posterior of N is wide).
- **The shortfall is the population estimate's bias, not the other components.**
  Every estimator that reads the lists as if each could see everyone underestimates
  the number of victims (mean N̂ ÷ N − 1 from {low_bias} to {high_bias}), and its 95%
  interval lies wholly below the true N in {below_low} to {below_high} of worlds. The
  profit estimate inherits that ratio one for one (profit median ÷ truth ≈ N̂ ÷ N).
- **Carrying N's own uncertainty into the Monte Carlo** widens the profit interval
  (relative to its median) but cannot repair a biased centre: drawing N from the
  LCMCR posterior or from a lognormal fitted to its interval gives much the same coverage
  ({cov("lcmcr")} and {cov("lcmcr_lognormal")}); none of these estimators reaches
  85% ({best} at best).
- **Using what the lists' scopes say about whom they can see removes about half of the
  bias.** The catchment log-linear model (`uncounted.estimate.population.catchment`)
  knows only list metadata: the shelter, rescue and arrival lists record only women who
  left exploitation. It estimates N with a mean error of
  {catchment["n_mean_error"]:+.1%} ± {catchment["n_error_sd"]:.1%}; its 95% interval holds
  the true N in {share("catchment", "n_coverage")} of worlds and lies wholly below it in
  {share("catchment", "n_interval_below_truth")} (below the nominal 95%: the remaining bias).
  The profit's 90% interval then covers the truth in {cov("catchment")} of worlds
  ({hits} of {worlds}; 95% interval {ci.low:.0%}–{ci.high:.0%}): it {verdict},
  with a centre still about {-catchment["profit_median_ratio"] + 1:.0%} low.
  {against_default} {against_best}

Why the estimators fall short in this simulator: its lists see different parts of the
population (the shelter list only victims who escaped or were rescued, the rescue list
only the rescued, the arrival list only those who reached South Korea, the research
list only 2016–19), capture rates are low (2–10% a list), and one latent
"reachability" shared by all lists adds positive dependence; about a third of the
victims (those who neither escape nor are rescued) are visible to two lists only.
An ordinary model reads the three exit lists' silence about that third as chance.
The catchment model (Zwane, van der Pal & van der Heijden 2004) splits the population
into the women outside every scope (seen by the NGO and research lists only) and those
who left (seen by all five), with each list's capture probability shared by the classes
it can see; only the lists' documented scopes enter, never a person's unobserved
exit. What it leaves is the latent reachability, heterogeneity that no capture
history or recorded covariate reveals; the years a list operated are not modelled as
scopes (a variant that did was no better in a check on 12 worlds).

## The choice made

On these figures the catchment model became the demo's population head
(`uncounted demo --population-head catchment`, the default; `--population-head lcmcr`
keeps the latent-class model) and the profit stage draws N from it (a lognormal fitted
to its interval: `uncounted.estimate.profits.documented.population_prior`), so the
report's profit interval carries N's stated uncertainty and uses the same N as the
population section. `uncounted estimate profits --from-simulation DIR` does the same
with the scopes the simulation folder records (`list_scopes.json`; `--scope` states
them for a vault) and keeps Chao's bias-corrected lower bound when no scopes are known.
The profit interval is conditional on the population estimate: read it as "given N̂",
with the population section's caveats. [findings-study.md](findings-study.md) measures
every check with the catchment model's N on larger worlds, and how they move with size.

Sources: given — the world's true number of victims, fixed; lognormal — fitted to
the estimator's 95% interval; posterior — the estimator's posterior histogram of N
(LCMCR: 2 chains × 20,000 sweeps after 5,000 burn-in, as the demo; dga: grid
posterior); catchment — independence within catchments, scopes from the scenario's
list metadata (`Scenario.list_scopes`), Wald interval on the log of the number missing;
recentred — the LCMCR posterior multiplied by N ÷ its median (a
diagnostic, not an estimator). "Estimator warned": share of worlds in which the
estimator attached a warning (for LCMCR: chains disagree, too few effective samples,
or mass near the bound).
"""


def paired_note(rows: pd.DataFrame, best: str, default: str) -> str:
    """The best estimator against the default, world by world (exact sign test)."""
    if best == default:
        return "The default covers best of the estimators here."
    wide = rows.pivot(index="seed", columns="source", values="profit_covered").astype(bool)
    only_best = int((wide[best] & ~wide[default]).sum())
    only_default = int((wide[default] & ~wide[best]).sum())
    pairs = only_best + only_default
    p = stats.binomtest(only_best, pairs).pvalue if pairs else 1.0
    shown = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return (
        f"World by world, {SHORT[best]} covers in {only_best} worlds where {SHORT[default]} "
        f"does not, and {SHORT[default]} in {only_default} where {SHORT[best]} does not "
        f"(exact sign test {shown})."
    )


SHORT = {
    "chao": "Chao's bound",
    "stepwise": "the stepwise log-linear model",
    "lcmcr_lognormal": "LCMCR (lognormal)",
    "lcmcr": "LCMCR (posterior)",
    "dga": "dga",
    "catchment": "the catchment model",
}
LABELS = {
    "given": "N given (the world's true number)",
    "chao": "Chao's bias-corrected lower bound (lognormal)",
    "stepwise": "log-linear, SparseMSE stepwise (lognormal, profile interval)",
    "lcmcr_lognormal": "LCMCR latent classes (lognormal)",
    "lcmcr": "LCMCR latent classes (posterior draws) — the demo's earlier head",
    "dga": "dga, decomposable graphs (posterior)",
    "catchment": "catchment log-linear, lists' documented scopes (lognormal) — the demo's head",
    "lcmcr_recentred": "diagnostic: LCMCR posterior recentred on the true N",
}


def main() -> None:
    worlds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000
    began = time.perf_counter()
    rows = pd.DataFrame([r for seed in range(1, worlds + 1) for r in one_world(seed, size)])
    seconds = time.perf_counter() - began
    table = summary(rows)
    text = report(table, rows, worlds, size, seconds)
    (DOCS / "findings-study-population.md").write_text(text, encoding="utf-8")
    print(table.to_string())


if __name__ == "__main__":
    main()
