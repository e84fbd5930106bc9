"""收藏: a user's bookmark of any record that has a detail page (core.records), private to that user."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # Kept from the record when bookmarked, so that the list never loads every record.
    record_title = models.CharField(_("标题"), max_length=300)
    record_url = models.CharField(_("链接"), max_length=300)
    created_at = models.DateTimeField(_("收藏时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="bookmark_once_per_record")
        ]
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")

    def __str__(self) -> str:
        return self.record_title
