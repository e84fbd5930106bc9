"""Issue 9: schemathesis over the whole API, anonymous and with a token: no server error.

Bounded: ``FUZZ_EXAMPLES`` examples per operation (default 3) and per caller, which with the
API's ~80 operations keeps the run to a few minutes on the 2-core machine. Run alone with
``pytest -m fuzz``; the full suite runs it too.

The schema is read from the running app (``/api/schema/``) inside the test, where the test
database exists; each operation then gets its own bounded Hypothesis run, and every failure is
collected, so one run reports all operations that answer with a server error.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
BOUNDS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, in bounded time
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def api(settings):
    from django.core.wsgi import get_wsgi_application

    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis calls the app as localhost
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def _fuzz(api, headers) -> list:
    failures = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 50
    for operation in operations:

        @BOUNDS
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.method, case.formatted_path, response.status_code)

        try:
            run()
        except AssertionError as exc:
            failures.append(str(exc)[:300])
    return failures


def test_api_anonymous_without_server_error(api):
    assert _fuzz(api, {}) == []


def test_api_with_token_without_server_error(api, make_user, enterprise):
    from accounts.tokens import token_issue

    _row, text = token_issue(user=make_user(org=enterprise))
    assert _fuzz(api, {"Authorization": f"Token {text}"}) == []
