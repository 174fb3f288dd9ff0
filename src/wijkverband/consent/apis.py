from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Organisation
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors, services
from .constants import ConsentScope
from .models import ConsentGrant

TEXT = [validate_no_html, validate_no_control_chars]


class ConsentOutputSerializer(serializers.ModelSerializer[ConsentGrant]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = serializers.UUIDField(source="organisation.uuid")
    organisationName = serializers.CharField(source="organisation.name")  # noqa: N815
    givenOn = serializers.DateField(source="given_on")  # noqa: N815
    validUntil = serializers.DateField(source="valid_until")  # noqa: N815
    withdrawnAt = serializers.DateTimeField(source="withdrawn_at")  # noqa: N815
    isValid = serializers.BooleanField(source="is_valid")  # noqa: N815

    class Meta:
        model = ConsentGrant
        fields = [
            "id",
            "organisation",
            "organisationName",
            "scope",
            "purpose",
            "givenOn",
            "validUntil",
            "withdrawnAt",
            "isValid",
        ]


class ConsentInputSerializer(serializers.Serializer[Any]):
    organisation = serializers.SlugRelatedField(slug_field="uuid", queryset=Organisation.objects.filter(is_active=True))
    scope = serializers.ChoiceField(choices=ConsentScope.choices)
    purpose = serializers.CharField(max_length=300, validators=TEXT)
    givenOn = serializers.DateField()  # noqa: N815
    validUntil = serializers.DateField(required=False, allow_null=True)  # noqa: N815


class ConsentWithdrawInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)


class ConsentListCreateApi(ActorApi):
    @extend_schema(
        operation_id="consents_list",
        summary="Toestemmingen van een bewoner",
        responses={200: ConsentOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, resident_uuid: str) -> Response:
        actor = self.actor(request)
        resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
        grants = selectors.consent_grant_list_for_resident(actor=actor, resident=resident)
        return Response(ConsentOutputSerializer(grants, many=True).data)

    @extend_schema(
        operation_id="consents_create",
        summary="Toestemming vastleggen",
        request=ConsentInputSerializer,
        responses={201: ConsentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, resident_uuid: str) -> Response:
        actor = self.actor(request)
        resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
        serializer = ConsentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        grant = services.consent_grant_record(
            actor=actor,
            resident=resident,
            organisation=data["organisation"],
            scope=data["scope"],
            purpose=data["purpose"],
            given_on=data["givenOn"],
            valid_until=data.get("validUntil"),
        )
        return Response(ConsentOutputSerializer(grant).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(ActorApi):
    @extend_schema(
        operation_id="consents_withdraw",
        summary="Toestemming intrekken (direct van kracht)",
        request=ConsentWithdrawInputSerializer,
        responses={200: ConsentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, resident_uuid: str, grant_uuid: str) -> Response:
        actor = self.actor(request)
        resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
        serializer = ConsentWithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = services.consent_grant_withdraw(
            actor=actor, resident=resident, grant_uuid=grant_uuid, reason=serializer.validated_data.get("reason", "")
        )
        return Response(ConsentOutputSerializer(grant).data)
