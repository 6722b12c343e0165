"""The columns of the records CSV and how one row of text becomes a Record.

``docs/records-csv.md`` documents these columns; a test checks it lists
exactly :data:`COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Mapping

from uncounted.errors import InputError
from uncounted.model import Pathway, Record, Sex, UncertainDate
from uncounted.model.records import ALIAS_SEPARATOR

COLUMNS: tuple[str, ...] = (
    "record_id",
    "list",
    "name",
    "aliases",
    "sex",
    "birth_year",
    "birth_year_min",
    "birth_year_max",
    "age",
    "recorded_on",
    "origin",
    "location",
    "pathway",
    "narrative",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("record_id",)
"""Always required; ``list`` is required too unless a list name is given."""
INT_COLUMNS = ("birth_year", "birth_year_min", "birth_year_max", "age")
_SEPARATOR = ALIAS_SEPARATOR.strip()


def canonical_header(name: str) -> str:
    """A header cell as a column name: known columns match in any case."""
    name = name.strip().lstrip("\ufeff").strip()
    return name.lower() if name.lower() in COLUMNS else name


def parse_int(column: str, text: str) -> int | None:
    """A whole number, or None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text, 10)
    except ValueError:
        raise InputError(f"{column} must be a whole number", column=column) from None


def parse_date(text: str) -> UncertainDate | None:
    """An EDTF-style date, or None for an empty cell."""
    try:
        value = UncertainDate.parse(text)
    except ValueError:
        message = "recorded_on must be YYYY, YYYY-MM, YYYY-MM-DD or a range A/B"
        raise InputError(message, column="recorded_on") from None
    return value if value.known else None


def parse_aliases(text: str) -> tuple[str, ...]:
    """Aliases separated by `` | ``."""
    return tuple(part.strip() for part in text.split(_SEPARATOR) if part.strip())


def _list_name(cells: Mapping[str, str], list_name: str | None) -> str:
    cell = cells.get("list", "").strip()
    if list_name is None:
        return cell
    if cell and cell != list_name:
        raise InputError("list differs from the list named for this import", column="list")
    return list_name


def row_to_record(cells: Mapping[str, str], list_name: str | None = None) -> Record:
    """Build a Record from one row's cells (column name -> text).

    Unknown columns become ``attributes`` (empty cells dropped). Raises
    InputError naming the column of the first bad value.
    """
    get = cells.get
    ints = {column: parse_int(column, get(column, "")) for column in INT_COLUMNS}
    return Record(
        record_id=get("record_id", ""),
        list=_list_name(cells, list_name),
        name=get("name"),
        aliases=parse_aliases(get("aliases", "")),
        sex=Sex.parse(get("sex", "")),
        recorded_on=parse_date(get("recorded_on", "")),
        origin=get("origin"),
        location=get("location"),
        pathway=Pathway.parse(get("pathway", "")),
        narrative=get("narrative"),
        attributes={k: v.strip() for k, v in cells.items() if k not in COLUMNS and v.strip()},
        birth_year=ints["birth_year"],
        birth_year_min=ints["birth_year_min"],
        birth_year_max=ints["birth_year_max"],
        age=ints["age"],
    )


def record_to_row(record: Record) -> dict[str, str]:
    """The inverse of :func:`row_to_record`: the record's cells as text."""
    data = record.to_dict()
    row = {c: "" if data[c] is None else str(data[c]) for c in COLUMNS if c != "aliases"}
    row["aliases"] = ALIAS_SEPARATOR.join(record.aliases)
    row.update(record.attributes)
    return {c: row[c] for c in (*COLUMNS, *record.attributes)}
