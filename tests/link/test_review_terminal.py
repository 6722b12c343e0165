"""`uncounted review` driven through a real pseudo-terminal, as a reviewer would use it.

The command runs in its own process on a pty (pexpect): it asks for the passphrase
with a hidden prompt, shows each uncertain pair side by side with the match-weight
breakdown (each comparison's weight and level beside the field it weighs, the prior and
the total), and records the answers typed at its prompt in the vault.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from uncounted.link.fixtures import cross_script_lists
from uncounted.link.judgements import judgement_history, link_vault, pairs_to_review
from uncounted.link.names import System, romanise_name
from uncounted.model import Record
from uncounted.vault import Vault

PASSPHRASE = "review terminal test"
PROMPT = r"\[p\]ositive / \[n\]egative / \[u\]nsure / \[s\]kip / \[q\]uit"


@pytest.fixture
def linked_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNCOUNTED_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")
    path = tmp_path / "case.vault"
    vault = Vault.create(path, PASSPHRASE)
    records = cross_script_lists(80, seed=11) + _lookalikes()
    for list_name in ("ngo", "shelter"):
        vault.import_records([r for r in records if r.list == list_name], source=list_name)
    link_vault(vault, threshold=0.5)
    vault.close()
    return path


def _lookalikes() -> list[Record]:
    """Shelter records that share a name with an NGO record but not its birth year or origin:
    the pairs a reviewer has to decide."""
    people = [r for r in cross_script_lists(80, seed=11) if r.list == "ngo"][:6]
    return [
        Record(
            record_id=f"x{index}",
            list="shelter",
            name=romanise_name(person.name[0], person.name[1:], System.MR, ascii=True),
            birth_year=(person.birth_year or 1990) + 5,
            origin="Pyongyang",
        )
        for index, person in enumerate(people)
    ]


def _spawn(path: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "UNCOUNTED_PASSPHRASE"}
    env.update(COLUMNS="160", LINES="60", PYTHONIOENCODING="utf-8")
    command = [sys.executable, "-m", "uncounted", "review", str(path), "--user", "reviewer-7"]
    child = pexpect.spawn(
        command[0], command[1:], env=env, encoding="utf-8", timeout=120, dimensions=(60, 160)
    )
    child.expect("Passphrase")
    child.sendline(PASSPHRASE)
    return child


def test_reviewer_judges_pairs_at_the_terminal(linked_vault: Path) -> None:
    with Vault.open(linked_vault, PASSPHRASE) as vault:
        pending = list(pairs_to_review(vault))
    assert len(pending) >= 2, "the fixture must leave uncertain pairs to review"
    child = _spawn(linked_vault)
    shown = []
    for answer in ("n", "p"):
        child.expect(r"match probability (\d\.\d{3}), match weight ([+-]\d+\.\d\d)")
        shown.append(float(child.match.group(1)))
        total = child.match.group(2)
        # beside the name, the weight and the level of each name comparison; below,
        # the prior every pair starts from and the total
        child.expect(r"[+-]\d+\.\d\d surname: [a-z]")
        child.expect(r"[+-]\d+\.\d\d given_name: [a-z]")
        child.expect(r"prior \(any two records\)\s*│[\s│]*[+-]\d+\.\d\d")
        child.expect(r"total match weight\s*│[\s│]*([+-]\d+\.\d\d)")
        assert child.match.group(1) == total
        child.expect(PROMPT)
        child.sendline(answer)
    child.expect(PROMPT)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert shown == [round(edge.score, 3) for edge in pending[:2]]
    with Vault.open(linked_vault, PASSPHRASE) as vault:
        history = judgement_history(vault)
        left_after = [(e.left_id, e.right_id) for e in pairs_to_review(vault)]
    assert list(history["judgement"]) == ["negative", "positive"]
    assert list(history["user"]) == ["reviewer-7", "reviewer-7"]
    judged = [(pending[0].left_id, pending[0].right_id), (pending[1].left_id, pending[1].right_id)]
    assert list(zip(history["left_id"], history["right_id"], strict=True)) == judged
    assert not set(judged) & set(left_after)


def test_wrong_passphrase_is_refused_without_a_traceback(linked_vault: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "UNCOUNTED_PASSPHRASE"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "uncounted", "review", str(linked_vault)],
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    child.expect("Passphrase")
    child.sendline("not the passphrase")
    output = child.read()
    child.close()
    assert child.exitstatus != 0
    assert "Traceback" not in output
    assert "passphrase" in output.lower()
