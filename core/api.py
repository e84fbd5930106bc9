"""API plumbing shared by every app: pagination and structured error bodies."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler

from .pagination import CappedPaginator


class Pagination(pagination.PageNumberPagination):
    """Page-number pagination over at most ``core.pagination.MAX_ROWS`` rows: ``count`` is the
    number of rows that can be paged through (min(total, 2,000)); narrow a larger list with
    its filters or ``q``. A page past the end answers 404 with the structured error body."""

    django_paginator_class = CappedPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Every error is JSON: {"error": {"code", "message", "fields"}}.

    ``fields`` maps a field name to its messages, so a client can show them next to inputs.
    Django's own ValidationError (raised by services) is turned into a 400 as well.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    message = ""
    if isinstance(detail, dict):
        if set(detail) == {"detail"}:
            message = str(detail["detail"])
        else:
            for key, value in detail.items():
                values = value if isinstance(value, list) else [value]
                fields[key] = [str(v) for v in values]
            message = "；".join(f"{'' if k == 'non_field_errors' else k + '：'}{v[0]}" for k, v in fields.items())
    elif isinstance(detail, list):
        fields = {"non_field_errors": [str(v) for v in detail]}
        message = "；".join(fields["non_field_errors"])
    code = getattr(exc, "default_code", "error")
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
