"""Subscriptions (issue 10 item 6): a user follows an industry chain or an organisation, or saves a
keyword search with its filters; what was already told is remembered so nothing is repeated."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """One thing a user follows. Exactly one target per kind: ``chain`` (an industry chain, every
    library), ``organisation`` (a verified organisation's records, every library) or ``search``
    (``library`` + ``query``, the list page's canonical query string: keyword and filters)."""

    class Kind(models.TextChoices):
        CHAIN = "chain", _("产业链")
        ORGANISATION = "organisation", _("机构")
        SEARCH = "search", _("保存的搜索")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("订阅人")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    chain = models.ForeignKey(
        "reference.IndustryChain",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("产业链"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("机构"),
    )
    library = models.CharField(_("资源库"), max_length=20, blank=True)
    query = models.CharField(_("搜索条件"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("订阅时间"), auto_now_add=True)
    # Records published after this instant are new to the subscriber (moved on by every collection).
    checked_at = models.DateTimeField(_("上次检查"), default=timezone.now)
    last_notified_at = models.DateTimeField(_("上次通知"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "chain"], condition=Q(kind="chain"), name="subscription_chain_once"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(kind="organisation"), name="subscription_org_once"
            ),
            models.UniqueConstraint(
                fields=["user", "library", "query"], condition=Q(kind="search"), name="subscription_search_once"
            ),
            models.CheckConstraint(
                name="subscription_one_target",
                condition=(
                    Q(kind="chain", chain__isnull=False, organisation__isnull=True, library="")
                    | Q(kind="organisation", organisation__isnull=False, chain__isnull=True, library="")
                    | Q(kind="search", chain__isnull=True, organisation__isnull=True) & ~Q(library="")
                ),
            ),
        ]
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.chain_id or self.organisation_id or self.library + '?' + self.query}"


class Delivery(models.Model):
    """A record a subscription has already told its subscriber about (never told twice)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    library = models.CharField(max_length=20)
    record_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "library", "record_id"], name="subscription_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.library}/{self.record_id}"


class SentMatch(models.Model):
    """A strong match of an owner's published record (``source``) already announced to its owners."""

    source_kind = models.CharField(max_length=30)
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(max_length=30)
    target_id = models.PositiveBigIntegerField()
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "target_kind", "target_id"], name="subscription_match_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_kind}/{self.source_id} → {self.target_kind}/{self.target_id}"


class Watermark(models.Model):
    """Where a scheduled collection stopped (``name`` → instant); the next run starts a little
    before it and relies on the remembered deliveries for what it sees twice."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M}"
