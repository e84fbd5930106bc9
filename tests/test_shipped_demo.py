"""The demo's data ships inside the repository: a fresh clone with no ../shared beside it loads
1,000 achievements and 9,740 patents, and nothing outside tests/ and bench/ reads ../shared."""

import gzip
import hashlib
import os
import re
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.demo import papers
from catalog.models import Achievement
from patents import demo as patents_demo
from patents import ipc
from patents.models import IpcEntry, Patent

ROOT = Path(settings.BASE_DIR).resolve()
SHARED = (ROOT.parent / "shared").resolve()

# name -> (sha256 of the uncompressed file, sha256 of the .gz), as the provenance files state them
SHIPPED = {
    ROOT / "catalog/demo/data/csl_papers_dev_1k.jsonl.gz": (
        "21c60b1a5d481acc2601028305091de1e50c037681a6ab18b8ff050205ba582b",
        "ff2a1d57e4fb3d1cc8eb1368655edcce60fb15e8ce89f05fb5c001f7bfa11d50",
    ),
    ROOT / "catalog/demo/data/chinaxiv_abstracts_industry_3564.jsonl.gz": (
        "bbdabdbde0bb83abd6d6245149539bef45fb79fd972d81883960fc861877a4f3",
        "dee04a89762508a783897657ebff5ce972b2120b5866bcf07aa9312de186b057",
    ),
    ROOT / "patents/data/cn_patents_titles_ipc_9740.csv.gz": (
        "d4c7f18d7f6723babc1d6a3ee46817849129a1ccf36ae2013e3b08bbf3fdcb42",
        "df8fdb85fa734bd47abc0f34f5ac1fa899fa4a016ccf1d498a13af3bc69833c5",
    ),
    ROOT / "patents/data/ipc_zh_2026.01_maingroups.csv.gz": (
        "55521b0f9c0f60dd71a4cbb337e94ee93f315a3bb579467907af71d2bc86e386",
        "98f0e7a7d73b57edeb3e1f200d16774172312030528e5c16349249c70778c4da",
    ),
}

_opened: list[str] | None = None


def _audit(event, args):
    if _opened is not None and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


@contextmanager
def record_opens():
    """Every file path opened while inside (Python's ``open`` audit event)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@pytest.mark.parametrize("path", list(SHIPPED), ids=lambda p: p.name)
def test_shipped_files_match_their_provenance(path):
    raw_sum, gz_sum = SHIPPED[path]
    assert path.is_relative_to(ROOT) and path.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == gz_sum
    assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == raw_sum
    provenance = (path.parent / "README.md").read_text(encoding="utf-8")
    assert path.name in provenance and raw_sum in provenance and gz_sum in provenance
    assert re.search(r"licen[cs]e|Apache|MIT", provenance, re.I)


def test_loaders_point_inside_the_repository():
    for path in (papers.DATA_FILE, papers.PREPRINTS_FILE, patents_demo.PATENTS_CSV, ipc.default_main_groups_path()):
        assert Path(path).resolve().is_relative_to(ROOT), path
        assert Path(path).exists(), path


def test_no_code_outside_tests_and_bench_reads_shared():
    """A path built to ../shared (``BASE_DIR.parent / "shared"``, ``"../shared/..."``) in any module."""
    pattern = re.compile(r"""/\s*["']shared["']|["'](\.\./)+shared|["']shared/""")
    offenders = []
    for folder, dirs, files in os.walk(ROOT):
        rel = Path(folder).relative_to(ROOT)
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and d not in {"node_modules", "tests", "bench", "var", "__pycache__"}
        ]
        offenders += [
            str(rel / f) for f in files if f.endswith(".py") and pattern.search((Path(folder) / f).read_text("utf-8"))
        ]
    assert offenders == []


@pytest.mark.django_db
def test_full_demo_loads_from_the_repository_alone(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with record_opens() as opened:
        call_command("load_demo", force=True, stdout=StringIO())
    outside = [p for p in opened if Path(p).resolve().is_relative_to(SHARED)]
    assert outside == []
    assert any(p.endswith("csl_papers_dev_1k.jsonl.gz") for p in opened)
    assert any(p.endswith("cn_patents_titles_ipc_9740.csv.gz") for p in opened)
    assert any(p.endswith("chinaxiv_abstracts_industry_3564.jsonl.gz") for p in opened)
    assert Achievement.objects.filter(body__contains="CSL 中文科学文献数据集").count() == 657  # fitting disciplines
    assert Achievement.objects.filter(body__contains="Authors and CAS ChinaXiv").count() == 3364  # distinct titles
    assert Patent.objects.count() == 9740
    assert IpcEntry.objects.filter(level="group").count() == 7519
