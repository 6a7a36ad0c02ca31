"""Settings shared by the fuzz tests.

In ``make test`` every fuzz test draws the same examples on every run, so a build
passes or fails on the code alone, never on the luck of the draw. ``make fuzz`` sets
``FUZZ_EXPLORE=1``: fresh random examples, ten times as many, to hunt for new faults.
Each fault it finds becomes a plain regression test beside the code it broke.
"""

from __future__ import annotations

import os

from hypothesis import settings

EXPLORING = os.environ.get("FUZZ_EXPLORE") == "1"


def fuzz_settings(*, max_examples: int, **options) -> settings:
    return settings(
        max_examples=max_examples * 10 if EXPLORING else max_examples,
        derandomize=not EXPLORING,
        deadline=None,
        database=None,
        **options,
    )
