"""core.bulk.insert_new: the same rows as bulk_create, ids set, nothing half-written.

Runs on the configured engine (SQLite: executemany; PostgreSQL: COPY); the PostgreSQL-only checks
(ids from the table's sequence, a later ordinary insert not colliding) are marked postgres.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.bulk import insert_new
from patents.models import Patent, PoolMembership

NOW = timezone.now()


def _patents(prefix: str) -> list[Patent]:
    full = Patent(
        publication_number=f"CN{prefix}1504366B",
        application_number="201710601862.3",
        patent_type="invention",
        title='一种质子交换膜燃料电池 "引号" 与 \\ 反斜杠\t制表',
        abstract="多行\n摘要",
        claims_count=12,
        ipc_codes=",H01M8/0612,",
        ipc_subclasses=",H01M,",
        applicants=["西安交通大学", "某某公司"],
        inventors=["张三"],
        application_date=dt.date(2017, 7, 20),
        publication_date=dt.date(2017, 11, 1),
        grant_date=dt.date(2020, 5, 8),
        legal_status="granted",
        family_size=3,
        overseas_family=True,
        cited_by_count=4,
        years_maintained=None,
        pledge_amount=Decimal("1200.50"),
        award="china_patent_excellence",
        value_score=55,
        high_value=True,
        score_breakdown={"total": 55, "items": [{"key": "claims", "met": None, "value": "12"}]},
        source="测试",
        updated_at=NOW,
    )
    bare = Patent(publication_number=f"CN{prefix}4081026A", patent_type="invention", title="最少字段")
    return [full, bare]


def _rows(numbers: list[str]) -> list[dict]:
    skip = {"id", "created_at", "publication_number", "updated_at"}
    return [
        {k: v for k, v in row.items() if k not in skip}
        for row in Patent.objects.filter(publication_number__in=numbers).order_by("publication_number").values()
    ]


@pytest.mark.django_db
def test_insert_new_writes_what_bulk_create_writes_and_sets_ids():
    reference = _patents("11")
    Patent.objects.bulk_create(reference)
    fast = _patents("12")
    insert_new(Patent, fast, key="publication_number")
    assert all(p.pk and not p._state.adding for p in fast)
    by_id = {p.pk: p.publication_number for p in fast}
    assert dict(Patent.objects.filter(pk__in=by_id).values_list("pk", "publication_number")) == by_id
    assert _rows([p.publication_number for p in fast]) == _rows([p.publication_number for p in reference])
    stored = Patent.objects.get(pk=fast[0].pk)
    assert stored.created_at is not None and stored.updated_at == NOW  # auto_now_add filled, given kept
    assert stored.applicants == ["西安交通大学", "某某公司"] and stored.pledge_amount == Decimal("1200.50")


@pytest.mark.django_db
def test_insert_new_without_key_and_empty_list():
    insert_new(Patent, [], key="publication_number")  # nothing to do
    patent = _patents("13")[1]
    insert_new(Patent, [patent], key="publication_number")
    from patents.models import PatentPool

    pool = PatentPool.objects.first()
    insert_new(PoolMembership, [PoolMembership(pool=pool, patent=patent, via="rule", reason="H01M")], key=None)
    assert PoolMembership.objects.get(patent=patent).reason == "H01M"


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # a flush without it renumbers content types for the later serialized tests
def test_insert_new_duplicate_writes_nothing():
    insert_new(Patent, _patents("14")[:1], key="publication_number")
    again = _patents("14") + _patents("15")  # the first one exists already
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new(Patent, again, key="publication_number")
    assert Patent.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and sequences are PostgreSQL's")
def test_copy_takes_ids_from_the_sequence_so_later_inserts_do_not_collide():
    first = _patents("16")
    insert_new(Patent, first, key="publication_number")
    later = Patent.objects.create(publication_number="CN174081026A", patent_type="invention", title="之后")
    assert later.pk > max(p.pk for p in first)
    # Another COPY after an ordinary insert continues the same sequence.
    second = _patents("18")
    insert_new(Patent, second, key="publication_number")
    assert min(p.pk for p in second) > later.pk
    assert _rows([p.publication_number for p in first])[0]["score_breakdown"]["items"][0]["value"] == "12"
