"""The search index as a health check (registered with core.health in MatchingConfig.ready)."""

import dataclasses

from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class SearchIndex(HealthCheck):
    def run(self):
        from .indexing import check_index

        try:
            check_index()
        except Exception as exc:
            raise ServiceUnavailable("search index unavailable") from exc
