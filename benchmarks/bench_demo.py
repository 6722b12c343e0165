"""Time and peak memory of ``uncounted demo`` (default scenario) beside the simulate step alone.

Each command runs in a fresh Python process (imports included, install excluded);
peak memory is that process's maximum resident set size. Target for the demo:
at most 60 s and 2 GB on 2 cores. Run: ``python -m benchmarks.bench_demo``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNNER = """
import resource, sys
from uncounted.cli import main
sys.argv = ["uncounted", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code or 0)
"""


def measure(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MB of ``uncounted ARGS`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"uncounted {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK_KB")]
    return seconds, int(peak[-1].split()[1]) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [
            ("baseline: uncounted simulate", measure(["simulate", "--out", f"{folder}/sim"])),
            ("uncounted demo", measure(["demo", "--out", f"{folder}/demo", "--json"])),
        ]
    print(f"{'command':<32} {'seconds':>8} {'peak MB':>8}   target: demo <= 60 s, <= 2048 MB")
    for name, (seconds, peak) in rows:
        print(f"{name:<32} {seconds:>8.1f} {peak:>8.0f}")
    demo_s, demo_mb = rows[1][1]
    print(
        f"demo within target: {demo_s <= 60 and demo_mb <= 2048} "
        f"({demo_s / rows[0][1][0]:.1f}x the simulate step)"
    )


if __name__ == "__main__":
    main()
