"""Storage: the encrypted vault (SQLCipher file or PostgreSQL), its audit log and migrations.

>>> with Vault.create("case.vault", passphrase) as vault:   # doctest: +SKIP
...     vault.import_records(records, source="intake.csv")
"""

from uncounted.vault import link_tables as link_tables
from uncounted.vault.audit import AuditEntry, AuditReport
from uncounted.vault.store import ImportResult, VaultStats
from uncounted.vault.vault import Vault

__all__ = ["AuditEntry", "AuditReport", "ImportResult", "Vault", "VaultStats"]
