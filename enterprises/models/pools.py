"""Cultivation pools (梯度培育库): tiers with entry and keep rules, yearly proposals, dated moves.

Tiers follow seed 001 三(三)2②④ (科技型中小企业 → 高新技术企业 → 专精特新 → 规上 → 上市;
潜在瞪羚—瞪羚—种子独角兽—潜在独角兽—独角兽, at least 100 firms selected a year) and seed 002
chapter 5 (上市挂牌 基础库/重点库/金种子库). Rules are ``core.rules`` conditions over the
"enterprise" fact set.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .profiles import EnterpriseProfile


class PoolTier(models.Model):
    class Track(models.TextChoices):
        LADDER = "ladder", _("登高升规")  # 科小 → 高企 → 专精特新 → 规上
        GROWTH = "growth", _("高成长")  # 潜在瞪羚 → 瞪羚 → 种子独角兽 → 潜在独角兽 → 独角兽
        LISTING = "listing", _("上市后备")  # 基础库 → 重点库 → 金种子库

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    track = models.CharField(_("梯队"), max_length=10, choices=Track.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    entry_rules = models.JSONField(_("入库条件"), default=list)
    keep_rules = models.JSONField(_("保留条件"), default=list, help_text=_("不再满足时提出出库建议"))
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["track", "order"]
        verbose_name = _("培育库层级")
        verbose_name_plural = _("培育库层级")

    def __str__(self) -> str:
        return self.name


class PoolProposal(models.Model):
    class Action(models.TextChoices):
        ENTER = "enter", _("入库")
        EXIT = "exit", _("出库")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已否决")

    tier = models.ForeignKey(PoolTier, on_delete=models.CASCADE, related_name="proposals")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="pool_proposals")
    year = models.PositiveSmallIntegerField(_("年度"))
    action = models.CharField(_("动作"), max_length=5, choices=Action.choices)
    reasons = models.JSONField(_("理由"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decision_note = models.CharField(_("决定说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tier__track", "tier__order", "profile__organisation__name"]
        verbose_name = _("培育库遴选建议")
        verbose_name_plural = _("培育库遴选建议")
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "profile", "year", "action"], name="enterprises_one_proposal_per_tier_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_action_display()} {self.tier}: {self.profile}"


class PoolMembership(models.Model):
    """A firm's stay in a tier: entered on a date, left on a date (open while ``left_on`` is empty)."""

    tier = models.ForeignKey(PoolTier, on_delete=models.PROTECT, related_name="memberships")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="pool_memberships")
    entered_on = models.DateField(_("入库日期"))
    left_on = models.DateField(_("出库日期"), null=True, blank=True)
    entry_proposal = models.ForeignKey(PoolProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    exit_proposal = models.ForeignKey(PoolProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["entered_on", "tier__order"]
        verbose_name = _("培育库在库记录")
        verbose_name_plural = _("培育库在库记录")
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "profile"], condition=Q(left_on__isnull=True), name="enterprises_one_open_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.tier} {self.entered_on}–{self.left_on or ''}"
