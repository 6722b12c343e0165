"""Performance benchmarks; run all with ``python -m benchmarks`` or one module directly."""
