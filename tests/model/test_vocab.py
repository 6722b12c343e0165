"""Vocabularies: every packaged file loads, is well formed and maps to real HTCDS 2.0 codes."""

from __future__ import annotations

import pytest

from uncounted.errors import ConfigError, InputError
from uncounted.model import vocab


def test_every_vocabulary_is_valid() -> None:
    vocab.validate_all()
    assert set(vocab.names()) >= {
        "act_type",
        "currency",
        "involvement_degree",
        "means_of_control",
        "organisation_kind",
        "perpetrator_role",
        "romanisation",
    }


def test_every_vocabulary_cites_source_and_licence() -> None:
    for name in vocab.names():
        v = vocab.load(name)
        assert v.source.strip() and v.licence.strip(), name


def test_domain_act_types_present() -> None:
    # The terms issue 2 names explicitly.
    acts = vocab.load("act_type")
    for code in ("abduction", "deception", "sale", "resale", "forced_marriage", "prostitution",
                 "cybersex_exploitation", "rape", "confinement"):  # fmt: skip
        assert code in acts
    assert acts.term("cybersex_exploitation").htcds[-1] == "RemoteInteractiveServices"


def test_htcds_picklists_copied_faithfully() -> None:
    # Values from HTCDS Field Standards 2.0 (IOM 2021), as listed in the shared field list.
    lists = vocab.htcds_picklists()
    assert lists["vic_TypeOfSexExploitation"] == (
        "Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices",
    )  # fmt: skip
    assert len(lists["vic_MethodsOfControl"]) == 16
    assert len(lists["per_RoleInProcess"]) == 15


def test_problems_are_found() -> None:
    broken = vocab.Vocabulary(
        name="x",
        source="s",
        licence="l",
        terms=(vocab.Term("Bad Code", "b"), vocab.Term("a", "a", htcds=("NotACode",))),
        htcds_fields=("per_RoleInProcess", "no_SuchField"),
    )
    found = vocab.problems(broken)
    assert any("bad code" in p for p in found)
    assert any("NotACode" in p for p in found)
    assert any("no_SuchField" in p for p in found)


def test_check_and_unknown_vocabulary() -> None:
    with pytest.raises(InputError) as info:
        vocab.load("act_type").check("teleportation", "act_type")
    assert info.value.column == "act_type"
    with pytest.raises(ConfigError):
        vocab.load("no_such_vocabulary")
