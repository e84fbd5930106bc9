"""NUL bytes and other control characters in any path or query parameter: 400, never a 500.

Runs on SQLite and, with DATABASE_URL pointing at PostgreSQL (CI's second pass), on PostgreSQL,
where a NUL reaching a query raises inside the driver."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.text import control_characters


def _static_routes(patterns=None, prefix="") -> list[str]:
    """Every routable path without converters (list pages, search, API collections …)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    from catalog.libraries import LIBRARIES

    routes = []
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # DRF router: plain regex routes only
            route = route.lstrip("^").rstrip("$").replace("\\.", ".")
            if any(ch in route for ch in "()[]?*+\\"):
                continue
        if "<lib:library>" in route:
            for slug in LIBRARIES:
                expanded = route.replace("<lib:library>", slug)
                if "<" not in expanded and isinstance(entry, URLPattern):
                    routes.append("/" + prefix + expanded)
            continue
        if "<" in route or "(?P" in route:
            continue
        if isinstance(entry, URLResolver):
            routes += _static_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            routes.append("/" + prefix + route)
    return sorted({r for r in routes if not r.startswith(("/static", "/media", "/i18n/setlang"))})


ROUTES = _static_routes()


def test_routes_are_walked():
    assert {"/search/", "/patents/list/", "/accounts/login/"} <= set(ROUTES)
    assert {"/achievements/", "/patents/list/", "/api/v1/achievements/", "/api/v1/patents/"} <= set(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_nul_in_any_query_parameter_is_refused(client, operator, route):
    client.force_login(operator)
    for query in ("q=%00", "page=%00", "chain=%00&region=%00", "%00=1", "q=a%01b", "scope=mine%00"):
        response = client.get(f"{route}?{query}")
        assert response.status_code == 400, (route, query, response.status_code)
    response = client.get(f"{route}?q=%E7%87%83%E6%96%99%E7%94%B5%E6%B1%A0")  # a clean query still works
    assert response.status_code != 500


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/achievements/%00/", "/patents/p/CN%00114081026A/", "/api/v1/demands/%00/", "/%00"])
def test_nul_in_the_path_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "invalid_characters"


@pytest.mark.django_db
def test_nul_in_a_posted_form_is_refused(client, operator):
    client.force_login(operator)
    body = "username=a%00b&password=x"
    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    # multipart forms are checked by Django's own form fields (ProhibitNullCharactersValidator)
    response = client.post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 200


def test_control_character_definition():
    assert control_characters("a\x00b\x1f\x7f") == ["U+0000", "U+001F", "U+007F"]
    assert control_characters("多行\n文本\t\r") == []
