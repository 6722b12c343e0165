"""Personal names in several scripts, each tagged with its script and romanisation system."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from uncounted.errors import InputError
from uncounted.model import checks


class Script(StrEnum):
    """The writing system of a name; values are ISO 15924 codes."""

    HANGUL = "Hang"
    HAN = "Hani"
    LATIN = "Latn"
    OTHER = "Zyyy"


class NameKind(StrEnum):
    """Whether a name is the person's own, an alias, or one given by traffickers."""

    PRIMARY = "primary"
    ALIAS = "alias"
    IMPOSED = "imposed"


_PREFIXES = (("HANGUL", Script.HANGUL), ("CJK", Script.HAN), ("LATIN", Script.LATIN))


def char_script(char: str) -> Script | None:
    """The script of one letter (None for spaces, digits, punctuation)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    label = unicodedata.name(char, "")
    return next((script for prefix, script in _PREFIXES if label.startswith(prefix)), Script.OTHER)


def detect_script(text: str) -> Script:
    """The single script of ``text``'s letters; OTHER if mixed or none."""
    found = {s for s in map(char_script, text) if s is not None}
    return found.pop() if len(found) == 1 else Script.OTHER


@dataclass(frozen=True)
class PersonName:
    """One written form of a name. ``system`` says how a Latin form was romanised."""

    text: str
    script: Script
    system: str | None = None
    kind: NameKind = NameKind.PRIMARY

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", checks.non_empty("name", self.text))
        object.__setattr__(self, "script", checks.member(Script, "script", self.script))
        object.__setattr__(self, "kind", checks.member(NameKind, "name_kind", self.kind))
        if self.script is not Script.OTHER and detect_script(self.text) is not self.script:
            raise InputError("name is not written in the script it is tagged with", column="script")
        if self.system is not None:
            if self.script is not Script.LATIN:
                raise InputError("only a Latin-script name has a romanisation", column="system")
            checks.term("romanisation", "system", self.system)

    @classmethod
    def of(
        cls, text: str, system: str | None = None, kind: NameKind = NameKind.PRIMARY
    ) -> PersonName:
        """A name whose script is detected from its letters."""
        return cls(text, detect_script(text), system, kind)
