"""Run every benchmark module in this folder (each has a ``main()``)."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks


def run_all() -> None:
    for info in pkgutil.iter_modules(benchmarks.__path__):
        if info.name.startswith("bench_"):
            print(f"== {info.name}")
            importlib.import_module(f"benchmarks.{info.name}").main()


run_all()
