"""Who sees a financing need, an application and the profile snapshot (DESIGN.md §5): the
enterprise, operators, and the institutions it consented to; never another bank, a broker, a
leader or the public, on pages, API, exports and counts."""

import pytest
from django.urls import reverse

from finance import selectors, services
from finance.tests.conftest import notifications


@pytest.fixture
def shared(hightech, hightech_admin, bank, banker, other_banker, post_need, rd_loan):
    """A need shared with ``bank`` only, and an application to bank's research loan."""
    need = post_need(hightech, hightech_admin, share_with=[bank])
    application = services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    return need, application


@pytest.mark.django_db
def test_bank_sees_only_needs_it_was_given_consent_for(client, shared, banker, other_banker, bank, other_bank):
    need, application = shared
    # The consented bank: need page, application, snapshot with the figures.
    assert list(selectors.needs_shared_with(banker)) == [need]
    client.force_login(banker)
    assert client.get(reverse("finance:need", args=[need.pk])).status_code == 200
    page = client.get(reverse("finance:application", args=[application.pk])).content.decode()
    assert "3200" in page and "西咸氢能科技有限公司" in page
    queue = client.get(reverse("finance:queue")).content.decode()
    assert "西咸氢能科技有限公司" in queue
    # Another bank: nothing, not even a count or the firm's name.
    assert list(selectors.needs_shared_with(other_banker)) == []
    client.force_login(other_banker)
    assert client.get(reverse("finance:need", args=[need.pk])).status_code == 403
    assert client.get(reverse("finance:application", args=[application.pk])).status_code == 403
    queue = client.get(reverse("finance:queue")).content.decode()
    assert "西咸氢能科技有限公司" not in queue
    export = client.get(reverse("finance:queue_export"))
    assert export.status_code == 200 and "西咸氢能".encode() not in export.content
    api = client.get("/api/v1/financing/needs/").json()
    assert api == []
    assert client.get(f"/api/v1/financing/needs/{need.pk}/matches/").status_code == 404
    assert client.get("/api/v1/financing/applications/").json() == []
    assert client.post(f"/api/v1/financing/applications/{application.pk}/approve/", {"amount": 100}).status_code == 404


@pytest.mark.django_db
def test_revoked_consent_hides_need_and_snapshot(client, shared, banker, hightech_admin):
    from enterprises.models import BankConsent
    from enterprises.services import consent_revoke

    need, application = shared
    for consent in BankConsent.objects.filter(bank__in=banker.organisation_ids()):
        consent_revoke(consent=consent, by=hightech_admin)
    assert list(selectors.needs_shared_with(banker)) == []
    client.force_login(banker)
    assert client.get(reverse("finance:need", args=[need.pk])).status_code == 403
    page = client.get(reverse("finance:application", args=[application.pk])).content.decode()
    assert "企业已撤回对本机构的数据授权" in page and "3200" not in page


@pytest.mark.django_db
def test_others_never_see_needs(client, shared, make_user, make_org, bank):
    need, application = shared
    urls = [reverse("finance:need", args=[need.pk]), reverse("finance:application", args=[application.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous → login
    for user in (
        make_user(name="他企成员", org=make_org()),
        make_user(name="经纪人", roles=["broker"]),
        make_user(name="领导", roles=["leader"]),
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert client.get("/api/v1/financing/needs/").json() == []
        assert client.get(reverse("finance:whitelist")).status_code == 403
        assert client.get("/api/v1/financing/whitelist/").status_code == 403


@pytest.mark.django_db
def test_institution_sees_only_its_products_fit(client, shared, other_loan, hightech_admin, banker):
    need, _application = shared
    client.force_login(banker)
    html = client.get(reverse("finance:need", args=[need.pk])).content.decode()
    assert "科创研发贷" in html and "普惠成长贷" not in html  # another bank's product stays hidden
    client.force_login(hightech_admin)
    html = client.get(reverse("finance:need", args=[need.pk])).content.decode()
    assert "科创研发贷" in html and "普惠成长贷" in html


@pytest.mark.django_db
def test_submit_notifies_the_institution_only(shared, banker, other_banker, hightech_admin):
    assert notifications(banker, "finance.application_submitted").count() == 1
    assert not notifications(other_banker).exists()
    assert not notifications(hightech_admin).exists()  # the actor is not told of their own step


@pytest.mark.django_db
def test_organisation_page_panel_for_members_and_operators_only(
    client, hightech, hightech_admin, rd_loan, operator, make_user, make_org, banker
):
    url = reverse("accounts:organisation_detail", kwargs={"pk": hightech.pk})
    client.force_login(hightech_admin)
    html = client.get(url).content.decode()
    assert "可申请的金融产品" in html and "营业收入 3,200 万元 ≥ 1,000 万元 ✓" in html
    assert reverse("finance:need_create") in html and "发起对接" not in html
    for user in (None, make_user(org=make_org()), banker):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "3,200" not in html and "可申请的金融产品" not in html
