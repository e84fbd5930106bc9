"""收藏 (issue 10, item 5): bookmark any detail-page record; 我的收藏 is private to its user."""

from bookmarks.models import Bookmark


def test_toggle_from_the_action_bar_and_my_list(client, make_record, enterprise, member, make_user):
    from catalog.models import Instrument

    record = make_record(Instrument, owner_org=enterprise, title="场发射扫描电镜")
    other = make_user(name="别人")
    client.force_login(other)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'data-action="bookmark"' in page and "收藏" in page
    key = f"catalog.instrument:{record.pk}"
    response = client.post("/bookmarks/toggle/", {"record": key, "next": record.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert Bookmark.objects.filter(user=other).count() == 1
    assert "已收藏" in client.get(record.get_absolute_url()).content.decode()
    assert "场发射扫描电镜" in client.get("/bookmarks/").content.decode()
    # Someone else's list does not show it, and cannot remove it.
    client.force_login(member)
    assert "场发射扫描电镜" not in client.get("/bookmarks/").content.decode()
    client.post(f"/bookmarks/{Bookmark.objects.get().pk}/remove/")
    assert Bookmark.objects.count() == 1
    # Toggling again removes it.
    client.force_login(other)
    client.post("/bookmarks/toggle/", {"record": key})
    assert not Bookmark.objects.exists()


def test_invisible_or_unknown_records_cannot_be_bookmarked(client, make_record, enterprise, make_user):
    from catalog.models import Demand

    draft = make_record(Demand, owner_org=enterprise, status="draft")
    client.force_login(make_user())
    for key in (f"catalog.demand:{draft.pk}", "catalog.demand:99999", "accounts.user:1", "x"):
        assert client.post("/bookmarks/toggle/", {"record": key}).status_code == 404
    assert not Bookmark.objects.exists()
    client.logout()
    assert client.post("/bookmarks/toggle/", {"record": "x"}).status_code == 302  # to login


def test_next_cannot_redirect_off_site(client, make_record, enterprise, make_user):
    from catalog.models import Policy

    record = make_record(Policy, owner_org=enterprise)
    client.force_login(make_user())
    response = client.post(
        "/bookmarks/toggle/", {"record": f"catalog.policy:{record.pk}", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/bookmarks/"


def test_api_is_private(client, make_record, enterprise, make_user):
    from catalog.models import Achievement

    record = make_record(Achievement, owner_org=enterprise, title="氢能成果")
    alice, bob = make_user(), make_user()
    client.force_login(alice)
    r = client.post(
        "/api/v1/bookmarks/", {"record": f"catalog.achievement:{record.pk}"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["kind"] == "catalog.achievement"
    again = client.post(
        "/api/v1/bookmarks/", {"record": f"catalog.achievement:{record.pk}"}, content_type="application/json"
    )
    assert again.status_code == 200 and Bookmark.objects.count() == 1
    bad = client.post("/api/v1/bookmarks/", {"record": "catalog.achievement:0"}, content_type="application/json")
    assert bad.status_code == 400 and "record" in bad.json()["error"]["fields"]
    bid = r.json()["id"]
    client.force_login(bob)
    assert client.get("/api/v1/bookmarks/").json()["count"] == 0
    assert client.delete(f"/api/v1/bookmarks/{bid}/").status_code == 404
    client.force_login(alice)
    assert client.delete(f"/api/v1/bookmarks/{bid}/").status_code == 204
    client.logout()
    assert client.get("/api/v1/bookmarks/").status_code in (401, 403)
