"""Attachments (evidence files): fingerprinted with SHA-256 at intake, with a custody trail."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from uncounted.errors import InputError
from uncounted.model import checks

_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[a-z]+/[A-Za-z0-9.+-]+")


def sha256_of(content: bytes) -> str:
    """The lowercase hex SHA-256 of a file's content."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Attachment:
    """An evidence file: its fingerprint, type and size; the content is kept immutable elsewhere."""

    attachment_id: str
    sha256: str
    media_type: str
    size: int
    source_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("attachment_id", self.attachment_id)
        if not _SHA256.fullmatch(self.sha256):
            raise InputError("sha256 must be 64 lowercase hex digits", column="sha256")
        if not _MEDIA_TYPE.fullmatch(self.media_type):
            raise InputError("media_type must look like type/subtype", column="media_type")
        checks.within("size", self.size, 0, 2**62)
        checks.optional_identifier("source_id", self.source_id)

    @classmethod
    def of(cls, attachment_id: str, content: bytes, media_type: str) -> Attachment:
        """An attachment for ``content``, fingerprinted now."""
        return cls(attachment_id, sha256_of(content), media_type, len(content))

    def matches(self, content: bytes) -> bool:
        """Whether ``content`` is the original file (same SHA-256)."""
        return sha256_of(content) == self.sha256


class CustodyAction(StrEnum):
    """What happened to an evidence file."""

    RECEIVED = "received"
    VERIFIED = "verified"
    COPIED = "copied"
    SHARED = "shared"
    RETURNED = "returned"


@dataclass(frozen=True)
class CustodyEvent:
    """One step in an attachment's chain of custody (ids and times only)."""

    attachment_id: str
    action: CustodyAction
    actor_id: str
    at: datetime

    def __post_init__(self) -> None:
        checks.identifier("attachment_id", self.attachment_id)
        checks.identifier("actor_id", self.actor_id)
        object.__setattr__(self, "action", checks.member(CustodyAction, "action", self.action))
        if self.at.tzinfo is None:
            raise InputError("custody times must carry a time zone", column="at")
