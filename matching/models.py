"""Feedback on matches: kept for the operators' page and for evaluation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    USEFUL = "useful", _("有用")  # the match answers the need
    NOT_USEFUL = "not_useful", _("无用")  # irrelevant or unsuitable
    CONTACTED = "contacted", _("已联系")  # the parties were put in touch (counts as useful)


class MatchFeedback(models.Model):
    """One person's verdict on one match (source record → matched record). Re-voting updates it.
    A match marked not useful (and useful to nobody) is hidden from that source record's list
    (``selectors.record_feedback``)."""

    source_kind = models.CharField(_("来源类型"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("来源记录"))
    target_kind = models.CharField(_("匹配类型"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("匹配记录"))
    verdict = models.CharField(_("评价"), max_length=12, choices=Verdict.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("评价人")
    )
    as_broker = models.BooleanField(_("以经纪人身份"), default=False)
    rank = models.PositiveSmallIntegerField(_("推荐名次"), null=True, blank=True)
    score = models.FloatField(_("匹配得分"), null=True, blank=True)
    # The signals the match carried when it was judged (``engine.Match.signals``: chain, ipc,
    # region, maturity, budget, modes, verified, freshness, ipc_consensus, lexical/semantic alone
    # or both, shared keyword, semantic standout), computed on the server, never sent by the browser: the share of
    # useful matches per signal (``selectors.feedback_by_signal``) is measured on them.
    signals = models.JSONField(_("匹配信号"), default=list, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("匹配反馈")
        verbose_name_plural = _("匹配反馈")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_kind", "source_id", "target_kind", "target_id"], name="matching_feedback_once"
            )
        ]
        indexes = [models.Index(fields=["source_kind", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.source_id} → {self.target_kind}:{self.target_id} {self.verdict}"


class IndexDebt(models.Model):
    """A record whose index entry may not match the database: written when its (re)indexing is
    enqueued, deleted when a task has indexed it. What stays (a failed task, a worker that died,
    a server stopped mid-import) is retried by ``manage.py retry_index_debt`` until none is left."""

    kind = models.CharField(_("类型"), max_length=40)
    record_id = models.PositiveBigIntegerField(_("记录"))
    since = models.DateTimeField(_("登记时间"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("失败次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("待索引记录")
        verbose_name_plural = _("待索引记录")
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="matching_index_debt_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id}"
