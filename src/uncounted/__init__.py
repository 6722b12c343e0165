"""Uncounted: secure documentation and analysis for investigations of human trafficking."""

from uncounted.errors import (
    AuditChainError,
    ConfigError,
    EstimationError,
    InputError,
    LinkageError,
    MLENotFoundError,
    ScenarioError,
    UncountedError,
    VaultError,
    VaultExistsError,
    VaultNotFoundError,
    WrongPassphraseError,
)
from uncounted.model import Pathway, Record, Sex, UncertainDate

__version__ = "0.1.0"

__all__ = [
    "AuditChainError",
    "ConfigError",
    "EstimationError",
    "InputError",
    "LinkageError",
    "MLENotFoundError",
    "Pathway",
    "Record",
    "ScenarioError",
    "Sex",
    "UncertainDate",
    "UncountedError",
    "VaultError",
    "VaultExistsError",
    "VaultNotFoundError",
    "WrongPassphraseError",
    "__version__",
]
