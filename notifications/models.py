"""The platform's notification centre: one row per notice to one user, and each user's channel per kind."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a user wants one kind of notice delivered."""

    SITE = "site", _("仅站内")
    EMAIL = "email", _("站内 + 邮件")
    DIGEST = "digest", _("站内 + 每日摘要邮件")


class Notification(models.Model):
    """A notice to one user: ``kind`` is a dotted "APP.event" string (``catalog.approved``,
    ``deals.opened`` ...); ``obj`` optionally points at the record it is about.

    The recipient field is called ``user`` (as in the deals model it replaces) so that existing
    queries such as ``Notification.objects.filter(user=..., kind=...)`` keep working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    kind = models.CharField(_("类型"), max_length=60, db_index=True)
    # ``title``/``body`` hold the text in the platform's default language (settings.LANGUAGE_CODE),
    # for the admin, search and rows older than ``message``; ``message`` holds the translatable
    # form ({"title": Message JSON, "body": Message JSON or absent}, notifications.messages) that
    # pages, the API and e-mails render in the reader's language. Read them through
    # ``shown_title``/``shown_body`` (active language) or ``title_in(lang)``/``body_in(lang)``.
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    message = models.JSONField(_("可翻译内容"), default=dict, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=40, blank=True)
    obj = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # E-mail bookkeeping: the channel chosen when the notice was created, and when its e-mail
    # (immediate or in a digest) went out; a digest picks the rows with channel=digest and no emailed_at.
    channel = models.CharField(_("投递方式"), max_length=10, choices=Channel.choices, default=Channel.SITE)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["channel", "emailed_at"]),
        ]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None = None) -> str:
        """The title in ``language`` (None: the active language); the stored text for a row
        without a translatable message."""
        return self._text("title", language)[:200]

    def body_in(self, language: str | None = None) -> str:
        """The body in ``language`` (None: the active language), as ``title_in``."""
        return self._text("body", language)

    @property
    def shown_title(self) -> str:
        return self.title_in()

    @property
    def shown_body(self) -> str:
        return self.body_in()

    def _text(self, part: str, language: str | None) -> str:
        from .messages import Message

        decoded = Message.from_json((self.message or {}).get(part))
        if decoded is None:
            return getattr(self, part)
        return decoded.render(language)

    @property
    def recipient(self):
        return self.user

    @property
    def app(self) -> str:
        return self.kind.split(".", 1)[0] if "." in self.kind else ""


class Preference(models.Model):
    """A user's channel for one kind; kinds without a row use the kind's default (site + e-mail
    unless the kind was registered otherwise)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("类型"), max_length=60)
    channel = models.CharField(_("投递方式"), max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.channel}"
