"""Sealing identifying fields, the blind index and content fingerprints.

On PostgreSQL the application encrypts every identifying field: one JSON
payload per record, sealed with AES-256-GCM under a fresh per-record data key
(DEK); the DEK is itself sealed (wrapped) with the key-encryption key (KEK)
derived from the passphrase. Both seals bind the record's ``(list,
record_id)`` as associated data, so a ciphertext moved to another row fails to
open. Inside the SQLCipher file the whole database is already encrypted, so the
payload is stored as is (:class:`PlainSealer`).

Exact-match name search uses a keyed blind index: HMAC-SHA256 with its own
derived key over a normalised name (NFKC, case-folded, spaces collapsed).
"""

from __future__ import annotations

import hmac
import os
import unicodedata
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from uncounted.errors import VaultError

NONCE_BYTES = 12
DEK_BYTES = 32


class Sealer(Protocol):
    """Turns an identifying payload into stored bytes and back."""

    def seal(self, aad: bytes, payload: bytes) -> tuple[bytes, bytes | None]:
        """``(stored payload, wrapped data key or None)``."""
        ...

    def open(self, aad: bytes, stored: bytes, wrapped: bytes | None) -> bytes: ...


class PlainSealer:
    """For a store that is encrypted as a whole (the SQLCipher file)."""

    def seal(self, aad: bytes, payload: bytes) -> tuple[bytes, bytes | None]:
        return payload, None

    def open(self, aad: bytes, stored: bytes, wrapped: bytes | None) -> bytes:
        return stored


class AeadSealer:
    """AES-256-GCM under a per-record data key wrapped by the KEK."""

    def __init__(self, kek: bytes) -> None:
        self._kek = AESGCM(kek)

    def __repr__(self) -> str:
        return "AeadSealer(<redacted>)"

    def seal(self, aad: bytes, payload: bytes) -> tuple[bytes, bytes | None]:
        dek = AESGCM.generate_key(bit_length=DEK_BYTES * 8)
        sealed = _seal(AESGCM(dek), b"data\x00" + aad, payload)
        return sealed, _seal(self._kek, b"dek\x00" + aad, dek)

    def open(self, aad: bytes, stored: bytes, wrapped: bytes | None) -> bytes:
        if wrapped is None:
            raise VaultError("a sealed record has no data key")
        dek = _open(self._kek, b"dek\x00" + aad, wrapped)
        return _open(AESGCM(dek), b"data\x00" + aad, stored)


def _seal(aead: AESGCM, aad: bytes, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, plaintext, aad)


def _open(aead: AESGCM, aad: bytes, sealed: bytes) -> bytes:
    try:
        return aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise VaultError("a sealed field failed authentication (tampered or moved)") from None


def record_aad(list_name: str, record_id: str) -> bytes:
    """Associated data that binds a sealed payload to its record."""
    return list_name.encode("utf-8") + b"\x1f" + record_id.encode("utf-8")


def normalise_name(name: str) -> str:
    """The form of a name the blind index sees: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class BlindIndex:
    """Keyed HMAC-SHA256 tokens of normalised names (never the names themselves)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __repr__(self) -> str:
        return "BlindIndex(<redacted>)"

    def token(self, name: str) -> bytes | None:
        """The token of ``name``, or None when it normalises to nothing."""
        normal = normalise_name(name)
        if not normal:
            return None
        return hmac.digest(self._key, normal.encode("utf-8"), "sha256")


def keyed_digest(key: bytes, data: bytes) -> bytes:
    """HMAC-SHA256 of ``data``: a fingerprint no one without the key can test guesses on."""
    return hmac.digest(key, data, "sha256")
