"""A long library list in headless Chromium (issue 19): the list says how many records there are
and how far it can be paged, the pager stops at the last page it can offer, and both read well at
desktop (1280) and phone (390) widths. Screenshots go to test-artifacts/."""

import pytest

from tests.e2e.conftest import screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_capped_list_pages_to_its_last_offered_page(page, phone_page, make_record, make_org, monkeypatch):
    from catalog.models import Achievement
    from core import pagination

    monkeypatch.setattr(pagination, "MAX_ROWS", 40)  # 45 records, 40 can be paged: two pages of 20
    org = make_org(name="西安某研究院")
    for n in range(45):
        make_record(Achievement, owner_org=org, title=f"氢燃料电池电堆技术{n:02d}", summary="膜电极与双极板")
    page.goto(page.base_url + "/achievements/")
    text = page.inner_text("main")
    assert "共 45 条，可翻阅前 40 条" in text and "第 1 / 2 页" in text
    screenshot(page, "long-list-desktop")
    page.click("a.page-link:has-text('下一页')")
    page.wait_for_load_state("networkidle")
    assert "第 2 / 2 页" in page.inner_text("main")
    assert page.locator("a.page-link:has-text('下一页')").count() == 0
    page.goto(page.base_url + "/achievements/?page=9")  # past the end: the last page offered
    assert "第 2 / 2 页" in page.inner_text("main")

    phone_page.goto(phone_page.base_url + "/achievements/?chain=hydrogen")
    assert "条" in phone_page.inner_text("main")
    phone_page.goto(phone_page.base_url + "/achievements/")
    assert "可翻阅前 40 条" in phone_page.inner_text("main")
    screenshot(phone_page, "long-list-phone")
