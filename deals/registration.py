"""认定登记 as a transition table (core.workflow): the parties apply, the registrar (an operator)
accepts, returns for correction (with reasons), refuses (with reasons), 核定 the technology amount
(with a note) and registers; after registration 变更 and 解除 are records of their own.

draft ─submit─▶ submitted ─accept─▶ accepted ─register─▶ registered ─terminate─▶ terminated
  ▲                │   └─────────────┐    │ ▲   (approve: 核定, stays accepted)   │ (amend: 变更, stays registered)
  └──returned◀─return (reason)◀──────┘    │ └──approve
                   └────refuse (reason)───┴──▶ refused

Rules: 《技术合同认定登记管理办法》 (国科发政字〔2000〕063号) arts. 6–13 (application, acceptance,
return for correction, refusal, registration) and 《技术合同认定规则》 (国科发政字〔2001〕253号):
the registrar 核定 the technology transaction amount (技术交易额) from the contract's total.
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models.contracts import RegStatus as S

PARTIES = ("party", "broker", "operator")
REGISTRAR = ("operator",)

REGISTRATION = Workflow(
    [
        Transition("submit", _("申请登记"), (S.DRAFT, S.RETURNED), S.SUBMITTED, PARTIES),
        Transition("accept", _("受理"), (S.SUBMITTED,), S.ACCEPTED, REGISTRAR),
        Transition("return", _("退回补正"), (S.SUBMITTED, S.ACCEPTED), S.RETURNED, REGISTRAR, reason_required=True),
        Transition("refuse", _("不予登记"), (S.SUBMITTED, S.ACCEPTED), S.REFUSED, REGISTRAR, reason_required=True),
        Transition("approve", _("核定技术交易额"), (S.ACCEPTED,), S.ACCEPTED, REGISTRAR, reason_required=True),
        Transition("register", _("登记"), (S.ACCEPTED,), S.REGISTERED, REGISTRAR),
        Transition("amend", _("变更登记"), (S.REGISTERED,), S.REGISTERED, REGISTRAR, reason_required=True),
        Transition("terminate", _("解除登记"), (S.REGISTERED,), S.TERMINATED, REGISTRAR, reason_required=True),
    ]
)
