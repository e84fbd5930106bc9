"""亩均论英雄 (seed 002 4.4): the composite grade of one park recomputed by hand."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from monitoring import services
from monitoring.models import ParkEvaluation, ParkPlanTarget
from monitoring.services import permu

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_parks(operator):
    p1, p2 = [t.park for t in ParkPlanTarget.objects.select_related("park").order_by("park__name")[:2]]
    figures = {
        p1: ("1000", dict(investment=50000, output=200000, tax=20000, value_added=60000, energy=30000)),
        p2: ("500", dict(investment=40000, output=50000, tax=5000, value_added=20000, energy=20000)),
    }
    for park, (land, values) in figures.items():
        services.park_land_area_set(park=park, by=operator, land_area_mu=Decimal(land), source="管委会（演示）")
        services.park_year_save(
            park=park, year=2025, by=operator, evidence="演示", **{k: Decimal(v) for k, v in values.items()}
        )
    return p1, p2


def test_composite_grade_recomputes_by_hand(two_parks, settings):
    p1, p2 = two_parks
    rows = {r.park: r for r in permu.evaluate(2025)}
    second = rows[p2]
    # Per mu (万元/亩): investment 40000/500 = 80, output 100, tax 10, value added 40;
    # energy per 万元 of value added: 20000/20000 = 1.0.
    assert second.values == {
        "investment": Decimal("80.00"),
        "output": Decimal("100.00"),
        "tax": Decimal("10.00"),
        "value_added": Decimal("40.00"),
        "energy_intensity": Decimal("1.0000"),
    }
    # Against the best park (p1: output 200, tax 20, value added 60, energy 0.5; p2 best on investment):
    assert second.scores == {
        "investment": Decimal("100.00"),
        "output": Decimal("50.00"),
        "tax": Decimal("50.00"),
        "value_added": Decimal("66.67"),
        "energy_intensity": Decimal("50.00"),
    }
    # Weights tax 30, value added 25, output 20, investment 10, energy 15 (Σ 100):
    by_hand = (30 * Decimal(50) + 25 * Decimal("66.67") + 20 * Decimal(50) + 10 * Decimal(100) + 15 * Decimal(50)) / 100
    assert second.composite == by_hand.quantize(Decimal("0.01")) == Decimal("59.17")
    assert second.grade == "C" and second.rank == 2  # B needs 60
    assert rows[p1].composite == Decimal("96.25") and rows[p1].grade == "A" and rows[p1].rank == 1
    # Thresholds are settings: lower B to 55 and the same park is B.
    settings.MONITORING_PER_MU = {**settings.MONITORING_PER_MU, "thresholds": {"A": 80, "B": 55, "C": 40}}
    assert {r.park: r.grade for r in permu.evaluate(2025)}[p2] == "B"


def test_publish_keeps_grade_history_and_allocation_list(two_parks, operator, leader):
    p1, p2 = two_parks
    with pytest.raises(PermissionDenied):
        permu.park_evaluation_run(year=2025, by=leader)
    permu.park_evaluation_run(year=2025, by=operator)
    permu.park_evaluation_run(year=2025, by=operator)  # re-publishing replaces, no duplicates
    assert ParkEvaluation.objects.filter(year=2025).count() == 2
    stored = ParkEvaluation.objects.get(park=p2, year=2025)
    assert stored.grade == "C" and stored.method["weights"]["tax"] == 30 and "4.4" in stored.method["source"]
    groups = {g["grade"]: [r.park for r in g["parks"]] for g in permu.allocation(2025)}
    assert groups == {"A": [p1], "B": [], "C": [p2], "D": []}


def test_pages_and_api(client, two_parks, leader, reviewer, member):
    client.force_login(member)
    assert client.get("/monitoring/per-mu/?year=2025").status_code == 403
    assert client.get("/api/v1/monitoring/per-mu/?year=2025").status_code == 403
    client.force_login(reviewer)
    assert client.get("/monitoring/per-mu/?year=2025").status_code == 403
    client.force_login(leader)
    page = client.get("/monitoring/per-mu/?year=2025").content.decode()
    assert "59.17" in page and "差别化配置清单" in page
    assert client.post("/monitoring/per-mu/?year=2025").status_code == 403
    data = client.get("/api/v1/monitoring/per-mu/?year=2025").json()
    assert [p["grade"] for p in data["parks"]] == ["A", "C"] and data["method"]["thresholds"]["B"] == 60
    assert client.get("/api/v1/monitoring/per-mu/?year=x").status_code == 400
    response = client.get("/monitoring/per-mu/export.xlsx?year=2025")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_demo_park_figures_say_demo_and_load_twice_the_same(operator):
    from io import StringIO

    from monitoring.demo import load
    from monitoring.models import ParkYear

    for _ in range(2):
        load({"operator": operator, "logins": []}, StringIO())
    rows = ParkYear.objects.all()
    assert rows.count() == 8 and all("演示" in r.evidence for r in rows)
    assert ParkEvaluation.objects.filter(year=2025).count() == 4
    grades = {e.park.name: e.grade for e in ParkEvaluation.objects.filter(year=2025).select_related("park")}
    assert grades["西咸新区·泾河双碳光伏产业园"] in "AB"
