"""Run benchmarks: `python -m bench` lists them, `python -m bench NAME [ARGS]` runs one."""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))


def main() -> None:
    names = available()
    if len(sys.argv) < 2:
        print("benchmarks:", ", ".join(names) or "(none)")
        print("usage: python -m bench NAME [ARGS]")
        return
    name, argv = sys.argv[1], sys.argv[2:]
    if name not in names:
        sys.exit(f"unknown benchmark {name!r}; available: {', '.join(names)}")
    importlib.import_module(f"bench.{name}").main(argv)


if __name__ == "__main__":
    main()
