"""Security flows in headless Chromium (issue 9): an operator enrols two factors (QR page, code,
recovery codes) and reaches the audit trail; a member creates and revokes an API token; pages
run under the Content-Security-Policy with no violation. Screenshots at 1280 and 390 px."""

import pytest
from django_otp.oath import totp

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_operator_enrols_two_factors_and_reads_the_trail(page, phone_page, make_user, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA = True
    operator = make_user(roles=["operator"], email="op2fa@example.cn")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, operator.email)
    page.goto(page.base_url + "/audit/")
    page.wait_for_url("**/accounts/2fa/setup/**")
    qr = page.locator("main img").first
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the QR code renders
    screenshot(page, "security-2fa-setup-desktop")
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    page.fill("input[name=token]", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=recovery-codes]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    screenshot(page, "security-2fa-codes-desktop")
    page.click("text=继续")
    page.wait_for_url("**/audit/")
    assert "2fa.enrol" in page.content()
    screenshot(page, "security-audit-desktop")
    assert violations == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_creates_and_revokes_a_token(page, phone_page, make_user):
    member = make_user(email="tok@example.cn")
    for p in (page, phone_page):
        login(p, member.email)
        p.goto(p.base_url + "/accounts/tokens/")
        p.click("text=生成新令牌")
        p.wait_for_selector("[data-testid=new-token]")
    screenshot(page, "security-tokens-desktop")
    screenshot(phone_page, "security-tokens-phone")
    assert page.locator("table tbody tr").count() >= 1
    page.goto(page.base_url + "/accounts/tokens/")
    page.click("text=全部撤销")
    page.wait_for_selector("text=暂无有效令牌")
