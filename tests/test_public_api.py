"""The public API is explicit: a sorted ``__all__`` whose names all exist."""

import re

import uncounted


def test_all_is_sorted_and_unique() -> None:
    names = list(uncounted.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_all_names_exist() -> None:
    missing = [name for name in uncounted.__all__ if not hasattr(uncounted, name)]
    assert missing == []


def test_every_error_derives_from_root() -> None:
    errors = [getattr(uncounted, n) for n in uncounted.__all__ if n.endswith("Error")]
    assert errors
    assert all(issubclass(e, uncounted.UncountedError) for e in errors)


def test_the_names_package_exports_what_its_docstring_lists() -> None:
    """``uncounted.link.names`` documents its public API in its docstring: every
    ``name(`` or ``Name`` it shows in double backticks is exported."""
    from uncounted.link import names

    doc = names.__doc__ or ""
    shown = set(re.findall(r"``([A-Za-z_]+)\(", doc))
    shown |= {n for n in re.findall(r"``([A-Z][A-Za-z]+)``", doc) if not n.isupper()}
    assert shown, "the docstring lists no API"
    assert sorted(shown - set(names.__all__)) == []
    assert all(hasattr(names, n) for n in names.__all__)
    assert names.__all__ == sorted(names.__all__)
