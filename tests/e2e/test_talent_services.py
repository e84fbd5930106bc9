"""One-click talent services in headless Chromium: a talent asks for 人才公寓, the operator accepts
and completes it with a reply, the talent rates it; another user cannot open it."""

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_service_request_accept_complete_rate(page, make_user, operator):
    from talent.models import ServiceRequest

    make_user(name="刘博士", email="liu@example.cn")
    make_user(name="旁人", email="other@example.cn")
    base = page.base_url

    login(page, "liu@example.cn")
    page.goto(base + "/talent/services/")
    page.select_option("#service-form select[name=kind]", "apartment")
    page.fill("#service-form textarea[name=detail]", "申请沣西新城人才公寓一套")
    page.click("#service-form button")
    page.wait_for_url("**/talent/services/*/")
    assert "已提交" in page.inner_text("#service-status") and "社会事业服务局" in page.content()
    url = page.url
    req = ServiceRequest.objects.get()

    page.context.clear_cookies()
    login(page, "other@example.cn")
    assert page.goto(url).status == 404

    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(url)
    page.click("button[value=accept]")
    page.wait_for_load_state("networkidle")
    assert "已受理" in page.inner_text("#service-status")
    page.fill("input[name=reason]", "已分配沣西人才公寓 3 号楼")
    page.click("button[value=complete]")
    page.wait_for_load_state("networkidle")
    assert "已办结" in page.inner_text("#service-status")

    page.context.clear_cookies()
    login(page, "liu@example.cn")
    page.goto(url)
    page.select_option("select[name=rating]", "5")
    page.fill("input[name=comment]", "办理很快")
    page.click("form:has(input[value=rate]) button")
    page.wait_for_load_state("networkidle")
    req.refresh_from_db()
    assert req.rating == 5 and req.reply == "已分配沣西人才公寓 3 号楼"
    screenshot(page, "talent-service-desktop")
