"""Production serving: `gunicorn clinic.wsgi:app` from the project folder reads this file.

Every value can be changed with an environment variable, so the same file serves a single
workstation and a clinic server.
"""

import multiprocessing
import os

bind = os.environ.get("CLINIC_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and database-bound; more workers, not threads.
workers = int(os.environ.get("CLINIC_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("CLINIC_WORKER_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then: a backstop against slow memory growth (PDF rendering).
max_requests = int(os.environ.get("CLINIC_MAX_REQUESTS", 1000))
max_requests_jitter = 100
# Load the app once in the master so workers start fast and a bad configuration fails at once.
preload_app = True
# The access log names the path only (%(U)s), never the query string, which can hold a name.
accesslog = os.environ.get("CLINIC_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("CLINIC_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The error log keeps neither malformed request lines nor query strings (patient names).
logger_class = "clinic.gunicorn_logger.RedactingLogger"


def when_ready(server):
    """Warm the app in the master once it has loaded (preload_app), before any fork.

    A worker forked (or recycled after max_requests) from a warm master serves its first page
    and prints its first handout as fast as its hundredth: the page templates are compiled and
    the PDF libraries, fonts and stylesheets loaded already (clinic/warm_up.py).
    """
    from clinic.warm_up import warm_up

    # CLINIC_WARM_HANDOUTS=0 is for measuring what the handout warm-up saves (benchmarks/first_print.py).
    handouts = os.environ.get("CLINIC_WARM_HANDOUTS", "1") != "0"
    try:
        warm_up(server.app.wsgi(), handouts=handouts)
    except Exception as error:  # serve anyway: a cold worker is slower, not wrong
        server.log.warning("warm-up failed: %s", type(error).__name__)
