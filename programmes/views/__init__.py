"""Pages of the programme engine: calls, entries and review, news and events."""


def error_text(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])
