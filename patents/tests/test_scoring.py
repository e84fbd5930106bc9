import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from patents import scoring
from patents.tests.conftest import KNOWN_FACTS


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
    """Try-out: the 高价值专利 badge on a patent scored 20/100 with its value items mostly 未知. A
    granted invention in a strategic pool meets CNIPA's first criterion and reaches the threshold
    (20), but one known item of eight says too little: not high-value, and the page says why."""
    patent = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S")  # CSV-like: nothing but title and IPC
    b = patent.score_breakdown
    got = items(b)
    assert got["strategic_industry"]["points"] == 20 and b["total"] == 20 >= b["threshold"]
    for key in ("overseas_family", "maintained", "pledge", "claims", "citations", "remaining_term"):
        assert got[key]["met"] is None and got[key]["points"] == 0
    assert b["eligible"] and b["cnipa_met"] and b["known"] == 1
    assert not patent.high_value and b["reasons"] == ["too_few_known"]
    shown = scoring.describe(b)
    assert "法律状态来源未提供" in shown["verdict"]
    assert "已知的评分项目过少" in shown["verdict"] and "8 项中已知 1 项，至少须知 4 项" in shown["verdict"]
    assert items(shown)["claims"]["detail"] == "未知"
    with translation.override("en"):
        assert "1 of 8 items known, at least 4 needed" in scoring.describe(b)["verdict"]


@pytest.mark.django_db
def test_high_value_once_enough_items_are_known(make_patent):
    """The same patent with the facts a fuller source gives (claims, citations, no overseas
    family, no pledge): five items known, high-value at the same threshold."""
    patent = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S", **KNOWN_FACTS)
    b = patent.score_breakdown
    assert b["known"] == 5 and b["reasons"] == []
    assert patent.high_value and b["total"] >= b["threshold"]
    sparse = make_patent(kind="B", title="一种光伏组件", ipc_subclasses="H02S", legal_status="granted", claims_count=12)
    assert sparse.score_breakdown["known"] == 2 and not sparse.high_value


@pytest.mark.django_db
def test_the_badge_follows_the_rule_on_every_page(client, make_patent):
    bare = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S")
    known = make_patent(kind="B", title="一种光伏汇流箱", ipc_subclasses="H02S", **KNOWN_FACTS)
    detail = client.get(bare.get_absolute_url()).content.decode()
    assert "高价值专利</span>" not in detail and "已知的评分项目过少" in detail
    assert "高价值专利</span>" in client.get(known.get_absolute_url()).content.decode()
    listing = client.get(reverse("patents:list"), {"high_value": "1"}).content.decode()
    assert known.title in listing and bare.title not in listing


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


@pytest.mark.django_db
def test_known_count_detail_stays_with_its_own_reason(make_patent):
    """The "N 项中已知 K 项" detail belongs to the too-few-known reason wherever the breakdown lists
    it, not to whichever reason comes last (a stored breakdown may list reasons in another order)."""
    b = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S").score_breakdown
    b = {**b, "reasons": ["too_few_known", "ended"]}
    verdict = scoring.describe(b)["verdict"]
    assert "已知的评分项目过少，得分不足以说明价值（8 项中已知 1 项，至少须知 4 项）；已失效" in verdict
