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
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from tracker.domain.reports.layout import Document

# The formats worth sending to another process: the rest take a few milliseconds.
SLOW_FORMATS = ("pdf", "docx")
# Far longer than any report takes; a worker that has not answered by then is stuck.
RESULT_TIMEOUT_SECONDS = 300
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


def _discard_pool(broken: ProcessPoolExecutor) -> None:
    """Stop using a broken pool; the next report starts a new one. Renders other requests
    have queued on it fail over to their own process (see ``render_formats``)."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False)


def start_workers() -> None:
    """Start the worker processes now, so the first report does not wait for them."""
    pool = _shared_pool()
    if pool is not None:
        for future in [pool.submit(_warm_up) for _ in SLOW_FORMATS]:
            future.result(timeout=RESULT_TIMEOUT_SECONDS)


def start_workers_soon() -> None:
    """Start the workers in the background: for a page that leads to a submission."""
    if _pool is None and not _unavailable:
        threading.Thread(target=_start_quietly, name="report-workers", daemon=True).start()


def _start_quietly() -> None:
    try:
        start_workers()
    except (BrokenProcessPool, FutureTimeout, OSError) as error:
        log.warning("Report workers did not start: %s", error)


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
            _discard_pool(pool)
            pending = {}
    rendered = {code: render(document, code) for code in wanted if code not in pending}
    for code, future in pending.items():
        rendered[code] = _result_or_render_here(future, pool, document, code, render)
    return {code: rendered[code] for code in wanted}


def render_apart(document: Document, code: str, render: Callable[[Document, str], bytes]) -> bytes:
    """One format for a web request, the slow ones laid out in a worker process.

    Not for speed: a gunicorn worker answers several requests on threads, and a PDF laid
    out here would hold the interpreter lock for seconds, stalling every page the worker's
    other threads are answering meanwhile. In the load test that made page times several
    times longer whenever someone downloaded a report.
    """
    pool = _shared_pool() if code in SLOW_FORMATS else None
    if pool is None:
        return render(document, code)
    try:
        future = pool.submit(render, document, code)
    except (BrokenProcessPool, RuntimeError) as error:
        log.warning("Report workers unavailable, rendering here: %s", error)
        _discard_pool(pool)
        return render(document, code)
    return _result_or_render_here(future, pool, document, code, render)


def _result_or_render_here(future, pool, document, code, render) -> bytes:
    try:
        return future.result(timeout=RESULT_TIMEOUT_SECONDS)
    except (BrokenProcessPool, CancelledError, FutureTimeout) as error:
        # A worker died (killed, out of memory) or stuck: the report is still rendered.
        log.warning("A report worker failed, rendering %s here: %r", code, error)
        _discard_pool(pool)
        return render(document, code)
