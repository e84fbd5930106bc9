"""咨询/留言: a short message thread about one record between a visitor (the asker) and the side
that answers for the record (its organisation's members, the person of a talent profile, or the
platform's operators when the record has no owner), without opening a deal (issue 10)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_MAX = 1000  # characters per message: a short question, not a negotiation


class Thread(models.Model):
    """One asker's consultation about one record; the owner side is fixed when it is opened."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")  # either side may write
        CLOSED = "closed", _("已结束")  # closed by either side; nobody writes any more

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # Kept from the record when the thread is opened: the lists never load every record.
    record_title = models.CharField(_("咨询对象"), max_length=300)
    record_url = models.CharField(_("对象链接"), max_length=300)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("咨询人")
    )
    # Who answers: an organisation (its active members), else a person, else (both empty) the operators.
    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("答复机构"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations_to_answer",
        verbose_name=_("答复人"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("咨询时间"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("最近留言"), db_index=True)
    answered_at = models.DateTimeField(_("首次答复"), null=True, blank=True)
    # Each side's last reading; a message of the other side after it is unread.
    asker_read_at = models.DateTimeField(null=True, blank=True)
    owner_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["asker", "last_message_at"]),
            models.Index(fields=["owner_org", "last_message_at"]),
        ]
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")

    def __str__(self) -> str:
        return self.record_title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:thread", kwargs={"pk": self.pk})

    @property
    def answered_by_operators(self) -> bool:
        return self.owner_org_id is None and self.owner_user_id is None


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    from_owner = models.BooleanField(default=False)  # written by the answering side
    body = models.TextField(_("内容"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("咨询留言")
        verbose_name_plural = _("咨询留言")

    def __str__(self) -> str:
        return self.body[:40]
