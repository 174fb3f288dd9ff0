"""Shared pieces for API views: the actor from the request, 404 for anything not visible."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from wijkverband.accounts.actor import Actor, actor_from_request

PROBLEM = OpenApiResponse(description="Problem details (application/problem+json)")
ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM}


class ActorApi(APIView):
    def actor(self, request: Request) -> Actor:
        return actor_from_request(request._request, access_point="api")


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """The input checked by the serializer; invalid input raises, and the error handler answers 400."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def camel_case(name: str) -> str:
    """A Python/model name (``date_of_birth``) as the API spells it (``dateOfBirth``)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
