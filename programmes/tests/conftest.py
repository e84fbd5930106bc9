"""Fixtures for the programme tests: an open challenge with a rubric, two entrant teams, an expert pool."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 plan", content_type="application/pdf")


@pytest.fixture
def make_call(operator):
    from programmes.services.calls import call_create, call_transition

    def make(kind="challenge", publish=True, criteria=None, **fields):
        fields.setdefault("title", "氢燃料电池电堆低温启动攻关")
        fields.setdefault("closes_at", timezone.now() + timedelta(days=30))
        fields.setdefault("reviewers_per_call", 3)
        fields.setdefault("verified_only", True)
        if criteria is None:
            criteria = [
                {"name": "技术方案", "weight": 60, "max_score": 10},
                {"name": "团队能力", "weight": 40, "max_score": 10},
            ]
        call = call_create(by=operator, kind=kind, criteria=criteria, **fields)
        if publish:
            call = call_transition(call=call, action="publish", by=operator)
        return call

    return make


@pytest.fixture
def teams(make_org, make_user):
    a = make_org(name="甲科技有限公司")
    b = make_org(name="乙大学", kind="university")
    return SimpleNamespace(org_a=a, org_b=b, alice=make_user(name="甲成员", org=a), bob=make_user(name="乙成员", org=b))


@pytest.fixture
def pool(operator, make_org, make_user, teams):
    """Six experts: one works at team A (must avoid A), one declared a conflict with B, two at
    enterprises, two at a university."""
    from programmes.services.reviews import pool_expert_add

    firm1, firm2, uni = (
        make_org(name="丙企业"),
        make_org(name="丁企业", kind="state_owned"),
        make_org(name="戊大学", kind="university"),
    )
    experts = {}
    for key, org, conflicts in [
        ("at_a", teams.org_a, []),
        ("conflict_b", uni, [teams.org_b]),
        ("firm1", firm1, []),
        ("firm2", firm2, []),
        ("uni1", uni, []),
        ("uni2", uni, []),
    ]:
        user = make_user(name=f"专家{key}", org=org)
        experts[key] = pool_expert_add(by=operator, user=user, organisation=org, conflicts=conflicts)
    return SimpleNamespace(**experts)


@pytest.fixture
def two_entries(make_call, teams):
    """An open challenge with a submitted entry from each team."""
    from programmes.services.entries import entry_create, entry_submit

    call = make_call()
    ea = entry_create(call=call, by=teams.alice, title="甲方案", summary="甲的技术路线")
    eb = entry_create(call=call, by=teams.bob, title="乙方案", summary="乙的技术路线")
    ea = entry_submit(entry=ea, by=teams.alice)
    eb = entry_submit(entry=eb, by=teams.bob)
    return SimpleNamespace(call=call, a=ea, b=eb)
