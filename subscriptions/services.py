"""Write side of subscriptions: follow a chain or an organisation, save a search, stop following,
and the daily collection that tells subscribers about new records they may see.

Visibility is the catalog's public-list rule for a signed-in user (``catalog.selectors.resource_list``:
published, not expired; members-only records count because every subscriber is signed in); a
keyword matches the indexed text, which never holds a record's confidential fields. A record the
subscriber may not open is neither listed nor counted.
"""

import datetime as dt
import logging
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.libraries import LIBRARIES
from catalog.selectors import resource_list
from notifications.messages import Join, Message
from notifications.services import notify

from .models import Delivery, Subscription

logger = logging.getLogger(__name__)

MAX_PER_USER = 50  # subscriptions a user may keep (件)
MAX_QUERY = 500  # characters of a saved query string
MAX_KEYWORD = 100  # characters of the keyword in it
LISTED = 10  # records named in one notice; the rest are counted
# A collection looks this far before the previous one: a record approved in a transaction that
# committed just after that run read the database still has its turn (deliveries stop repeats).
OVERLAP = dt.timedelta(hours=1)
KIND = "subscriptions.new_records"


def canonical_query(library: str, raw: str) -> str:
    """The list page's query string reduced to what selects records: the keyword ``q`` and the
    library's declared filters, empty values dropped, keys sorted ("page", "sort" and unknown
    parameters left out). Raises ValidationError for an unknown library, a query longer than
    ``MAX_QUERY`` characters or a keyword longer than ``MAX_KEYWORD``, or nothing to select on."""
    lib = LIBRARIES.get(library)
    if lib is None:
        raise ValidationError({"library": _("没有这个资源库。")})
    if len(raw or "") > MAX_QUERY * 2:
        raise ValidationError({"query": _("搜索条件过长。")})
    params = QueryDict(raw or "")
    allowed = ("q", *lib.filters)
    kept = {}
    for name in sorted(allowed):
        value = (params.get(name) or "").strip()
        if value:
            kept[name] = value
    if len(kept.get("q", "")) > MAX_KEYWORD:
        raise ValidationError({"query": _("关键词不能超过 %(n)d 个字。") % {"n": MAX_KEYWORD}})
    if not kept:
        raise ValidationError({"query": _("请先输入关键词或选择筛选条件，再保存搜索。")})
    query = urlencode(kept)
    if len(query) > MAX_QUERY:
        raise ValidationError({"query": _("搜索条件过长。")})
    return query


def _check_room(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("请先登录。"))
    if Subscription.objects.filter(user=user).count() >= MAX_PER_USER:
        raise ValidationError(_("最多可保留 %(n)d 个订阅，请先取消不再需要的订阅。") % {"n": MAX_PER_USER})


def _create(**fields) -> tuple[Subscription, bool]:
    """(subscription, created); the same subscription twice returns the existing one."""
    existing = Subscription.objects.filter(**fields).first()
    if existing is not None:
        return existing, False
    _check_room(fields["user"])
    try:
        with transaction.atomic():
            return Subscription.objects.create(**fields), True
    except IntegrityError:  # a double click raced this one
        return Subscription.objects.get(**fields), False


def save_search(*, user, library: str, query: str) -> tuple[Subscription, bool]:
    """Save the list page's current search (``query``: its query string) as a subscription.
    Returns (subscription, created). Errors: ValidationError (bad library or query, too many
    subscriptions), PermissionDenied (not signed in)."""
    return _create(user=user, kind=Subscription.Kind.SEARCH, library=library, query=canonical_query(library, query))


def follow_chain(*, user, chain) -> tuple[Subscription, bool]:
    """Follow an industry chain: new records of every library that name it."""
    return _create(user=user, kind=Subscription.Kind.CHAIN, chain=chain)


def follow_organisation(*, user, organisation) -> tuple[Subscription, bool]:
    """Follow a verified organisation's new records (an unverified one has no public page)."""
    if not organisation.is_verified:
        raise ValidationError(_("只能关注已通过认证的机构。"))
    return _create(user=user, kind=Subscription.Kind.ORGANISATION, organisation=organisation)


def unsubscribe(*, subscription: Subscription, by) -> None:
    """Delete one's own subscription (PermissionDenied for anyone else's)."""
    if subscription.user_id != by.pk:
        raise PermissionDenied(_("只能管理自己的订阅。"))
    subscription.delete()


# ---- collection ---------------------------------------------------------------------------------


