"""What a scenario may contain: one validator per parameter and per list field.

A validator takes the parameter's path (for messages) and its raw YAML value,
and returns the value normalised (floats, plain dicts) or raises
:class:`~uncounted.errors.ScenarioError` naming the path. Values never reach
the message: scenarios are not sensitive, but the habit is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from uncounted.errors import ScenarioError

Validator = Callable[[str, Any], Any]
PATHWAYS = ("prostitution", "forced_marriage", "cybersex", "other")
ELIGIBILITY = ("all", "exited", "rescued", "arrived")
MIX_TOLERANCE = 1e-6


def bad(path: str, problem: str) -> ScenarioError:
    """The error for parameter ``path``."""
    return ScenarioError(f"scenario parameter {path!r} {problem}", column=path)


def number(path: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(path, "must be a number")
    return float(value)


def integer(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(path, "must be a whole number")
    return value


def text(path: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad(path, "must be non-empty text")
    return value


def optional_text(path: str, value: Any) -> str | None:
    return None if value is None else text(path, value)


def year(path: str, value: Any) -> int:
    result = integer(path, value)
    if not 1900 <= result <= 2100:
        raise bad(path, "must be a year between 1900 and 2100")
    return result


def count(path: str, value: Any) -> int:
    result = integer(path, value)
    if result < 1:
        raise bad(path, "must be at least 1")
    return result


def share(path: str, value: Any) -> float:
    result = number(path, value)
    if not 0.0 <= result <= 1.0:
        raise bad(path, "is a share and must lie between 0 and 1")
    return result


def positive(path: str, value: Any) -> float:
    result = number(path, value)
    if result <= 0:
        raise bad(path, "must be positive")
    return result


def nonneg(path: str, value: Any) -> float:
    result = number(path, value)
    if result < 0:
        raise bad(path, "must not be negative")
    return result


def mapping(path: str, value: Any) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping) or not value:
        raise bad(path, "must be a non-empty mapping")
    return value


def mix(keys: tuple[str, ...] | None = None) -> Validator:
    """Shares that sum to 1; with ``keys``, exactly those keys."""

    def check(path: str, value: Any) -> dict[str, float]:
        raw = mapping(path, value)
        if keys is not None:
            _exact_keys(path, raw, keys)
        result = {str(k): share(f"{path}.{k}", v) for k, v in raw.items()}
        if abs(sum(result.values()) - 1.0) > MIX_TOLERANCE:
            raise bad(path, "is a mix and its shares must sum to 1")
        return result

    return check


def weights(key: Validator, value_check: Validator = nonneg) -> Validator:
    """A mapping of non-negative weights (not necessarily summing to 1)."""

    def check(path: str, value: Any) -> dict[Any, Any]:
        raw = mapping(path, value)
        return {key(f"{path}.{k}", k): value_check(f"{path}.{k}", v) for k, v in raw.items()}

    return check


def struct(fields: Mapping[str, Validator]) -> Validator:
    """A mapping with exactly ``fields``, each validated."""

    def check(path: str, value: Any) -> dict[str, Any]:
        raw = mapping(path, value)
        _exact_keys(path, raw, tuple(fields))
        return {name: fields[name](f"{path}.{name}", raw[name]) for name in fields}

    return check


def per_key(keys: tuple[str, ...], inner: Validator) -> Validator:
    return struct(dict.fromkeys(keys, inner))


def table(inner: Validator) -> Validator:
    """A mapping of any names to values checked by ``inner``."""
    return weights(text, inner)


def listed(inner: Validator) -> Validator:
    def check(path: str, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise bad(path, "must be a list")
        return [inner(f"{path}[{i}]", item) for i, item in enumerate(value)]

    return check


def iso_date(path: str, value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise bad(path, "must be a date YYYY-MM-DD") from None


def one_of(options: tuple[str, ...]) -> Validator:
    def check(path: str, value: Any) -> str:
        if value not in options:
            raise bad(path, f"must be one of {', '.join(options)}")
        return str(value)

    return check


def year_span(path: str, value: Any) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise bad(path, "must be [first_year, last_year]")
    first, last = year(f"{path}[0]", value[0]), year(f"{path}[1]", value[1])
    if first > last:
        raise bad(path, "must not end before it starts")
    return first, last


def _exact_keys(path: str, raw: Mapping[Any, Any], keys: tuple[str, ...]) -> None:
    unknown = [str(k) for k in raw if str(k) not in keys]
    if unknown:
        raise bad(f"{path}.{unknown[0]}", "is not a known parameter")
    missing = [k for k in keys if k not in {str(r) for r in raw}]
    if missing:
        raise bad(f"{path}.{missing[0]}", "is missing")


def lognormal(path: str, value: Any) -> dict[str, float]:
    result: dict[str, float] = struct({"median": positive, "sigma": positive})(path, value)
    return result


def floored(path: str, value: Any) -> dict[str, float]:
    """A lognormal above a floor: ``floor + LN(median - floor, sigma)``."""
    result: dict[str, float] = struct({"floor": nonneg, "median": positive, "sigma": positive})(
        path, value
    )
    if result["median"] <= result["floor"]:
        raise bad(f"{path}.median", "must be above the floor")
    return result


def capped(path: str, value: Any) -> dict[str, float]:
    fields = {"floor": nonneg, "median": positive, "sigma": positive, "cap": positive}
    result: dict[str, float] = struct(fields)(path, value)
    if not result["floor"] < result["median"] < result["cap"]:
        raise bad(f"{path}.median", "must lie between floor and cap")
    return result


def chain_mix(path: str, value: Any) -> dict[int, float]:
    shares = mix()(path, value)
    return {count(f"{path}.{k}", int(k) if k.isdigit() else k): v for k, v in shares.items()}


PARAMETERS: dict[str, Validator] = {
    "start_year": year,
    "end_year": year,
    "size": count,
    "cny_per_usd": positive,
    "crossing_weights": weights(year),
    "trafficked_share": share,
    "entry_mechanism_mix": mix(
        ("deceived_in_north_korea", "coerced_in_china", "sold_in_china", "abducted_in_china")
    ),
    "age_band_mix": mix(),
    "origin_mix": mix(),
    "pathway_mix_early": mix(PATHWAYS),
    "pathway_mix_late": mix(PATHWAYS),
    "pathway_mix_early_until": year,
    "pathway_mix_late_from": year,
    "exploitation_delay_days": struct({"shape": positive, "scale": positive}),
    "placement_days": per_key(PATHWAYS, lognormal),
    "placement_end_mix": mix(("resale", "escape", "rescue", "repatriation", "death")),
    "max_placements": count,
    "pathway_change_on_resale": share,
    "first_chain_sales_mix": chain_mix,
    "resale_chain_sales_mix": chain_mix,
    "resale_transit_days": lognormal,
    "final_price_cny": per_key(PATHWAYS, floored),
    "chain_discount": share,
    "sale_cost_share": share,
    "clients_per_day": capped,
    "price_per_client_cny": floored,
    "shows_per_day": capped,
    "price_per_show_cny": floored,
    "victim_share": share,
    "exploitation_cost_share": share,
    "marriage_labour_cny_per_year": nonneg,
    "other_labour_cny_per_year": nonneg,
    "repatriation_shocks": listed(struct({"date": iso_date, "probability": share})),
    "reach_south_korea": per_key(("escape", "rescue"), share),
    "arrival_delay_days": lognormal,
    "arrival_year_factor": weights(year, share),
    "recruitment_towns": weights(text),
    "locations": table(per_key(("transit", *PATHWAYS), nonneg)),
    "perpetrator_load": per_key(
        (
            "recruiter",
            "broker",
            "wholesaler",
            "brothel_operator",
            "cybersex_operator",
            "other_exploiter",
            "husband",
        ),
        positive,
    ),
    "ring_size": count,
    "hub_exponent": nonneg,
}

RECORDING = struct(
    {
        "name_forms": mix(
            ("hangul_north", "hangul_south", "hanja", "romanised", "pinyin", "missing")
        ),
        "alias_share": share,
        "birth_year_forms": mix(("exact", "range", "age_only", "missing")),
        "birth_year_error_share": share,
        "origin_missing_share": share,
        "origin_error_share": share,
        "pathway_known_share": share,
        "narrative_share": share,
        "narrative_detail_share": share,
        "date_precision": mix(("day", "month", "year")),
        "language": text,
    }
)

LIST_FIELDS: dict[str, Validator] = {
    "label": text,
    "source": text,
    "coverage": share,
    "eligible": one_of(ELIGIBILITY),
    "years": year_span,
    "pathway_effects": per_key(PATHWAYS, number),
    "reachability_loading": number,
    "depends_on": lambda path, value: weights(text, number)(path, value) if value else {},
    "location": optional_text,
    "recording": RECORDING,
}
