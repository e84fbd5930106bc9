"""Fixtures for the talent tests: a researcher with a verified profile, an employer with a demand."""

import pytest


@pytest.fixture(autouse=True)
def _lexical_only(settings):
    settings.MATCHING_EMBEDDER = "none"


@pytest.fixture
def regions():
    from reference.models import Region

    return {r.code: r for r in Region.objects.filter(code__in=["610100", "610116", "610400", "610402"])}


@pytest.fixture
def university(make_org):
    return make_org(name="西安某大学", kind="university")


@pytest.fixture
def researcher(make_user, university):
    return make_user(name="陈研究员", org=university, email="chen@univ.example.cn")


@pytest.fixture
def employer_org(make_org, regions):
    return make_org(
        name="沣东氢能科技有限公司", kind="enterprise", prefecture=regions["610100"], county=regions["610116"]
    )


@pytest.fixture
def employer(make_user, employer_org):
    return make_user(name="企业人事", org=employer_org, email="hr@fd.example.cn")


@pytest.fixture
def stranger(make_user, make_org):
    return make_user(name="无关人员", org=make_org(name="无关公司"))


@pytest.fixture
def profile_data(regions):
    return {
        "name": "陈研究员",
        "category": "high_level",
        "level": "B",
        "degree": "doctor",
        "title_grade": "senior",
        "fields_of_work": "氢燃料电池 电堆 催化剂",
        "prefecture": regions["610100"],
        "county": regions["610116"],
        "biography": "长期从事燃料电池研究。",
        "phone": "13900001111",
        "email": "chen.private@example.cn",
        "available_modes": ["tech_vp", "part_time"],
    }


@pytest.fixture
def verified(researcher, operator, profile_data, django_capture_on_commit_callbacks):
    from reference.models import IndustryChain
    from talent import services

    with django_capture_on_commit_callbacks(execute=True):
        profile = services.profile_save(
            user=researcher, data=profile_data, chains=list(IndustryChain.objects.filter(slug="hydrogen"))
        )
        services.profile_submit(by=researcher, profile=profile)
        services.profile_verify(by=operator, profile=profile, approve=True, note="材料齐全")
    profile.refresh_from_db()
    return profile


@pytest.fixture
def demand(employer, employer_org, regions, django_capture_on_commit_callbacks):
    from reference.models import IndustryChain
    from talent import services

    with django_capture_on_commit_callbacks(execute=True):
        d = services.demand_save(
            by=employer,
            org=employer_org,
            data={
                "title": "燃料电池电堆科技副总",
                "kind": "tech_vp",
                "description": "负责氢燃料电池电堆研发与成果转化",
                "fields_of_work": "氢燃料电池 电堆",
                "category": "high_level",
                "min_level": "C",
                "degree": "doctor",
                "prefecture": regions["610100"],
            },
            chains=list(IndustryChain.objects.filter(slug="hydrogen")),
        )
        services.demand_publish(by=employer, demand=d)
    return d


def notifications(user, kind=None):
    """The one place the tests read notifications (deals.Notification today; notifications app at merge)."""
    from notifications.models import Notification

    qs = Notification.objects.filter(user=user)
    return list(qs.filter(kind=kind) if kind else qs)
