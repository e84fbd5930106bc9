"""Site pages, footer and consent at registration (issue 10)."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page,text",
    [
        ("about", "关于我们"),
        ("help", "审核怎样进行"),
        ("terms", "用户协议"),
        ("privacy", "隐私政策"),
        ("contact", "运营单位"),
    ],
)
def test_site_pages(client, page, text):
    html = client.get(reverse("core:site_page", args=[page])).content.decode()
    assert text in html


def test_unknown_site_page_is_a_chinese_404_in_the_layout(client):
    response = client.get("/site/nothing/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and "site-nav" in response.content.decode()


def test_footer_names_operator_and_icp(client, settings):
    settings.SITE_OPERATOR_NAME = "西咸新区某运营中心"
    settings.SITE_ICP_NUMBER = "陕ICP备00000000号-1"
    html = client.get("/").content.decode()
    assert "西咸新区某运营中心" in html and "陕ICP备00000000号-1" in html and "beian.miit.gov.cn" in html


def test_operator_name_in_the_readers_language(client, settings):
    settings.SITE_OPERATOR_NAME, settings.SITE_OPERATOR_NAME_EN = "西咸新区某运营中心", "Some Operation Centre"
    assert "西咸新区某运营中心" in client.get("/site/contact/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url in ("/", "/site/about/", "/site/contact/"):
        html = client.get(url).content.decode()
        assert "Some Operation Centre" in html and "西咸新区某运营中心" not in html, url
    settings.SITE_OPERATOR_NAME_EN = ""  # none given: the Chinese name, not an empty credit
    assert "西咸新区某运营中心" in client.get("/").content.decode()


def test_registration_requires_consent_and_records_its_version(client, settings):
    settings.TERMS_VERSION = "2026-12"
    data = {
        "name": "孙工",
        "email": "",
        "mobile": "13900001111",
        "password": "Long-enough-pass-2026",
        "password2": "Long-enough-pass-2026",
    }
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 200 and "请阅读并同意" in response.content.decode()
    assert not User.objects.filter(mobile="13900001111").exists()
    client.post(reverse("accounts:register"), {**data, "agree": "on"})
    user = User.objects.get(mobile="13900001111")
    assert user.terms_version == "2026-12" and user.terms_accepted_at is not None
