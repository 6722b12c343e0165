"""The profit model: annual criminal profit, with its components kept apart.

    Π(t) = sale margins + forced-marriage broker margins
           + prostitution + cybersex (+ forced labour, off by default) − costs

* Sale margins telescope along each chain, so per victim they sum to the final
  price (the first seller paid nothing for an abducted or deceived victim);
  the seller-side costs of each sale are counted once, under ``costs``.
* Prostitution: victims × days × clients per day × price × (1 − victim's share).
* Cybersex: victims × days × shows per day × price per show × (1 − victim's share).
* Costs: seller-side costs of each sale, and operating costs (rent, food, bribes)
  as a share of prostitution and cybersex revenue.
* Forced labour: victim-years in the 'other' pathway × a labour value; forced
  marriage's labour only when switched on (off by default, as ILO counts forced
  marriage apart).
* ``ilo_regional`` replaces the two bottom-up revenues with victims × ILO profit
  per victim-year (already net of costs).

Two structures feed the same components. ``steady_state`` starts from a Stock of
victims (a population scenario, or a population estimate), splits it by pathway
and gets each pathway's inflow from Little's law (inflow = stock / duration).
``documented`` takes per-victim amounts in the reference year measured from
documented records (``doc.*`` inputs: exposure, gross revenue and sale margins
per victim, bootstrapped over victims) and scales them by the population size.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from uncounted.estimate.profits.flows import Duration, Flow, Stock, Values, flow_from_stock

PATHWAYS = ("prostitution", "forced_marriage", "cybersex", "other")
EXPLOITED = ("prostitution", "cybersex")
COMPONENTS = (
    "sale_margins",
    "forced_marriage",
    "prostitution",
    "cybersex",
    "forced_labour",
    "costs",
)
DAYS = 365.0

_STEADY = (
    "north_koreans_in_china", "female_share", "trafficked_share", "victims",
    *(f"pathway_mix.{p}" for p in PATHWAYS), *(f"duration.{p}" for p in PATHWAYS),
    "final_price.exploiter", "final_price.forced_marriage", "sales_per_victim", "cost_per_sale",
)  # fmt: skip
_BOTTOM_UP = ("days_worked_share", "clients_per_day", "price_per_client", "shows_per_day",
              "price_per_show")  # fmt: skip
_DOCUMENTED = ("victims", "documented_sample", "sale_cost_share")


def required_inputs(structure: str, mode: str) -> set[str]:
    """The input names the model reads under a structure and revenue mode."""
    names = {"forced_labour_value", "victim_share"}
    names |= set(_DOCUMENTED if structure == "documented" else _STEADY)
    if mode == "ilo_regional":
        return names | {"ilo_profit_per_victim_year"}
    names |= {"cost_share"}
    return names if structure == "documented" else names | set(_BOTTOM_UP)


def population(values: Mapping[str, Values]) -> Stock:
    """Victims held at one time: a direct ``victims`` input or the scenario product."""
    if "victims" in values:
        return Stock(values["victims"])
    return Stock(
        values["north_koreans_in_china"] * values["female_share"] * values["trafficked_share"]
    )


def pathway_stocks(values: Mapping[str, Values], victims: Stock) -> dict[str, Stock]:
    """Split the victim stock by the (Dirichlet) pathway mix."""
    weights = {p: values[f"pathway_mix.{p}"] for p in PATHWAYS if f"pathway_mix.{p}" in values}
    total = np.sum(list(weights.values()), axis=0)
    return {p: victims.share(w / total) for p, w in weights.items()}


def steady_state(values: Mapping[str, Values]) -> tuple[dict[str, Stock], dict[str, Flow]]:
    """Stocks by pathway and their inflows (Little's law)."""
    stocks = pathway_stocks(values, population(values))
    inflows = {p: flow_from_stock(s, Duration(values[f"duration.{p}"])) for p, s in stocks.items()}
    return stocks, inflows


def documented(values: Mapping[str, Values]) -> tuple[dict[str, Stock], dict[str, Flow]]:
    """Stocks (person-years in the year) from per-victim exposures in documented records."""
    victims = values["victims"]
    stocks = {p: Stock(victims * values[f"doc.exposure.{p}"]) for p in PATHWAYS}
    return stocks, {}


def exploitation(
    values: Mapping[str, Values], stocks: Mapping[str, Stock], mode: str
) -> dict[str, Values]:
    """Prostitution and cybersex revenue net of the victim's share (costs come later)."""
    pros, cyber = stocks["prostitution"].count, stocks["cybersex"].count
    if mode == "ilo_regional":
        per_victim = values["ilo_profit_per_victim_year"]
        return {"prostitution": pros * per_victim, "cybersex": cyber * per_victim}
    kept = 1 - values["victim_share"]
    if "doc.gross.prostitution" in values:
        victims = values["victims"]
        return {
            "prostitution": victims * values["doc.gross.prostitution"] * kept,
            "cybersex": victims * values["doc.gross.cybersex"] * kept,
        }
    days = DAYS * values["days_worked_share"]
    prostitution = pros * days * values["clients_per_day"] * values["price_per_client"] * kept
    cybersex = cyber * days * values["shows_per_day"] * values["price_per_show"] * kept
    return {"prostitution": prostitution, "cybersex": cybersex}


def sales(values: Mapping[str, Values], inflows: Mapping[str, Flow]) -> dict[str, Values]:
    """Telescoped sale margins: per new victim, the final price of the chain."""
    if "doc.margin.exploiter" in values:
        victims = values["victims"]
        return {
            "sale_margins": victims * values["doc.margin.exploiter"],
            "forced_marriage": victims * values["doc.margin.forced_marriage"],
        }
    exploiter_inflow = sum(inflows[p].per_year for p in PATHWAYS if p != "forced_marriage")
    marriage_inflow = inflows["forced_marriage"].per_year
    return {
        "sale_margins": exploiter_inflow * values["final_price.exploiter"],
        "forced_marriage": marriage_inflow * values["final_price.forced_marriage"],
    }


def labour(values: Mapping[str, Values], stocks: Mapping[str, Stock], marriage: bool) -> Values:
    """Value of forced labour: the 'other' pathway, and forced marriage when switched on."""
    years = stocks["other"].count + (stocks["forced_marriage"].count if marriage else 0.0)
    return np.asarray(years * values["forced_labour_value"], dtype=np.float64)


def costs(
    values: Mapping[str, Values], revenue: Values, inflows: Mapping[str, Flow], mode: str
) -> Values:
    """Seller-side costs of sales, plus operating costs as a share of sex-trade revenue."""
    if "doc.sale_gross" in values:
        total = values["victims"] * values["doc.sale_gross"] * values["sale_cost_share"]
    else:
        new_victims = sum(f.per_year for f in inflows.values())
        total = new_victims * values["sales_per_victim"] * values["cost_per_sale"]
    if mode != "ilo_regional":
        total = total + revenue * values["cost_share"]
    return np.asarray(-total, dtype=np.float64)


def evaluate(
    values: Mapping[str, Values],
    *,
    structure: str = "steady_state",
    mode: str = "bottom_up",
    forced_labour: bool = False,
) -> dict[str, Values]:
    """Every component for each draw (arrays of the same length), and ``total``."""
    stocks, inflows = (documented if structure == "documented" else steady_state)(values)
    parts = {**sales(values, inflows), **exploitation(values, stocks, mode)}
    gross = (parts["prostitution"] + parts["cybersex"]) / (1 - values.get("victim_share", 0.0))
    parts["forced_labour"] = labour(values, stocks, forced_labour)
    parts["costs"] = costs(values, gross, inflows, mode)
    out = {c: np.asarray(parts[c], dtype=np.float64) for c in COMPONENTS}
    out["total"] = np.sum([out[c] for c in COMPONENTS], axis=0)
    return out
