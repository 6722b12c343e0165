"""Small validators shared by the domain classes; each raises InputError naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from uncounted.errors import InputError
from uncounted.model import vocab

E = TypeVar("E", bound=Enum)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def identifier(column: str, value: str) -> str:
    """A pseudonymous id: letters, digits and ``._:-``, at most 128 characters."""
    if not _ID.fullmatch(value):
        raise InputError(f"{column} must be an id of letters, digits and ._:-", column=column)
    return value


def optional_identifier(column: str, value: str | None) -> str | None:
    """An id or None."""
    return None if value is None else identifier(column, value)


def term(vocabulary: str, column: str, code: str) -> str:
    """A code of the named vocabulary."""
    return vocab.load(vocabulary).check(code, column)


def terms(vocabulary: str, column: str, codes: Iterable[str]) -> tuple[str, ...]:
    """Codes of the named vocabulary, as a tuple without repeats (first order kept)."""
    checked = [term(vocabulary, column, c) for c in codes]
    return tuple(dict.fromkeys(checked))


def within(column: str, value: int | None, low: int, high: int) -> int | None:
    """A whole number in ``low..high`` (or None)."""
    if value is not None and not low <= value <= high:
        raise InputError(f"{column} must be between {low} and {high}", column=column)
    return value


def non_empty(column: str, value: str) -> str:
    """Text that is not blank, stripped."""
    value = value.strip()
    if not value:
        raise InputError(f"{column} must not be empty", column=column)
    return value


def member(kind: type[E], column: str, value: object) -> E:
    """``value`` as a member of the enum ``kind``."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InputError(f"{column} must be one of {allowed}", column=column) from None
