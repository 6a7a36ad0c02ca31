"""Python's cycle collector held off while a report is laid out.

Laying out a PDF makes millions of small objects, and the collector keeps stopping to
look through them (and through everything else the process holds) for cycles, of which
a report leaves almost none: held off, the same PDF takes about a fifth less time, and
no more memory. It runs again, as usual, once the last report being laid out in the
process is done. The collector is process-wide, so reports laid out at the same time in
one process (threads of a web worker) share one pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_laying_out = 0  # reports being laid out in this process now
_was_enabled = True


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    global _laying_out, _was_enabled
    with _lock:
        if _laying_out == 0:
            # Left as it was found: a process that runs without the collector keeps it off.
            _was_enabled = gc.isenabled()
            gc.disable()
        _laying_out += 1
    try:
        yield
    finally:
        with _lock:
            _laying_out -= 1
            if _laying_out == 0 and _was_enabled:
                gc.enable()
