import pytest


@pytest.fixture
def colleague(make_user, enterprise):
    return make_user(name="同事", org=enterprise)


@pytest.fixture
def outsider(make_user, make_org):
    return make_user(name="外单位用户", org=make_org(name="外单位"))


@pytest.fixture
def reviewer(make_user):
    return make_user(name="审核员", roles=["reviewer"])


def recipients(kind: str) -> set:
    """Who got a notice of this kind (the one helper the event tests use)."""
    from notifications.models import Notification

    return {n.user for n in Notification.objects.filter(kind=kind).select_related("user")}
