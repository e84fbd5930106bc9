"""Translatable notification texts, rendered in the reader's language.

A notification is read later, by someone else, often in another language than the request that
caused it. So callers do not pass translated text to ``notify``; they pass a ``Message``: the
msgid (the Chinese source string, marked with ``gettext_noop`` so that ``makemessages`` still
extracts it and the app's existing English .po entry keeps applying) and its parameters::

    from django.utils.translation import gettext_noop
    from notifications.messages import Message

    notify(
        users=..., kind="catalog.returned",
        title=Message(gettext_noop("%(library)s《%(title)s》被退回修改"), library=lib.label, title=record.title),
        body=Message(gettext_noop("退回原因：%(reason)s"), reason=reason),
    )

Parameters:

- plain data (str, int, Decimal, None) is kept as it is: names, titles, numbers; a Decimal or
  other number-like becomes its ``str``; a date or datetime its ISO form (``2026-03-01``; a
  datetime in local time, to the minute) so that it reads the same in every language;
- a label that must be translated for the reader (a status's display label, a kind label) is
  passed as a ``Message`` or as a lazy string (``gettext_lazy``, ``pgettext_lazy``,
  ``format_lazy``, e.g. ``Status.X.label`` or ``Stage(code).label``), which is converted to a
  Message and rendered in the reader's language. Note that ``obj.get_status_display()`` is
  already a plain str in the request's language: pass ``obj.Status(obj.status).label`` instead.

``Message.render(language)`` gives the text in one language; ``str(message)`` renders in the
active language. ``to_json()`` / ``Message.from_json()`` store it on the notification (a JSON
object ``{"msgid", "params", "context"?}``; a concatenation ``{"join": [...], "sep": ...}``).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.functional import Promise

logger = logging.getLogger(__name__)


class Message:
    """A msgid plus parameters, translated when rendered. ``context`` is a pgettext context."""

    __slots__ = ("msgid", "params", "context")

    def __init__(self, msgid: str, /, *, _context: str = "", **params):
        if not isinstance(msgid, str) or isinstance(msgid, Promise):
            raise TypeError("Message msgid must be a plain str marked with gettext_noop, not a translated string")
        self.msgid = msgid
        self.context = _context
        self.params = {k: _encode(v) for k, v in params.items()}

    # --- rendering ----------------------------------------------------------------------------
    def render(self, language: str | None = None) -> str:
        """The text in ``language`` (a language code such as "en"; None: the active language)."""
        if language:
            with translation.override(language):
                return self._render()
        return self._render()

    def _render(self) -> str:
        text = translation.pgettext(self.context, self.msgid) if self.context else translation.gettext(self.msgid)
        if not self.params:
            return text
        values = {k: _render_param(v) for k, v in self.params.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            # A translation whose placeholders do not match (or a stored parameter of another
            # type): the source string rather than an error on the reader's page.
            logger.warning("notification message not rendered in %s: %r", translation.get_language(), self.msgid)
            try:
                return self.msgid % values
            except (KeyError, ValueError, TypeError):
                return self.msgid

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __add__(self, other) -> Join:
        return Join([self, other])

    def __radd__(self, other) -> Join:
        return Join([other, self])

    # --- storage ------------------------------------------------------------------------------
    def to_json(self) -> dict:
        """A JSON-serialisable dict (see the module's docstring)."""
        data: dict = {"msgid": self.msgid, "params": {k: _to_json(v) for k, v in self.params.items()}}
        if self.context:
            data["context"] = self.context
        return data

    @staticmethod
    def from_json(data) -> Message | Join | None:
        """The Message (or Join) stored by ``to_json``; None for anything else (an old or empty row)."""
        decoded = _from_json(data) if isinstance(data, dict) else None
        return decoded if isinstance(decoded, (Message, Join)) else None


class Join:
    """Texts rendered one after the other (``sep`` between them): ``Message(...) + "\\n" + reason``."""

    __slots__ = ("parts", "sep")

    def __init__(self, parts, sep: str = ""):
        flat = []
        for p in parts:
            if isinstance(p, Join) and p.sep == sep:
                flat.extend(p.parts)
            elif p not in ("", None):
                flat.append(_encode(p))
        self.parts = flat
        self.sep = sep

    render = Message.render

    def _render(self) -> str:
        return self.sep.join(str(_render_param(p)) for p in self.parts)

    def __str__(self) -> str:
        return self.render()

    def __add__(self, other) -> Join:
        return Join([self, other])

    def __radd__(self, other) -> Join:
        return Join([other, self])

    def to_json(self) -> dict:
        return {"join": [_to_json(p) for p in self.parts], "sep": self.sep}


def _encode(value):
    """A parameter as stored: Message/Join as is, lazy strings as Messages, data as JSON scalars."""
    if isinstance(value, (Message, Join)):
        return value
    if isinstance(value, Promise):
        return from_lazy(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)  # a model instance or another object: its text (a name), kept as data


def from_lazy(value: Promise) -> Message | Join | str:
    """A lazy translation (gettext_lazy, pgettext_lazy, format_lazy of lazy parts) as a Message;
    any other lazy object is rendered now, in the platform's default language."""
    from django.conf import settings

    func, args, kwargs = _lazy_parts(value)
    name = getattr(func, "__name__", "")
    if name == "gettext" and len(args) == 1 and not kwargs:
        return Message(str(args[0]))
    if name == "pgettext" and len(args) == 2 and not kwargs:
        return Message(str(args[1]), _context=str(args[0]))
    if name == "_format_lazy" and args:
        template, *rest = args
        template = _encode(template)
        if isinstance(template, Message) and not template.params and "{}" in template.msgid and not kwargs:
            return _Format(template.msgid, [_encode(a) for a in rest])
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


class _Format(Message):
    """A Message whose msgid uses ``{}`` placeholders (format_lazy), stored with ``"format": true``."""

    __slots__ = ()

    def __init__(self, msgid: str, args):
        self.msgid, self.context = msgid, ""
        self.params = {f"a{i}": _encode(a) for i, a in enumerate(args)}

    def _render(self) -> str:
        text = translation.gettext(self.msgid)
        return text.format(*[_render_param(self.params[f"a{i}"]) for i in range(len(self.params))])

    def to_json(self) -> dict:
        data = super().to_json()
        data["format"] = True
        return data


def _lazy_parts(value: Promise):
    reduced = value.__reduce__()
    try:
        _unpickle, (func, args, kwargs, *_classes) = reduced
    except (TypeError, ValueError):
        return None, (), {}
    return func, args, kwargs


def _to_json(value):
    return value.to_json() if isinstance(value, (Message, Join)) else value


def _from_json(value):
    """A stored parameter back: dicts are Messages (``msgid``), format_lazy texts (``format``)
    or concatenations (``join``); anything else is data. An unreadable dict renders as ""."""
    if not isinstance(value, dict):
        return value
    params = value.get("params") or {}
    if "join" in value:
        return Join([_from_json(p) for p in value["join"]], sep=value.get("sep", ""))
    if "msgid" not in value:
        return ""
    if value.get("format"):
        return _Format(value["msgid"], [_from_json(params.get(f"a{i}")) for i in range(len(params))])
    msg = Message.__new__(Message)
    msg.msgid = value["msgid"]
    msg.context = value.get("context", "")
    msg.params = {k: _from_json(v) for k, v in params.items()}
    return msg


def _render_param(value):
    """A parameter ready for ``%``: a Message rendered in the active language, data as it is
    (an int stays an int for ``%(n)d``), None as ""."""
    if isinstance(value, (Message, Join)):
        return value.render()
    return "" if value is None else value


def render(value, language: str | None = None) -> str:
    """Any title or body as text in ``language``: a Message or Join rendered, a str as it is."""
    if isinstance(value, (Message, Join)):
        return value.render(language)
    if isinstance(value, Promise):
        return render(from_lazy(value), language)
    return "" if value is None else str(value)


def to_json(value) -> dict | None:
    """The stored form of a title or body: a dict for a Message/Join (or lazy string), None for plain text."""
    if isinstance(value, Promise):
        value = from_lazy(value)
    if isinstance(value, (Message, Join)):
        return value.to_json()
    return None


def choice_label(instance, field: str):
    """The lazy label of ``instance``'s choice ``field`` (what ``get_FIELD_display()`` shows, but
    still translatable), to pass as a Message parameter; the raw value when it is not a choice."""
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value)
