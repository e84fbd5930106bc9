"""High-value patent score (高价值专利评分). Documented in patents/README.md.

CNIPA counts as 高价值发明专利 a valid invention patent that meets at least one of five criteria:
(1) in a strategic emerging industry, (2) has an overseas family member, (3) maintained more than
10 years, (4) pledged for at least 10 million yuan, (5) won a national science and technology prize
or a China Patent Award. The platform scores those five criteria and adds claims, forward citations
and remaining term, so patents can be ranked within a pool. Weights and limits are configurable
with ``settings.PATENTS_HIGH_VALUE`` (a dict merged over ``DEFAULTS``); run
``manage.py assign_pools --rescore`` after changing them.

A patent is high-value when it is an invention patent, granted and not known to have ended, meets
at least one CNIPA criterion, its score reaches the threshold (a pool may set a higher one), and
the score rests on enough known facts: at least ``min_known`` of the eight items known (default 4,
half of them). A criterion the source does not tell us about scores 0 and is shown as 未知, never
guessed; a patent the source says little about (title and IPC only: in a strategic pool, 20 of 100
points with the seven other items 未知) is not called high-value on that alone.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Award, PatentType

DEFAULTS = {
    "threshold": 20,
    "weights": {
        "strategic_industry": 20,
        "overseas_family": 20,
        "maintained": 15,
        "pledge": 15,
        "award": 15,
        "claims": 5,
        "citations": 5,
        "remaining_term": 5,
    },
    "maintained_min_years": 10,  # CNIPA: 维持年限超过10年
    "pledge_min_wan": 1000,  # CNIPA: 质押融资金额 1000 万元以上
    "claims_full": 20,  # claims at which the claims item reaches its full weight
    "citations_full": 10,  # forward citations at which the citations item reaches its full weight
    # Items (of the eight) whose fact the source gives, below which no score makes a patent
    # high-value: a score of mostly 未知 items says too little (try-out: 20/100, seven unknown).
    "min_known": 4,
}
CNIPA_KEYS = ("strategic_industry", "overseas_family", "maintained", "pledge", "award")


def config() -> dict:
    custom = getattr(settings, "PATENTS_HIGH_VALUE", {}) or {}
    merged = {**DEFAULTS, **{k: v for k, v in custom.items() if k != "weights"}}
    merged["weights"] = {**DEFAULTS["weights"], **custom.get("weights", {})}
    return merged


LABELS = {
    "strategic_industry": gettext_noop("战略性新兴产业"),
    "overseas_family": gettext_noop("海外同族"),
    "maintained": gettext_noop("维持年限"),
    "pledge": gettext_noop("质押融资"),
    "award": gettext_noop("国家科技奖或中国专利奖"),
    "claims": gettext_noop("权利要求数"),
    "citations": gettext_noop("被引次数"),
    "remaining_term": gettext_noop("剩余保护期"),
}
REASONS = {
    "not_invention": gettext_noop("非发明专利"),
    "not_granted": gettext_noop("尚未授权或授权情况未知"),
    "ended": gettext_noop("已失效"),
    "no_cnipa_criterion": gettext_noop("未满足国家知识产权局五项认定条件中的任何一项"),
    "too_few_known": gettext_noop("已知的评分项目过少，得分不足以说明价值"),
}


def score(patent, *, strategic_industry: bool, cfg: dict | None = None) -> dict:
    """The stored breakdown: {"total", "threshold", "eligible", "cnipa_met", "high_value", "reasons",
    "status_known", "known" (items whose fact is known), "min_known", "items": [{"key", "points",
    "max", "met", "value"}]}. ``met`` is None when the source does not tell; ``value`` is the fact
    the item was judged on. Reasons (keys of ``REASONS``) say why a patent is not high-value. Labels and sentences are
    added at display time by ``describe`` (kept out of this hot path, which runs per imported row)."""
    cfg = cfg or config()
    w = cfg["weights"]
    items = []

    def add(key, met, fraction, value):
        points = round(w[key] * fraction) if met and fraction else 0
        items.append({"key": key, "points": points, "max": w[key], "met": met, "value": value})

    add("strategic_industry", strategic_industry, 1, strategic_industry)
    overseas = patent.overseas_family
    add("overseas_family", overseas, 1, overseas)
    years = patent.maintained_years
    add("maintained", None if years is None else years > cfg["maintained_min_years"], 1, years)
    pledge = patent.pledge_amount
    add(
        "pledge",
        None if pledge is None else pledge >= cfg["pledge_min_wan"],
        1,
        None if pledge is None else str(pledge),
    )
    add("award", True if patent.award else None, 1, patent.award or None)
    claims = patent.claims_count
    add(
        "claims",
        None if claims is None else claims > 0,
        min(claims or 0, cfg["claims_full"]) / cfg["claims_full"],
        claims,
    )
    cited = patent.cited_by_count
    add(
        "citations",
        None if cited is None else cited > 0,
        min(cited or 0, cfg["citations_full"]) / cfg["citations_full"],
        cited,
    )
    remaining = patent.remaining_years
    add(
        "remaining_term",
        None if remaining is None else remaining > 0,
        min((remaining or 0) / patent.statutory_term, 1),
        None if remaining is None else round(remaining, 1),
    )

    reasons = []
    if patent.patent_type != PatentType.INVENTION:
        reasons.append("not_invention")
    if not patent.is_granted:
        reasons.append("not_granted")
    if patent.has_ended:
        reasons.append("ended")
    eligible = not reasons
    cnipa_met = any(item["met"] for item in items if item["key"] in CNIPA_KEYS)
    if eligible and not cnipa_met:
        reasons.append("no_cnipa_criterion")
    known = sum(1 for item in items if item["met"] is not None)
    enough = known >= cfg["min_known"]
    if eligible and cnipa_met and not enough:
        reasons.append("too_few_known")
    total = sum(item["points"] for item in items)
    return {
        "total": total,
        "threshold": cfg["threshold"],
        "eligible": eligible,
        "cnipa_met": cnipa_met,
        "high_value": eligible and cnipa_met and enough and total >= cfg["threshold"],
        "reasons": reasons,
        "status_known": bool(patent.legal_status),
        "known": known,
        "min_known": cfg["min_known"],
        "items": items,
    }


def describe(breakdown: dict, *, statutory_term: int = 20) -> dict:
    """The stored breakdown with Chinese labels and a sentence per item, for pages and the API."""
    if not breakdown:
        return {}
    cfg = config()
    unknown = _("未知")
    rows = []
    for item in breakdown.get("items", []):
        key, value, met = item["key"], item.get("value"), item.get("met")
        if key == "strategic_industry":
            detail = _("属于战略性新兴产业专利池") if met else _("不在战略性新兴产业专利池中")
        elif met is None and key != "award":
            detail = unknown
        elif key == "overseas_family":
            detail = _("有海外同族专利") if met else _("无海外同族专利")
        elif key == "maintained":
            detail = _("已维持 %(y)s 年（须超过 %(m)s 年）") % {"y": value, "m": cfg["maintained_min_years"]}
        elif key == "pledge":
            detail = _("质押 %(a)s 万元（须不低于 %(m)s 万元）") % {"a": value, "m": cfg["pledge_min_wan"]}
        elif key == "award":
            detail = str(Award(value).label) if value in Award.values else _("未知或未获奖")
        elif key == "claims":
            detail = _("%(n)s 项") % {"n": value}
        elif key == "citations":
            detail = _("%(n)s 次") % {"n": value}
        else:
            detail = _("约 %(r)s 年 / 法定 %(t)s 年") % {"r": value, "t": statutory_term}
        rows.append({**item, "label": _(LABELS[key]), "detail": detail})
    reasons = []
    for key in breakdown.get("reasons", []):
        reason = _(REASONS[key])
        if key == "too_few_known":
            reason += _("（%(n)s 项中已知 %(k)s 项，至少须知 %(m)s 项）") % {
                "n": len(rows),
                "k": breakdown.get("known"),
                "m": breakdown.get("min_known"),
            }
        reasons.append(reason)
    if breakdown.get("high_value"):
        verdict = _("高价值专利：授权发明专利，满足国家知识产权局高价值认定条件，得分达到门槛")
    elif reasons:
        verdict = _("不认定为高价值：") + "；".join(reasons)
    else:
        verdict = _("不认定为高价值：得分未达门槛")
    if not breakdown.get("status_known"):
        verdict += _("（法律状态来源未提供，按公告类型判断是否授权）")
    return {**breakdown, "items": rows, "verdict": verdict}
