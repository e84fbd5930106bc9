"""Read side of subscriptions: a user's list for 我的订阅 and a saved search's terms in words."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from catalog.libraries import LIBRARIES

from .models import Subscription


def for_user(user):
    """The user's subscriptions, newest first, with what the page shows (1 query)."""
    return Subscription.objects.filter(user=user).select_related("chain", "organisation")


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value))


def search_terms(subscription: Subscription) -> list[str]:
    """A saved search's keyword and filters in words: ["关键词：电堆", "产业链：氢能", …]."""
    from catalog.models import PolicyClause
    from reference.models import CooperationMode, IndustryChain, NewCity, Region

    lib = LIBRARIES.get(subscription.library)
    model = lib.model if lib else None
    params = QueryDict(subscription.query)
    out = []
    if params.get("q"):
        out.append(_("关键词：%(q)s") % {"q": params["q"]})
    for name, value in params.items():
        if name == "q" or not value:
            continue
        if name == "chain":
            chain = IndustryChain.objects.filter(slug=value).first()
            out.append(_("产业链：%(v)s") % {"v": chain.label if chain else value})
        elif name == "region":
            region = Region.objects.filter(code=value).first()
            out.append(_("地区：%(v)s") % {"v": region.label if region else value})
        elif name == "new_city":
            out.append(_("新城：%(v)s") % {"v": _choice_label(NewCity.choices, value)})
        elif name == "mode":
            out.append(_("合作方式：%(v)s") % {"v": _choice_label(CooperationMode.choices, value)})
        elif name == "bottleneck":
            out.append(_("卡脖子需求"))
        elif name == "subject":
            out.append(_("支持对象：%(v)s") % {"v": _choice_label(PolicyClause.Subject.choices, value)})
        else:
            choices = {
                "stage": "Stage",
                "level": "Level",
                "kind": "Kind",
                "product_type": "ProductType",
            }.get(name)
            enum = getattr(model, choices, None) if choices else None
            label = _choice_label(enum.choices, value) if enum else value
            out.append(f"{model._meta.get_field(name).verbose_name if model and _has(model, name) else name}：{label}")
    return out


def _has(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
