"""Shared pieces for API views: the actor from the request, 404 for anything not visible."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request
from rest_framework.views import APIView

from wijkverband.accounts.actor import Actor, actor_from_request

PROBLEM = OpenApiResponse(description="Problem details (application/problem+json)")
ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM}


class ActorApi(APIView):
    def actor(self, request: Request) -> Actor:
        return actor_from_request(request._request, access_point="api")
