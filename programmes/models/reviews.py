"""The expert pool (评审专家库), declared conflicts, logged draws, assignments and scores."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calls import Call, Criterion
from .entries import Entry


class PoolExpert(models.Model):
    """A reviewer in the pool: a platform user with fields and an organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_expert")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("工作单位"),
    )
    industry_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="+", verbose_name=_("擅长领域")
    )
    # Declared conflicts: organisations the expert must never review.
    conflicts = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("申明回避机构")
    )
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家库")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_enterprise(self) -> bool:
        """企业类专家: the expert works at an enterprise (private or state-owned)."""
        return self.organisation is not None and self.organisation.kind in ("enterprise", "state_owned")


class Draw(models.Model):
    """One random draw of reviewers for a call, logged with its seed so it can be reproduced."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="draws")
    seed = models.BigIntegerField(_("随机种子"))
    wanted = models.PositiveSmallIntegerField(_("抽取人数"))
    # Candidate expert ids in the order considered, and the excluded ones with their reason codes.
    candidates = models.JSONField(default=list)
    excluded = models.JSONField(default=dict)
    drawn = models.JSONField(default=list)
    replacing = models.ForeignKey("Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("专家抽取记录")
        verbose_name_plural = _("专家抽取记录")

    def __str__(self) -> str:
        return f"{self.call} #{self.pk} (seed {self.seed})"


class Assignment(models.Model):
    """An expert invited to review (or judge) a call."""

    class Status(models.TextChoices):
        INVITED = "invited", _("已邀请")  # waiting for the expert's answer
        ACCEPTED = "accepted", _("已接受")  # reviews the call's entries
        DECLINED = "declined", _("已拒绝")  # declined; a replacement is drawn
        REMOVED = "removed", _("已撤销")  # withdrawn by an operator (e.g. a conflict found late)

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(PoolExpert, on_delete=models.PROTECT, related_name="assignments")
    draw = models.ForeignKey(Draw, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.INVITED)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        constraints = [models.UniqueConstraint(fields=["call", "expert"], name="programme_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.call}"


class Score(models.Model):
    """One reviewer's score of one entry on one criterion. Visible to operators and the call's
    managers, and to the reviewer for their own scores; never to entrants or the public."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "entry", "criterion"], name="programme_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.criterion}: {self.value}"

    def clean(self):
        if self.value is not None and not (0 <= self.value <= self.criterion.max_score):
            raise ValidationError(
                {
                    "value": _("“%(c)s”的得分须在 0 到 %(m)s 之间。")
                    % {"c": self.criterion.name, "m": self.criterion.max_score}
                }
            )
