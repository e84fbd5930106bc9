"""Innovation points: the yearly job, a score recomputed by hand, versioning, publishing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import points
from enterprises.models import PointsModel, PointsRun


@pytest.fixture
def scored_firm(firm, verified_report, verified_qualification):
    from patents.models import Patent

    verified_report(firm, 2024, revenue=Decimal(4000))
    verified_report(
        firm,
        2025,
        staff=100,
        rd_staff=25,
        revenue=Decimal(5000),
        net_profit=Decimal(300),
        rd_expenditure=Decimal(300),
        tax=Decimal(250),
        financing=Decimal(1500),
    )
    verified_qualification(firm, "high_tech", issued=dt.date(2024, 1, 1))
    for n in range(3):
        p = Patent.objects.create(
            publication_number=f"CN10{n}B", patent_type="invention", legal_status="granted", title="t", applicants=[]
        )
        p.applicant_orgs.add(firm.organisation)
    Patent.objects.create(publication_number="CN200U", patent_type="utility", title="u").applicant_orgs.add(
        firm.organisation
    )
    return firm


def test_score_recomputed_by_hand(scored_firm, operator):
    run = points.score_year(year=2025, by=operator)
    score = run.scores.get(profile=scored_firm)
    assert score.stage == "growth"  # founded 2018-05-01: 7.7 years at 2025-12-31
    # 成长期 weights: 技术创新 45 over 5 indicators = 9 each; 成长经营 35 over 4 = 8.75; 辅助 20 over 3 = 6.6667.
    # band scores by hand:
    #   研发费用 300 万元 -> [200,60]          60 × 9    / 100 = 5.40
    #   研发强度 300/5000 = 6 %  -> [5,60]     60 × 9    / 100 = 5.40
    #   研发人员占比 25 % -> [20,75]            75 × 9    / 100 = 6.75
    #   有效发明专利 3 件 -> [3,60]             60 × 9    / 100 = 5.40
    #   专利 4 件 -> [1,30]                    30 × 9    / 100 = 2.70
    #   营业收入 5000 -> [5000,80]              80 × 8.75 / 100 = 7.00
    #   增长率 (5000-4000)/4000 = 25 % -> [20,70] 70 × 8.75 / 100 = 6.125 -> 6.13
    #   净利润 300 -> [100,60]                 60 × 8.75 / 100 = 5.25
    #   纳税 250 -> [200,70]                   70 × 8.75 / 100 = 6.125 -> 6.13
    #   融资 1500 -> [1000,70]                 70 × 6.6667 / 100 = 4.666 -> 4.67
    #   高企 yes -> 100                       100 × 6.6667 / 100 = 6.67
    #   专精特新 no -> 0                         0
    # 技术创新 25.65 + 成长经营 24.51 + 辅助 11.34 = 61.50
    expected = sum(
        Decimal(x)
        for x in ["5.40", "5.40", "6.75", "5.40", "2.70", "7.00", "6.13", "5.25", "6.13", "4.67", "6.67", "0"]
    )
    assert score.total == expected == Decimal("61.50")
    parts = {p["indicator"]: p for p in score.breakdown}
    assert parts["rd_ratio"]["value"] == 6.0 and parts["rd_ratio"]["band_score"] == 60
    assert parts["revenue_growth"]["source"] == "2025、2024 年报（已核验）"
    assert parts["invention_patents"]["source"] == "专利池（平台计算）" and parts["invention_patents"]["value"] == 3
    assert sum(Decimal(str(p["points"])) for p in score.breakdown) == score.total
    assert score.rank == 1 and score.grade == "A"


def test_grades_and_ranks(make_org, verified_report, operator):
    from enterprises.services import profile_for

    for n, revenue in enumerate([100, 600, 2500, 6000, 30000, 30000, 100, 600, 2500, 6000]):
        verified_report(profile_for(make_org(name=f"企业{n}")), 2025, revenue=Decimal(revenue))
    run = points.score_year(year=2025, by=operator)
    rows = list(run.scores.order_by("rank", "pk").values_list("rank", "percentile", "grade"))
    assert rows[0][:1] == rows[1][:1] == (1,)  # ties share a rank
    assert rows[0][1:] == rows[1][1:] == (Decimal("0.0"), "A")  # nobody above them
    assert rows[2][1:] == (Decimal("20.0"), "B")  # two firms above: 20 %
    assert [r[2] for r in rows][-1] == "D"
    assert run.scored == 10


def test_model_version_keeps_scores_reproducible(scored_firm, operator):
    run = points.score_year(year=2025, by=operator)
    points.publish_run(run=run, by=operator)
    with pytest.raises(ValidationError):
        points.score_year(year=2025, by=operator)  # published: needs a new version
    definition = points.default_definition()
    for ind in definition["indicators"]:
        if ind["code"] == "rd_ratio":
            ind["bands"] = [[0, 0], [5, 100]]
    v2 = PointsModel.objects.create(code="v2", name="v2", definition=definition)
    run2 = points.score_year(year=2025, by=operator, model=v2)
    assert run2.scores.get().total != run.scores.get().total
    assert run.scores.get().total == Decimal("61.50")  # the published one unchanged


def test_draft_rerun_replaces_draft_and_only_operators_run(scored_firm, operator, firm_admin):
    points.score_year(year=2025, by=operator)
    points.score_year(year=2025, by=operator)
    assert PointsRun.objects.count() == 1
    with pytest.raises(PermissionDenied):
        points.score_year(year=2025, by=firm_admin)


def test_no_verified_figures_no_score(firm, firm_admin, operator):
    from enterprises.services import report_submit

    report_submit(profile=firm, by=firm_admin, year=2025, data={"revenue": 99999})
    assert points.score_year(year=2025, by=operator).scored == 0


def test_bad_definition_refused(operator, scored_firm):
    definition = points.default_definition()
    definition["indicators"][0]["weights"]["growth"] += 1
    with pytest.raises(ValidationError):
        points.score_year(
            year=2025, by=operator, model=PointsModel.objects.create(code="bad", name="b", definition=definition)
        )


def test_management_command(scored_firm, operator):
    from django.core.management import call_command

    call_command("score_innovation_points", "--year", "2025", "--publish")
    assert PointsRun.objects.get().status == "published"
