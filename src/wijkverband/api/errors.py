"""Every API error as RFC 9457 problem details (application/problem+json), all errors at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from wijkverband.core.exceptions import DomainError, NotVisible, PermissionDenied

from .base import camel_case

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":
                params.extend(_invalid_params(value, prefix))
                continue
            name = f"{prefix}.{camel_case(str(key))}" if prefix else camel_case(str(key))
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for item in detail:
            params.extend(_invalid_params(item, prefix))
    else:
        params.append(
            {"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)}
        )
    return params


def problem(status_code: int, title: str, detail: str, **extra: Any) -> Response:
    body = {
        "type": f"https://wijkverband.nl/problemen/{status_code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotVisible | Http404):
        return problem(404, _("Not found"), _("The requested resource does not exist or is not available to you."))
    if isinstance(exc, PermissionDenied | DjangoPermissionDenied):
        message = exc.message if isinstance(exc, DomainError) else _("You may not perform this action.")
        return problem(403, _("Not allowed"), message)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, DomainError):
        return problem(400, _("Invalid input"), exc.message)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            400,
            _("Invalid input"),
            _("One or more fields are invalid."),
            invalidParams=_invalid_params(exc.detail),
        )
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
    titles = {
        status.HTTP_401_UNAUTHORIZED: _("Not authenticated"),
        status.HTTP_403_FORBIDDEN: _("Not allowed"),
        status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed"),
        status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests"),
    }
    result = problem(response.status_code, titles.get(response.status_code, _("Error")), str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
