import datetime as dt

import pytest

from patents import scoring


def items(breakdown):
    return {item["key"]: item for item in breakdown["items"]}


@pytest.mark.django_db
def test_full_breakdown(make_patent):
    today = dt.date.today()
    patent = make_patent(
        title="一种燃料电池电堆",
        ipc_codes="H01M8/04",
        legal_status="granted",
        claims_count=10,
        cited_by_count=10,
        overseas_family=True,
        pledge_amount="1500",
        award="china_patent_gold",
        application_date=today.replace(year=today.year - 12).isoformat(),
    )
    b = patent.score_breakdown
    got = items(b)
    assert got["strategic_industry"]["points"] == 20  # in the hydrogen pool
    assert got["overseas_family"]["points"] == 20
    assert got["maintained"]["points"] == 15 and got["maintained"]["value"] == 12
    assert got["pledge"]["points"] == 15 and got["award"]["points"] == 15
    assert got["claims"]["points"] == 2  # 10 of 20 claims → half of 5, rounded
    assert got["citations"]["points"] == 5
    assert 1 <= got["remaining_term"]["points"] <= 2  # about 8 of 20 years left
    assert b["total"] == patent.value_score == sum(i["points"] for i in b["items"])
    assert patent.high_value and b["eligible"] and b["cnipa_met"]
    shown = scoring.describe(b, statutory_term=20)
    assert shown["verdict"].startswith("高价值专利")
    assert {i["label"] for i in shown["items"]} >= {"海外同族", "剩余保护期"}


@pytest.mark.django_db
def test_unknowns_score_zero_and_are_shown_unknown(make_patent):
    patent = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S")  # CSV-like: nothing but title and IPC
    got = items(patent.score_breakdown)
    assert got["strategic_industry"]["points"] == 20
    for key in ("overseas_family", "maintained", "pledge", "claims", "citations", "remaining_term"):
        assert got[key]["met"] is None and got[key]["points"] == 0
    assert patent.high_value  # granted invention in a strategic industry: CNIPA's first criterion
    shown = scoring.describe(patent.score_breakdown)
    assert "法律状态来源未提供" in shown["verdict"]
    assert items(shown)["claims"]["detail"] == "未知"


@pytest.mark.django_db
def test_not_high_value_cases(make_patent):
    utility = make_patent(kind="U", title="一种光伏支架", ipc_subclasses="H02S")
    application = make_patent(kind="A", title="一种光伏支架", ipc_subclasses="H02S")
    outside = make_patent(kind="B", title="一种椅子", ipc_subclasses="A47C")
    lapsed = make_patent(kind="B", title="一种光伏支架", ipc_subclasses="H02S", legal_status="lapsed")
    assert not any(p.high_value for p in (utility, application, outside, lapsed))
    assert utility.score_breakdown["reasons"] == ["not_invention"]
    assert application.score_breakdown["reasons"] == ["not_granted"]
    assert outside.score_breakdown["reasons"] == ["no_cnipa_criterion"]
    assert lapsed.score_breakdown["reasons"] == ["ended"]


@pytest.mark.django_db
def test_weights_and_threshold_configurable(make_patent, settings):
    settings.PATENTS_HIGH_VALUE = {"threshold": 30, "weights": {"strategic_industry": 25}}
    patent = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S")
    assert patent.value_score == 25 and not patent.high_value
    assert patent.score_breakdown["threshold"] == 30
