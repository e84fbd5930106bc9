"""Write side of technology finance: needs, product terms, applications and their decisions,
loans and pledges. Every write is atomic and audited; every step of an application is an event
row and a notification. A loan enquiry never touches the deals app (no Deal is created).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from accounts.selectors import members_of
from core import rules
from core.audit import audit
from core.workflow import Transition, Workflow
from enterprises import access as enterprise_access
from enterprises.facts import ENTERPRISE
from notifications.messages import Message
from notifications.services import notify

from . import access, fit
from .models import Application, ApplicationEvent, FinancingNeed, Loan, NeedType, Pledge, ProductTerms

MAX_AMOUNT = Decimal("10000000")  # 万元 (1,000 亿元): anything larger is a typing error
MAX_TERM = 360  # months

WORKFLOW = Workflow(
    [
        Transition("contact", _l("已联系企业"), ("submitted",), "contacted", ("institution",)),
        Transition("approve", _l("批准"), ("submitted", "contacted"), "approved", ("institution",)),
        Transition("refuse", _l("拒绝"), ("submitted", "contacted"), "refused", ("institution",), reason_required=True),
        Transition("withdraw", _l("撤回"), ("submitted", "contacted"), "withdrawn", ("enterprise",)),
    ]
)


def _decimal(value, field: str, *, positive=True, maximum=MAX_AMOUNT) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("请填写数字。")}) from None
    if not number.is_finite() or (positive and number <= 0) or number > maximum:
        raise ValidationError({field: _("数值超出允许范围。")})
    return number.quantize(Decimal("0.01"))


def _term(value, field="term_months") -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("期限须为整数（月）。")}) from None
    if not 1 <= months <= MAX_TERM:
        raise ValidationError({field: _("期限须在 1–360 个月之间。")})
    return months


# --- needs ---------------------------------------------------------------------------------------


@transaction.atomic
def need_create(
    *,
    organisation: Organisation,
    by,
    amount,
    purpose: str,
    term_months,
    need_type: str,
    patents=(),
    contracts=(),
    share_with=(),
    is_demo: bool = False,
) -> FinancingNeed:
    """An enterprise admin posts a need. ``share_with``: financial institutions that may read the
    need and the profile; each gets the enterprise's recorded consent (enterprises.BankConsent).
    Collateral must be the enterprise's own: patents linked to its profile, registered contracts
    it is a party to."""
    from enterprises.activity import patent_queryset
    from enterprises.services import consent_grant, profile_for

    profile = profile_for(organisation)
    if not enterprise_access.can_edit(by, profile):
        raise PermissionDenied(_("只有企业管理员可以发布融资需求。"))
    if need_type not in NeedType.values:
        raise ValidationError({"need_type": _("请选择融资类型。")})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("请填写资金用途。")})
    need = FinancingNeed.objects.create(
        organisation=organisation,
        amount=_decimal(amount, "amount"),
        purpose=purpose[:300],
        term_months=_term(term_months),
        need_type=need_type,
        created_by=by,
        is_demo=is_demo,
    )
    patent_ids = [getattr(p, "pk", p) for p in patents]
    if patent_ids:
        own = set(patent_queryset(profile).filter(pk__in=patent_ids).values_list("pk", flat=True))
        if own != set(patent_ids):
            raise ValidationError({"patents": _("只能选择本企业名下的专利。")})
        need.collateral_patents.set(own)
    contract_ids = [getattr(c, "pk", c) for c in contracts]
    if contract_ids:
        own = set(own_registered_contracts(organisation).filter(pk__in=contract_ids).values_list("pk", flat=True))
        if own != set(contract_ids):
            raise ValidationError({"contracts": _("只能选择本企业作为当事方、已登记的技术合同。")})
        need.collateral_contracts.set(own)
    for bank in share_with:
        _share(need, profile, bank, by, consent_grant)
    eligible, _excluded = fit.match_need(need)
    need.matched_products = min(len(eligible), 32767)
    need.save(update_fields=["matched_products"])
    audit(actor=by, action="finance.need.create", target=need, data={"amount": str(need.amount), "type": need_type})
    return need


def own_registered_contracts(organisation):
    from django.db.models import Q

    from deals.models import Contract

    return Contract.objects.filter(registration_number__isnull=False).filter(
        Q(deal__supply_org=organisation) | Q(deal__demand_org=organisation)
    )


def _share(need, profile, bank, by, consent_grant) -> None:
    bank = bank if isinstance(bank, Organisation) else Organisation.objects.get(pk=bank)
    if bank.kind != Organisation.Kind.FINANCIAL:
        raise ValidationError({"share_with": _("只能授权金融机构。")})
    need.shared_with.add(bank)
    if bank.pk not in access.consented_institutions(need.organisation_id):
        consent_grant(profile=profile, by=by, bank=bank, purpose=_("融资需求 #%(id)s") % {"id": need.pk})


@transaction.atomic
def need_close(*, need: FinancingNeed, by) -> FinancingNeed:
    from enterprises.services import profile_for

    if not enterprise_access.can_edit(by, profile_for(need.organisation)):
        raise PermissionDenied
    need.status = FinancingNeed.Status.CLOSED
    need.save(update_fields=["status"])
    audit(actor=by, action="finance.need.close", target=need)
    return need


# --- product terms -------------------------------------------------------------------------------


@transaction.atomic
def terms_update(
    *, product, by, rules_data, need_types, accepts_ip_pledge=False, accepts_contract_pledge=False
) -> ProductTerms:
    """The institution's staff set the product's eligibility rules (core.rules conditions over the
    "enterprise" fact set; ValidationError names a bad condition) and the needs it answers."""
    if not access.can_edit_terms(by, product):
        raise PermissionDenied(_("只有产品所属金融机构的人员可以维护产品条件。"))
    clean = rules.validate(ENTERPRISE, rules_data)
    bad = [t for t in need_types if t not in NeedType.values]
    if bad or not need_types:
        raise ValidationError({"need_types": _("请选择产品适用的融资类型。")})
    terms, _created = ProductTerms.objects.get_or_create(product=product)
    terms.rules = clean
    terms.need_types = list(dict.fromkeys(need_types))
    terms.accepts_ip_pledge = bool(accepts_ip_pledge)
    terms.accepts_contract_pledge = bool(accepts_contract_pledge)
    terms.updated_by = by
    terms.save()
    audit(actor=by, action="finance.terms.update", target=product, data={"rules": clean, "need_types": need_types})
    return terms


# --- applications --------------------------------------------------------------------------------


def snapshot(need: FinancingNeed) -> dict:
    """The profile as the institution will read it (taken when the enterprise applies)."""
    from enterprises.services import profile_for

    from . import risk, whitelist

    profile = fit._profile(need.organisation)
    ctx = fit.rule_context()
    org = need.organisation
    figures = {}
    for year in (ctx["year"] - 1, ctx["year"]):
        report = next((r for r in profile.reports.all() if r.year == year and r.status == "verified"), None)
        if report:
            figures[str(year)] = {
                f: (str(getattr(report, f)) if getattr(report, f) is not None else None)
                for f in ("revenue", "net_profit", "rd_expenditure", "tax", "staff", "rd_staff")
            }
    quals = [q.get_kind_display() for q in profile.qualifications.all() if q.is_valid_on(ctx["day"])]
    patents = ENTERPRISE.facts["patents"].value(profile, ctx)
    inventions = ENTERPRISE.facts["invention_patents"].value(profile, ctx)
    return {
        "organisation": org.name,
        "new_city": org.get_new_city_display() if org.new_city else "",
        "chains": [c.name for c in org.industry_chains.all()],
        "founded_on": str(profile_for(org).founded_on or ""),
        "main_business": profile.main_business,
        "figures": figures,
        "qualifications": sorted(set(quals)),
        "patents": patents,
        "invention_patents": inventions,
        "collateral_patents": list(need.collateral_patents.values_list("publication_number", flat=True)[:50]),
        "collateral_contracts": list(need.collateral_contracts.values_list("title", flat=True)[:50]),
        "white_list": whitelist.is_listed(org),
        "signals": [s.text for s in risk.signals_for(org)],
        "taken_at": timezone.now().isoformat(timespec="seconds"),
    }


@transaction.atomic
def application_submit(*, need: FinancingNeed, product, by) -> Application:
    """The enterprise applies to one eligible product. Applying shares the need and the profile
    with the product's institution (consent recorded). Refused when a rule fails (with the reason)."""
    from enterprises.services import consent_grant, profile_for

    profile = profile_for(need.organisation)
    if not enterprise_access.can_edit(by, profile):
        raise PermissionDenied(_("只有企业管理员可以提交融资申请。"))
    need = FinancingNeed.objects.select_for_update().get(pk=need.pk)
    if need.status != FinancingNeed.Status.OPEN:
        raise ValidationError({"need": _("该融资需求已关闭。")})
    if product.status != "published" or product.owner_org_id is None:
        raise ValidationError({"product": _("该产品未发布或没有所属金融机构。")})
    if Application.objects.filter(need=need, product=product).exists():
        raise ValidationError({"product": _("已向该产品提交过申请。")})
    terms = fit._terms(product)
    served = terms.served_needs() if terms else ProductTerms(product=product).served_needs()
    if need.need_type not in served:
        raise ValidationError({"product": _("该产品不适用于此融资类型。")})
    result = fit.fit_product(product, terms, fit._profile(need.organisation), need)
    if not result.eligible:
        raise ValidationError({"product": _("不符合产品准入条件：%(why)s") % {"why": "，".join(result.failed)}})
    _share(need, profile, product.owner_org, by, consent_grant)
    application = Application.objects.create(
        need=need,
        product=product,
        institution=product.owner_org,
        reasons=result.reasons,
        snapshot=snapshot(need),
        created_by=by,
    )
    ApplicationEvent.objects.create(application=application, action="submit", to_status="submitted", by=by)
    audit(actor=by, action="finance.application.submit", target=application, note=product.title)
    notify(
        users=members_of(product.owner_org_id),
        kind="finance.application_submitted",
        title=Message(
            gettext_noop("新的融资申请：%(org)s 申请“%(product)s”"), org=need.organisation.name, product=product.title
        ),
        body=Message(
            gettext_noop("金额 %(amount)s 万元，期限 %(term)s 个月。"), amount=need.amount, term=need.term_months
        ),
        url=reverse("finance:application", args=[application.pk]),
        exclude=by,
    )
    return application


