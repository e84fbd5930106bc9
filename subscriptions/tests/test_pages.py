"""我的订阅 and the subscribe controls: who may do what, bad input answered in words, never a 500."""

import pytest
from django.urls import reverse

from subscriptions import services
from subscriptions.models import Subscription

pytestmark = pytest.mark.django_db


def test_list_page_offers_to_save_the_current_search(client, subscriber):
    url = reverse("catalog:list", args=["achievements"])
    assert "保存搜索/订阅" not in client.get(url).content.decode()  # nothing selected yet
    anonymous = client.get(url, {"q": "电堆"}).content.decode()
    assert "登录后订阅此搜索" in anonymous and "保存搜索/订阅" not in anonymous
    client.force_login(subscriber)
    page = client.get(url, {"q": "电堆", "chain": "hydrogen", "page": "2"}, headers={"HX-Request": "true"})
    assert "保存搜索/订阅" in page.content.decode()  # the htmx fragment carries the control too
    response = client.post(
        reverse("subscriptions:save_search"),
        {"library": "achievements", "query": "q=电堆&chain=hydrogen&page=2", "next": url + "?q=电堆&chain=hydrogen"},
    )
    assert response.status_code == 302 and response["Location"].startswith(url)
    sub = Subscription.objects.get(user=subscriber)
    assert (sub.kind, sub.library, sub.query) == ("search", "achievements", "chain=hydrogen&q=%E7%94%B5%E5%A0%86")
    assert "已订阅此搜索" in client.get(url, {"q": "电堆", "chain": "hydrogen"}).content.decode()
    mine = client.get(reverse("subscriptions:mine")).content.decode()
    assert "科技成果 · 关键词：电堆 · 产业链：氢能" in mine


def test_bad_input_is_answered_in_words(client, subscriber):
    client.force_login(subscriber)
    for data in ({"library": "nope", "query": "q=x"}, {"library": "achievements", "query": "page=2"}, {}):
        response = client.post(reverse("subscriptions:save_search"), data, follow=True)
        assert response.status_code == 200
        assert "alert" in response.content.decode()
    assert not Subscription.objects.exists()
    response = client.post(reverse("subscriptions:follow_chain"), {"chain": "no-such"}, follow=True)
    assert "请选择产业链" in response.content.decode()


def test_only_signed_in_users_subscribe(client, enterprise):
    for url in (reverse("subscriptions:mine"), reverse("subscriptions:save_search")):
        assert client.post(url, {"library": "achievements", "query": "q=x"}).status_code == 302  # to login
    assert client.post(reverse("subscriptions:follow_organisation", args=[enterprise.pk])).status_code == 302
    assert not Subscription.objects.exists()


def test_nobody_sees_or_deletes_anothers_subscriptions(client, subscriber, make_user):
    sub, _ = services.save_search(user=subscriber, library="achievements", query="q=电堆")
    other = make_user(name="他人")
    client.force_login(other)
    assert "电堆" not in client.get(reverse("subscriptions:mine")).content.decode()
    assert client.post(reverse("subscriptions:unsubscribe", args=[sub.pk])).status_code == 404
    assert Subscription.objects.filter(pk=sub.pk).exists()
    client.force_login(subscriber)
    client.post(reverse("subscriptions:unsubscribe", args=[sub.pk]))
    assert not Subscription.objects.filter(pk=sub.pk).exists()


def test_follow_chain_and_organisation(client, subscriber, enterprise, make_org, chain):
    client.force_login(subscriber)
    client.post(reverse("subscriptions:follow_chain"), {"chain": chain.slug})
    page = client.get(reverse("accounts:organisation_detail", args=[enterprise.pk])).content.decode()
    assert "关注本机构" in page
    client.post(reverse("subscriptions:follow_organisation", args=[enterprise.pk]))
    assert (
        "已关注 · 取消关注"
        in client.get(reverse("accounts:organisation_detail", args=[enterprise.pk])).content.decode()
    )
    unverified = make_org(verified=False)
    assert client.post(reverse("subscriptions:follow_organisation", args=[unverified.pk])).status_code == 404
    kinds = set(Subscription.objects.filter(user=subscriber).values_list("kind", flat=True))
    assert kinds == {"chain", "organisation"}
    mine = client.get(reverse("subscriptions:mine")).content.decode()
    assert ">氢能</a>" in mine and f">{enterprise.name}</a>" in mine


def test_english_page(client, subscriber, chain):
    services.follow_chain(user=subscriber, chain=chain)
    client.force_login(subscriber)
    page = client.get(reverse("subscriptions:mine"), headers={"Accept-Language": "en"}).content.decode()
    assert "My subscriptions" in page and ">Hydrogen energy</a>" in page and "我的订阅" not in page
