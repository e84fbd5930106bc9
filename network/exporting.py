"""XLSX exports of the network registries, written by the one XLSX writer (core.xlsx)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from catalog.libraries import LIBRARIES
from core.xlsx import Sheet, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(sheet: Sheet, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes([sheet]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def statistics_sheet(rows) -> Sheet:
    from .selectors import STAT_LIBRARIES

    headers = [
        _("分市场"),
        _("所辖区域"),
        *[str(LIBRARIES[s].label) for s in STAT_LIBRARIES],
        _("已发布合计"),
        _("待审核"),
        _("创新载体"),
        _("服务机构"),
        _("典型案例"),
    ]
    return Sheet(
        title=_("分市场统计"),
        headers=headers,
        rows=(
            [
                r["submarket"].name,
                r["submarket"].region.name,
                *[r["libraries"][s] for s in STAT_LIBRARIES],
                r["published"],
                r["submitted"] if r["show_pending"] else None,
                r["carriers"],
                r["agencies"],
                r["cases"],
            ]
            for r in rows
        ),
        widths=[18, 12] + [10] * (len(headers) - 2),
    )


def carriers_sheet(qs) -> Sheet:
    from .importing import CARRIER_LABELS

    order = [
        "name",
        "kind",
        "level",
        "organisation",
        "recognised_on",
        "recognised_by",
        "prefecture",
        "county",
        "partner_city",
        "space_m2",
        "services",
    ]
    return Sheet(
        title=_("创新载体"),
        headers=[CARRIER_LABELS[k] for k in order],
        rows=(
            [
                c.name,
                c.get_kind_display(),
                c.get_level_display(),
                c.organisation.name if c.organisation_id else "",
                c.recognised_on,
                c.recognised_by,
                c.prefecture.name,
                c.county.name if c.county_id else "",
                c.partner_city.name if c.partner_city_id else "",
                c.space_m2,
                c.services,
            ]
            for c in qs.select_related("organisation", "prefecture", "county", "partner_city")
        ),
        widths=[30, 14, 10, 28, 12, 20, 10, 10, 10, 12, 40],
    )
