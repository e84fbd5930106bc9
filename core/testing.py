"""Helpers for the platform's own tests (imported by test modules only)."""

import threading
from collections.abc import Callable


def run_in_parallel(
    n: int, fn: Callable[[int], object], *, alongside: Callable[[], object] | None = None
) -> tuple[list, list[Exception]]:
    """Run ``fn(0) … fn(n-1)`` in ``n`` threads released together by a barrier, each on its own
    database connection (closed afterwards), and return (results, errors) for the caller to assert:
    every PostgreSQL concurrency test (grants, loans, placements, pools, registrations, bookings,
    vouchers, bids) uses it.

    ``alongside``: run in the calling thread once the threads have started, before they are joined
    (e.g. closing an auction while bidders race; it must make the threads stop, by an Event they
    watch). Its exceptions propagate after the threads are joined."""
    barrier, errors, results = threading.Barrier(n), [], []

    def worker(i):
        from django.db import connections

        try:
            barrier.wait()
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    try:
        if alongside is not None:
            alongside()
    finally:
        for t in threads:
            t.join()
    return results, errors
