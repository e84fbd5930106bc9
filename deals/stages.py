"""The deal stage machine as data: which action moves a deal from which stages to which, and who may.

intent ─negotiate─▶ negotiation ─sign─▶ signed ─register─▶ registered ─perform─▶ performing ─complete─▶ completed
   └──────────────────────┴──────────terminate (reason)──▶ terminated ◀──dissolve (解除登记, registrar)──┴──────┘
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition

from .models.deals import Stage

ANYONE = ("party", "broker", "operator")

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("negotiate", _("进入洽谈"), (Stage.INTENT,), Stage.NEGOTIATION, ANYONE),
        Transition("sign", _("确认签约"), (Stage.NEGOTIATION,), Stage.SIGNED, ANYONE, requires="signed_contract"),
        # Registration is done by an operator through services.contracts.contract_register, which
        # gives the number and then applies this transition in the same transaction.
        Transition(
            "register", _("认定登记"), (Stage.SIGNED,), Stage.REGISTERED, ("operator",), requires="registration_number"
        ),
        Transition("perform", _("开始履行"), (Stage.REGISTERED,), Stage.PERFORMING, ANYONE),
        Transition("complete", _("履行完成"), (Stage.PERFORMING,), Stage.COMPLETED, ANYONE),
        # Before registration either side (or a broker, or an operator) may walk away, with a reason.
        Transition(
            "terminate",
            _("终止对接"),
            (Stage.INTENT, Stage.NEGOTIATION, Stage.SIGNED),
            Stage.TERMINATED,
            ANYONE,
            reason_required=True,
        ),
        # A registered contract ends only by 解除登记 (services.registration.contract_terminate): the
        # registrar records the basis (both parties' agreement, a statutory ground, a judgment);
        # one party alone cannot end it.
        Transition(
            "dissolve",
            _("合同解除"),
            (Stage.REGISTERED, Stage.PERFORMING),
            Stage.TERMINATED,
            ("operator",),
            reason_required=True,
            requires="termination_record",
        ),
    ]
}

STAGE_ORDER = [Stage.INTENT, Stage.NEGOTIATION, Stage.SIGNED, Stage.REGISTERED, Stage.PERFORMING, Stage.COMPLETED]
