"""Linkage commands: link (files or a vault), review (interactive), judge."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from uncounted.cli.app import app, console, fail, print_json
from uncounted.cli.vault import open_vault
from uncounted.errors import InputError, UncountedError
from uncounted.intake.reader import SUFFIXES
from uncounted.link.files import capture_histories, link_files
from uncounted.link.frame import birth_year_source
from uncounted.link.judgements import Edge, Judgement, judge, link_vault, pairs_to_review
from uncounted.link.run import DEFAULT_THRESHOLD, LinkResult
from uncounted.model import Record

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
UserOpt = Annotated[str, typer.Option("--user", help="Reviewer name recorded with the judgement.")]


def _is_vault(sources: list[str]) -> bool:
    return len(sources) == 1 and Path(sources[0]).suffix.lower() not in SUFFIXES


def _summary(result: LinkResult) -> dict[str, int]:
    clusters = result.clusters
    return {
        "records": len(clusters),
        "clusters": int(clusters["cluster_id"].nunique()),
        "candidate_pairs": len(result.pairs),
        "accepted_links": len(result.accepted),
    }


@app.command("link")
def link(  # noqa: PLR0917
    sources: Annotated[list[str], typer.Argument(help="Records files (one per list), or a vault.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write clusters CSV here.")] = None,
    threshold: Annotated[
        float, typer.Option(help="Match probability to link.")
    ] = DEFAULT_THRESHOLD,
    capture: Annotated[
        Path | None, typer.Option("--capture-histories", help="Write the capture-history table.")
    ] = None,
    model_out: Annotated[
        Path | None, typer.Option("--model-out", help="Save the model JSON.")
    ] = None,
    retrain: Annotated[bool, typer.Option(help="Vault: train anew, not reuse.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Link records across lists and scripts; write clusters and capture histories."""
    try:
        if _is_vault(sources):
            with open_vault(sources[0]) as vault:
                result = link_vault(vault, threshold=threshold, retrain=retrain)
        else:
            if out is None:
                raise InputError("--out CLUSTERS.csv is needed when linking files", column="--out")
            result = link_files(sources, threshold=threshold)
        _write_outputs(result, out, capture, model_out)
    except UncountedError as error:
        raise fail(error, as_json) from None
    _render_summary(_summary(result), as_json)


def _write_outputs(
    result: LinkResult, out: Path | None, capture: Path | None, model_out: Path | None
) -> None:
    if out is not None:
        result.clusters.to_csv(out, index=False)
    if capture is not None:
        capture_histories(result.clusters).to_frame().to_csv(capture, index=False)
    if model_out is not None:
        model_out.write_text(json.dumps(result.model, indent=2), encoding="utf-8")


def _render_summary(summary: dict[str, int], as_json: bool) -> None:
    if as_json:
        print_json(summary)
        return
    table = Table("", "count")
    for key, value in summary.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


@app.command("judge")
def judge_command(  # noqa: PLR0917
    vault: Annotated[str, typer.Argument(help="Vault file path or postgresql:// URL.")],
    a: Annotated[str, typer.Argument(help="First record, as list:record_id.")],
    b: Annotated[str, typer.Argument(help="Second record, as list:record_id.")],
    judgement: Annotated[Judgement, typer.Argument(help="positive, negative or unsure.")],
    user: UserOpt = "",
    as_json: JsonOpt = False,
) -> None:
    """Record a reviewer's judgement on a pair (the previous one is soft-deleted)."""
    try:
        with open_vault(vault) as opened:
            judge(opened, a, b, judgement, user=user or getpass.getuser())
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json({"left": a, "right": b, "judgement": judgement.value})
    else:
        console.print(f"{judgement.value}: {a} – {b}", highlight=False)