def _actor_kinds(user, application) -> set[str]:
    kinds = set()
    if access.can_decide(user, application):
        kinds.add("institution")
    if access.is_enterprise_member(user, application.need.organisation_id):
        kinds.add("enterprise")
    return kinds


@transaction.atomic
def application_transition(
    *,
    application: Application,
    by,
    action: str,
    reason: str = "",
    amount=None,
    rate=None,
    term_months=None,
    granted_on=None,
) -> Application:
    """contact / approve (amount 万元, rate %, term) / refuse (reason) / withdraw; the row is locked
    so two staff deciding at once cannot both approve (one loan per application)."""
    application = (
        Application.objects.select_for_update().select_related("need__organisation", "product").get(pk=application.pk)
    )
    spec = WORKFLOW.check(
        action,
        state=application.status,
        state_label=application.get_status_display(),
        actor_kinds=_actor_kinds(by, application),
        reason=reason,
    )
    before = application.status
    fields = ["status"]
    if action == "approve":
        application.approved_amount = _decimal(amount, "amount")
        application.approved_rate = _decimal(rate, "rate", maximum=Decimal("36")) if rate not in (None, "") else None
        application.approved_term_months = (
            _term(term_months) if term_months not in (None, "") else application.need.term_months
        )
        fields += ["approved_amount", "approved_rate", "approved_term_months"]
    if action == "refuse":
        application.refuse_reason = reason.strip()[:300]
        fields.append("refuse_reason")
    if action in ("approve", "refuse"):
        application.decided_at = timezone.now()
        fields.append("decided_at")
    application.status = spec.target
    application.save(update_fields=fields)
    ApplicationEvent.objects.create(
        application=application, action=action, from_status=before, to_status=spec.target, by=by, note=reason[:300]
    )
    if action == "approve":
        _loan_create(application, granted_on or timezone.localdate())
    audit(actor=by, action=f"finance.application.{action}", target=application, note=reason[:300])
    _notify_step(application, action, by)
    return application


