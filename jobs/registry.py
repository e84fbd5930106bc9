"""Job kinds, registered by the apps that own the work (jobs is a ground app: it imports no other).

A job function takes ``(job: RunningJob, **params)`` (params are JSON values), reports progress
through ``job.progress(done, total, message)`` and returns a JSON-serialisable result dict. The
keys the job page understands: ``message`` (a one-line summary), ``errors`` (a list of
``{"line", "column", "message"}`` rows) and ``file`` (a storage path the starter may download).
A function that raises ends the job as failed with the exception's message.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # lazy translated
    run: Callable[..., dict]
    # Safe to run again from the start when a worker died mid-way (index, embed, refresh): the
    # broker redelivers it. A non-idempotent job (an import) is marked failed instead.
    idempotent: bool = False


_KINDS: dict[str, JobKind] = {}


class JobFailed(Exception):
    """Raised by a job function to end as failed *with* a result (e.g. an import's row errors)."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.result = result or {}


def register_job(name: str, *, label, idempotent: bool = False):
    def decorator(fn):
        _KINDS[name] = JobKind(name=name, label=label, run=fn, idempotent=idempotent)
        return fn

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} is registered") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
