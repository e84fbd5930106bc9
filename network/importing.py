"""Bulk import of the carriers registry and the service-agency directory from a spreadsheet
(CSV or XLSX), by the general window's operators, through the platform's one import pipeline
(``core.tabular.read_table`` and its parsers). All or nothing: every row is checked first; any
bad row and nothing is written. A row whose name already exists updates that record.

Carriers: 载体名称, 载体类型 (孵化器、加速器、腾飞器、中试基地、概念验证中心、新型研发机构、
工程技术研究中心、创新联合体、校企合作平台、大企业开放创新中心、飞地孵化器), 级别 (国家级/省级/市级/未认定),
所在地市, 所在区县, 合作地市 (飞地), 运营机构 (名称或统一社会信用代码), 认定日期, 认定部门,
场地面积（平方米）, 服务内容.

Agencies: 机构名称 or 统一社会信用代码 (an organisation registered on the platform), 机构类别,
示范级别, 公益法律服务 (是/否), 所在地市, 服务简介, 服务目录 (entries separated by 、or ；).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.validators import normalise_credit_code
from catalog.importing import ImportReport
from core.tabular import RowError, header_map, parse_bool, parse_date, parse_number, read_table, split_list
from core.xlsx import Sheet
from reference.models import Region

from . import access
from .models import AgencyService, Carrier, Level, ServiceAgency

MAX_ROWS = 5_000

CARRIER_LABELS = {
    "name": "载体名称",
    "kind": "载体类型",
    "level": "级别",
    "organisation": "运营机构",
    "recognised_on": "认定日期",
    "recognised_by": "认定部门",
    "prefecture": "所在地市",
    "county": "所在区县",
    "partner_city": "合作地市",
    "space_m2": "场地面积（平方米）",
    "services": "服务内容",
}
CARRIER_SPELLINGS = {
    "name": ["载体名称", "名称"],
    "kind": ["载体类型", "类型"],
    "level": ["级别", "认定级别"],
    "organisation": ["运营机构", "运营单位"],
    "recognised_on": ["认定日期", "认定时间"],
    "recognised_by": ["认定部门"],
    "prefecture": ["所在地市", "地市"],
    "county": ["所在区县", "区县"],
    "partner_city": ["合作地市", "飞地合作地市"],
    "space_m2": ["场地面积（平方米）", "场地面积", "面积"],
    "services": ["服务内容", "服务"],
}
AGENCY_LABELS = {
    "name": "机构名称",
    "credit_code": "统一社会信用代码",
    "kind": "机构类别",
    "level": "示范级别",
    "legal": "公益法律服务",
    "prefecture": "所在地市",
    "description": "服务简介",
    "catalogue": "服务目录",
}
AGENCY_SPELLINGS = {
    "name": ["机构名称"],
    "credit_code": ["统一社会信用代码", "信用代码"],
    "kind": ["机构类别", "类别"],
    "level": ["示范级别", "级别"],
    "legal": ["公益法律服务"],
    "prefecture": ["所在地市", "地市"],
    "description": ["服务简介", "简介"],
    "catalogue": ["服务目录"],
}
COLUMN_HELP = {"carriers": list(CARRIER_LABELS.values()), "agencies": list(AGENCY_LABELS.values())}


def _choice(value, choices, line, column, errors, default=None):
    text = str(value or "").strip()
    if not text:
        if default is not None:
            return default
        errors.append(RowError(line, column, _("必填。")))
        return None
    for code, label in choices:
        if text in (code, str(label)):
            return code
    errors.append(
        RowError(
            line, column, _("无法识别“%(v)s”，可选：%(c)s") % {"v": text, "c": "、".join(str(lb) for _c, lb in choices)}
        )
    )
    return None


def _region(value, regions, line, column, errors, required=False):
    text = str(value or "").strip()
    if not text:
        if required:
            errors.append(RowError(line, column, _("必填。")))
        return None
    region = regions.get(text) or regions.get(text + "市") or regions.get(text + "区") or regions.get(text + "县")
    if region is None:
        errors.append(RowError(line, column, _("找不到行政区划“%(v)s”。") % {"v": text}))
    return region


def _organisation(value, by_code, by_name):
    text = str(value or "").strip()
    return by_code.get(normalise_credit_code(text) or "") or by_name.get(text)


def _regions():
    # Shaanxi's divisions: a name is unique enough inside the province except county names that
    # repeat across provinces (the reference data holds Shaanxi only).
    return {r.name: r for r in Region.objects.all()} | {r.code: r for r in Region.objects.all()}


def _orgs():
    orgs = list(Organisation.objects.all())
    return {o.credit_code: o for o in orgs if o.credit_code}, {o.name: o for o in orgs}


def import_carriers(*, filename: str, content: bytes, by) -> ImportReport:
    if not access.can_manage_registry(by):
        raise PermissionDenied
    table = read_table(
        filename,
        content,
        columns=header_map(CARRIER_SPELLINGS),
        required=["name", "kind", "prefecture"],
        labels=CARRIER_LABELS,
        max_rows=MAX_ROWS,
        unknown="ignore",
    )
    regions, (by_code, by_name) = _regions(), _orgs()
    report, parsed, seen = ImportReport(), [], set()
    for row in table.rows:
        errors, v, line = list(row.errors), row.values, row.line
        L = CARRIER_LABELS
        name = str(v.get("name") or "").strip()
        if not name:
            errors.append(RowError(line, L["name"], _("必填。")))
        kind = _choice(v.get("kind"), Carrier.Kind.choices, line, L["kind"], errors)
        level = _choice(v.get("level"), Level.choices, line, L["level"], errors, default=Level.NONE)
        prefecture = _region(v.get("prefecture"), regions, line, L["prefecture"], errors, required=True)
        county = _region(v.get("county"), regions, line, L["county"], errors)
        partner = _region(v.get("partner_city"), regions, line, L["partner_city"], errors)
        if prefecture is not None and prefecture.level != "prefecture":
            errors.append(RowError(line, L["prefecture"], _("请填写地级市。")))
        if county is not None and prefecture is not None and county.parent_id != prefecture.code:
            errors.append(RowError(line, L["county"], _("区县不属于所填地市。")))
        org = None
        if v.get("organisation"):
            org = _organisation(v.get("organisation"), by_code, by_name)
            if org is None:
                errors.append(RowError(line, L["organisation"], _("平台上没有该机构（请先注册或核对名称）。")))
        try:
            recognised_on = parse_date(v.get("recognised_on"))
        except ValueError as exc:
            errors.append(RowError(line, L["recognised_on"], str(exc)))
            recognised_on = None
        try:
            space = parse_number(v.get("space_m2"), minimum=Decimal(0))
        except ValueError as exc:
            errors.append(RowError(line, L["space_m2"], str(exc)))
            space = None
        if (kind, name) in seen:
            errors.append(RowError(line, L["name"], _("文件中重复。")))
        seen.add((kind, name))
        if errors:
            report.errors.extend(errors)
            continue
        parsed.append(
            dict(
                name=name[:200],
                kind=kind,
                level=level,
                prefecture=prefecture,
                county=county,
                partner_city=partner,
                organisation=org,
                recognised_on=recognised_on,
                recognised_by=str(v.get("recognised_by") or "")[:100],
                space_m2=space,
                services=str(v.get("services") or ""),
            )
        )
    report.checked = len(parsed)
    if report.errors:
        return report
    with transaction.atomic():
        for data in parsed:
            Carrier.objects.update_or_create(
                kind=data.pop("kind"),
                name=data.pop("name"),
                defaults={**data, "source": _("表格导入"), "created_by": by},
            )
    report.created = len(parsed)
    return report


def import_agencies(*, filename: str, content: bytes, by) -> ImportReport:
    if not access.can_manage_registry(by):
        raise PermissionDenied
    table = read_table(
        filename,
        content,
        columns=header_map(AGENCY_SPELLINGS),
        required=["kind"],
        labels=AGENCY_LABELS,
        max_rows=MAX_ROWS,
        unknown="ignore",
    )
    regions, (by_code, by_name) = _regions(), _orgs()
    report, parsed, seen = ImportReport(), [], set()
    for row in table.rows:
        errors, v, line = list(row.errors), row.values, row.line
        L = AGENCY_LABELS
        org = _organisation(v.get("credit_code"), by_code, by_name) or _organisation(v.get("name"), by_code, by_name)
        if org is None:
            errors.append(RowError(line, L["name"], _("平台上没有该机构（请先注册或核对名称、信用代码）。")))
        elif org.pk in seen:
            errors.append(RowError(line, L["name"], _("文件中重复。")))
        kind = _choice(v.get("kind"), ServiceAgency.Kind.choices, line, L["kind"], errors)
        level = _choice(v.get("level"), Level.choices, line, L["level"], errors, default=Level.NONE)
        prefecture = _region(v.get("prefecture"), regions, line, L["prefecture"], errors)
        try:
            legal = parse_bool(v.get("legal"))
        except ValueError as exc:
            errors.append(RowError(line, L["legal"], str(exc)))
            legal = False
        if errors:
            report.errors.extend(errors)
            continue
        seen.add(org.pk)
        parsed.append(
            (
                org,
                dict(
                    kind=kind,
                    level=level,
                    prefecture=prefecture,
                    public_legal_service=bool(legal),
                    description=str(v.get("description") or ""),
                ),
                [t[:200] for t in split_list(str(v.get("catalogue") or ""), "、；;|\n")],
            )
        )
    report.checked = len(parsed)
    if report.errors:
        return report
    with transaction.atomic():
        for org, data, catalogue in parsed:
            agency, _created = ServiceAgency.objects.update_or_create(organisation=org, defaults=data)
            existing = set(agency.services.values_list("title", flat=True))
            AgencyService.objects.bulk_create(
                [AgencyService(agency=agency, title=t) for t in catalogue if t and t not in existing]
            )
    report.created = len(parsed)
    return report


PROJECT_LABELS = {
    "code": "项目编号",
    "title": "项目名称",
    "applicant": "承担单位",
    "programme": "计划类别",
    "budget_wan": "财政资助（万元）",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "acceptance": "验收结果",
    "accepted_on": "验收日期",
    "prefecture": "所在地市",
}
PROJECT_SPELLINGS = {
    "code": ["项目编号"],
    "title": ["项目名称"],
    "applicant": ["承担单位", "申报单位"],
    "programme": ["计划类别", "计划"],
    "budget_wan": ["财政资助（万元）", "财政资助", "资助金额"],
    "starts_on": ["开始日期"],
    "ends_on": ["结束日期"],
    "acceptance": ["验收结果"],
    "accepted_on": ["验收日期"],
    "prefecture": ["所在地市", "地市"],
}
COLUMN_HELP["projects"] = list(PROJECT_LABELS.values())


def import_projects(*, filename: str, content: bytes, by) -> ImportReport:
    """The project library (002 7.1): plan projects with applicant, budget, dates, acceptance."""
    from core.tabular import parse_amount

    from .models import Project

    if not access.can_manage_registry(by):
        raise PermissionDenied
    table = read_table(
        filename,
        content,
        columns=header_map(PROJECT_SPELLINGS),
        required=["code", "title", "applicant", "programme", "starts_on", "ends_on"],
        labels=PROJECT_LABELS,
        max_rows=MAX_ROWS,
        unknown="ignore",
    )
    regions, (by_code, by_name) = _regions(), _orgs()
    report, parsed, seen = ImportReport(), [], set()
    L = PROJECT_LABELS
    for row in table.rows:
        errors, v, line = list(row.errors), row.values, row.line
        data = {}
        for name in ("code", "title", "programme"):
            data[name] = str(v.get(name) or "").strip()
            if not data[name]:
                errors.append(RowError(line, L[name], _("必填。")))
        if data["code"] in seen:
            errors.append(RowError(line, L["code"], _("文件中重复。")))
        seen.add(data["code"])
        data["applicant"] = _organisation(v.get("applicant"), by_code, by_name)
        if data["applicant"] is None:
            errors.append(RowError(line, L["applicant"], _("平台上没有该机构（请先注册或核对名称）。")))
        for name in ("starts_on", "ends_on", "accepted_on"):
            try:
                data[name] = parse_date(v.get(name))
            except ValueError as exc:
                errors.append(RowError(line, L[name], str(exc)))
                data[name] = None
        for name in ("starts_on", "ends_on"):
            if data[name] is None and not any(e.column == L[name] for e in errors):
                errors.append(RowError(line, L[name], _("必填。")))
        if data["starts_on"] and data["ends_on"] and data["ends_on"] < data["starts_on"]:
            errors.append(RowError(line, L["ends_on"], _("结束日期不能早于开始日期。")))
        try:
            data["budget_wan"] = parse_amount(v.get("budget_wan"), unit="万元")
        except ValueError as exc:
            errors.append(RowError(line, L["budget_wan"], str(exc)))
        data["acceptance"] = _choice(
            v.get("acceptance"),
            Project.Acceptance.choices,
            line,
            L["acceptance"],
            errors,
            default=Project.Acceptance.ONGOING,
        )
        data["prefecture"] = _region(v.get("prefecture"), regions, line, L["prefecture"], errors)
        if errors:
            report.errors.extend(errors)
            continue
        parsed.append(data)
    report.checked = len(parsed)
    if report.errors:
        return report
    with transaction.atomic():
        for data in parsed:
            Project.objects.update_or_create(code=data.pop("code"), defaults={**data, "created_by": by})
    report.created = len(parsed)
    return report


PRODUCT_LABELS = {
    "name": "产品名称",
    "kind": "产品类别",
    "enterprise": "生产企业",
    "patents": "相关专利",
    "recognition": "认定批次/文号",
    "recognised_on": "认定日期",
    "subsidy_claimed_wan": "申领补贴（万元）",
    "description": "产品简介",
}
PRODUCT_SPELLINGS = {
    "name": ["产品名称"],
    "kind": ["产品类别", "类别"],
    "enterprise": ["生产企业", "企业名称", "统一社会信用代码"],
    "patents": ["相关专利", "专利号"],
    "recognition": ["认定批次/文号", "认定批次", "认定文号"],
    "recognised_on": ["认定日期"],
    "subsidy_claimed_wan": ["申领补贴（万元）", "申领补贴", "补贴金额"],
    "description": ["产品简介", "简介"],
}
COLUMN_HELP["products"] = list(PRODUCT_LABELS.values())


def import_products(*, filename: str, content: bytes, by) -> ImportReport:
    """The product library (产品库, 首台（套）): patents given by number (core.patent_numbers) must be
    in the patent library."""
    from core.patent_numbers import parse_patent_numbers
    from core.tabular import parse_amount
    from patents.models import Patent

    from .models import Product

    if not access.can_manage_registry(by):
        raise PermissionDenied
    table = read_table(
        filename,
        content,
        columns=header_map(PRODUCT_SPELLINGS),
        required=["name", "kind", "enterprise"],
        labels=PRODUCT_LABELS,
        max_rows=MAX_ROWS,
        unknown="ignore",
    )
    by_code, by_name = _orgs()
    report, parsed, seen = ImportReport(), [], set()
    L = PRODUCT_LABELS
    for row in table.rows:
        errors, v, line = list(row.errors), row.values, row.line
        name = str(v.get("name") or "").strip()
        if not name:
            errors.append(RowError(line, L["name"], _("必填。")))
        kind = _choice(v.get("kind"), Product.Kind.choices, line, L["kind"], errors)
        enterprise = _organisation(v.get("enterprise"), by_code, by_name)
        if enterprise is None:
            errors.append(RowError(line, L["enterprise"], _("平台上没有该机构（请先注册或核对名称）。")))
        elif (enterprise.pk, name) in seen:
            errors.append(RowError(line, L["name"], _("文件中重复。")))
        try:
            recognised_on = parse_date(v.get("recognised_on"))
        except ValueError as exc:
            errors.append(RowError(line, L["recognised_on"], str(exc)))
            recognised_on = None
        try:
            subsidy = parse_amount(v.get("subsidy_claimed_wan"), unit="万元")
        except ValueError as exc:
            errors.append(RowError(line, L["subsidy_claimed_wan"], str(exc)))
            subsidy = None
        patents = []
        for number in parse_patent_numbers(str(v.get("patents") or "")):
            field = "publication_number" if number.kind == "publication" else "application_number"
            patent = Patent.objects.filter(**{field: number.number}).first()
            if patent is None:
                errors.append(RowError(line, L["patents"], _("专利库中没有 %(n)s。") % {"n": number.number}))
            else:
                patents.append(patent)
        if errors:
            report.errors.extend(errors)
            continue
        seen.add((enterprise.pk, name))
        parsed.append(
            (
                dict(
                    name=name[:200],
                    kind=kind,
                    enterprise=enterprise,
                    recognised_on=recognised_on,
                    subsidy_claimed_wan=subsidy,
                    recognition=str(v.get("recognition") or "")[:200],
                    description=str(v.get("description") or ""),
                ),
                patents,
            )
        )
    report.checked = len(parsed)
    if report.errors:
        return report
    with transaction.atomic():
        for data, patents in parsed:
            product, _created = Product.objects.update_or_create(
                enterprise=data.pop("enterprise"), name=data.pop("name"), defaults={**data, "created_by": by}
            )
            product.patents.add(*patents)
    report.created = len(parsed)
    return report


IMPORTERS = {
    "carriers": import_carriers,
    "agencies": import_agencies,
    "projects": import_projects,
    "products": import_products,
}


def template_sheet(registry: str) -> Sheet:
    headers = COLUMN_HELP[registry]
    example = {
        "carriers": [
            "示例孵化器（演示）",
            "孵化器",
            "省级",
            "",
            "2024-06-01",
            "陕西省科技厅",
            "咸阳市",
            "",
            "",
            "5000",
            "办公场地、创业辅导",
        ],
        "agencies": [
            "示例知识产权服务有限公司（演示）",
            "",
            "知识产权服务机构",
            "省级",
            "否",
            "西安市",
            "",
            "专利导航、高价值专利培育",
        ],
        "products": [
            "示例氢燃料电池电堆（演示）",
            "首台（套）重大技术装备",
            "示例企业（演示）",
            "",
            "2026 年第一批（演示）",
            "2026-06-30",
            "100",
            "",
        ],
        "projects": [
            "QCY-2026-001（演示）",
            "示例成果转化项目（演示）",
            "示例高校（演示）",
            "秦创原科技成果转化专项",
            "50",
            "2026-01-01",
            "2027-12-31",
            "在研",
            "",
            "西安市",
        ],
    }[registry]
    return Sheet(title=registry, headers=headers, rows=[example], widths=[24] * len(headers))
