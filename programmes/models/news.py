"""News, notices and events with registration (信息发布 / 线上交流, action plan 三(一)5②)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("新闻")
        NOTICE = "notice", _("通知公告")

    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    # Stored already sanitised (services.news.article_save runs nh3 over it).
    body_html = models.TextField(_("正文"))
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("新闻公告")
        verbose_name_plural = _("新闻公告")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:article", kwargs={"pk": self.pk})


class Event(models.Model):
    """An event people register for (沙龙, 对接会, 路演 audience); capacity enforced, then a waiting list."""

    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动介绍"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online = models.BooleanField(_("线上"), default=False)
    capacity = models.PositiveIntegerField(_("名额"), help_text=_("报名满额后进入候补名单。"))
    registration_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    call = models.ForeignKey(
        "programmes.Call",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("关联路演"),
    )
    published = models.BooleanField(_("已发布"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("活动")
        verbose_name_plural = _("活动")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:event", kwargs={"pk": self.pk})


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("报名成功")
        WAITING = "waiting", _("候补")
        CANCELLED = "cancelled", _("已取消")

    class AudienceKind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INVESTOR = "investor", _("投资机构")
        BANK = "bank", _("银行")
        RESEARCH = "research", _("高校院所")
        OTHER = "other", _("其他")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    audience_kind = models.CharField(
        _("参会身份"), max_length=12, choices=AudienceKind.choices, default=AudienceKind.OTHER
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="programme_registration_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"
