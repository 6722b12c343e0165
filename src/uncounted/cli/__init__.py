"""The ``uncounted`` command line: thin adapters over the core library.

Each area registers its commands in its own module (``cli/<area>.py``); every
command parses its input, calls one core function and renders the result.
"""

from __future__ import annotations

from uncounted.cli.app import app, main

__all__ = ["app", "main"]
