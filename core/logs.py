"""Structured logs: one JSON object per line, a request id per request carried into Celery tasks.

- ``RequestIdMiddleware`` takes ``X-Request-ID`` from the reverse proxy (or makes one), returns it
  in the response header and logs one ``request`` line per request (method, path, status, ms, user id).
- ``JsonFormatter`` writes every log record as JSON with the current request id.
- Celery: the id travels in the task's headers (``before_task_publish``) and is set again in the
  worker (``task_prerun``), so a task's log lines carry the id of the request that enqueued it.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
request_logger = logging.getLogger("techmarket.request")

# Standard LogRecord attributes: everything else passed in ``extra`` goes into the JSON line.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token:
    return _request_id.set(value)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            data["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RESERVED and key not in data and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            _request_id.reset(token)


@before_task_publish.connect(dispatch_uid="core.logs.publish")
def _add_request_id(headers=None, **kwargs):
    if headers is not None and current_request_id():
        headers["request_id"] = current_request_id()


@task_prerun.connect(dispatch_uid="core.logs.prerun")
def _restore_request_id(task=None, **kwargs):
    request_id = getattr(task.request, "request_id", None) if task is not None else None
    if not request_id and task is not None:
        request_id = (getattr(task.request, "headers", None) or {}).get("request_id")
    task._request_id_token = _request_id.set(request_id or current_request_id())


@task_postrun.connect(dispatch_uid="core.logs.postrun")
def _clear_request_id(task=None, **kwargs):
    token = getattr(task, "_request_id_token", None)
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # reset from another context (eager tasks inside a request)
            _request_id.set("")
        task._request_id_token = None
