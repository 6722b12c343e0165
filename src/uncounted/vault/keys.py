"""Keys: a random vault key, wrapped by a key derived from the passphrase.

Each vault has a random 256-bit vault key, made once at creation and never
stored in the clear. The passphrase, through Argon2id, gives the
passphrase key, which wraps (AES-256-GCM) the vault key; the wrapped key is
stored in the vault's header. A wrong passphrase fails to unwrap it
(:class:`WrongPassphraseError`); changing the passphrase rewraps the same vault
key, so nothing else changes. Purpose keys come from the vault key through
HKDF-SHA256 with a label each (``file``, ``kek``, ``blind-index``, ``audit``,
``fingerprint``), so knowing one purpose key reveals no other.

Argon2id parameters and the salt are not secret: they live in the vault's
header (a sidecar JSON for the SQLCipher file, the ``meta`` table on
PostgreSQL). New vaults take ``argon2_time_cost`` and ``argon2_memory_kib``
from the settings; an empty time cost is calibrated so one derivation takes
about 0.5-1 s on this machine.
"""

from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from uncounted import settings
from uncounted.errors import ConfigError, VaultError, WrongPassphraseError

WRONG_PASSPHRASE = "the passphrase does not open this vault"
KEY_BYTES = 32
SALT_BYTES = 16
TARGET_SECONDS = 0.75
MAX_TIME_COST = 40
PURPOSES = ("file", "kek", "blind-index", "audit", "fingerprint")
WRAP_AAD = b"uncounted vault key v1"
NONCE_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters and salt of one vault (public, stored in its header)."""

    salt: bytes
    time_cost: int
    memory_kib: int
    parallelism: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "kdf": "argon2id",
            "version": 19,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("kdf") != "argon2id":
            raise VaultError("the vault header names an unknown key derivation")
        try:
            return cls(
                salt=base64.b64decode(data["salt"]),
                time_cost=int(data["time_cost"]),
                memory_kib=int(data["memory_kib"]),
                parallelism=int(data.get("parallelism", 1)),
            )
        except (KeyError, ValueError, TypeError):
            raise VaultError("the vault header is damaged") from None


def argon2id(passphrase: str, params: KdfParams) -> bytes:
    """The raw Argon2id output for ``passphrase`` under ``params``."""
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _setting_int(name: str) -> int | None:
    text = (settings.get(name) or "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"setting {name} must be a whole number", setting=name) from None
    if value < 1:
        raise ConfigError(f"setting {name} must be at least 1", setting=name)
    return value


def calibrate_time_cost(memory_kib: int, target: float = TARGET_SECONDS) -> int:
    """Iterations so that one derivation at ``memory_kib`` takes about ``target`` s."""
    probe = KdfParams(os.urandom(SALT_BYTES), 1, memory_kib)
    start = time.perf_counter()
    argon2id("calibration", probe)
    one_pass = max(time.perf_counter() - start, 1e-3)
    return max(1, min(MAX_TIME_COST, round(target / one_pass)))


def new_params() -> KdfParams:
    """Parameters for a new vault: from the settings, time cost calibrated if unset."""
    memory = _setting_int("argon2_memory_kib") or 262144
    if memory < 8:
        raise ConfigError(
            "setting argon2_memory_kib must be at least 8", setting="argon2_memory_kib"
        )
    time_cost = _setting_int("argon2_time_cost") or calibrate_time_cost(memory)
    return KdfParams(os.urandom(SALT_BYTES), time_cost, memory)


@dataclass(frozen=True)
class Keys:
    """Purpose keys derived from the vault key. Never logged, never stored."""

    file: bytes
    kek: bytes
    blind_index: bytes
    audit: bytes
    fingerprint: bytes

    def __repr__(self) -> str:
        return "Keys(<redacted>)"

    @classmethod
    def from_root(cls, root: bytes) -> Keys:
        derived = [_hkdf(root, purpose) for purpose in PURPOSES]
        return cls(*derived)


def new_vault_key() -> bytes:
    """A fresh random vault key."""
    return os.urandom(KEY_BYTES)


def wrap_vault_key(passphrase: str, params: KdfParams, vault_key: bytes) -> str:
    """The vault key sealed under the passphrase key (base64, for the header)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(argon2id(passphrase, params)).encrypt(nonce, vault_key, WRAP_AAD)
    return base64.b64encode(nonce + sealed).decode("ascii")


def unwrap_vault_key(passphrase: str, params: KdfParams, wrapped: str) -> bytes:
    """The vault key; WrongPassphraseError if the passphrase does not open it."""
    try:
        blob = base64.b64decode(wrapped)
    except ValueError:
        raise VaultError("the vault header is damaged") from None
    aead = AESGCM(argon2id(passphrase, params))
    try:
        return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], WRAP_AAD)
    except InvalidTag:
        raise WrongPassphraseError(WRONG_PASSPHRASE) from None


def _hkdf(root: bytes, purpose: str) -> bytes:
    info = b"uncounted/" + purpose.encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(root)
