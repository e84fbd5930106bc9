import pytest


@pytest.fixture(autouse=True)
def _lexical_only(settings):
    # Unit tests run without the embedding model (fast, deterministic); semantic paths are
    # measured by evaluate_matching and the benchmarks.
    settings.MATCHING_EMBEDDER = "none"


@pytest.fixture
def publish(operator, django_capture_on_commit_callbacks):
    """Publish a record through the review workflow, running the after-commit signal."""
    from catalog import workflow

    def do(record):
        with django_capture_on_commit_callbacks(execute=True):
            if record.status == "draft":
                record.status = "submitted"
                record.save(update_fields=["status"])
            return workflow.transition(record=record, action="approve", by=operator)

    return do


@pytest.fixture
def chain():
    from reference.models import IndustryChain

    return IndustryChain.objects.get(slug="hydrogen")
