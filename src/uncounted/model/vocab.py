"""Controlled vocabularies: data files in ``uncounted/model/vocabularies/``, loaded and validated.

Each vocabulary file names its source and licence and lists terms with a
``code`` (lower snake case, or ISO codes), a ``label`` and, where the standard
has an equivalent, the HTCDS 2.0 codes it maps to. :func:`validate_all` checks
every file: codes unique and well formed, every HTCDS mapping a real HTCDS code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from uncounted.errors import ConfigError, InputError

PACKAGE = "uncounted.model"
FOLDER = "vocabularies"
_CODE = re.compile(r"[a-z][a-z0-9_]*|[A-Z]{3}")


@dataclass(frozen=True)
class Term:
    """One term: its code, a human label, and the HTCDS codes it maps to."""

    code: str
    label: str
    htcds: tuple[str, ...] = ()
    stage: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """A named list of terms with its source and licence."""

    name: str
    source: str
    licence: str
    terms: tuple[Term, ...]
    htcds_fields: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def term(self, code: str) -> Term:
        """The term with ``code``; KeyError if absent."""
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(code)

    def check(self, code: str, column: str | None = None) -> str:
        """``code`` if it is in this vocabulary, else InputError naming the column."""
        if code not in self:
            message = f"not a term of the {self.name} vocabulary"
            raise InputError(message, column=column or self.name)
        return code


def _read(name: str) -> dict[str, Any]:
    path = resources.files(PACKAGE).joinpath(FOLDER, f"{name}.yaml")
    if not path.is_file():
        raise ConfigError(f"no vocabulary called {name!r}", vocabulary=name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("name") != name:
        raise ConfigError(f"vocabulary file {name}.yaml is malformed", vocabulary=name)
    return data


def _term(raw: dict[str, Any]) -> Term:
    return Term(
        code=str(raw["code"]),
        label=str(raw["label"]),
        htcds=tuple(raw.get("htcds", ())),
        stage=raw.get("stage"),
    )


@cache
def load(name: str) -> Vocabulary:
    """The vocabulary called ``name`` (file ``vocabularies/<name>.yaml``)."""
    data = _read(name)
    try:
        terms = tuple(_term(t) for t in data["terms"])
        return Vocabulary(
            name=name,
            source=str(data["source"]),
            licence=str(data["licence"]),
            terms=terms,
            htcds_fields=tuple(data.get("htcds_fields", ())),
        )
    except (KeyError, TypeError):
        raise ConfigError(f"vocabulary file {name}.yaml is malformed", vocabulary=name) from None


@cache
def htcds_picklists() -> dict[str, tuple[str, ...]]:
    """The HTCDS 2.0 picklists copied into the package (field -> codes)."""
    data = _read("htcds")
    return {field: tuple(codes) for field, codes in data["picklists"].items()}


def names() -> list[str]:
    """Every vocabulary shipped with the package (the HTCDS picklists excluded)."""
    folder = resources.files(PACKAGE).joinpath(FOLDER)
    found = (p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    return sorted(n for n in found if n != "htcds")


def problems(vocabulary: Vocabulary) -> list[str]:
    """What is wrong with a vocabulary (empty when it is valid)."""
    found: list[str] = []
    if len(set(vocabulary.codes)) != len(vocabulary.codes):
        found.append(f"{vocabulary.name}: duplicate codes")
    bad = [c for c in vocabulary.codes if not _CODE.fullmatch(c)]
    found += [f"{vocabulary.name}: bad code {c!r}" for c in bad]
    picklists = htcds_picklists()
    unknown_fields = [f for f in vocabulary.htcds_fields if f not in picklists]
    found += [f"{vocabulary.name}: unknown HTCDS field {f}" for f in unknown_fields]
    allowed = {code for f in vocabulary.htcds_fields for code in picklists.get(f, ())}
    for term in vocabulary.terms:
        missing = [h for h in term.htcds if h not in allowed]
        found += [f"{vocabulary.name}.{term.code}: not in HTCDS {h}" for h in missing]
    return found


def validate_all() -> None:
    """Load and check every vocabulary; ConfigError listing the problems if any."""
    found = [p for name in names() for p in problems(load(name))]
    if found:
        raise ConfigError("invalid vocabularies: " + "; ".join(found))
