from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi

from . import selectors
from .models import Organisation


class OrganisationOutputSerializer(serializers.ModelSerializer[Organisation]):
    id = serializers.UUIDField(source="uuid")
    municipalityCode = serializers.CharField(source="municipality.code", default=None)  # noqa: N815

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "municipalityCode"]


class MeOutputSerializer(serializers.Serializer[object]):
    username = serializers.CharField()
    organisation = OrganisationOutputSerializer(allow_null=True)
    role = serializers.CharField(allow_null=True)


class MeApi(ActorApi):
    @extend_schema(
        operation_id="me_retrieve",
        summary="Wie ben ik en namens welke organisatie",
        responses={200: MeOutputSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        data = {"username": actor.user.get_username(), "organisation": actor.organisation, "role": actor.role}
        return Response(MeOutputSerializer(data).data)


class OrganisationListApi(ActorApi):
    @extend_schema(
        operation_id="organisations_list",
        summary="Organisaties in het netwerk",
        responses={200: OrganisationOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(OrganisationOutputSerializer(selectors.organisation_list(), many=True).data)
