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


def test_list_sorting_offers_only_public_fields(client, make_record):
    from catalog.libraries import LIBRARIES
    from catalog.models import Demand
    from catalog.selectors import sort_options

    assert "price" in dict(sort_options(LIBRARIES["achievements"]))
    demand_sorts = dict(sort_options(LIBRARIES["demands"]))
    assert "deadline" in demand_sorts and "budget" not in str(demand_sorts)  # budgets are confidential
    a = make_record(Achievement, title="冷门成果")
    b = make_record(Achievement, title="热门成果")
    Achievement.objects.filter(pk=b.pk).update(view_count=50)
    html = client.get("/achievements/?sort=views").content.decode()
    assert html.index("热门成果") < html.index("冷门成果")
    html = client.get("/achievements/?sort=newest").content.decode()
    assert html.index("热门成果") < html.index("冷门成果")  # b was published after a
    assert a.pk and Demand
