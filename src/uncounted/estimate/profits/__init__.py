"""Criminal profits with honest uncertainty (Monte Carlo over cited priors).

See ``model.py`` for the structure of the model, ``money.py`` for currencies and
price years, ``flows.py`` for stock versus flow, and ``sensitivity.py`` for the
tornado and Sobol' indices.
"""

from uncounted.estimate.profits.flows import Duration, Flow, Stock, flow_from_stock, stock_from_flow
from uncounted.estimate.profits.margins import chain_margin, normalise_sales, sale_margins
from uncounted.estimate.profits.money import Currency, Money, Rates
from uncounted.estimate.profits.montecarlo import ProfitEstimate, Summary, run_monte_carlo
from uncounted.estimate.profits.priors import Prior
from uncounted.estimate.profits.scenario import ProfitScenario, load_scenario
from uncounted.estimate.profits.sensitivity import TornadoBar, sobol_indices, tornado

__all__ = [
    "Currency",
    "Duration",
    "Flow",
    "Money",
    "Prior",
    "ProfitEstimate",
    "ProfitScenario",
    "Rates",
    "Stock",
    "Summary",
    "TornadoBar",
    "chain_margin",
    "flow_from_stock",
    "load_scenario",
    "normalise_sales",
    "run_monte_carlo",
    "sale_margins",
    "sobol_indices",
    "stock_from_flow",
    "tornado",
]
