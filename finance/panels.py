"""Panels contributed to other apps' pages.

- Organisation page (accounts.panels): for the enterprise's own members and operators, the
  products whose rules the firm meets, with true reasons, and "发布融资需求" (never a deal button;
  replaces matching's keyword panel). Nobody else sees it: the reasons quote the firm's figures.
- Portrait (enterprises.panels): white-list mark and risk signals, for operators and financial
  institutions' staff only.
"""

from django.utils.translation import gettext as _

from . import access, fit, risk, whitelist


def organisation_panel(request, organisation):
    from enterprises.services import ENTERPRISE_KINDS

    user = request.user
    if organisation.kind not in ENTERPRISE_KINDS or not organisation.is_verified:
        return None
    if not (user.is_authenticated and (user.is_operator or access.is_enterprise_member(user, organisation.pk))):
        return None
    from enterprises.models import EnterpriseProfile
    from enterprises.services import profile_for

    profile = EnterpriseProfile.objects.prefetch_related("reports", "qualifications").get(
        pk=profile_for(organisation).pk
    )
    ctx = fit.rule_context()
    rows = []
    from catalog.models import FinancialProduct

    for product in (
        FinancialProduct.objects.published().select_related("owner_org", "finance_terms").order_by("pk")[:100]
    ):
        terms = fit._terms(product)
        result = fit.rules.evaluate(fit.ENTERPRISE, terms.rules if terms else [], profile, ctx)
        if result.passed:
            rows.append((product, [fit.condition_line(c) for c in result.conditions] or [_("无附加准入条件")]))
    return "finance/_organisation_panel.html", {"organisation": organisation, "rows": rows[:8], "year": ctx["year"]}


def portrait_panel(request, profile):
    if not access.can_see_marks(request.user):
        return None
    org = profile.organisation
    return "finance/_portrait_panel.html", {
        "listed": whitelist.is_listed(org),
        "signals": risk.signals_for(org),
    }
