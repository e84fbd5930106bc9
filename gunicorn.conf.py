"""Settings of the web server (gunicorn reads ./gunicorn.conf.py from its working directory:
`make serve`, .ci/smoke and `python -m bench pages` all start it from the repository root).
Command-line flags override what is set here.

Memory (issue 19, `python -m bench worker_memory`): each sync worker used to import Django and
the project and build the Chinese segmenter (rjieba's dictionary plus the domain words, OpenCC's
tables) on its own: about 105 MiB of private memory per worker before the first request.
``preload_app`` imports the project once in the master and ``when_ready`` loads the segmenter
there, so the workers share those pages copy-on-write; the garbage collector is kept off while
the master imports and ``gc.freeze()`` moves everything the master built out of its reach, so a
collection in a worker does not write to (and so copy) the shared pages. Nothing that opens a
file descriptor, a thread or a connection is loaded before the fork: the search indexes, the
vector files and the embedding model open lazily in each worker, and the master closes any
database connection before forking.

Trade-off: with the code preloaded, ``kill -HUP`` restarts the workers from the master's copy of
the code, so it no longer picks up a new release; deploy with ``kill -USR2`` (a new master with
the new code) and then ``kill -QUIT`` the old master, or restart the service.

``max_requests`` (with jitter) recycles a worker after a bounded number of requests, so slow heap
growth and fragmentation stay bounded; ``post_request`` hands freed heap pages back to the
system (a collection of cyclic garbage, then glibc ``malloc_trim``: ``matching.index.trim_heap``,
which loads the C library with the same helper as the index's ``madvise``) every ``TRIM_EVERY`` requests,
and after every ``RELEASE_EVERY`` requests (setting ``GUNICORN_RELEASE_EVERY``, default 1; 0 turns
it off) unmaps the pages of the search index and vector files that the request read
(``matching.index.release_mapped_pages``): they stay in the kernel's page cache, one copy for all
workers, but no longer count in this worker's resident set (issue 19: they were ~255 MiB of each
worker's ~450 MiB at 100k records). About 1 ms per request, after the response has been written.
"""

import gc
import os

preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The master imports the whole project: no collections while it does (fewer freed holes in pages
# that the workers will share); when_ready turns collections back on after freezing.
gc.disable()

TRIM_EVERY = 20
RELEASE_EVERY = int(os.environ.get("GUNICORN_RELEASE_EVERY", "1"))
_served = 0


def when_ready(server):
    """In the master, after the application is imported and before the first fork."""
    from django.db import connections

    from matching.analysis import warm_up

    warm_up()
    connections.close_all()
    gc.collect()
    gc.freeze()
    gc.enable()


def pre_fork(server, worker):
    # Objects the master made since (a restarted worker's fork) join the frozen generation too.
    gc.freeze()


def post_request(worker, req, environ, resp):
    global _served
    _served += 1
    if RELEASE_EVERY > 0 and _served % RELEASE_EVERY == 0:
        from matching.index import release_mapped_pages

        release_mapped_pages()
    if _served % TRIM_EVERY == 0:
        from matching.index import trim_heap

        gc.collect()
        trim_heap()
