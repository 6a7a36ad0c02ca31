"""gunicorn settings for serving ``wsgi:app`` in production (``make serve``).

Each worker is a process with its own connection pool; threads let one
worker wait on the database or a report render while others answer pages.
Every setting can be overridden on the command line or, for the counts,
through the environment.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"

# The usual two per core plus one, capped: beyond that, processes on a small
# machine compete for memory (each holds pandas and the report renderers).
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Submitting a board report renders it in five formats, the PDF in a separate
# process; two minutes leaves room on a busy machine. Requests that take
# longer than that are stuck, and the worker is restarted.
timeout = 120
graceful_timeout = 30
keepalive = 5

# Restarting each worker now and then bounds any slow growth in its memory.
max_requests = 2000
max_requests_jitter = 200

# The path without its query string: queries can carry search terms, which
# are nobody's business in a log. No client address (personal data, which the audit
# record keeps for sign-ins, and blanks after AUDIT_IP_RETENTION_DAYS), user agent or
# referrer either.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
