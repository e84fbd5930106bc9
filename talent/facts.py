"""The "talent" fact set of ``core.rules``: what talent points and talent policy clauses may test
about a person (the policy engine evaluates clauses over it; this app does not import it).

Context: ``{"day": date}``. Only the verified profile counts (``verified`` is a fact, so a clause
can require it; the points are computed from verified profiles only). Units: 件, 年, 分.
"""

import datetime as dt

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.rules import BOOLEAN, NUMBER, TEXT, Fact, FactSet, register_fact_set

from .models import DEGREE_RANK, LEVEL_RANK, TITLE_RANK, ProfileStatus, TalentPoints

TALENT = register_fact_set(FactSet("talent", str(_("人才"))))


def context(day: dt.date | None = None) -> dict:
    return {"day": day or dt.date.today()}


def _rank_sql(field, ranks):
    return lambda ctx: Case(
        *[When(**{field: k}, then=Value(v)) for k, v in ranks.items()], default=Value(0), output_field=IntegerField()
    )


def _count(related, invention_only):
    def value(profile, ctx):
        attr = "fact__invention_patents" if invention_only else "fact__patents"
        if hasattr(profile, attr):
            return getattr(profile, attr) or 0
        qs = profile.patents.all()
        if invention_only:
            return sum(1 for p in qs if p.patent_type == "invention" and p.legal_status == "granted")
        return len(qs)

    return value


def _patents_sql(invention_only):
    def sql(ctx):
        q = Q(patent_type="invention", legal_status="granted") if invention_only else Q()
        from patents.models import Patent

        counted = (
            Patent.objects.filter(q, talents=OuterRef("pk"))
            .order_by()
            .annotate(g=Value(1))
            .values("g")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted[:1]), Value(0))

    return sql


def _years_since_degree(profile, ctx):
    return ctx["day"].year - profile.degree_year if profile.degree_year else None


def _years_sql(ctx):
    from django.db.models import ExpressionWrapper, F

    return ExpressionWrapper(Value(ctx["day"].year) - F("degree_year"), output_field=IntegerField())


def _points_value(profile, ctx):
    try:
        return profile.points.total
    except TalentPoints.DoesNotExist:
        return None


def _flag(q):
    from django.db.models import BooleanField, ExpressionWrapper

    return lambda ctx: ExpressionWrapper(q, output_field=BooleanField())


TALENT.add(
    Fact(
        "level_rank",
        _("人才层次等级（A=5 … E=1）"),
        _rank_sql("level", LEVEL_RANK),
        lambda p, ctx: LEVEL_RANK.get(p.level, 0),
        NUMBER,
        "",
    )
)
TALENT.add(
    Fact(
        "degree_rank",
        _("学位等级（博士=3，硕士=2，学士=1）"),
        _rank_sql("degree", DEGREE_RANK),
        lambda p, ctx: DEGREE_RANK.get(p.degree, 0),
        NUMBER,
        "",
    )
)
TALENT.add(
    Fact(
        "title_rank",
        _("职称等级（正高=3，副高=2，中级=1）"),
        _rank_sql("title_grade", TITLE_RANK),
        lambda p, ctx: TITLE_RANK.get(p.title_grade, 0),
        NUMBER,
        "",
    )
)
TALENT.add(Fact("patents", _("关联专利数"), _patents_sql(False), _count("patents", False), NUMBER, "件"))
TALENT.add(Fact("invention_patents", _("有效发明专利数"), _patents_sql(True), _count("patents", True), NUMBER, "件"))
TALENT.add(Fact("years_since_degree", _("取得学位年限"), _years_sql, _years_since_degree, NUMBER, "年"))
TALENT.add(
    Fact("overseas", _("有海外经历"), _flag(Q(overseas_experience=True)), lambda p, ctx: p.overseas_experience, BOOLEAN)
)
TALENT.add(
    Fact(
        "verified",
        _("档案已核验"),
        _flag(Q(status=ProfileStatus.VERIFIED)),
        lambda p, ctx: p.status == ProfileStatus.VERIFIED,
        BOOLEAN,
    )
)
TALENT.add(
    Fact("category", _("人才类别"), lambda ctx: Coalesce("category", Value("")), lambda p, ctx: p.category, TEXT)
)
TALENT.add(
    Fact(
        "points",
        _("人才积分"),
        lambda ctx: Subquery(TalentPoints.objects.filter(profile=OuterRef("pk")).values("total")[:1]),
        _points_value,
        NUMBER,
        "分",
    )
)
