"""``/health/`` for load balancers, built on django-health-check's checks.

Checks: the database; Redis when ``REDIS_URL`` is set; a live Celery worker when
``HEALTH_CHECK_CELERY`` (default: on with Redis); and every check another app registers
(matching registers the search index). HTTP 200 when all pass, 503 otherwise.

Anonymous callers (the load balancer) get ``{"status": "ok"|"unavailable", "checks": {name: "ok"|
"unavailable"}}``: no hosts, versions or error texts. A superuser gets the error texts too.
"""

import asyncio
import dataclasses

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.views import HealthCheckView

_EXTRA: list[tuple[str, type[HealthCheck]]] = []


def register_check(name: str, check: type[HealthCheck]) -> None:
    """Add a check (a django-health-check ``HealthCheck`` class) under a public ``name``."""
    if all(existing != name for existing, _c in _EXTRA):
        _EXTRA.append((name, check))


def configured_checks() -> list[tuple[str, HealthCheck]]:
    checks: list[tuple[str, HealthCheck]] = [("database", Database())]
    if settings.REDIS_URL:
        from health_check.contrib.redis import Redis
        from redis.asyncio import Redis as RedisClient

        url = settings.REDIS_URL
        checks.append(("redis", Redis(client_factory=lambda: RedisClient.from_url(url, socket_timeout=2))))
    if settings.HEALTH_CHECK_CELERY:
        from health_check.contrib.celery import Ping

        checks.append(("celery", Ping()))
    checks.append(("media", WritableDirectory(setting="MEDIA_ROOT")))
    checks += [(name, cls()) for name, cls in _EXTRA]
    return checks


class HealthView(HealthCheckView):
    async def get(self, request, *args, **kwargs):
        named = configured_checks()
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for _name, check in named))
        healthy = not any(result.error for result in results)
        detailed = await sync_to_async(lambda: request.user.is_authenticated and request.user.is_superuser)()
        checks = {
            name: ("ok" if not result.error else (str(result.error) if detailed else "unavailable"))
            for (name, _check), result in zip(named, results, strict=True)
        }
        return JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
        )


@dataclasses.dataclass
class WritableDirectory(HealthCheck):
    """A directory the application writes to (media, index) exists and is writable."""

    setting: str = "MEDIA_ROOT"

    def run(self):
        import os

        from health_check.exceptions import ServiceUnavailable

        path = getattr(settings, self.setting)
        os.makedirs(path, exist_ok=True)  # a fresh installation has no uploads yet
        if not os.path.isdir(path) or not os.access(path, os.W_OK):
            raise ServiceUnavailable(f"{self.setting} is not a writable directory")
