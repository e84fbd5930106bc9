"""The consultation rate limit: DRF's per-user throttle (the platform's existing mechanism, the same
cache-backed counters as the account throttles in accounts.security), one counter per user shared by
the web form and the API. Rate: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["consultation"]``
(env ``CONSULTATION_THROTTLE_RATE``, default 10/hour). It counts what an asker writes (new threads
and follow-ups); the answering side is never throttled."""

from rest_framework.throttling import UserRateThrottle


class ConsultationThrottle(UserRateThrottle):
    scope = "consultation"


def allow(request) -> bool:
    """Count one message of ``request.user`` and say whether it is within the rate."""
    return ConsultationThrottle().allow_request(request, None)
