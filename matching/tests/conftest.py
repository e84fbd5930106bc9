import pytest

from catalog.models import Achievement, Demand


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


SECRET = "绝密工艺参数X9"  # a demand's confidential detail that no match may show


@pytest.fixture
def market(make_record, make_org, enterprise, publish, chain):
    """A hydrogen demand with a confidential part, and achievements that answer it or not."""
    university = make_org(name="西安某大学", kind="university")
    demand = make_record(
        Demand,
        owner_org=enterprise,
        status="submitted",
        title="氢燃料电池电堆寿命提升",
        problem="车用氢燃料电池电堆衰减快，需要提升电堆寿命和低温冷启动能力",
        new_city="jinghe",
        budget_min=50,
        budget_max=200,
        cooperation_modes=["transfer", "pay_after_use"],
        confidential_details=SECRET,
    )
    demand.industry_chains.add(chain)
    good = make_record(
        Achievement,
        owner_org=university,
        status="submitted",
        title="长寿命氢燃料电池电堆技术",
        body="膜电极与双极板改进，电堆寿命超过一万小时，支持低温冷启动",
        stage="pilot",
        trl=7,
        asking_price=120,
        cooperation_modes=["transfer"],
        new_city="jinghe",
    )
    good.industry_chains.add(chain)
    weak = make_record(
        Achievement, owner_org=university, status="submitted", title="光伏组件清洗机器人", body="光伏电站运维"
    )
    members = make_record(
        Achievement,
        owner_org=university,
        status="submitted",
        visibility="members",
        title="氢燃料电池低温冷启动控制",
        body="电堆低温冷启动策略",
    )
    for record in (demand, good, weak, members):
        publish(record)
    draft = make_record(Achievement, owner_org=university, status="draft", title="氢燃料电池电堆草稿成果")
    return {"demand": demand, "good": good, "weak": weak, "members": members, "draft": draft}
