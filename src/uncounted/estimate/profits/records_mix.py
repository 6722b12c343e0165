"""Pathway shares from documented records (counts), as the profit model's mix.

A Bayesian bootstrap of categorical records is a Dirichlet with the counts (plus
a half for Jeffreys): each pathway's weight is Gamma(count + ½), normalised inside
the model, so the mix's uncertainty shrinks as records accumulate. Records whose
pathway is unknown are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from uncounted.errors import InputError
from uncounted.estimate.profits.model import PATHWAYS
from uncounted.estimate.profits.priors import Prior, validate_prior
from uncounted.estimate.profits.scenario import ProfitScenario


def mix_from_counts(counts: Mapping[str, int], source: str) -> dict[str, Prior]:
    """Gamma weights per pathway from record counts (unknown pathways ignored)."""
    known = {p: int(counts.get(p, 0)) for p in PATHWAYS}
    if any(n < 0 for n in known.values()):
        raise InputError("negative record count", column="pathway")
    if sum(known.values()) == 0:
        raise InputError("no documented record has a known pathway", column="pathway")
    priors = {}
    for pathway, n in known.items():
        prior = Prior(
            f"pathway_mix.{pathway}",
            "gamma",
            {"shape": n + 0.5},
            f"{n} of {sum(known.values())} {source}",
            "weight",
        )
        validate_prior(prior)
        priors[prior.name] = prior
    return priors


def with_record_mix(
    scenario: ProfitScenario, counts: Mapping[str, int], source: str = "documented records"
) -> ProfitScenario:
    """``scenario`` with its cited pathway mix replaced by the documented records' mix."""
    priors = {k: v for k, v in scenario.priors.items() if not k.startswith("pathway_mix.")}
    return replace(scenario, priors={**priors, **mix_from_counts(counts, source)})
