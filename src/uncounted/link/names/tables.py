"""Regenerate the name tables computed from the cited sources (``data/SOURCES.md``).

``python -m uncounted.link.names.tables`` writes ``data/korean_syllable_keys.tsv``
(:func:`~uncounted.link.names.latin.compute_korean_inventory`),
``data/pinyin_readings.tsv`` (:func:`~uncounted.link.names.hanja.compute_pinyin_index`)
and ``data/korean_spellings.tsv``
(:func:`~uncounted.link.names.spelled.compute_spelling_index`)
beside the package's other tables; the linkage reads them instead of computing them
on every run.
"""

from __future__ import annotations

from pathlib import Path

from uncounted.link.names.hanja import compute_pinyin_index, pinyin_index_text
from uncounted.link.names.latin import compute_korean_inventory, korean_inventory_text
from uncounted.link.names.spelled import compute_spelling_index, spelling_index_text

__all__ = ["TABLES", "main", "table_texts"]

DATA = Path(__file__).parent / "data"
TABLES = ("korean_spellings.tsv", "korean_syllable_keys.tsv", "pinyin_readings.tsv")


def table_texts() -> dict[str, str]:
    """File name → the text the computation gives today."""
    return {
        "korean_syllable_keys.tsv": korean_inventory_text(compute_korean_inventory()),
        "pinyin_readings.tsv": pinyin_index_text(compute_pinyin_index()),
        "korean_spellings.tsv": spelling_index_text(compute_spelling_index()),
    }


def main() -> None:
    for name, text in table_texts().items():
        (DATA / name).write_text(text, encoding="utf-8")
        print(f"wrote {DATA / name}")


if __name__ == "__main__":
    main()
