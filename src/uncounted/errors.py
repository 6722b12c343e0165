"""Errors raised by Uncounted.

Every error the package raises on purpose derives from :class:`UncountedError`.
Each carries a human message (never a sensitive value: ids, field names and row
numbers only), a ``detail`` mapping for machines, an HTTP ``status`` for the web
layer and an ``exit_code`` for the command line.

The tree::

    UncountedError
    ├── ConfigError              settings or arguments that cannot be used
    ├── InputError               bad input data: names file, row and column
    │   └── ScenarioError        an invalid simulation scenario
    ├── VaultError               storage problems
    │   ├── WrongPassphraseError the passphrase does not open the vault
    │   ├── VaultExistsError     refusing to overwrite an existing vault
    │   ├── VaultNotFoundError   no vault at the given location
    │   └── AuditChainError      the audit log's hash chain is broken
    ├── EstimationError          an estimator cannot produce an answer
    │   └── MLENotFoundError     the maximum-likelihood estimate does not exist
    └── LinkageError             record linkage cannot run
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class UncountedError(Exception):
    """Root of every error Uncounted raises on purpose."""

    status: int = 500
    exit_code: int = 1

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail: Mapping[str, Any] = dict(detail)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form for ``--json`` output and web responses."""
        return {"error": type(self).__name__, "message": self.message, "detail": dict(self.detail)}


class ConfigError(UncountedError):
    """A setting or argument that cannot be used."""

    status = 400
    exit_code = 2


class InputError(UncountedError):
    """Bad input data. ``file``, ``row``, ``column`` (and ``line``) say where, when known.

    ``row`` counts data rows from 1 (the first row after a header); ``line`` is
    the physical line of a text file or the row number a spreadsheet shows.
    """

    status = 422
    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
        **detail: Any,
    ) -> None:
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"line {line}" if line is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(
            f"{message} ({where})" if where else message,
            file=file,
            row=row,
            column=column,
            **({"line": line} if line is not None else {}),
            **detail,
        )
        self.reason = message
        self.file = file
        self.row = row
        self.column = column
        self.line = line

    def at(
        self, *, file: str | None = None, row: int | None = None, line: int | None = None
    ) -> InputError:
        """A copy of this error with the place (file, row, line) filled in."""
        extra = {k: v for k, v in self.detail.items() if k not in {"file", "row", "column", "line"}}
        return type(self)(
            self.reason,
            file=file or self.file,
            row=row if row is not None else self.row,
            column=self.column,
            line=line if line is not None else self.line,
            **extra,
        )


class ScenarioError(InputError):
    """An invalid simulation scenario; ``column`` names the parameter."""


class VaultError(UncountedError):
    """A storage problem."""

    exit_code = 4


class WrongPassphraseError(VaultError):
    """The passphrase does not open the vault."""

    status = 401


class VaultExistsError(VaultError):
    """Refusing to overwrite an existing vault."""

    status = 409


class VaultNotFoundError(VaultError):
    """No vault at the given location."""

    status = 404


class AuditChainError(VaultError):
    """The audit log's hash chain is broken at ``detail['seq']``."""

    exit_code = 5


class EstimationError(UncountedError):
    """An estimator cannot produce an answer for this input."""

    status = 422
    exit_code = 6


class MLENotFoundError(EstimationError):
    """The maximum-likelihood estimate does not exist or is not identifiable."""


class LinkageError(UncountedError):
    """Record linkage cannot run."""

    exit_code = 7
