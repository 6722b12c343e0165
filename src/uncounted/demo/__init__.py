"""``uncounted demo``: the whole system on a simulated world, stage by stage.

Stages are registered in :data:`uncounted.demo.stages.STAGES`; see that module
to plug in a new analysis.
"""

from uncounted.demo.run import DEMO_PASSPHRASE, DemoResult, run_demo
from uncounted.demo.stages import STAGES, DemoContext, Quantity, StageOutput, StageSpec

__all__ = [
    "DEMO_PASSPHRASE",
    "STAGES",
    "DemoContext",
    "DemoResult",
    "Quantity",
    "StageOutput",
    "StageSpec",
    "run_demo",
]
