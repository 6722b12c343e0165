"""The shipped name tables are the ones computed from the cited sources."""

from __future__ import annotations

import subprocess
import sys

from uncounted.link.names import hanja, latin, spelled
from uncounted.link.names.tables import DATA, TABLES, table_texts


def test_shipped_tables_equal_the_computed_ones() -> None:
    """``data/korean_syllable_keys.tsv``, ``data/pinyin_readings.tsv`` and
    ``data/korean_spellings.tsv`` are what the romanisation rules, Unihan and pypinyin
    give today (regenerate with
    ``python -m uncounted.link.names.tables`` when this fails)."""
    texts = table_texts()
    assert sorted(texts) == sorted(TABLES)
    for name, text in texts.items():
        assert (DATA / name).read_text("utf-8") == text, name


def test_read_tables_give_the_computed_keys() -> None:
    """The tables as the linkage reads them: the same keys, costs and counts as the
    eager computation, so every segmentation and reading is unchanged."""
    assert latin._korean_inventory() == latin.compute_korean_inventory()
    assert hanja._pinyin_index() == hanja.compute_pinyin_index()
    assert spelled._index() == spelled.compute_spelling_index()
    assert len(latin._korean_inventory()) > 1000
    assert "진" in hanja.readings_of_pinyin("jin")
    assert latin.segment_pinyin("minghui") == ["ming", "hui"]
    assert latin.segment_korean(latin.fine_key("myonghui")) == ["myonk", "hi"]


def test_latin_names_need_no_pypinyin() -> None:
    """Keys of Latin and Hangul names are built without importing pypinyin (about a
    third of a second); a Han name still gets its pinyin."""
    code = (
        "import sys; from uncounted.link.names.keys import name_keys;"
        "name_keys('Kim Myong Hui'); name_keys('Jin Minghui'); name_keys('김명희');"
        "print('pypinyin' in sys.modules);"
        "from uncounted.link.names.hanja import pinyin; print(pinyin('明'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "['ming']"]


def test_simplified_forms_lead_to_characters_with_a_korean_reading() -> None:
    """``data/unihan_traditional.tsv`` (Unihan kTraditionalVariant, Unicode 15.0.0; see
    ``data/SOURCES.md``) maps only characters without a Korean reading, each to
    traditional forms that have one."""
    lines = (DATA / "unihan_traditional.tsv").read_text("utf-8").splitlines()
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(rows) > 2000
    for simplified, forms in rows:
        assert len(simplified) == 1 and not hanja.hangul_readings(simplified), simplified
        assert all(hanja.hangul_readings(form) for form in forms.split()), simplified
    assert dict(rows)["张"] == "張" and dict(rows)["银"] == "銀"
