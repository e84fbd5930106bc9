import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def firm(enterprise):
    from enterprises.services import profile_for

    profile = profile_for(enterprise)
    profile.founded_on = dt.date(2018, 5, 1)  # 成长期 in 2025
    profile.save()
    return profile


@pytest.fixture
def firm_admin(make_user, enterprise):
    return make_user(name="企业管理员", org=enterprise, org_role="admin")


@pytest.fixture
def verified_report(db, operator):
    from enterprises.models import AnnualReport

    def make(profile, year, **figures):
        return AnnualReport.objects.create(
            profile=profile, year=year, status="verified", source="verified", reviewed_by=operator, **figures
        )

    return make


@pytest.fixture
def verified_qualification(db, operator):
    from enterprises.models import Qualification

    def make(profile, kind, issued=dt.date(2024, 1, 1), expires=None, **extra):
        return Qualification.objects.create(
            profile=profile,
            kind=kind,
            issued_on=issued,
            expires_on=expires,
            status="verified",
            reviewed_by=operator,
            **extra,
        )

    return make


D = Decimal


@pytest.fixture(autouse=True)
def _chinese():
    """Stored reasons and sources are written in the active language; tests expect Chinese
    whatever an earlier English page request left active in this thread."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()
