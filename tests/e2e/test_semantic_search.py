"""Site search on the English site: an English query that no (Chinese) record contains shows the
records closest in meaning with a plain note that they are approximate, at desktop and phone widths;
a visitor never sees the members-only record that is just as close."""

import pytest

from matching.tests.test_semantic_search import build_market, install_model
from tests.e2e.conftest import screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_english_site_search_shows_records_close_in_meaning(
    browser, live_server, settings, monkeypatch, make_record, enterprise
):
    model = install_model(settings, monkeypatch)
    build_market(model, make_record, enterprise)
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        if width >= 1200:  # the top bar's search box (collapsed into the menu on a phone)
            page.goto(live_server.url + "/")
            page.fill(".nav-search input[name=q]", "hydrogen fuel cell")
            page.keyboard.press("Enter")
            page.wait_for_load_state("networkidle")
        else:
            page.goto(live_server.url + "/search/?q=hydrogen+fuel+cell")
        note = page.locator(".semantic-note").first
        assert note.is_visible()
        text = note.inner_text()
        assert 'No record contains "hydrogen fuel cell"' in text and "close in meaning" in text
        body = page.locator("main").inner_text()
        assert "氢燃料电池电堆寿命提升" in body and "双极板" not in body
        assert "1 close in meaning" in body
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"semantic_search_en_{name}")
        # Gibberish still finds nothing: the plain empty message, no note.
        page.goto(live_server.url + "/search/?q=asdfgh+qwerty")
        assert page.locator(".semantic-note").count() == 0
        assert "Nothing found" in page.locator("main").inner_text()
        context.close()
