"""Fixtures shared by every app's tests: users with roles, organisations, records."""

import itertools
import os

import pytest

os.environ.setdefault("TESTING", "1")

_seq = itertools.count(1)


def valid_credit_code(seed: int) -> str:
    from accounts.validators import credit_code_check_char

    first17 = f"91610131{seed:09d}"[:17]
    return first17 + credit_code_check_char(first17)


@pytest.fixture(autouse=True)
def _media_and_index(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def make_org(db):
    from accounts.models import Organisation

    def make(name=None, kind="enterprise", verified=True, **extra):
        n = next(_seq)
        return Organisation.objects.create(
            name=name or f"测试机构{n}",
            kind=kind,
            credit_code=extra.pop("credit_code", valid_credit_code(n)),
            verification_status="verified" if verified else "pending",
            **extra,
        )

    return make


@pytest.fixture
def make_user(db):
    from accounts.models import Membership, User

    def make(name=None, roles=(), org=None, org_role="member", password="Secret-pass-1", **extra):
        n = next(_seq)
        user = User.objects.create_user(
            email=extra.pop("email", f"user{n}@example.cn"),
            password=password,
            name=name or f"用户{n}",
            roles=list(roles),
            **extra,
        )
        if org is not None:
            Membership.objects.create(user=user, organisation=org, role=org_role)
        return user

    return make


@pytest.fixture
def operator(make_user):
    return make_user(name="运营人员", roles=["operator"])


@pytest.fixture
def enterprise(make_org):
    return make_org(name="陕西示例科技有限公司")


@pytest.fixture
def member(make_user, enterprise):
    return make_user(name="企业成员", org=enterprise)


@pytest.fixture
def make_record(db):
    """Create a library record directly (status as asked) for read-side tests."""
    from datetime import timedelta

    from django.utils import timezone

    def make(model, owner_org=None, status="published", **fields):
        defaults = {"title": f"记录{next(_seq)}"}
        if model.__name__ == "Demand":
            defaults["problem"] = "需要解决的问题"
        if model.__name__ == "Policy":
            defaults.update(issuer="西咸新区管委会", level="new_area")
        if model.__name__ == "FinancialProduct":
            defaults["product_type"] = "rd_loan"
        if model.__name__ == "Scenario":
            defaults["kind"] = "need"
        defaults.update(fields)
        record = model(owner_org=owner_org, status=status, **defaults)
        if status == "published":
            record.published_at = timezone.now()
            record.expires_at = timezone.now() + timedelta(days=365)
        record.save()
        return record

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached totals (catalog.selectors.published_total) and throttle counters (DRF) live in the
    cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request in English (LocaleMiddleware)
    leaves its language active on the thread, which made later tests order-dependent."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
