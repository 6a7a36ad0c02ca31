"""Rendering several formats at once, with the slow ones laid out in worker processes.

Laying out the PDF takes most of the time of a submission, and Word's charts come next.
Both are CPU-bound pure Python, so threads would queue on the interpreter lock: they go
to a small pool of worker processes instead, while this process renders the quick
formats. The workers start from a fork server that has already imported WeasyPrint and
python-docx, and each draws a one-line page when it starts so that fonts are loaded
before the first real report. The pool lives as long as the process and is reused.

If worker processes cannot be started (a locked-down host, say), every format is
rendered here, one after another: slower, never different.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tracker.domain.reports.layout import Document

# The formats worth sending to another process: the rest take a few milliseconds.
SLOW_FORMATS = ("pdf", "docx")
_PRELOADED = ("tracker.reports.pdf", "tracker.reports.word")

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_unavailable = False


def _warm_up() -> None:
    # Runs once in each worker: font discovery and the first layout are slow.
    from tracker.reports.pdf import warm_up_pdf

    warm_up_pdf()


def _new_pool() -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_PRELOADED))
    return ProcessPoolExecutor(
        max_workers=len(SLOW_FORMATS), mp_context=context, initializer=_warm_up
    )


def _shared_pool() -> ProcessPoolExecutor | None:
    global _pool, _unavailable
    with _lock:
        if _pool is None and not _unavailable:
            try:
                _pool = _new_pool()
            except (OSError, ValueError) as error:
                log.warning("Reports render in one process: %s", error)
                _unavailable = True
        return _pool


def _discard_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


def start_workers() -> None:
    """Start the worker processes now, so the first report does not wait for them."""
    pool = _shared_pool()
    if pool is not None:
        for future in [pool.submit(_warm_up) for _ in SLOW_FORMATS]:
            future.result()


def render_formats(
    document: Document, codes: Iterable[str], render: Callable[[Document, str], bytes]
) -> dict[str, bytes]:
    """Every format asked for, in the order asked; the slow ones rendered alongside."""
    wanted = list(dict.fromkeys(codes))
    slow = [code for code in wanted if code in SLOW_FORMATS]
    pool = _shared_pool() if len(wanted) > 1 and slow else None
    pending: dict[str, Future[bytes]] = {}
    if pool is not None:
        try:
            pending = {code: pool.submit(render, document, code) for code in slow}
        except (BrokenProcessPool, RuntimeError) as error:
            log.warning("Report workers unavailable, rendering here: %s", error)
            _discard_pool()
            pending = {}
    rendered = {code: render(document, code) for code in wanted if code not in pending}
    for code, future in pending.items():
        try:
            rendered[code] = future.result()
        except BrokenProcessPool as error:
            # A worker died (killed, out of memory): this report is still rendered here.
            log.warning("A report worker stopped, rendering %s here: %s", code, error)
            _discard_pool()
            rendered[code] = render(document, code)
    return {code: rendered[code] for code in wanted}
