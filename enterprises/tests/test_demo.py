"""The demo loader: fictitious firms marked 演示, points and pools filled, idempotent."""

import io

from enterprises import demo
from enterprises.models import EnterpriseProfile, PointsRun, PoolMembership, PoolProposal


def test_demo_loader_is_marked_and_idempotent(operator):
    out = io.StringIO()
    demo.load({"operator": operator}, out)
    profiles = EnterpriseProfile.objects.filter(is_demo=True).select_related("organisation")
    assert profiles.count() == demo.N_DEMO
    assert all("演示" in p.organisation.name and p.organisation.credit_code is None for p in profiles)
    assert all(q.issuer == "演示数据（虚构）" for p in profiles for q in p.qualifications.all())
    run = PointsRun.objects.get()
    assert run.status == "published" and run.scored == demo.N_DEMO
    assert PoolMembership.objects.exists() and PoolProposal.objects.filter(status="proposed").exists()
    counts = (EnterpriseProfile.objects.count(), PointsRun.objects.count(), PoolProposal.objects.count())
    demo.load({"operator": operator}, out)
    assert counts == (EnterpriseProfile.objects.count(), PointsRun.objects.count(), PoolProposal.objects.count())


def test_demo_skips_without_operator(db):
    out = io.StringIO()
    demo.load({}, out)
    assert "skipped" in out.getvalue() and not EnterpriseProfile.objects.exists()
