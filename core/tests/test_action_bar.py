"""The shared action bar ("下一步", core/_action_bar.html) on every detail page (issue 10, item 5):
consultation, bookmark and share everywhere, plus the step that fits each kind, wired to the app
that serves it (deals, sharing, talent, finance, fulfilment, listings)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

LIBRARIES = ["Achievement", "Demand", "Expert", "Instrument", "Policy", "FinancialProduct", "Scenario"]


def bar(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert html.count('id="action-bar"') == 1, url
    start = html.index('id="action-bar"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("model_name", LIBRARIES)
def test_every_library_detail_page_has_the_bar(client, make_record, enterprise, make_user, model_name):
    from catalog import models

    record = make_record(getattr(models, model_name), owner_org=enterprise)
    client.force_login(make_user())
    html = bar(client, record.get_absolute_url())
    for action in ('data-action="consult"', 'data-action="bookmark"', 'data-action="share"'):
        assert action in html
    assert 'data-share-url="http://testserver' + record.get_absolute_url() in html
    assert "<script>" not in html  # CSP: the share button's script is a static file


def test_patent_talent_and_listing_pages_have_the_bar(client, make_user, make_org):
    from listings.models import Listing
    from patents.models import Patent
    from patents.services.importing import import_rows
    from talent.models import TalentProfile

    import_rows([(1, {"publication_number": "CN114000002B", "title": "一种电堆"})], source="test")
    patent = Patent.objects.get(publication_number="CN114000002B")
    profile = TalentProfile.objects.create(
        user=make_user(), name="陈研究员", category="high_level", fields_of_work="燃料电池", status="verified"
    )
    today = timezone.localdate()
    listing = Listing.objects.create(
        title="电堆专利包",
        owner_org=make_org(),
        offer="sale",
        price_model="negotiable",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers="CN114000002B",
    )
    client.force_login(make_user(org=make_org()))
    for url in (patent.get_absolute_url(), profile.get_absolute_url(), listing.get_absolute_url()):
        html = bar(client, url)
        assert 'data-action="consult"' in html and 'data-action="bookmark"' in html, url
    assert listing.get_absolute_url() in bar(client, patent.get_absolute_url())  # 查看挂牌交易


def test_each_kind_gets_its_own_step(client, make_record, enterprise, make_user, make_org):
    from catalog.models import Achievement, Demand, Expert, FinancialProduct, Instrument, Policy
    from sharing.models import SharingProfile
    from talent.models import TalentProfile

    visitor = make_user(org=make_org())
    client.force_login(visitor)
    achievement = make_record(Achievement, owner_org=enterprise)
    assert "/deals/open/?from_kind=achievements" in bar(client, achievement.get_absolute_url())
    demand = make_record(Demand, owner_org=enterprise)
    assert "/deals/open/?from_kind=demands" in bar(client, demand.get_absolute_url())
    instrument = make_record(Instrument, owner_org=enterprise)
    assert 'data-action="sharing.book"' not in bar(client, instrument.get_absolute_url())  # not shared: no booking
    SharingProfile.objects.create(instrument=instrument, min_notice_hours=24, max_length_hours=Decimal("8"))
    assert f"/sharing/instruments/{instrument.pk}/" in bar(client, instrument.get_absolute_url())
    expert = make_record(Expert, owner_org=enterprise)
    assert 'data-action="talent.contact"' not in bar(client, expert.get_absolute_url())
    profile = TalentProfile.objects.create(
        user=make_user(), expert=expert, name="专家", category="high_level", fields_of_work="x", status="verified"
    )
    assert profile.get_absolute_url() in bar(client, expert.get_absolute_url())
    product = make_record(FinancialProduct, owner_org=enterprise)
    assert 'data-action="finance.apply"' in bar(client, product.get_absolute_url())
    policy = make_record(Policy, owner_org=enterprise)
    assert "/fulfilment/calculator/" in bar(client, policy.get_absolute_url())


def test_owner_and_anonymous_see_fitting_steps(client, make_record, enterprise, member):
    from catalog.models import Achievement

    record = make_record(Achievement, owner_org=enterprise)
    html = bar(client, record.get_absolute_url())
    assert "登录后咨询" in html and "登录后收藏" in html and "/deals/open/" not in html
    client.force_login(member)
    html = bar(client, record.get_absolute_url())
    assert "收到的咨询" in html and "/deals/open/" not in html  # no deal with oneself


def test_a_draft_cannot_be_consulted(client, make_record, enterprise, member):
    from catalog.models import Achievement

    record = make_record(Achievement, owner_org=enterprise, status="draft")
    client.force_login(member)
    assert 'data-action="consult"' not in bar(client, record.get_absolute_url())


def test_a_failing_provider_does_not_break_the_page(client, make_record, enterprise, make_user):
    from catalog.models import Policy
    from core import actions

    def broken(request, record):
        raise RuntimeError("boom")

    actions.register_action("test.broken", broken)
    try:
        client.force_login(make_user())
        assert 'data-action="consult"' in bar(client, make_record(Policy, owner_org=enterprise).get_absolute_url())
    finally:
        actions._PROVIDERS.pop("test.broken")
