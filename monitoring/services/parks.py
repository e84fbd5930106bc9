"""Operators enter the parks' land area and yearly figures; every change is audited."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit

from ..models import ParkYear

FIGURES = ("investment", "output", "tax", "value_added", "energy")


def _check(by) -> None:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以填报园区数据。"))


@transaction.atomic
def park_land_area_set(*, park, by, land_area_mu: Decimal, source: str) -> None:
    _check(by)
    if land_area_mu is None or land_area_mu <= 0:
        raise ValidationError({"land_area_mu": _("用地面积必须大于 0。")})
    if not (source or "").strip():
        raise ValidationError({"source": _("请注明用地面积的数据来源。")})
    before = park.land_area_mu
    park.land_area_mu = land_area_mu
    park.source = source.strip()[:200]
    park.save(update_fields=["land_area_mu", "source"])
    audit(
        actor=by,
        action="monitoring.park.land_area",
        target=park,
        data={"from": str(before) if before is not None else None, "to": str(land_area_mu), "source": park.source},
    )


@transaction.atomic
def park_year_save(*, park, year: int, by, evidence: str, **figures) -> ParkYear:
    _check(by)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度不正确。")})
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise ValidationError({"non_field_errors": _("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))}})
    for name, value in figures.items():
        if value is not None and value < 0:
            raise ValidationError({name: _("数值不能为负数。")})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("请注明数据来源。")})
    row, created = ParkYear.objects.select_for_update().get_or_create(park=park, year=year)
    before = {name: str(getattr(row, name)) if getattr(row, name) is not None else None for name in FIGURES}
    for name, value in figures.items():
        setattr(row, name, value)
    row.evidence = evidence.strip()
    row.entered_by = by
    row.save()
    row.refresh_from_db()
    after = {name: str(getattr(row, name)) if getattr(row, name) is not None else None for name in FIGURES}
    audit(
        actor=by,
        action="monitoring.park.year",
        target=park,
        note=str(year),
        data={"year": year, "created": created, "before": before, "after": after},
    )
    return row
