"""Meeting papers (PDF through core.pdf, XLSX through core.xlsx) and the per-mu ranking workbook."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import CJK_FONT_STACK
from core.pdf import pdf_bytes as render_pdf
from core.xlsx import Sheet
from core.xlsx import workbook_bytes as write_workbook

from .services.permu import PARTS


def _f(value):
    return float(value) if value not in (None, "") else ""


def meeting_xlsx(meeting) -> bytes:
    agenda = meeting.agenda or {}
    task_headers = [_("编号"), _("任务"), _("牵头单位"), _("责任人"), _("时限"), _("逾期天数"), _("状态")]

    def task_rows(key):
        return [
            [t["code"], t["title"], t["unit"], t["assignee"], t["due"], t["days_late"], t["status"]]
            for t in agenda.get(key, [])
        ]

    sheets = [
        Sheet(_("逾期任务"), task_headers, task_rows("overdue"), [12, 50, 20, 12, 12, 10, 10]),
        Sheet(_("待复核销号"), task_headers, task_rows("pending"), [12, 50, 20, 12, 12, 10, 10]),
        Sheet(
            _("风险目标"),
            [_("指标"), _("单位"), _("目标年份"), _("目标值"), _("趋势预测值"), _("牵头单位")],
            [
                [r["name"], r["unit"], r["year"], _f(r["target"]), _f(r["projected"]), r["lead_unit"]]
                for r in agenda.get("at_risk", [])
            ],
            [30, 8, 10, 12, 12, 20],
        ),
        Sheet(
            _("督办事项"),
            [_("事项"), _("承办单位"), _("承办人"), _("办结时限"), _("状态"), _("办结说明")],
            [
                [a.text, str(a.unit or ""), str(a.assignee or ""), a.due, a.get_status_display(), a.done_note]
                for a in meeting.actions.all()
            ],
            [40, 20, 12, 12, 10, 30],
        ),
    ]
    scores = list(meeting.scores.select_related("unit"))
    if scores:
        sheets.append(
            Sheet(
                _("单位得分"),
                [
                    _("单位"),
                    _("得分"),
                    _("等次"),
                    _("任务得分"),
                    _("指标得分"),
                    _("已销号"),
                    _("待复核"),
                    _("推进中"),
                    _("未启动"),
                    _("逾期"),
                ],
                [
                    [
                        s.unit.name,
                        float(s.score),
                        s.grade,
                        _f(s.detail.get("task_score")),
                        _f(s.detail.get("indicator_score")),
                    ]
                    + [s.detail["counts"].get(k, 0) for k in ("closed", "pending", "in_progress", "open", "overdue")]
                    for s in scores
                ],
                [24, 8, 8, 10, 10, 8, 8, 8, 8, 8],
            )
        )
    sheets.append(
        Sheet(
            _("会议纪要"),
            [_("会议"), _("召开日期"), _("纪要")],
            [[str(meeting), meeting.held_on or "", meeting.minutes]],
            [24, 12, 80],
        )
    )
    return write_workbook(sheets)


def meeting_pdf(meeting, request=None) -> bytes:
    html = render_to_string(
        "monitoring/meeting_pdf.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda or {},
            "actions": meeting.actions.select_related("unit", "assignee"),
            "scores": meeting.scores.select_related("unit"),
            "generated": timezone.localtime(),
            "font_stack": CJK_FONT_STACK,
        },
        request=request,
    )
    return render_pdf(html, base_url=str(request.build_absolute_uri("/")) if request else None)


def per_mu_xlsx(year: int, rows) -> bytes:
    headers = [_("排名"), _("园区"), _("新城"), _("综合得分"), _("等次")]
    for label, unit, _lower in PARTS.values():
        headers += [f"{label}（{unit}）", _("%(label)s得分") % {"label": label}]
    data = []
    for r in rows:
        line = [r.rank, r.park.name, r.park.get_new_city_display(), float(r.composite), r.grade]
        for key in PARTS:
            line += [_f(r.values[key]), float(r.scores[key])]
        data.append(line)
    return write_workbook(
        [Sheet(_("亩均评价%(year)s") % {"year": year}, headers, data, [6, 30, 10, 10, 6] + [12, 8] * len(PARTS))]
    )
