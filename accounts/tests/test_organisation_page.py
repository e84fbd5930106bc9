"""The public organisation page and the matching sync of organisation changes."""

import pytest
from django.urls import reverse

from accounts import services
from catalog.models import Achievement, Demand
from conftest import valid_credit_code
from matching.sources import documents_changed_signal


def page_url(org):
    return reverse("accounts:organisation_detail", kwargs={"pk": org.pk})


@pytest.fixture
def profile(make_org, make_record):
    from reference.models import IndustryChain

    org = make_org(
        name="秦创原氢能科技有限公司",
        description="专注燃料电池电堆",
        website="https://h2.example.cn",
        new_city="fengxi",
    )
    org.industry_chains.add(IndustryChain.objects.get(slug="hydrogen"))
    records = {
        "public": make_record(Demand, owner_org=org, title="电堆寿命提升需求"),
        "members": make_record(Demand, owner_org=org, title="会员可见需求", visibility="members"),
        "achievement": make_record(Achievement, owner_org=org, title="加氢站压缩机成果"),
        "draft": make_record(Achievement, owner_org=org, status="draft", title="草稿成果"),
    }
    return org, records


@pytest.mark.django_db
def test_verified_organisation_page_shows_profile_and_published_records(client, profile, member):
    org, records = profile
    html = client.get(page_url(org)).content.decode()
    for text in (
        "秦创原氢能科技有限公司",
        "<dd>企业</dd>",
        "沣西新城",
        '"badge badge-soft">氢能',
        "专注燃料电池电堆",
        "https://h2.example.cn",
    ):
        assert text in html
    assert records["public"].get_absolute_url() in html and records["achievement"].get_absolute_url() in html
    assert "会员可见需求" not in html  # members-only records are for signed-in users
    assert "草稿成果" not in html
    client.force_login(member)
    html = client.get(page_url(org)).content.decode()
    assert "会员可见需求" in html and "草稿成果" not in html


@pytest.mark.django_db
def test_unverified_organisation_is_hidden_except_from_members_and_operators(client, make_org, make_user, operator):
    pending = make_org(name="待认证公司", verified=False)
    assert client.get(page_url(pending)).status_code == 404
    client.force_login(make_user(org=make_org()))
    assert client.get(page_url(pending)).status_code == 404
    client.force_login(make_user(org=pending))
    assert "待认证公司" in client.get(page_url(pending)).content.decode()
    client.force_login(operator)
    assert client.get(page_url(pending)).status_code == 200
    assert client.get(reverse("accounts:organisation_detail", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.django_db
def test_record_page_links_a_verified_publisher_only(client, make_org, make_record):
    verified = make_org(name="已认证发布机构")
    record = make_record(Demand, owner_org=verified, title="需求甲")
    assert page_url(verified) in client.get(record.get_absolute_url()).content.decode()
    pending = make_org(name="未认证发布机构", verified=False)
    record = make_record(Demand, owner_org=pending, title="需求乙")
    html = client.get(record.get_absolute_url()).content.decode()
    assert "未认证发布机构" in html and page_url(pending) not in html


@pytest.fixture
def changes():
    sent = []

    def receiver(sender, kind, ids, **kwargs):
        sent.append((kind, list(ids)))

    documents_changed_signal.connect(receiver, dispatch_uid="test.organisation_changes")
    yield sent
    documents_changed_signal.disconnect(dispatch_uid="test.organisation_changes")


@pytest.mark.django_db
def test_documents_changed_is_sent_after_commit_on_create_and_verification(
    changes, make_user, operator, django_capture_on_commit_callbacks
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        org = services.organisation_create(
            by=user, kind="enterprise", name="新注册企业", credit_code=valid_credit_code(424242)
        )
        assert changes == []  # not before the transaction commits
    assert changes == [("organisations", [org.pk])]
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_verify(organisation=org, by=operator, approve=True)
    assert changes[-1] == ("organisations", [org.pk]) and len(changes) == 2
