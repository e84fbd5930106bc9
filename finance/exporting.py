"""XLSX exports (core.xlsx, the one writer): an institution's queue and the white list for banks."""

from django.utils.translation import gettext as _

from core.xlsx import Sheet, workbook_bytes


def queue_workbook(applications) -> bytes:
    rows = [
        [
            a.pk,
            a.need.organisation.name,
            a.product.title,
            a.get_status_display(),
            a.need.amount,
            a.need.term_months,
            a.need.get_need_type_display(),
            a.need.purpose,
            a.approved_amount,
            a.approved_rate,
            a.refuse_reason,
            a.created_at,
            "；".join(a.reasons),
        ]
        for a in applications
    ]
    header = [
        _("编号"),
        _("企业"),
        _("产品"),
        _("状态"),
        _("申请金额（万元）"),
        _("期限（月）"),
        _("融资类型"),
        _("资金用途"),
        _("批准金额（万元）"),
        _("年利率（%）"),
        _("拒绝原因"),
        _("申请时间"),
        _("匹配理由"),
    ]
    return workbook_bytes([Sheet(str(_("融资申请")), [str(h) for h in header], rows)])


def whitelist_workbook(entries) -> bytes:
    rows = [
        [
            e.organisation.name,
            e.organisation.credit_code or "",
            e.organisation.get_new_city_display() if e.organisation.new_city else "",
            e.get_source_display(),
            "；".join(e.reasons),
            e.note,
            e.reviewed_at,
            e.next_review_on,
        ]
        for e in entries
    ]
    header = [
        _("企业"),
        _("统一社会信用代码"),
        _("新城"),
        _("来源"),
        _("条件核对"),
        _("说明"),
        _("审核时间"),
        _("下次复核"),
    ]
    return workbook_bytes([Sheet(str(_("融资白名单")), [str(h) for h in header], rows)])
