"""Matching in headless Chromium: a visitor opens a published demand and sees the 匹配推荐 panel
with reasons; the demand's owner sees specific reasons, a plainly labelled weak match and the score
breakdown in words (Chinese and English) and marks a match useful. Screenshots at desktop and phone
widths."""

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_published_demand_shows_matches_with_reasons(
    page, phone_page, settings, make_user, make_org, make_record, operator
):
    from catalog import workflow
    from catalog.models import Achievement, Demand
    from matching.models import MatchFeedback
    from reference.models import IndustryChain

    settings.MATCHING_EMBEDDER = "none"
    hydrogen = IndustryChain.objects.get(slug="hydrogen")
    company = make_org(name="泾河氢能科技有限公司")
    university = make_org(name="西安某理工大学", kind="university")
    make_user(name="王经理", org=company, email="wang@h2.example.cn")
    demand = make_record(
        Demand,
        owner_org=company,
        status="submitted",
        title="氢燃料电池电堆寿命提升",
        problem="车用氢燃料电池电堆衰减快，需要提升电堆寿命",
        budget_max=200,
        confidential_details="绝密工艺参数X9",
        cooperation_modes=["transfer", "licence"],
    )
    achievement = make_record(
        Achievement,
        owner_org=university,
        status="submitted",
        title="长寿命氢燃料电池电堆技术",
        body="膜电极与双极板改进，电堆寿命超过一万小时",
        stage="pilot",
        trl=7,
        asking_price=120,
        cooperation_modes=["transfer"],
    )
    make_record(Achievement, owner_org=university, status="submitted", title="光伏组件清洗机器人", body="光伏电站运维")
    # Shares only common words with the demand (提升, 需要) and a cooperation mode: shown as 依据较弱,
    # saying that it rests on the mode alone (sharing only common words, it would not be shown).
    weak = make_record(
        Achievement,
        owner_org=university,
        status="submitted",
        title="生产线管理能力提升方案",
        body="需要提升生产管理效率",
        cooperation_modes=["licence"],
    )
    for record in Achievement.objects.all():
        record.industry_chains.add(hydrogen) if record.pk == achievement.pk else None
    demand.industry_chains.add(hydrogen)
    for record in [demand, *Achievement.objects.all()]:
        workflow.transition(record=record, action="approve", by=operator)

    page.goto(page.base_url + demand.get_absolute_url())
    panel = page.locator(".match-panel")
    panel.locator(".match-row").first.wait_for()
    first = panel.locator(".match-row").first
    assert achievement.title in first.inner_text()
    text = panel.inner_text()
    assert "共同关键词" in text and "同属产业链：氢能" in text and "合作方式相符：转让" in text
    # Issue 20: the shared terms are specific whole words, and the reason names the fields.
    keywords = next(line for line in first.inner_text().splitlines() if "共同关键词" in line)
    terms = keywords.split("：", 1)[1].split("（", 1)[0]
    assert "氢燃料电池" in terms and not {"技术", "提升", "需要"} & set(terms.split("、"))
    assert "标题" in keywords and "↔" in keywords
    assert "绝密工艺参数" not in page.content() and "预算" not in text
    screenshot(page, "matching-demand-desktop")

    # Issue 20 (a broker's try-out): the demand's owner, at desktop width, sees the specific
    # reasons, a weak match that says what it rests on, and the score breakdown in words.
    login(page, "wang@h2.example.cn")
    page.goto(page.base_url + demand.get_absolute_url())
    first = page.locator(".match-panel .match-row").first
    first.wait_for()
    assert achievement.title in first.inner_text() and "意向价格在需求预算范围内" in first.inner_text()
    keywords = next(line for line in first.inner_text().splitlines() if "共同关键词" in line)
    assert "氢燃料电池" in keywords and "提升" not in keywords.split("（", 1)[0]
    weak_row = page.locator(".match-panel .match-row", has_text=weak.title)
    assert (
        weak_row.locator(".match-weak").inner_text()
        == "依据较弱：没有共同的专业关键词，内容相近程度也不突出，只按检索排名计分；以下条件相同，但不加分"
    )
    assert "合作方式相符：许可" in weak_row.inner_text() and "共同关键词" not in weak_row.inner_text()
    first.locator(".match-breakdown summary").click()
    breakdown = first.locator(".match-breakdown").inner_text()
    assert "检索排名" in breakdown and "同属产业链" in breakdown and "不是百分比" in breakdown
    assert "fusion" not in breakdown and "bm25" not in breakdown
    screenshot(page, "matching-demand-owner-desktop")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    page.goto(page.base_url + demand.get_absolute_url())
    first = page.locator(".match-panel .match-row").first
    first.wait_for()
    first.locator(".match-breakdown summary").click()
    english = page.locator(".match-panel").inner_text()
    assert "Shared keywords" in english and "Search rank" in english and "Weak basis" in english
    assert "检索排名" not in english and "依据较弱" not in english
    screenshot(page, "matching-demand-owner-desktop-en")
    page.context.clear_cookies()

    login(phone_page, "wang@h2.example.cn")
    phone_page.goto(phone_page.base_url + demand.get_absolute_url())
    row = phone_page.locator(".match-panel .match-row").first
    row.wait_for()
    assert "意向价格在需求预算范围内" in row.inner_text()  # the owner may read the budget
    row.locator(".match-breakdown summary").click()
    screenshot(phone_page, "matching-demand-owner-phone")
    row.get_by_role("button", name="有用").click()
    row.get_by_text("已记录：有用").wait_for()
    # Try-out: the verdict given is shown pressed at once, not only after a reload.
    assert row.get_by_role("button", name="有用").get_attribute("aria-pressed") == "true"
    screenshot(phone_page, "matching-demand-phone")
    assert MatchFeedback.objects.get().verdict == "useful"

    # Issue 20, item 6: 无用 dismisses the match for this demand; it can be looked at again.
    row.get_by_role("button", name="无用").click()
    notice = phone_page.locator(".match-panel .match-dismissed")
    notice.get_by_text("此匹配不再显示").wait_for()
    assert MatchFeedback.objects.get().verdict == "not_useful"
    phone_page.reload()
    hidden = phone_page.locator(".match-panel .match-hidden-note")
    hidden.wait_for()
    assert achievement.title not in phone_page.locator(".match-panel").inner_text()
    hidden.get_by_role("button", name="查看").click()
    phone_page.locator(".match-panel .match-row", has_text=achievement.title).get_by_text("已标为无用").wait_for()
    screenshot(phone_page, "matching-dismissed-phone")
    page.goto(page.base_url + demand.get_absolute_url())  # a visitor no longer sees it either
    page.locator(".match-panel .spinner-border").wait_for(state="detached")
    assert achievement.title not in page.locator(".match-panel").inner_text()

    # Try-out: at phone width the English badge of a dismissed match wraps inside the panel (one
    # unbreakable line ran out of it), and taking a dismissal back from the notice replaces the
    # notice (it kept saying "no longer shown" beside "Recorded: Contacted").
    phone_page.context.add_cookies([{"name": "django_language", "value": "en", "url": phone_page.base_url}])
    phone_page.reload()
    phone_page.locator(".match-panel .match-hidden-note").get_by_role("button", name="View").click()
    row = phone_page.locator(".match-panel .match-row", has_text=achievement.title)
    badge = row.locator(".badge", has_text="Marked not useful")
    badge.wait_for()
    edge = phone_page.locator(".match-panel").bounding_box()
    box = badge.bounding_box()
    assert box["x"] + box["width"] <= edge["x"] + edge["width"], (box, edge)
    screenshot(phone_page, "matching-dismissed-phone-en")
    row.get_by_role("button", name="Useful", exact=True).click()
    row.get_by_text("Recorded: Useful").wait_for()
    phone_page.reload()
    row = phone_page.locator(".match-panel .match-row", has_text=achievement.title)
    row.get_by_role("button", name="Not useful").click()
    notice = phone_page.locator(".match-panel .match-dismissed")
    notice.get_by_role("button", name="Change to Contacted").click()
    restored = phone_page.locator(".match-panel .match-restored")
    restored.wait_for()
    assert "Changed to Contacted" in restored.inner_text() and "no longer shown" not in restored.inner_text()
    assert phone_page.locator(".match-panel .match-dismissed").count() == 0
    assert MatchFeedback.objects.get().verdict == "contacted"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_operator_reads_the_share_of_useful_matches_per_signal(page, phone_page, make_user):
    from matching.models import MatchFeedback

    make_user(name="运营小李", roles=["operator"], email="ops@example.cn")
    broker = make_user(name="经纪人老张", roles=["broker"])
    rows = [(["chain", "both", "shared_keyword"], "useful"), (["semantic_only"], "not_useful")]
    rows += [(["chain", "lexical_only", "shared_keyword"], "contacted"), (["region", "semantic_only"], "not_useful")]
    for n, (signals, verdict) in enumerate(rows):
        MatchFeedback.objects.create(
            source_kind="demands",
            source_id=1,
            target_kind="achievements",
            target_id=n + 1,
            user=broker,
            verdict=verdict,
            signals=signals,
            as_broker=True,
        )
    for p, name in ((page, "matching-signals-desktop"), (phone_page, "matching-signals-phone")):
        login(p, "ops@example.cn")
        p.goto(p.base_url + "/matching/status/")
        table = p.locator("#feedback-signals")
        table.get_by_text("仅语义检索召回").wait_for()
        assert "100.0%" in table.inner_text() and "0.0%" in table.inner_text()
        # Try-out: the latest verdicts name the kinds in words, not "demands#1 → achievements#2".
        recent = p.locator(".detail-box", has_text="最近反馈").inner_text()
        assert "技术需求 #1 → 科技成果 #2" in recent and "demands#" not in recent
        screenshot(p, name)
