"""Bulk import of patents from CSV or JSONL (layouts in patents/README.md).

The file is one batch: every line is parsed and validated first; if any line is bad nothing is
written and every problem is reported with its line number (the CSV header is line 1) and reason.
Rows upsert by publication number; only the fields present in the file are written, and a row
that changes nothing is not written, so importing the same file twice changes nothing.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bulk, tabular
from core.tabular import ImportFileError as TabularFileError
from core.tabular import header_map, read_table

from ..models import Award, LegalStatus, Patent, PatentType
from ..validators import (
    application_type,
    type_from_publication,
    validate_application_number,
    validate_ipc,
    validate_publication_number,
)
from . import linking, pools
from .notify import notify_changed

LIST_SPLIT = ("|", "；", ";")
TYPE_ALIASES = {label: value for value, label in PatentType.choices} | {v: v for v in PatentType.values}
STATUS_ALIASES = {v: v for v in LegalStatus.values} | {
    "审中": "pending",
    "实质审查": "pending",
    "公开": "pending",
    "授权": "granted",
    "有效": "granted",
    "授权有效": "granted",
    "失效": "lapsed",
    "驳回": "lapsed",
    "撤回": "lapsed",
    "放弃": "lapsed",
    "未缴年费": "lapsed",
    "期限届满": "expired",
    "届满": "expired",
    "无效": "invalidated",
    "全部无效": "invalidated",
    "被宣告无效": "invalidated",
}
AWARD_ALIASES = {v: v for v in Award.values} | {label: value for value, label in Award.choices}
# Patent fields an input row may set (besides publication_number); ipc_subclasses follows ipc_codes.
FIELDS = [
    "application_number",
    "patent_type",
    "title",
    "abstract",
    "claims_count",
    "ipc_codes",
    "ipc_subclasses",
    "applicants",
    "inventors",
    "application_date",
    "publication_date",
    "grant_date",
    "legal_status",
    "family_size",
    "overseas_family",
    "cited_by_count",
    "years_maintained",
    "pledge_amount",
    "award",
]
MAX_LENGTH = {"title": 300, "abstract": 20000}


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("第 %(line)d 行 %(field)s：%(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    pool_changes: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} bad rows")
        self.report = report


class ImportFileError(ValueError):
    """The file cannot be read at all (type, encoding, header)."""


# ---- reading -------------------------------------------------------------------------------

MAX_ROWS = 1_000_000
# Header spellings besides the field names (Chinese exports of patent databases).
HEADER_ALIASES = {
    "publication_number": ["公开号", "公告号", "公开（公告）号", "公开公告号"],
    "application_number": ["申请号", "专利号"],
    "patent_type": ["专利类型"],
    "title": ["名称", "标题", "专利名称", "发明名称"],
    "abstract": ["摘要"],
    "claims_count": ["权利要求数", "权利要求项数"],
    "ipc_codes": ["IPC", "IPC分类号", "分类号"],
    "ipc_subclasses": ["IPC小类"],
    "applicants": ["申请人", "申请（专利权）人", "专利权人"],
    "inventors": ["发明人", "设计人"],
    "application_date": ["申请日"],
    "publication_date": ["公开日", "公告日", "公开（公告）日"],
    "grant_date": ["授权日", "授权公告日"],
    "legal_status": ["法律状态"],
    "family_size": ["同族数"],
    "overseas_family": ["海外同族"],
    "cited_by_count": ["被引次数", "被引用次数"],
    "years_maintained": ["维持年限"],
    "pledge_amount": ["质押金额（万元）", "质押融资金额（万元）"],
    "award": ["奖项", "专利奖"],
}


def read_content(filename: str, content: bytes, *, max_rows: int = MAX_ROWS) -> list[tuple[int, dict]]:
    """Rows of a CSV / XLSX / JSONL file (``.gz`` too) read by the one pipeline (``core.tabular``):
    the same encodings, line endings, header search and cell cleaning as the library import.
    Cells the reader refused travel in the row under ``"__errors__"``."""
    columns = header_map({name: HEADER_ALIASES.get(name, []) for name in ["publication_number", *FIELDS]})
    name = filename.lower()
    if not name.endswith((".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".xlsx")):
        raise ImportFileError(_("只支持 .csv、.xlsx 或 .jsonl 文件。"))
    try:
        table = read_table(
            filename, content, columns=columns, required=["publication_number"], max_rows=max_rows, unknown="ignore"
        )
    except TabularFileError as exc:
        raise ImportFileError(str(exc)) from None
    rows = []
    for row in table.rows:
        values = dict(row.values)
        if row.errors:
            values["__errors__"] = row.errors
        rows.append((row.line, values))
    return rows


def read_rows(path: str | Path) -> list[tuple[int, dict]]:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("无法读取文件：%(e)s") % {"e": exc}) from None
    return read_content(path.name, content)


# ---- validating ----------------------------------------------------------------------------


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value)
    for sep in LIST_SPLIT[1:]:
        text = text.replace(sep, LIST_SPLIT[0])
    return [v.strip() for v in text.split(LIST_SPLIT[0]) if v.strip()]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value) -> dt.date:
    return tabular.parse_date(value)


def _int(value, *, maximum: int = 32767) -> int:
    return tabular.parse_integer(value, minimum=0, maximum=maximum)


def _bool(value) -> bool:
    return tabular.parse_bool(value, blank=None)


def _decimal(value) -> Decimal:
    number = tabular.parse_amount(value, unit="万元")
    if number is not None and number >= Decimal("1e10"):
        raise ValueError(_("超出范围：%(v)s") % {"v": value})
    return number


def _choice(aliases: dict, label: str):
    def parse(value):
        key = str(value).strip()
        if key not in aliases:
            raise ValueError(_("无效的%(l)s：%(v)s") % {"l": label, "v": value})
        return aliases[key]

    return parse


_IPC_VERSION_RE = re.compile(r"\s*\(\s*\d{4}\.\d{2}\s*\)\s*$")


def _ipc_list(value) -> list[str]:
    """IPC symbols as databases print them: ``H01M 8/0228 (2016.01)`` → ``H01M8/0228`` (the
    version date in brackets dropped), several separated by ``|``, ``;``, ``；`` or ``,``."""
    codes = []
    items = _as_list(value)
    if len(items) == 1 and "," in items[0]:
        items = [v for v in items[0].split(",") if v.strip()]
    for item in items:
        item = _IPC_VERSION_RE.sub("", item)
        try:
            codes.append(validate_ipc(item))
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
    return list(dict.fromkeys(codes))


def _app_number(value) -> str:
    try:
        return validate_application_number(str(value))
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


PARSERS = {
    "application_number": _app_number,
    "patent_type": _choice(TYPE_ALIASES, _("专利类型")),
    "claims_count": _int,
    "ipc_codes": _ipc_list,
    "ipc_subclasses": _ipc_list,
    "applicants": _as_list,
    "inventors": _as_list,
    "application_date": _date,
    "publication_date": _date,
    "grant_date": _date,
    "legal_status": _choice(STATUS_ALIASES, _("法律状态")),
    "family_size": _int,
    "overseas_family": _bool,
    "cited_by_count": lambda v: _int(v, maximum=10**9),
    "years_maintained": _int,
    "pledge_amount": _decimal,
    "award": _choice(AWARD_ALIASES, _("奖项")),
}
NULLABLE = {
    "claims_count",
    "application_date",
    "publication_date",
    "grant_date",
    "family_size",
    "overseas_family",
    "cited_by_count",
    "years_maintained",
    "pledge_amount",
}


def parse_row(line: int, raw: dict, errors: list[RowError]) -> dict | None:
    """Clean values for the fields present in the row, or None (errors appended)."""
    start = len(errors)
    if "__error__" in raw:
        errors.append(RowError(line, "-", raw["__error__"]))
        return None
    if raw.get("__errors__"):
        errors.extend(RowError(e.line, e.column, e.message) for e in raw["__errors__"])
        return None
    try:
        number = validate_publication_number(str(raw.get("publication_number") or ""))
    except ValidationError as exc:
        errors.append(
            RowError(line, "publication_number", exc.messages[0] if raw.get("publication_number") else _("必填"))
        )
        number = ""
    values: dict = {"publication_number": number}
    for name in FIELDS:
        if name not in raw:
            continue
        value = raw[name]
        if _blank(value) or value == []:
            values[name] = (
                None
                if name in NULLABLE
                else ([] if name in ("applicants", "inventors", "ipc_codes", "ipc_subclasses") else "")
            )
            continue
        parser = PARSERS.get(name)
        try:
            values[name] = parser(value) if parser else str(value).strip()
        except ValueError as exc:
            errors.append(RowError(line, name, str(exc)))
    title = values.get("title")
    if not title:
        errors.append(RowError(line, "title", _("必填")))
    for name, limit in MAX_LENGTH.items():
        if values.get(name) and len(values[name]) > limit:
            errors.append(RowError(line, name, _("超过 %(n)d 字") % {"n": limit}))
    if len(errors) > start:
        return None
    _derive_and_check(line, values, errors)
    return None if len(errors) > start else values


def _derive_and_check(line: int, values: dict, errors: list[RowError]) -> None:
    number = values["publication_number"]
    known_type = type_from_publication(number)
    given = values.get("patent_type")
    if given and given != known_type:
        errors.append(RowError(line, "patent_type", _("与公开号 %(n)s 的类型不一致") % {"n": number}))
    values["patent_type"] = known_type
    app = values.get("application_number")
    if app and application_type(app) and application_type(app) != known_type:
        errors.append(RowError(line, "application_number", _("申请号的类型位与公开号不一致")))
    codes = values.get("ipc_codes")
    if codes is not None:
        subs = list(dict.fromkeys([c[:4] for c in codes] + (values.get("ipc_subclasses") or [])))
        values["ipc_subclasses"] = subs
    if values.get("ipc_subclasses") is not None:
        values["ipc_subclasses"] = list(dict.fromkeys(c[:4] for c in values["ipc_subclasses"]))
    a, p, g = values.get("application_date"), values.get("publication_date"), values.get("grant_date")
    if a and p and p < a:
        errors.append(RowError(line, "publication_date", _("公开日早于申请日")))
    if a and g and g < a:
        errors.append(RowError(line, "grant_date", _("授权日早于申请日")))
    if values.get("legal_status") == LegalStatus.PENDING and number[-1] in "BCUYSD":
        errors.append(RowError(line, "legal_status", _("授权公告号的法律状态不能为审中")))


def _store(values: dict) -> dict:
    """Row values as model attribute values (lists of IPC symbols become ',a,b,')."""
    stored = dict(values)
    for name in ("ipc_codes", "ipc_subclasses"):
        if name in stored:
            items = stored[name] or []
            stored[name] = "," + ",".join(items) + "," if items else ""
    for name in ("title", "abstract", "application_number"):
        if name in stored and stored[name] is None:
            stored[name] = ""
    return stored


# ---- writing -------------------------------------------------------------------------------


def import_rows(rows: list[tuple[int, dict]], *, source: str = "") -> ImportReport:
    report = ImportReport(rows=len(rows))
    parsed: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    for line, raw in rows:
        values = parse_row(line, raw, report.errors)
        if values is None:
            continue
        number = values["publication_number"]
        if number in parsed:
            report.errors.append(
                RowError(line, "publication_number", _("与第 %(l)d 行重复") % {"l": first_line[number]})
            )
            continue
        parsed[number] = _store(values)
        first_line[number] = line
    if report.errors:
        report.errors.sort(key=lambda e: e.line)
        raise ImportRejected(report)
    with transaction.atomic():
        _write(parsed, source=source[:200], report=report)
    return report


def _new_patent(values: dict, fixed: dict) -> Patent:
    """An unsaved Patent from a parsed row: built positionally (Django's keyword path costs more than
    the rest of the row's work), fields the row lacks at their model defaults."""
    args = []
    for f in Patent._meta.concrete_fields:
        name = f.attname
        args.append(values[name] if name in values else fixed[name] if name in fixed else f.get_default())
    return Patent(*args)


def _write(parsed: dict[str, dict], *, source: str, report: ImportReport) -> None:
    numbers = list(parsed)
    present = sorted({name for values in parsed.values() for name in values})
    existing: dict[str, Patent] = {}
    for start in range(0, len(numbers), pools.CHUNK):
        # Only the columns the file carries: enough to tell whether a row changes anything.
        chunk = numbers[start : start + pools.CHUNK]
        for patent in Patent.objects.filter(publication_number__in=chunk).only("id", *present):
            existing[patent.publication_number] = patent
    now = timezone.now()
    active = pools.active_pools()
    strategic_ids = {pool.id for pool, _r in active if pool.strategic_emerging}
    cfg = pools.scoring.config()
    new, changed_existing = [], []
    for number, values in parsed.items():
        patent = existing.get(number)
        if patent is None:
            patent = _new_patent(values, {"source": source, "updated_at": now})
            # New patents have no overrides yet: rules alone decide their pools and score.
            wanted = pools.rule_matches(patent, active)
            pools.apply_score(patent, strategic=bool(strategic_ids & wanted.keys()), cfg=cfg)
            patent._wanted = wanted
            new.append(patent)
            continue
        diff = [name for name, value in values.items() if getattr(patent, name) != value]
        if diff:
            for name in diff:
                setattr(patent, name, values[name])
            patent.updated_at = now
            changed_existing.append((patent, diff))
        else:
            report.unchanged += 1
    # COPY on PostgreSQL, executemany on SQLite (core/bulk.py): Django's bulk_create spends most of
    # a first import preparing values (the JSON score breakdowns above all), not in the database.
    bulk.insert_new(Patent, new, key="publication_number")
    from ..models import PoolMembership

    bulk.insert_new(
        PoolMembership,
        [
            PoolMembership(pool_id=pool_id, patent_id=patent.id, via=PoolMembership.Via.RULE, reason=reason[:200])
            for patent in new
            for pool_id, reason in patent._wanted.items()
        ],
        key=None,
    )
    fields = sorted({name for _p, diff in changed_existing for name in diff} | {"updated_at"})
    updated = [p for p, _d in changed_existing]
    Patent.objects.bulk_update(updated, fields, batch_size=500)
    report.created, report.updated = len(new), len(updated)
    if updated:  # their pools, score and links are recomputed from the full rows
        report.pool_changes = len(pools.reassign(patent_ids=[p.id for p in updated]))
        relink = [p.id for p, diff in changed_existing if {"applicants", "inventors"} & set(diff)]
        if relink:
            linking.link_parties(list(Patent.objects.filter(id__in=relink).only("id", "applicants", "inventors")))
    linked = [p for p in new if p.applicants or p.inventors]
    if linked:
        linking.link_parties(linked)
    notify_changed(p.id for p in new)
    notify_changed(p.id for p in updated)


def import_content(filename: str, content: bytes) -> ImportReport:
    """Import an uploaded patent file (CSV / XLSX / JSONL, optionally .gz) given as bytes: the entry
    point for background jobs. Raises ImportFileError (the file cannot be read) or ImportRejected
    (``.report.errors``: every bad row; nothing written); returns the report otherwise."""
    return import_rows(read_content(filename, content), source=filename)


def import_file(path: str | Path) -> ImportReport:
    """``import_content`` for a file on disk (``manage.py import_patents``, the demo loader)."""
    return import_rows(read_rows(path), source=Path(path).name)