@app.command("review")
def review(  # noqa: PLR0917
    vault: Annotated[str, typer.Argument(help="Vault file path or postgresql:// URL.")],
    user: UserOpt = "",
    limit: Annotated[int, typer.Option(help="Stop after this many pairs.")] = 20,
    lists: Annotated[
        list[str] | None,
        typer.Option("--list", help="Only pairs with a record on this list (repeatable)."),
    ] = None,
    record: Annotated[
        str | None, typer.Option(help="Only the pairs of this record (list:record_id).")
    ] = None,
    low: Annotated[float, typer.Option(help="Lowest match probability shown.")] = 0.05,
    high: Annotated[float, typer.Option(help="Highest match probability shown.")] = 0.995,
) -> None:
    """Review uncertain pairs side by side with the match-weight breakdown."""
    reviewer = user or getpass.getuser()
    try:
        with open_vault(vault) as opened:
            pending = list(
                pairs_to_review(opened, low=low, high=high, lists=lists or (), record=record)
            )
            console.print(f"{len(pending)} pairs to review", highlight=False)
            records = {
                f"{r.list}:{r.record_id}": r for r in opened.iter_records(purpose="link.review")
            }
            for edge in pending[:limit]:
                console.print(_pair_table(edge, records))
                answer = typer.prompt(
                    "[p]ositive / [n]egative / [u]nsure / [s]kip / [q]uit", default="s"
                )
                verdict = _ANSWERS.get(answer.strip().lower()[:1])
                if answer.strip().lower().startswith("q"):
                    break
                if verdict is not None:
                    judge(opened, edge.left_id, edge.right_id, verdict, user=reviewer)
    except UncountedError as error:
        raise fail(error) from None


_ANSWERS = {"p": Judgement.POSITIVE, "n": Judgement.NEGATIVE, "u": Judgement.UNSURE}
_FIELDS = (
    "name",
    "aliases",
    "sex",
    "birth_year",
    "age",
    "origin",
    "location",
    "pathway",
    "recorded_on",
)


# comparisons that weigh a field of another name
_COMPARED_FIELD = {"surname": "name", "given_name": "name", "recorded_year": "recorded_on"}


def _pair_table(edge: Edge, records: dict[str, Record]) -> Table:
    """The two records side by side; beside each field, the match weight (bits) of
    each comparison that weighs it and the level it reached; then the prior (the
    weight every pair starts from) and the total. The title says whether the last
    linkage run put the two in one cluster (what stands if nobody judges)."""
    left, right = records.get(edge.left_id), records.get(edge.right_id)
    linked = "linked" if edge.accepted else "not linked"
    title = (
        f"match probability {edge.score:.3f}, match weight {edge.match_weight:+.2f}"
        f" ({linked} by the last run)"
    )
    table = Table("field", edge.left_id, edge.right_id, "evidence (bits)", title=title)
    evidence = _evidence(edge)
    for field in _FIELDS:
        lines = evidence.pop(field, [])
        table.add_row(field, _value(left, field), _value(right, field), "\n".join(lines))
    for comparison, lines in evidence.items():
        table.add_row(comparison, "", "", "\n".join(lines))
    prior = edge.match_weight - sum(edge.breakdown.values())
    table.add_row("prior (any two records)", "", "", f"{prior:+.2f}")
    table.add_row("total match weight", "", "", f"{edge.match_weight:+.2f}")
    return table


def _evidence(edge: Edge) -> dict[str, list[str]]:
    """Field → one line per comparison: signed weight, comparison, level."""
    out: dict[str, list[str]] = {}
    for comparison, weight in edge.breakdown.items():
        field = _COMPARED_FIELD.get(comparison, comparison)
        label = f"{comparison}: " if comparison != field else ""
        level = edge.levels.get(comparison, "")
        out.setdefault(field, []).append(f"{weight:+.2f} {label}{level}".rstrip(": "))
    return out


def _value(record: Record | None, field: str) -> str:
    if record is None:
        return ""
    if field == "birth_year" and record.birth_year is None:
        return _derived_year(record)
    value = getattr(record, field)
    if isinstance(value, tuple):
        return " | ".join(value)
    return "" if value is None else str(value)


def _derived_year(record: Record) -> str:
    """The birth year compared for a record that notes none, and where it comes from."""
    found = birth_year_source(record)
    return "" if found is None else f"{found[0]} ({found[1]})"
