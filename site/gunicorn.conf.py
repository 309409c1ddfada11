"""gunicorn settings for Anxin (``gunicorn -c site/gunicorn.conf.py anxin.wsgi``).

Threads rather than more processes: pages are mostly served from the cache and
the rest wait on the database; each worker loads the Chinese segmenter once.
"""

import multiprocessing
import os

# Loopback by default: the TLS proxy in front is the only client (the site trusts its
# X-Forwarded-Proto/-For). The container sets GUNICORN_BIND=0.0.0.0:8000 itself.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = 30
graceful_timeout = 30
keepalive = 5
# gunicorn's maximum request line: a search of 500 Chinese characters (the API's documented
# limit, ≈ 4.5 KB percent-encoded) plus filters fits; longer ones get the API's JSON 414.
limit_request_line = 8190
max_requests = 5000
max_requests_jitter = 500
preload_app = True
accesslog = "-"
# No query strings or client addresses in the access log: readers' searches are personal.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def worker_exit(server, worker):
    """A worker leaving (restart, max_requests, shutdown) writes the page views it counted."""
    from content.readership.counting import flush_at_exit

    flush_at_exit()
