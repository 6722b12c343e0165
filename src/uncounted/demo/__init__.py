"""``uncounted demo``: the whole system on a simulated world, stage by stage.

Stages are registered in :data:`uncounted.demo.stages.STAGES`; see that module
to plug in a new analysis.
"""

from uncounted.demo.run import DemoResult, new_demo_passphrase, run_demo
from uncounted.demo.stages import STAGES, DemoContext, Quantity, StageOutput, StageSpec

__all__ = [
    "STAGES",
    "DemoContext",
    "DemoResult",
    "Quantity",
    "StageOutput",
    "StageSpec",
    "new_demo_passphrase",
    "run_demo",
]
