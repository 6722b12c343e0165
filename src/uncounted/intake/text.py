"""Decoding text files: UTF-8 (with or without BOM), UTF-16 with BOM, or a named encoding.

Nothing is guessed: a file that is not valid in the expected encoding is
refused with the line of the first undecodable byte, so names in Hangul or Han
script are never silently garbled.
"""

from __future__ import annotations

import codecs

from uncounted.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_HINT = "save it as UTF-8, or name its encoding (e.g. --encoding cp949 or gb18030)"


def _encoding_of(data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError("unknown text encoding", column="encoding") from None
        return encoding
    return next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")


def decode(data: bytes, file: str, encoding: str | None = None) -> str:
    """The text of a file's bytes; InputError naming the line of the first bad byte."""
    if not data.strip():
        raise InputError("file is empty", file=file)
    name = _encoding_of(data, encoding)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"file is not valid {name} text: {ENCODING_HINT}"
        raise InputError(message, file=file, line=line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("file holds NUL bytes: it looks binary, not text", file=file, line=line)
    return text
