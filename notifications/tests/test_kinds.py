"""Every notification kind the code base emits is registered (notifications.kinds.register_kind),
so that the inbox and the preferences page show a label, never a raw code: read from the source
(every call of notify or of an app's ``*_notify`` wrapper), and enforced by notify itself in DEBUG
and tests."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from notifications.kinds import KINDS, UnregisteredKind, label_for
from notifications.messages import Message
from notifications.services import notify

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "migrations", "tests", "var", ".git"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _kind_arg(call: ast.Call, position: int | None):
    for kw in call.keywords:
        if kw.arg == "kind":
            return kw.value
    return call.args[position] if position is not None and len(call.args) > position else None


def _constants(tree) -> dict[str, ast.Constant]:
    """Module-level string constants (``KIND = "subscriptions.new_records"``) of one source file."""
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _patterns(node, constants=None) -> list[str] | None:
    """Regular expressions for the kinds ``node`` may evaluate to (a literal, a module-level string
    constant of the same file, a conditional of those, an f-string); None when it cannot be read."""
    if isinstance(node, ast.Name) and node.id in (constants or {}):
        node = constants[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.IfExp):
        body, orelse = _patterns(node.body, constants), _patterns(node.orelse, constants)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_]+" for v in node.values]
        return ["".join(parts)]
    return None


def _calls(tree, names):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in names:
            yield node


def emitted_kinds() -> tuple[dict[str, list[str]], list[str]]:
    """({pattern: [where]}, [call sites whose kind the scan cannot read]).

    Calls of notify, and of wrappers: functions with a ``kind`` parameter that they pass on to
    notify (network's ``_notify(users, kind, …)``), whose callers are read instead."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _sources()}
    wrappers: dict[str, int] = {}  # name -> position of its ``kind`` parameter
    for tree in trees.values():
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            params = [a.arg for a in func.args.args]
            if "kind" in params and any(
                isinstance(_kind_arg(c, None), ast.Name) and _kind_arg(c, None).id == "kind"
                for c in _calls(func, {"notify"})
            ):
                wrappers[func.name] = params.index("kind")
    found: dict[str, list[str]] = {}
    unread: list[str] = []
    for path, tree in trees.items():
        constants = _constants(tree)
        for call in _calls(tree, {"notify", *wrappers}):
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            arg = _kind_arg(call, wrappers.get(_name(call.func)))
            patterns = _patterns(arg, constants) if arg is not None else None
            if patterns is None:
                if not (isinstance(arg, ast.Name) and arg.id == "kind"):  # a wrapper passing its own on
                    unread.append(where)
                continue
            for pattern in patterns:
                found.setdefault(pattern, []).append(where)
    return found, unread


def test_every_kind_passed_to_notify_anywhere_is_registered():
    found, unread = emitted_kinds()
    assert len(found) > 40  # the scan sees the apps' calls (catalog, deals, fulfilment, sharing …)
    assert unread == [], "notify() with a kind the scan cannot read; pass a literal, a module constant or an f-string"
    missing = {pattern: where for pattern, where in found.items() if not any(re.fullmatch(pattern, k) for k in KINDS)}
    assert missing == {}, "register these kinds with notifications.kinds.register_kind in the app's ready()"


def test_every_registered_kind_is_dotted_and_labelled_in_chinese_and_english():
    from django.utils import translation

    for kind in KINDS:
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", kind), kind
        with translation.override("zh-hans"):
            assert re.search(r"[\u4e00-\u9fff]", label_for(kind)), kind
        with translation.override("en"):
            assert not re.search(r"[\u4e00-\u9fff]", label_for(kind)), (kind, label_for(kind))


@pytest.mark.django_db
def test_an_unregistered_kind_is_refused_in_tests_and_delivered_in_production(member, settings):
    with pytest.raises(UnregisteredKind):
        notify(users=[member], kind="sharing.nothing_like_this", title=Message("x"))
    settings.NOTIFICATION_KINDS_STRICT = False
    (row,) = notify(users=[member], kind="sharing.nothing_like_this", title=Message("x"))
    assert label_for(row.kind) == "sharing.nothing_like_this"  # no app name passed off as a label
