"""A visitor opens the patent pools, then the photovoltaic pool page: the counts, the ECharts IPC
chart and the high-value list render, at desktop and phone widths. Screenshots in test-artifacts/."""

import pytest

from tests.e2e.conftest import screenshot

# Beside title and IPC: enough known items for a high-value rating (patents.scoring, min_known).
FACTS = {"claims_count": "8", "cited_by_count": "2", "overseas_family": "否", "pledge_amount": "0"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pool_page_shows_chart_and_high_value_list(page, phone_page):
    from patents.services.importing import import_rows

    rows = [
        {
            "publication_number": "CN111504366B",
            "title": "一种光伏逆变器的最大功率点跟踪方法",
            "ipc_subclasses": "H02S|H02M",
            **FACTS,
        },
        {
            "publication_number": "CN111504367B",
            "title": "一种钙钛矿太阳能电池及其制备方法",
            "ipc_codes": "H10K30/10|H01L31/18",
            **FACTS,
        },
        {
            "publication_number": "CN215677119U",
            "title": "水面光伏发电系统电气性能监测装置",
            "ipc_subclasses": "G01D|H02S",
        },
        {"publication_number": "CN114081026A", "title": "一种光伏组件清洗机器人", "ipc_subclasses": "B08B|H02S"},
    ]
    import_rows([(i, row) for i, row in enumerate(rows, start=2)], source="e2e")

    page.goto(page.base_url + "/patents/")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.get_by_role("link", name="光伏").first.click()
    page.wait_for_selector("#chart-ipc canvas")
    assert errors == []
    assert page.locator("#pool-counts").inner_text().count("4") >= 1
    high_value = page.locator("#high-value-list")
    assert "CN111504366B" in high_value.inner_text() and "CN111504367B" in high_value.inner_text()
    assert "CN215677119U" not in high_value.inner_text()  # a utility model is never high-value
    screenshot(page, "patents_pool_desktop")
    high_value.get_by_role("link", name="CN111504366B").click()
    page.wait_for_selector("#score-breakdown")
    assert "战略性新兴产业" in page.locator("#score-breakdown").inner_text()
    screenshot(page, "patents_patent_desktop")

    phone_page.goto(phone_page.base_url + "/patents/pools/photovoltaic/")
    phone_page.wait_for_selector("#chart-ipc canvas")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page scrolls sideways at phone width ({width}px)"
    # the patent-type ring's outside labels were cut short at phone width ("Utility …"): inside there
    label = "echarts.getInstanceByDom(document.getElementById('chart-types')).getOption().series[0].label"
    assert phone_page.evaluate(label + ".position") == "inside"
    page.goto(page.base_url + "/patents/pools/photovoltaic/")
    page.wait_for_selector("#chart-types canvas")
    assert page.evaluate(label + ".position") == "outside"  # desktop keeps "Invention: 2" outside
    screenshot(phone_page, "patents_pool_phone")
