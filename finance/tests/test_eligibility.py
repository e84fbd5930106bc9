"""Product eligibility over the enterprise profile (core.rules) and the need → products ranking."""

import pytest
from django.core.exceptions import ValidationError

from finance import fit, services
from finance.tests.conftest import RD_RULES


@pytest.mark.django_db
def test_rules_admit_the_eligible_firm_with_true_reasons(hightech, hightech_admin, rd_loan, post_need):
    need = post_need(hightech, hightech_admin, amount="500", term=36)
    eligible, excluded = fit.match_need(need)
    assert [f.product for f in eligible] == [rd_loan] and excluded == []
    summary = eligible[0].summary
    # The reasons quote this firm's verified figures and this need, never shared keywords.
    assert summary.startswith("研发贷：")
    assert "高新技术企业 ✓" in summary
    assert "营业收入 3,200 万元 ≥ 1,000 万元 ✓" in summary
    assert "期限 36 个月（产品 12–36 个月）✓" in summary
    assert "额度 100–1,000 万元，需求 500 万元 ✓" in summary
    assert "共同关键词" not in summary
    assert need.matched_products == 1


@pytest.mark.django_db
def test_rules_exclude_an_ineligible_firm_and_say_why(small, small_admin, rd_loan, post_need):
    need = post_need(small, small_admin)
    eligible, excluded = fit.match_need(need)
    assert eligible == []
    assert [f.product for f in excluded] == [rd_loan]
    assert excluded[0].failed == ["高新技术企业 ✗", "营业收入 600 万元 ≥ 1,000 万元 ✗"]
    assert need.matched_products == 0
    # Applying anyway is refused with the same reasons, and nothing is written.
    with pytest.raises(ValidationError) as exc:
        services.application_submit(need=need, product=rd_loan, by=small_admin)
    assert "营业收入 600 万元 ≥ 1,000 万元 ✗" in str(exc.value)
    assert not need.applications.exists()


@pytest.mark.django_db
def test_bulk_and_per_firm_agree(hightech, small, rd_loan):
    from enterprises.models import EnterpriseProfile

    ids = EnterpriseProfile.objects.filter(organisation__in=[hightech, small]).values_list("pk", flat=True)
    assert fit.eligible_profile_ids(rd_loan, ids) == {hightech.enterprise_profile.pk}


@pytest.mark.django_db
def test_type_amount_and_term_rank(hightech, hightech_admin, rd_loan, other_loan, post_need):
    # 2,000 万元 over 60 months is outside the research loan's ranges: still eligible, ranked lower.
    need = post_need(hightech, hightech_admin, amount="2000", term=60)
    eligible, _ = fit.match_need(need)
    assert [f.product for f in eligible] == [other_loan, rd_loan]
    assert any("需求 2,000 万元 ✗" in r for r in eligible[1].reasons)
    # An equity need finds no loan at all.
    equity = post_need(hightech, hightech_admin, need_type="equity")
    assert fit.match_need(equity) == ([], [])


@pytest.mark.django_db
def test_terms_are_kept_by_the_institution_and_validated(rd_loan, banker, other_banker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.terms_update(product=rd_loan, by=other_banker, rules_data=RD_RULES, need_types=["debt"])
    with pytest.raises(ValidationError):
        services.terms_update(
            product=rd_loan, by=banker, rules_data=[{"fact": "nonsense", "op": ">=", "value": 1}], need_types=["debt"]
        )
    terms = services.terms_update(
        product=rd_loan,
        by=banker,
        rules_data=[{"fact": "revenue", "op": ">=", "value": "500"}],
        need_types=["debt", "ip_pledge"],
    )
    assert terms.rules == [{"fact": "revenue", "op": ">=", "value": "500"}] and terms.need_types == [
        "debt",
        "ip_pledge",
    ]


@pytest.mark.django_db
def test_bad_need_input_is_a_clear_error_and_writes_nothing(hightech, hightech_admin, post_need):
    from finance.models import FinancingNeed

    for kwargs, field in (
        ({"amount": "abc"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"term": 0}, "term_months"),
        ({"need_type": "lottery"}, "need_type"),
    ):
        with pytest.raises(ValidationError) as exc:
            post_need(hightech, hightech_admin, **kwargs)
        assert field in exc.value.message_dict
    assert not FinancingNeed.objects.exists()


@pytest.mark.django_db
def test_collateral_must_be_the_firms_own(hightech, hightech_admin, post_need):
    from patents.models import Patent

    stranger = Patent.objects.create(publication_number="CN123456789A", patent_type="invention", title="他人专利")
    with pytest.raises(ValidationError) as exc:
        post_need(hightech, hightech_admin, patents=[stranger.pk])
    assert "patents" in exc.value.message_dict
