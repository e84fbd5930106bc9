import pytest

from patents.models import PatentPool
from patents.tests.conftest import KNOWN_FACTS


@pytest.fixture
def sample(make_patent):
    return [
        make_patent(
            kind="B", publication_number="CN111504366B", title="一种光伏逆变器", ipc_subclasses="H02S", **KNOWN_FACTS
        ),
        make_patent(kind="U", title="一种无人机机臂", ipc_subclasses="B64C"),
        make_patent(kind="A", title="一种目标检测方法", ipc_codes="G06V10/82", legal_status="pending"),
    ]


@pytest.mark.django_db
def test_patent_list_filters(client, sample):
    def numbers(**params):
        body = client.get("/api/v1/patents/", params).json()
        return [row["publication_number"] for row in body["results"]]

    assert len(numbers()) == 3
    assert numbers(pool="photovoltaic") == ["CN111504366B"]
    assert numbers(ipc="B64C") == [sample[1].publication_number]
    assert numbers(ipc="G06V10") == [sample[2].publication_number]
    assert numbers(type="utility") == [sample[1].publication_number]
    assert numbers(status="pending") == [sample[2].publication_number]
    assert numbers(q="逆变器") == ["CN111504366B"]
    assert numbers(high_value="true") == ["CN111504366B"]
    row = client.get("/api/v1/patents/", {"pool": "drones"}).json()["results"][0]
    assert row["pools"] == ["drones"] and row["ipc_subclasses"] == ["B64C"]


@pytest.mark.django_db
def test_patent_detail_has_breakdown(client, sample):
    body = client.get("/api/v1/patents/CN111504366B/").json()
    assert body["high_value"] and body["score_breakdown"]["verdict"].startswith("高价值专利")
    assert {i["key"] for i in body["score_breakdown"]["items"]} >= {"strategic_industry", "remaining_term"}
    assert client.get("/api/v1/patents/CN000000000A/").status_code == 404


@pytest.mark.django_db
def test_pools_read_and_operator_update(client, sample, member, operator):
    rows = client.get("/api/v1/patent-pools/").json()["results"]
    counts = {r["slug"]: r["patent_count"] for r in rows}
    assert counts["photovoltaic"] == 1 and counts["drones"] == 1 and len(rows) == 6
    assert client.patch(
        "/api/v1/patent-pools/drones/", {"keyword_rules": "机臂"}, content_type="application/json"
    ).status_code in (401, 403)
    client.force_login(member)
    response = client.patch("/api/v1/patent-pools/drones/", {"keyword_rules": "机臂"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(operator)
    bad = client.patch("/api/v1/patent-pools/drones/", {"ipc_rules": "无人机"}, content_type="application/json")
    assert bad.status_code == 400 and "ipc_rules" in bad.json()["error"]["fields"]
    ok = client.patch(
        "/api/v1/patent-pools/drones/", {"ipc_rules": "", "keyword_rules": "检测方法"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["patent_count"] == 1
    assert PatentPool.objects.get(slug="drones").keyword_rules == "检测方法"


@pytest.mark.django_db
def test_ipc_endpoints(client):
    sections = client.get("/api/v1/ipc/", {"level": "section"}).json()
    assert sections["count"] == 8
    classes = client.get("/api/v1/ipc/", {"parent": "h"}).json()
    assert all(row["parent"] == "H" for row in classes["results"])
    body = client.get("/api/v1/ipc/H01L/").json()
    assert body["in_current_edition"] is False and body["title"].startswith("半导体器件")
