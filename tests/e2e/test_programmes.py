"""A 揭榜挂帅 challenge in headless Chromium: an operator compiles a challenge from a published
demand and publishes it, two teams 揭榜, the operator closes entries and draws reviewers under
avoidance, a reviewer accepts and scores on a phone-width page, the operator puts the result to
公示 and publishes it; a visitor then sees the selected team only. Screenshots go to test-artifacts/."""

import datetime as dt

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_challenge_from_publication_to_result(page, phone_page, make_user, make_org, make_record, operator):
    from catalog.models import Demand
    from programmes.models import Assignment, Call, Entry
    from programmes.services.reviews import entry_score, pool_expert_add

    owner = make_org(name="沣西氢能装备有限公司")
    demand = make_record(
        Demand, owner_org=owner, title="燃料电池电堆低温冷启动", problem="-30℃ 启动时间过长", is_bottleneck=True
    )
    team_a, team_b = make_org(name="甲科技有限公司"), make_org(name="乙大学", kind="university")
    make_user(name="甲队长", org=team_a, email="a@team.example.cn")
    make_user(name="乙队长", org=team_b, email="b@team.example.cn")
    operator.email = "ops@qcy.example.cn"
    operator.save()
    avoid = pool_expert_add(by=operator, user=make_user(name="甲方专家", org=team_a), organisation=team_a)
    for n in range(3):
        org = make_org(name=f"评审单位{n}")
        pool_expert_add(
            by=operator, user=make_user(name=f"专家{n}", org=org, email=f"expert{n}@x.example.cn"), organisation=org
        )
    base = page.base_url

    # 1. The operator compiles the challenge from the demand and publishes it.
    login(page, operator.email)
    page.goto(base + f"/programmes/new/?demand={demand.pk}")
    assert page.input_value("input[name=title]") == demand.title
    page.fill("input[name=closes_at]", (dt.datetime.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=award_wan]", "200")
    page.fill("input[name=reviewers_per_call]", "3")
    page.fill("input[name=publicity_days]", "0")
    page.fill("textarea[name=criteria_text]", "技术方案|60|10\n团队能力|40|10")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/programmes/*/")
    call_url = page.url
    page.click("#manage button:has-text('发布征集')")
    page.wait_for_load_state("networkidle")
    assert "征集中" in page.inner_text("#call-stage")

    # 2. Two teams 揭榜; neither sees the other's plan.
    for email, title in (("a@team.example.cn", "甲方案：低温自加热"), ("b@team.example.cn", "乙方案：相变储热")):
        page.context.clear_cookies()
        login(page, email)
        page.goto(call_url)
        page.click("#enter")
        page.fill("input[name=title]", title)
        page.fill("textarea[name=summary]", "技术路线与进度安排")
        page.click("#submit-entry")
        page.wait_for_url("**/programmes/entries/*/")
        assert "已提交" in page.inner_text("#entry-status")
    page.goto(call_url)
    assert "乙方案" in page.content() and "甲方案" not in page.content()
    screenshot(page, "programmes-challenge-desktop")

    # 3. The operator closes entries and draws reviewers; the expert from team A is never drawn.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(call_url)
    page.click("#manage button:has-text('截止并进入评审')")
    page.wait_for_load_state("networkidle")
    page.click("#draw")
    page.wait_for_load_state("networkidle")
    call = Call.objects.get(title=demand.title)
    assert Assignment.objects.filter(call=call).count() == 3
    assert not Assignment.objects.filter(call=call, expert=avoid).exists()

    # 4. A reviewer accepts and scores on a phone.
    login(phone_page, "expert0@x.example.cn")
    phone_page.goto(phone_page.base_url + "/programmes/reviews/")
    phone_page.click("#assignments button:has-text('接受')")
    phone_page.wait_for_load_state("networkidle")
    entry_a = Entry.objects.get(title__startswith="甲方案")
    phone_page.goto(phone_page.base_url + f"/programmes/entries/{entry_a.pk}/")
    c1, c2 = call.criteria.all()
    phone_page.fill(f"#score_{c1.pk}", "9")
    phone_page.fill(f"#score_{c2.pk}", "8")
    screenshot(phone_page, "programmes-scoring-phone")
    phone_page.click("#save-score")
    phone_page.wait_for_load_state("networkidle")
    assert entry_a.scores.count() == 2
    # the two other reviewers score through the same service (accepted by their own answer)
    from programmes.services.reviews import assignment_answer

    for a in Assignment.objects.filter(call=call, status="invited").select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)
        entry_score(entry=entry_a, by=a.expert.user, values={c1.pk: 8, c2.pk: 8})
    for a in Assignment.objects.filter(call=call).select_related("expert__user"):
        entry_score(entry=Entry.objects.get(title__startswith="乙方案"), by=a.expert.user, values={c1.pk: 5, c2.pk: 5})

    # 5. 公示, then results.
    page.goto(call_url)
    page.click("#manage button:has-text('拟定结果并公示')")
    page.wait_for_load_state("networkidle")
    page.click("#manage button:has-text('公布结果')")
    page.wait_for_load_state("networkidle")
    assert "结果已公布" in page.inner_text("#call-stage")

    # 6. A visitor sees the selected team only.
    page.context.clear_cookies()
    page.goto(call_url)
    results = page.inner_text("#entries")
    assert "甲方案" in results and "乙方案" not in results
    screenshot(page, "programmes-result-desktop")
    phone_page.context.clear_cookies()
    phone_page.goto(call_url)
    screenshot(phone_page, "programmes-result-phone")

    # 7. The same page in English, at desktop width (the top bar must still fit).
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(call_url)
    assert "Results published" in page.inner_text("#call-stage")
    screenshot(page, "programmes-result-desktop-en")