def _loan_create(application: Application, granted_on) -> Loan:
    org = application.need.organisation
    chains = list(org.industry_chains.order_by("pk").values_list("name", flat=True)[:1])
    return Loan.objects.create(
        application=application,
        organisation=org,
        institution=application.institution,
        product_type=application.product.product_type,
        amount=application.approved_amount,
        rate=application.approved_rate,
        term_months=application.approved_term_months,
        granted_on=granted_on,
        new_city=org.new_city or "",
        chain=chains[0] if chains else "",
        is_demo=application.need.is_demo,
    )


def _notify_step(application: Application, action: str, by) -> None:
    url = reverse("finance:application", args=[application.pk])
    product = application.product.title
    if action == "withdraw":
        users = members_of(application.institution_id)
        title = Message(gettext_noop("企业撤回了融资申请：%(product)s"), product=product)
        body = ""
    else:
        users = members_of(application.need.organisation_id)
        if action == "approve":
            title = Message(gettext_noop("融资申请已批准：%(product)s"), product=product)
            body = Message(
                gettext_noop("批准金额 %(amount)s 万元，年利率 %(rate)s%%，期限 %(term)s 个月。"),
                amount=application.approved_amount,
                rate=application.approved_rate if application.approved_rate is not None else "—",
                term=application.approved_term_months,
            )
        elif action == "refuse":
            title = Message(gettext_noop("融资申请未获批准：%(product)s"), product=product)
            body = Message(gettext_noop("原因：%(reason)s"), reason=application.refuse_reason)
        else:
            title = Message(gettext_noop("金融机构已联系您：%(product)s"), product=product)
            body = ""
    notify(users=users, kind=f"finance.application_{action}", title=title, body=body, url=url, exclude=by)


