"""The public API is explicit: a sorted ``__all__`` whose names all exist."""

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
