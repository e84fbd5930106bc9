"""Talent cloud in headless Chromium (issue 15's Done-when): a researcher registers as talent, an
operator verifies, the enterprise's talent demand shows the researcher as a match with reasons,
the enterprise requests contact (the contact details stay hidden), the researcher accepts, the
enterprise records the placement, and the map and the indicator count it. Screenshots at 1280
and 390 px go to test-artifacts/."""

import datetime as dt

import pytest

from tests.e2e.conftest import login, screenshot

PHONE = "13900002222"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_register_verify_match_contact_accept_place(page, phone_page, make_user, make_org, operator, settings):
    from monitoring.metrics import get_metric
    from reference.models import IndustryChain, Region
    from talent.models import Placement, TalentProfile

    settings.MATCHING_EMBEDDER = "none"
    xian = Region.objects.get(code="610100")
    university = make_org(name="西安某理工大学", kind="university")
    company = make_org(name="沣东氢能动力有限公司", kind="enterprise", prefecture=xian)
    make_user(name="陈研究员", org=university, email="chen@univ.example.cn")
    make_user(name="企业人事王", org=company, email="hr@fdqn.example.cn")
    hydrogen = IndustryChain.objects.get(slug="hydrogen")
    base = page.base_url

    # 1. The researcher registers as talent and submits for verification.
    login(page, "chen@univ.example.cn")
    page.goto(base + "/talent/me/")
    page.select_option("select[name=category]", "high_level")
    page.select_option("select[name=level]", "B")
    page.select_option("select[name=degree]", "doctor")
    page.select_option("select[name=title_grade]", "senior")
    page.fill("input[name=fields_of_work]", "氢燃料电池 电堆 膜电极")
    page.select_option("select[name=prefecture]", "610100")
    page.fill("input[name=phone]", PHONE)
    page.check(f"input[name=industry_chains][value='{hydrogen.pk}']")
    page.check("input[name=available_modes][value=tech_vp]")
    page.click("#profile-form button[type=submit]")
    page.wait_for_url("**/talent/people/*/")
    page.click("#submit-profile")
    page.wait_for_load_state("networkidle")
    assert "待核验" in page.inner_text("#profile-status")
    profile = TalentProfile.objects.get(user__email="chen@univ.example.cn")

    # 2. The operator verifies the claimed category and level.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + "/talent/queue/")
    page.click(f"#queue-{profile.pk} button[value=approve]")
    page.wait_for_load_state("networkidle")
    profile.refresh_from_db()
    assert profile.status == "verified" and profile.points.total > 0

    # 3. The enterprise posts a 科技副总 demand; its page shows the researcher as a match with reasons.
    page.context.clear_cookies()
    login(page, "hr@fdqn.example.cn")
    page.goto(base + "/talent/demands/new/")
    page.fill("input[name=title]", "燃料电池电堆科技副总")
    page.select_option("select[name=kind]", "tech_vp")
    page.select_option("select[name=category]", "high_level")
    page.select_option("select[name=min_level]", "C")
    page.fill("input[name=fields_of_work]", "氢燃料电池 电堆")
    page.fill("textarea[name=description]", "负责氢燃料电池电堆研发与成果转化")
    page.check(f"input[name=industry_chains][value='{hydrogen.pk}']")
    page.click("#demand-form button[name=publish]")
    page.wait_for_url("**/talent/demands/*/")
    matches = page.inner_text("#talent-matches")
    assert "陈研究员" in matches and "人才类别相符" in matches and "接受该引才方式" in matches
    assert PHONE not in page.content()
    screenshot(page, "talent-demand-matches-desktop")
    page.fill(f"#talent-matches .match-row[data-id='{profile.pk}'] input[name=message]", "诚邀您担任我司科技副总")
    page.click(f"#talent-matches .match-row[data-id='{profile.pk}'] button")
    page.wait_for_load_state("networkidle")
    page.goto(base + profile.get_absolute_url())
    assert PHONE not in page.content() and page.is_visible("#contact-hidden")

    # 4. The researcher accepts; the enterprise then reads the contact details.
    page.context.clear_cookies()
    login(page, "chen@univ.example.cn")
    page.goto(base + "/talent/contacts/")
    page.click("#received button:has-text('接受')")
    page.wait_for_load_state("networkidle")
    assert "已接受" in page.inner_text("#received")
    page.context.clear_cookies()
    login(page, "hr@fdqn.example.cn")
    page.goto(base + profile.get_absolute_url())
    assert PHONE in page.inner_text("#contact-details")
    screenshot(page, "talent-profile-desktop")

    # 5. The enterprise records the placement; the map and the indicator count it.
    page.goto(base + "/talent/contacts/")
    page.click("#sent .place-form button")
    page.wait_for_load_state("networkidle")
    assert "已登记引进" in page.inner_text("#sent")
    placement = Placement.objects.get()
    assert placement.organisation == company and placement.prefecture == xian
    year = placement.started_on.year
    assert get_metric("talents_introduced").compute(dt.date(year, 1, 1), dt.date(year, 12, 31)) == 1
    assert get_metric("high_level_talents_introduced").compute(dt.date(year, 1, 1), dt.date(year, 12, 31)) == 1
    page.goto(base + "/talent/map/")
    page.wait_for_selector("#talent-map canvas", state="attached")
    assert page.inner_text("#map-table tr[data-code='610100'] .placements") == "1"
    screenshot(page, "talent-map-desktop")

    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(base + "/talent/map/")
    phone_page.wait_for_selector("#talent-map canvas", state="attached")
    screenshot(phone_page, "talent-map-phone")
