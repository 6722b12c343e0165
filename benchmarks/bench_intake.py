"""Intake speed: reading and validating a records file beside a bare ``csv`` baseline.

Rows/s for 100,000 synthetic rows (every column filled as in the records CSV):

- ``csv.DictReader``     the baseline: parse only, no checks;
- ``read_records csv``   Uncounted's reader: decoding check, header check, every value
                         validated into a Record, record_id uniqueness;
- ``read_records jsonl`` the same records from the JSON Lines export;
- ``read_records xlsx``  a 20,000-row workbook (openpyxl read-only mode), scaled to rows/s.

Peak memory is Python's traced allocation high-water mark during a second,
untimed run (tracemalloc slows Python down, so it is kept out of the timing).
Run: ``python -m benchmarks.bench_intake [N]``.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from uncounted.intake import read_records
from uncounted.intake.csv_file import write_csv
from uncounted.intake.jsonl_file import write_jsonl
from uncounted.model import Pathway, Record, Sex, UncertainDate


def _records(n: int) -> list[Record]:
    sexes, pathways = list(Sex), list(Pathway)
    return [
        Record(
            record_id=f"R-{i:07d}",
            list="bench",
            name=f"Synthetic Person {i}",
            aliases=(f"Alias {i}",) if i % 3 == 0 else (),
            sex=sexes[i % 4],
            birth_year=1960 + i % 45,
            age=18 + i % 40,
            recorded_on=UncertainDate.parse(f"{2010 + i % 12}-{1 + i % 12:02d}"),
            origin="Fictional Province",
            location="Test Town",
            pathway=pathways[i % 5],
            narrative=f"Synthetic narrative number {i} for the benchmark.",
            attributes={"officer": f"OFF-{i % 9}"},
        )
        for i in range(n)
    ]


def _timed(work: Callable[[], Any]) -> tuple[float, float]:
    """Seconds for one run (untraced), then peak traced MiB from a second run."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def _baseline(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.DictReader(handle):
            pass


def _xlsx(path: Path, records: list[Record]) -> None:
    text = io.StringIO()
    write_csv(records, text)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in csv.reader(io.StringIO(text.getvalue())):
        sheet.append(row)
    book.save(path)


def main(n: int = 100_000) -> None:
    records = _records(n)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with (base / "r.csv").open("w", encoding="utf-8", newline="") as out:
            write_csv(records, out)
        with (base / "r.jsonl").open("w", encoding="utf-8") as out:
            write_jsonl(records, out)
        small = max(1, n // 5)
        _xlsx(base / "r.xlsx", records[:small])
        runs = [
            ("csv.DictReader (baseline)", n, lambda: _baseline(base / "r.csv")),
            ("read_records csv", n, lambda: read_records(base / "r.csv")),
            ("read_records jsonl", n, lambda: read_records(base / "r.jsonl")),
            ("read_records xlsx", small, lambda: read_records(base / "r.xlsx")),
        ]
        print(f"{'reader':<28}{'rows':>9}{'seconds':>10}{'rows/s':>11}{'peak MiB':>10}")
        baseline = 0.0
        for label, rows, work in runs:
            seconds, peak = _timed(work)
            rate = rows / seconds
            baseline = baseline or rate
            print(f"{label:<28}{rows:>9}{seconds:>10.2f}{rate:>11,.0f}{peak:>10.1f}"
                  f"   {baseline / rate:.1f}x baseline time per row")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
