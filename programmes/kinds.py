"""The stages of a call as data, and what each kind of programme uses of them.

draft ─publish─▶ open ─close_entries─▶ review ─publicise─▶ publicity ─publish_results─▶ results ─finish─▶ closed
                   │                     └──────────publish_results (kinds without 公示)──▶ results ─start_race─▶ racing ─finish─▶ closed
                   └──finish (lists: no review)──▶ closed          draft/open/review/publicity ─cancel (reason)─▶ cancelled

One table (``STAGES``, on the platform's ``core.workflow`` mechanism); each kind is a configuration
naming the actions it uses, its entry label and whether it is reviewed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import Kind, Stage

STAGES = Workflow(
    [
        Transition("publish", _("发布征集"), (Stage.DRAFT,), Stage.OPEN, ("manager",)),
        # Closing happens at the deadline (system) or earlier by a manager.
        Transition("close_entries", _("截止并进入评审"), (Stage.OPEN,), Stage.REVIEW, ("manager", "system")),
        Transition("publicise", _("拟定结果并公示"), (Stage.REVIEW,), Stage.PUBLICITY, ("manager",), requires="scored"),
        Transition(
            "publish_results",
            _("公布结果"),
            (Stage.PUBLICITY, Stage.REVIEW),
            Stage.RESULTS,
            ("manager",),
            requires="ranked",
        ),
        Transition("start_race", _("启动赛马"), (Stage.RESULTS,), Stage.RACING, ("manager",), requires="race"),
        Transition("finish", _("结束"), (Stage.OPEN, Stage.RESULTS, Stage.RACING), Stage.CLOSED, ("manager",)),
        Transition(
            "cancel",
            _("取消"),
            (Stage.DRAFT, Stage.OPEN, Stage.REVIEW, Stage.PUBLICITY),
            Stage.CANCELLED,
            ("manager",),
            reason_required=True,
        ),
    ]
)


@dataclass(frozen=True)
class ProgrammeKind:
    kind: str
    label: str
    entry_label: str
    actions: tuple[str, ...]
    reviewed: bool
    description: str

    @property
    def workflow(self) -> Workflow:
        return STAGES.restricted(self.actions)


_REVIEWED = ("publish", "close_entries", "publicise", "publish_results", "finish", "cancel")

KINDS: dict[str, ProgrammeKind] = {
    k.kind: k
    for k in [
        ProgrammeKind(
            Kind.CHALLENGE,
            _("揭榜挂帅"),
            _("揭榜方案"),
            (*_REVIEWED, "start_race"),
            True,
            _("产业界出题、科技界答题：团队揭榜，专家评审，赛马制下多支团队并行攻关（行动方案 三(三)4①）。"),
        ),
        ProgrammeKind(
            Kind.ROADSHOW,
            _("路演"),
            _("路演项目"),
            ("publish", "close_entries", "publish_results", "finish", "cancel"),
            True,
            _("成果、产品、团队、场景、金融项目现场路演，评委现场打分，以演代评决定支持（行动方案 三(一)2②）。"),
        ),
        ProgrammeKind(
            Kind.SCENARIO_SELECTION,
            _("首发应用场景评选"),
            _("参评场景"),
            _REVIEWED,
            True,
            _("每年组织“首发应用场景”评选（行动方案 三(一)3⑤）。"),
        ),
        ProgrammeKind(
            Kind.FUNDING,
            _("项目资助"),
            _("申报项目"),
            _REVIEWED,
            True,
            _("概念验证等资助项目分领域征集、遴选并给予资金支持（行动方案 三(二)3①）。"),
        ),
        ProgrammeKind(
            Kind.OPPORTUNITY_LIST,
            _("机会清单"),
            _("响应"),
            ("publish", "finish", "cancel"),
            False,
            _("大企业发布技术研发、供应链、入孵需求，中小企业响应对接（行动方案 三(三)3②）。"),
        ),
        ProgrammeKind(
            Kind.SCENARIO_LIST,
            _("场景清单"),
            _("响应"),
            ("publish", "finish", "cancel"),
            False,
            _("场景需求清单和场景能力清单，供需对接（行动方案 三(一)3②③）。"),
        ),
    ]
}


def kind_of(call) -> ProgrammeKind:
    return KINDS[call.kind]
