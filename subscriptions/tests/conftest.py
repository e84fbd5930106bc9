import pytest


@pytest.fixture(autouse=True)
def _lexical_only(settings):
    # Matching runs without the embedding model in unit tests (fast, deterministic).
    settings.MATCHING_EMBEDDER = "none"


@pytest.fixture
def subscriber(make_user):
    return make_user(name="订阅人", email="sub@example.cn")


@pytest.fixture
def chain():
    from reference.models import IndustryChain

    return IndustryChain.objects.get(slug="hydrogen")


def told(kind: str) -> set:
    from notifications.models import Notification

    return {n.user for n in Notification.objects.filter(kind=kind).select_related("user")}
