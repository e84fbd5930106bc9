"""Entries (申报/揭榜方案/路演项目/清单响应), milestone checks, objections and interest marks."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calls import Call, ListItem, Milestone


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # written by the entrant; visible to the entrant only
    SUBMITTED = "submitted", _("已提交")  # in the call; editable by the entrant until the deadline
    WITHDRAWN = "withdrawn", _("已撤回")  # taken back by the entrant; never reviewed
    SELECTED = "selected", _("入选")  # chosen by the published result (揭榜成功 / 获资助 / 入选)
    NOT_SELECTED = "not_selected", _("未入选")  # reviewed, not chosen
    PAIRED = "paired", _("已对接")  # a list response the list's owner took up (机会清单/场景清单)
    WINNER = "winner", _("赛马胜出")  # the race's best result
    RACE_ENDED = "race_ended", _("赛马结束")  # ran in the race, not the winner


class ItemType(models.TextChoices):
    PROJECT = "project", _("项目/方案")
    ACHIEVEMENT = "achievement", _("成果")
    PRODUCT = "product", _("产品")
    TEAM = "team", _("团队")
    SCENARIO = "scenario", _("场景")
    FINANCE = "finance", _("金融")


class Entry(models.Model):
    """An organisation's or team's entry to a call. Confidential until results: only the entrant,
    the call's managers and operators, and the call's accepted reviewers read it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="entries")
    entrant_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="programme_entries", verbose_name=_("申报机构")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="programme_entries",
        verbose_name=_("申报人"),
    )
    team_name = models.CharField(_("团队名称"), max_length=100, blank=True)
    item_type = models.CharField(_("项目类型"), max_length=12, choices=ItemType.choices, default=ItemType.PROJECT)
    list_item = models.ForeignKey(
        ListItem, null=True, blank=True, on_delete=models.PROTECT, related_name="responses", verbose_name=_("响应条目")
    )
    title = models.CharField(_("名称"), max_length=200)
    summary = models.TextField(_("简介/方案摘要"))
    answers = models.JSONField(_("申报表内容"), default=dict, blank=True)
    amount_requested_wan = models.DecimalField(
        _("申请金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Filled by the ranking when the call leaves review (see services.reviews.call_rank).
    final_score = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    disagreement = models.BooleanField(_("评分分歧较大"), default=False)
    award_wan = models.DecimalField(_("奖励/资助金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    attachments = GenericRelation("catalog.Attachment")

    class Meta:
        ordering = ["id"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.title


class MilestoneCheck(models.Model):
    """An operator's check of one racing team against one milestone."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="checks")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="milestone_checks")
    outcome = models.CharField(_("结论"), max_length=8, choices=Outcome.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("里程碑考核")
        verbose_name_plural = _("里程碑考核")
        constraints = [models.UniqueConstraint(fields=["milestone", "entry"], name="programme_milestone_check_unique")]

    def __str__(self) -> str:
        return f"{self.entry} · {self.milestone}: {self.outcome}"


class Objection(models.Model):
    """An objection raised during 公示 against a proposed result."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("异议内容"))
    answer = models.TextField(_("处理意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self) -> str:
        return self.text[:40]


class Interest(models.Model):
    """An audience member's interest mark on a roadshow item (an investor or an enterprise)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("意向说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("意向标记")
        verbose_name_plural = _("意向标记")
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="programme_interest_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.entry}"
