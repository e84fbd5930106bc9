"""Benchmarks that print their figures. Run one with `python -m bench NAME`, all with `python -m bench`.

Each module in this folder exposes ``main(argv: list[str]) -> None`` and prints the machine, the
data size and every figure it measures, with a ratio against the baseline it names.
"""

import os
import platform


def machine() -> str:
    """A one-line description of the machine the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as handle:
            mem_kb = int(handle.readline().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "?"
    return f"{cpu}, {os.cpu_count()} cores, {memory} RAM, Python {platform.python_version()}"


def shared_data() -> "os.PathLike":
    """../shared/data: SHARED_DATA_DIR, else the nearest shared/data folder above this checkout
    (a git worktree sits one level deeper than the main checkout)."""
    from pathlib import Path

    if os.environ.get("SHARED_DATA_DIR"):
        return Path(os.environ["SHARED_DATA_DIR"])
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def setup_django(database_url: str | None = None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techmarket.settings")
    # Production settings: DEBUG off (with DEBUG on Django logs every query, which costs time).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    import django

    django.setup()
