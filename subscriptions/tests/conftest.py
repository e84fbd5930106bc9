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


@pytest.fixture
def publish(operator, django_capture_on_commit_callbacks):
    """Publish a record through the review workflow, running the after-commit indexing."""
    from catalog import workflow

    def do(record):
        with django_capture_on_commit_callbacks(execute=True):
            if record.status == "draft":
                record.status = "submitted"
                record.save(update_fields=["status"])
            return workflow.transition(record=record, action="approve", by=operator)

    return do
