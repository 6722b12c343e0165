"""The review queue narrowed to a list, a record or a score range; bad filters refused."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uncounted.cli.app import _register_areas, app
from uncounted.errors import InputError
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.judgements import Edge, judgement_history, link_vault, pairs_to_review
from uncounted.vault import Vault

PASSPHRASE = "review filters test"
runner = CliRunner()


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linked vault of three lists: a hotline list repeats 20 of the NGO's people."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNCOUNTED_ARGON2_TIME_COST", "1")
        patch.setenv("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")
        where = tmp_path_factory.mktemp("review") / "case.vault"
        vault = Vault.create(where, PASSPHRASE)
        records = cross_script_lists(60, seed=3)
        hotline = [
            dataclasses.replace(r, list="hotline", record_id=f"h{i}")
            for i, r in enumerate(r for r in records if r.list == "ngo")
            if i < 20
        ]
        for name, part in (
            ("ngo", [r for r in records if r.list == "ngo"]),
            ("shelter", [r for r in records if r.list == "shelter"]),
            ("hotline", hotline),
        ):
            vault.import_records(part, source=name)
        link_vault(vault, threshold=0.5)
        vault.close()
    return where


def _ids(edges: list[Edge]) -> list[tuple[str, str]]:
    return [(e.left_id, e.right_id) for e in edges]


def _lists(edge: Edge) -> set[str]:
    return {edge.left_id.split(":")[0], edge.right_id.split(":")[0]}


def test_a_list_narrows_the_queue(path: Path) -> None:
    with Vault.open(path, PASSPHRASE) as vault:
        every = list(pairs_to_review(vault, low=0.0, high=1.0))
        hotline = list(pairs_to_review(vault, low=0.0, high=1.0, lists=["hotline"]))
        two = list(pairs_to_review(vault, low=0.0, high=1.0, lists=["hotline", "shelter"]))
    assert hotline and len(hotline) < len(every)
    assert _ids(hotline) == _ids([e for e in every if "hotline" in _lists(e)])
    assert _ids(two) == _ids([e for e in every if _lists(e) & {"hotline", "shelter"}])
    assert len(two) > len(hotline)


def test_a_record_and_a_score_range_narrow_the_queue(path: Path) -> None:
    with Vault.open(path, PASSPHRASE) as vault:
        every = list(pairs_to_review(vault, low=0.0, high=1.0))
        record = every[0].left_id
        own = list(pairs_to_review(vault, low=0.0, high=1.0, record=record))
        middle = list(pairs_to_review(vault, low=0.3, high=0.7))
    assert _ids(own) == [ids for ids in _ids(every) if record in ids]
    assert all(0.3 <= e.score <= 0.7 for e in middle)
    assert middle and len(middle) < len(every)
    assert _ids(middle) == _ids([e for e in every if 0.3 <= e.score <= 0.7])


@pytest.mark.parametrize(
    ("options", "column"),
    [
        ({"lists": ["nowhere"]}, "list"),
        ({"record": "ngo:no-such-record"}, "record"),
        ({"low": -0.1}, "low"),
        ({"high": 1.5}, "high"),
        ({"low": 0.8, "high": 0.2}, "low"),
    ],
)
def test_bad_filters_are_refused(path: Path, options: dict[str, object], column: str) -> None:
    with Vault.open(path, PASSPHRASE) as vault, pytest.raises(InputError) as caught:
        pairs_to_review(vault, **options)  # type: ignore[arg-type]
    assert caught.value.column == column


def test_review_command_takes_the_filters(path: Path, tmp_path: Path) -> None:
    """The command, on a copy of the vault (its judgement would change the queue)."""
    _register_areas()
    path = Path(shutil.copytree(path.parent, tmp_path / "copy")) / path.name
    env = {"UNCOUNTED_PASSPHRASE": PASSPHRASE}
    with Vault.open(path, PASSPHRASE) as vault:
        own = list(pairs_to_review(vault, lists=["hotline"]))
    args = ["review", str(path), "--list", "hotline", "--user", "reviewer-2"]
    result = runner.invoke(app, args, input="n\nq\n", env=env)
    assert result.exit_code == 0, result.output
    assert f"{len(own)} pairs to review" in result.output
    with Vault.open(path, PASSPHRASE) as vault:
        history = judgement_history(vault)
    assert list(zip(history["left_id"], history["right_id"], strict=True)) == _ids(own[:1])
    refused = runner.invoke(app, ["review", str(path), "--list", "nowhere"], env=env)
    assert refused.exit_code == 3
    assert "nowhere" in refused.output and "list" in refused.output
