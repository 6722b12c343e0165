"""Property: any valid record survives CSV and JSON Lines writing and reading unchanged."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uncounted.intake import COLUMNS, read_records
from uncounted.intake.csv_file import write_csv
from uncounted.intake.jsonl_file import write_jsonl
from uncounted.model import Pathway, Record, Sex, UncertainDate

# Latin, Hangul and Han letters, digits, CSV-hostile punctuation, line breaks and the
# Unicode line separators that naive line splitting would break on.
ALPHABET = st.sampled_from(list("aZé 가나다测试甲0,;\"'\n\r\t\u2028\u0085-/"))
text = st.text(ALPHABET, max_size=12)
ident = st.text(st.sampled_from(list("AZaz09-_.가测")), min_size=1, max_size=8)
years = st.integers(1900, 2100)
dates = st.sampled_from(["2018", "2019-05", "2020-02-29", "2017/2018", "../2019", "2001-01/.."])


@st.composite
def records(draw: st.DrawFn) -> Record:
    low, high = sorted((draw(years), draw(years)))
    keys = st.text(st.sampled_from(list("abc_xyz")), min_size=1, max_size=6).filter(
        lambda k: k not in COLUMNS
    )
    return Record(
        record_id=draw(ident),
        list=draw(ident),
        name=draw(text),
        aliases=tuple(draw(st.lists(text.map(lambda t: t.replace("|", "")), max_size=3))),
        sex=draw(st.sampled_from(list(Sex))),
        birth_year=draw(st.none() | st.integers(low, high)),
        birth_year_min=low,
        birth_year_max=high,
        age=draw(st.none() | st.integers(0, 120)),
        recorded_on=draw(st.none() | dates.map(UncertainDate.parse)),
        origin=draw(text),
        location=draw(text),
        pathway=draw(st.sampled_from(list(Pathway))),
        narrative=draw(text),
        attributes=draw(st.dictionaries(keys, text, max_size=2)),
    )


def _unique(batch: list[Record]) -> list[Record]:
    return list({r.record_id: r for r in batch}.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=6).map(_unique))
def test_csv_and_jsonl_round_trip(batch: list[Record]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for suffix, writer in ((".csv", write_csv), (".jsonl", write_jsonl)):
            buffer = io.StringIO(newline="")
            writer(batch, buffer)
            path = Path(folder) / f"r{suffix}"
            path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
            assert read_records(path) == batch, suffix