def new_records(subscription: Subscription, *, since, until) -> list:
    """The records (newest first) published in (since, until] that match ``subscription`` and
    that its subscriber may open, each with ``.library`` set."""
    user = subscription.user
    if subscription.kind == Subscription.Kind.SEARCH:
        lib = LIBRARIES.get(subscription.library)
        plans = [(lib, QueryDict(subscription.query))] if lib else []
    elif subscription.kind == Subscription.Kind.CHAIN:
        params = QueryDict(mutable=True)
        params["chain"] = subscription.chain.slug
        plans = [(lib, params) for lib in LIBRARIES.values() if "chain" in lib.filters]
    else:
        plans = [(lib, QueryDict()) for lib in LIBRARIES.values()]
    found = []
    for lib, params in plans:
        result = resource_list(library=lib, user=user, params=params, published_since=since)
        records = result.queryset
        if subscription.kind == Subscription.Kind.ORGANISATION:
            records = records.filter(owner_org_id=subscription.organisation_id)
        found += [r for r in records if r.published_at and r.published_at <= until]
    found.sort(key=lambda r: r.published_at, reverse=True)
    return found


def describe(subscription: Subscription, *, short: bool = False) -> str:
    """What the subscription follows, in the reader's language: 产业链：氢能 / 机构：… /
    科技成果 · 关键词：电堆 · 产业链：氢能 (``short``: without the kind, where a badge shows it)."""
    if subscription.kind == Subscription.Kind.CHAIN:
        return subscription.chain.label if short else _("产业链：%(c)s") % {"c": subscription.chain.label}
    if subscription.kind == Subscription.Kind.ORGANISATION:
        name = subscription.organisation.name
        return name if short else _("机构：%(o)s") % {"o": name}
    from .selectors import search_terms

    lib = LIBRARIES.get(subscription.library)
    parts = [str(lib.label) if lib else subscription.library] + search_terms(subscription)
    return " · ".join(parts)


def target_url(subscription: Subscription) -> str:
    """Where the subscriber sees everything the subscription follows."""
    if subscription.kind == Subscription.Kind.SEARCH:
        return reverse("catalog:list", args=[subscription.library]) + "?" + subscription.query
    if subscription.kind == Subscription.Kind.ORGANISATION:
        return reverse("accounts:organisation_detail", args=[subscription.organisation_id])
    return reverse("catalog:list", args=["achievements"]) + "?" + urlencode({"chain": subscription.chain.slug})


def collect_one(subscription_id: int, *, now) -> int:
    """Tell one subscriber about the new records of one subscription (at most once per record).
    Locks the subscription row, so two collections running at once do not both tell. Returns the
    number of records told about."""
    with transaction.atomic():
        sub = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("user", "chain", "organisation")
            .filter(pk=subscription_id)
            .first()
        )
        if sub is None or not sub.user.is_active:
            return 0
        # Records published before the subscription was made are not new to it (the overlap is for
        # late commits between two runs, not for what existed when the user subscribed).
        found = new_records(sub, since=max(sub.checked_at - OVERLAP, sub.created_at), until=now)
        told = set(
            Delivery.objects.filter(subscription=sub, record_id__in=[r.pk for r in found]).values_list(
                "library", "record_id"
            )
        )
        fresh = [r for r in found if (r.library, r.pk) not in told]
        sub.checked_at = now
        fields = ["checked_at"]
        if fresh:
            _tell(sub, fresh)
            Delivery.objects.bulk_create([Delivery(subscription=sub, library=r.library, record_id=r.pk) for r in fresh])
            sub.last_notified_at = now
            fields.append("last_notified_at")
        sub.save(update_fields=fields)
        return len(fresh)


def _tell(sub: Subscription, records: list) -> None:
    what = describe(sub)
    lines = [Join(["· [", LIBRARIES[r.library].label, "] ", r.title]) for r in records[:LISTED]]
    if len(records) > LISTED:
        lines.append(Message(gettext_noop("……另有 %(n)d 条"), n=len(records) - LISTED))
    url = records[0].get_absolute_url() if len(records) == 1 else target_url(sub)
    notify(
        users=[sub.user],
        kind=KIND,
        obj=sub,
        url=url,
        title=(
            Message(gettext_noop("订阅“%(what)s”有新发布：%(title)s"), what=what, title=records[0].title)
            if len(records) == 1
            else Message(gettext_noop("订阅“%(what)s”有 %(n)d 条新发布"), what=what, n=len(records))
        ),
        body=Join(lines, sep="\n"),
    )


def collect_new_records(*, now=None) -> dict:
    """The daily collection (``manage.py collect_subscriptions``): each active user's subscriptions,
    one notice per subscription with new records. Returns {"subscriptions": checked, "records": told}.
    One subscription that fails is logged and skipped (it is checked again next time)."""
    now = now or timezone.now()
    ids = list(Subscription.objects.filter(user__is_active=True).order_by("pk").values_list("pk", flat=True))
    told = 0
    for pk in ids:
        try:
            told += collect_one(pk, now=now)
        except Exception:
            logger.exception("subscription not collected", extra={"subscription": pk})
    return {"subscriptions": len(ids), "records": told}
