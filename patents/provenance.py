"""Where a patent record came from, in words a visitor can read.

``Patent.source`` stores the name of the file a record was imported from (``services.importing``):
an internal detail. Pages show the dataset's name and provenance instead: for the datasets
shipped in patents/data, as their provenance file (patents/data/README.md) states them; for any
other file, that the platform's operators imported it. Only operators also see the file name.
"""

from django.utils.translation import gettext_lazy as _

# Stored file name (``Path.name`` of what was imported, with or without ``.gz``) -> words.
# Keep in step with patents/data/README.md (``tests`` check that the file and the repository
# named here are the ones that file lists).
DATASETS = {
    "cn_patents_titles_ipc_9740.csv": {
        "name": _("中国专利公开著录数据（9,740 件：公开号、标题、IPC 分类）"),
        "provenance": _(
            "国家知识产权局公开的专利著录信息，由开源项目 lxingy3/chinese-patent-ipc-classifier（GitHub）整理；"
            "只含公开号、标题与 IPC 分类，其余项目来源未提供"
        ),
        "repository": "github.com/lxingy3/chinese-patent-ipc-classifier",
    },
}
IMPORTED = {
    "name": _("平台导入的专利数据"),
    "provenance": _("由平台运营人员批量导入"),
}


def describe_source(source: str, *, internal: bool = False) -> dict | None:
    """{"name", "provenance", "file"} for a stored ``Patent.source``: a shipped dataset's words,
    or ``IMPORTED`` for any other file. "file" (the stored name) is given only when ``internal``
    (an operator is reading), else "". None when ``source`` is empty (unknown)."""
    source = (source or "").strip()
    if not source:
        return None
    known = DATASETS.get(source.removesuffix(".gz"), IMPORTED)
    return {
        "name": str(known["name"]),
        "provenance": str(known["provenance"]),
        "file": source if internal else "",
    }


# ``IpcEntry.source``: where the Chinese text of a scheme entry was parsed from (patents/ipc.py
# keeps the upstream's own label, e.g. "cr_zl_v2 info.txt"). The words say which edition and
# which open-source project, as patents/data/README.md does; the label is for operators.
IPC_EDITION = _("IPC 2026.01 中文版（国家知识产权局）")
IPC_UPSTREAMS = {
    "cr_zl_v2": _("经开源项目 Jingyou-design/cr_zl_v2（GitHub）整理"),
    "cn-patent-ipc": _("经开源项目 roy-tian/cn-patent-ipc（GitHub，MIT 许可）整理"),
}


def describe_ipc_source(source: str, *, internal: bool = False) -> dict | None:
    """{"name", "provenance", "file"} for a stored ``IpcEntry.source``: the edition, and the open
    project the text was parsed from when the label names one of ``IPC_UPSTREAMS`` (else
    ``IMPORTED``'s words). "file" (the stored label) only when ``internal``. None when empty."""
    source = (source or "").strip()
    if not source:
        return None
    upstream = next((words for key, words in IPC_UPSTREAMS.items() if key in source), None)
    return {
        "name": str(IPC_EDITION),
        "provenance": str(upstream or IMPORTED["provenance"]),
        "file": source if internal else "",
    }