@transaction.atomic
def pledge_add(*, loan: Loan, by, patent=None, contract=None, value=None, registered_on=None) -> Pledge:
    """Record an IP pledge (a patent of the borrower) or a technology-contract pledge (a registered
    contract the borrower is party to) against a loan; the lending institution or operators."""
    from enterprises.activity import patent_queryset
    from enterprises.services import profile_for

    if not (by.is_operator or loan.institution_id in access.institution_ids(by)):
        raise PermissionDenied
    if (patent is None) == (contract is None):
        raise ValidationError({"kind": _("请选择一项专利或一份技术合同。")})
    if patent is not None and not patent_queryset(profile_for(loan.organisation)).filter(pk=patent.pk).exists():
        raise ValidationError({"patent": _("只能质押借款企业名下的专利。")})
    if contract is not None and not own_registered_contracts(loan.organisation).filter(pk=contract.pk).exists():
        raise ValidationError({"contract": _("只能质押借款企业已登记的技术合同。")})
    pledge = Pledge.objects.create(
        loan=loan,
        kind=Pledge.Kind.PATENT if patent is not None else Pledge.Kind.CONTRACT,
        patent=patent,
        contract=contract,
        value=_decimal(value, "value") if value not in (None, "") else None,
        registered_on=registered_on,
    )
    audit(actor=by, action="finance.pledge.add", target=loan, note=pledge.get_kind_display())
    return pledge
