"""A roadshow in headless Chromium (以演代评): two items signed up, an investor registers for the
audience, the show starts, the investor marks interest in an item and its owner sees it, a judge
scores on a phone-width page, the operator publishes the ranking. Screenshots in test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_roadshow_signup_live_scoring_interest_and_ranking(page, phone_page, make_user, make_org, operator):
    from programmes.models import Assignment, Entry, Event
    from programmes.services.calls import call_create, call_transition
    from programmes.services.entries import entry_start
    from programmes.services.reviews import assignment_answer, draw_reviewers, entry_score, pool_expert_add

    operator.email = "ops@qcy.example.cn"
    operator.save()
    start = timezone.now() + timedelta(days=2)
    call = call_create(
        by=operator,
        kind="roadshow",
        title="氢能成果转化专场路演",
        closes_at=timezone.now() + timedelta(days=1),
        event_at=start,
        place="秦创原路演厅",
        places=1,
        award_wan=50,
        reviewers_per_call=2,
        criteria=[
            {"name": "技术先进性", "weight": 50, "max_score": 10},
            {"name": "市场前景", "weight": 50, "max_score": 10},
        ],
    )
    call = call_transition(call=call, action="publish", by=operator)
    event = Event.objects.create(
        title="路演观众报名",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=50,
        call=call,
        published=True,
    )
    owner = make_user(name="甲团队", org=make_org(name="甲高校团队", kind="university"), email="owner@a.example.cn")
    other = make_user(name="乙企业", org=make_org(name="乙企业"))
    entry_start(call=call, by=owner, title="氢燃料电池低温自启动", summary="成果", item_type="achievement", submit=True)
    entry_start(call=call, by=other, title="储氢瓶检测服务", summary="产品", item_type="product", submit=True)
    make_user(name="丙创投", org=make_org(name="丙创投", kind="financial"), email="vc@c.example.cn")
    judges = []
    for n in range(2):
        org = make_org(name=f"评委单位{n}")
        judges.append(make_user(name=f"评委{n}", org=org, email=f"judge{n}@x.example.cn"))
        pool_expert_add(by=operator, user=judges[-1], organisation=org)
    base = page.base_url

    # 1. The investor registers for the audience.
    login(page, "vc@c.example.cn")
    page.goto(base + event.get_absolute_url())
    page.select_option("select[name=audience_kind]", "investor")
    page.click("#registration button:has-text('报名')")
    page.wait_for_load_state("networkidle")
    assert "报名成功" in page.inner_text("#registration")

    # 2. The show starts (entries close); the operator draws the judges, who accept.
    call = call_transition(call=call, action="close_entries", by=operator)
    draw_reviewers(call=call, by=operator, seed=1)
    for a in Assignment.objects.filter(call=call).select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)

    # 3. The investor sees the items on show and marks interest in one.
    item = Entry.objects.get(title="氢燃料电池低温自启动")
    page.goto(base + f"/programmes/entries/{item.pk}/")
    page.fill("input[name=note]", "希望进一步了解投资机会")
    page.click("button:has-text('标记意向')")
    page.wait_for_load_state("networkidle")

    # 4. A judge scores on a phone; the other through the same service.
    c1, c2 = call.criteria.all()
    login(phone_page, "judge0@x.example.cn")
    phone_page.goto(phone_page.base_url + f"/programmes/entries/{item.pk}/")
    phone_page.fill(f"#score_{c1.pk}", "9")
    phone_page.fill(f"#score_{c2.pk}", "9")
    screenshot(phone_page, "programmes-roadshow-scoring-phone")
    phone_page.click("#save-score")
    phone_page.wait_for_load_state("networkidle")
    assert item.scores.count() == 2
    entry_score(entry=item, by=judges[1], values={c1.pk: 8, c2.pk: 9})
    for judge in judges:
        entry_score(entry=Entry.objects.get(title="储氢瓶检测服务"), by=judge, values={c1.pk: 6, c2.pk: 6})

    # 5. The item's owner sees the investor's interest.
    page.context.clear_cookies()
    login(page, "owner@a.example.cn")
    page.goto(base + f"/programmes/entries/{item.pk}/")
    assert "希望进一步了解投资机会" in page.inner_text("#interests")

    # 6. The operator publishes the ranking (以演代评: no 公示); the first item is selected.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + call.get_absolute_url())
    page.click("#manage button:has-text('公布结果')")
    page.wait_for_load_state("networkidle")
    results = page.inner_text("#entries")
    assert results.index("氢燃料电池低温自启动") < results.index("储氢瓶检测服务")
    screenshot(page, "programmes-roadshow-result-desktop")
    item.refresh_from_db()
    assert item.status == "selected" and item.award_wan == 50
