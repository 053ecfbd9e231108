"""CPU timing for the linearity tests (CPU, not wall: the machine is shared)."""

import time
from typing import Any, Callable


def cpu_seconds(function: Callable[[Any], object], argument: Any, repeat: int = 3) -> float:
    """The best of ``repeat`` CPU times of ``function(argument)``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function(argument)
        best = min(best, time.process_time() - start)
    return best
