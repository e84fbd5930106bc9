import datetime as dt

import pytest

from matching.sources import get_source
from monitoring.metrics import get_metric
from patents.tests.conftest import KNOWN_FACTS


@pytest.mark.django_db
def test_matching_source(make_patent):
    patent = make_patent(
        kind="B", title="一种光伏逆变器", ipc_subclasses="H02S|H02J", abstract="逆变器摘要", **KNOWN_FACTS
    )
    source = get_source("patents")
    assert source.label == "专利"
    docs = list(source.documents())
    assert [d.id for d in docs] == [patent.id]
    doc = source.document_for(patent.id)
    assert doc.kind == "patents" and doc.ipc == ["H02S", "H02J"] and doc.chains == ["photovoltaic"]
    assert "逆变器摘要" in doc.text
    assert doc.extra["high_value"] and doc.extra["high_value_score"] == patent.value_score
    assert doc.extra["type"] == "invention" and doc.extra["legal_status"] == ""
    assert source.url_for(patent.id) == patent.get_absolute_url()
    assert source.document_for(999999) is None


@pytest.mark.django_db
def test_metrics(make_patent):
    make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S", **KNOWN_FACTS)
    make_patent(kind="B", title="一种光伏组件", ipc_subclasses="H02S")  # in the pool, too little known
    make_patent(kind="U", title="一种光伏支架", ipc_subclasses="H02S")
    make_patent(kind="U", title="一种椅子", ipc_subclasses="A47C")
    today = dt.date.today()
    pool_metric, hv_metric = get_metric("pool_patents"), get_metric("high_value_patents")
    assert pool_metric.cumulative and pool_metric.unit == "件" and "pool" in pool_metric.breakdowns
    assert pool_metric.compute(today, today) == 3
    assert hv_metric.compute(today, today) == 1
    assert pool_metric.compute(today - dt.timedelta(days=400), today - dt.timedelta(days=365)) == 0
    assert pool_metric.breakdown(today, today, "pool")["光伏"] == 3
    assert hv_metric.breakdown(today, today, "pool") == {
        "氢能": 0,
        "光伏": 1,
        "智能网联汽车": 0,
        "无人机": 0,
        "人工智能": 0,
        "生物医药": 0,
    }
