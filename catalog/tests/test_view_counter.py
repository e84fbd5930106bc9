"""The view counter counts a visitor once per record per day (issue 10)."""

import pytest

from catalog.models import Achievement

pytestmark = pytest.mark.django_db


def test_reloads_do_not_count_twice(client, make_record, member):
    record = make_record(Achievement, title="计数成果")
    url = record.get_absolute_url()
    for _ in range(3):
        assert client.get(url).status_code == 200
    client.get(url, HTTP_USER_AGENT="another browser")  # another anonymous visitor
    client.force_login(member)
    client.get(url)
    client.get(url)
    record.refresh_from_db()
    assert record.view_count == 3
