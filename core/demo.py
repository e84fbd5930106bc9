"""Demo data loaders. Each app registers its loader; ``manage.py load_demo`` runs them in order.

A loader takes ``(context: dict, stdout)`` and may read or add shared objects in ``context``
(for example the demo operator under "operator"). Loaders must be idempotent: running the
demo twice changes nothing.
"""

from collections.abc import Callable

_LOADERS: list[tuple[int, str, Callable]] = []


def register_demo(name: str, order: int = 100):
    def decorator(fn):
        if not any(existing == name for _o, existing, _f in _LOADERS):
            _LOADERS.append((order, name, fn))
            _LOADERS.sort(key=lambda item: item[0])
        return fn

    return decorator


def loaders() -> list[tuple[int, str, Callable]]:
    return list(_LOADERS)
