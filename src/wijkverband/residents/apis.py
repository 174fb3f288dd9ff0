from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi
from wijkverband.api.pagination import Pagination
from wijkverband.core.validators import validate_bsn, validate_no_control_chars, validate_no_html, validate_postcode
from wijkverband.neighbourhoods.models import Neighbourhood

from . import selectors, services
from .models import Resident


class ResidentOutputSerializer(serializers.ModelSerializer[Resident]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code", default=None, read_only=True)  # noqa: N815
    firstName = serializers.CharField(source="first_name")  # noqa: N815
    lastName = serializers.CharField(source="last_name")  # noqa: N815
    dateOfBirth = serializers.DateField(source="date_of_birth")  # noqa: N815
    houseNumber = serializers.IntegerField(source="house_number")  # noqa: N815
    houseNumberAddition = serializers.CharField(source="house_number_addition")  # noqa: N815
    bagId = serializers.CharField(source="bag_id")  # noqa: N815
    bsnMasked = serializers.CharField(source="masked_bsn", read_only=True)  # noqa: N815

    class Meta:
        model = Resident
        fields = [
            "id",
            "firstName",
            "lastName",
            "dateOfBirth",
            "street",
            "postcode",
            "houseNumber",
            "houseNumberAddition",
            "city",
            "bagId",
            "neighbourhoodCode",
            "phone",
            "email",
            "bsnMasked",
        ]


TEXT = [validate_no_html, validate_no_control_chars]


class ResidentInputSerializer(serializers.Serializer[Any]):
    firstName = serializers.CharField(max_length=100, validators=TEXT)  # noqa: N815
    lastName = serializers.CharField(max_length=150, validators=TEXT)  # noqa: N815
    dateOfBirth = serializers.DateField()  # noqa: N815
    street = serializers.CharField(max_length=150, required=False, allow_blank=True, validators=TEXT)
    postcode = serializers.CharField(max_length=7, validators=[validate_postcode])
    houseNumber = serializers.IntegerField(min_value=1, max_value=99999)  # noqa: N815
    houseNumberAddition = serializers.CharField(max_length=10, required=False, allow_blank=True, validators=TEXT)  # noqa: N815
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, validators=TEXT)
    bagId = serializers.RegexField(r"^[0-9]{16}$", required=False, allow_blank=True)  # noqa: N815
    neighbourhoodCode = serializers.SlugRelatedField(  # noqa: N815
        slug_field="code", queryset=Neighbourhood.objects.all(), required=False, allow_null=True
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, validators=TEXT)
    email = serializers.EmailField(max_length=200, required=False, allow_blank=True)
    bsn = serializers.CharField(
        max_length=11, required=False, allow_blank=True, write_only=True, validators=[validate_bsn]
    )


class ResidentCreateInputSerializer(ResidentInputSerializer):
    consentPurpose = serializers.CharField(max_length=300, validators=TEXT)  # noqa: N815
    consentGivenOn = serializers.DateField()  # noqa: N815


FIELD_MAP = {
    "firstName": "first_name",
    "lastName": "last_name",
    "dateOfBirth": "date_of_birth",
    "street": "street",
    "postcode": "postcode",
    "houseNumber": "house_number",
    "houseNumberAddition": "house_number_addition",
    "city": "city",
    "bagId": "bag_id",
    "neighbourhoodCode": "neighbourhood",
    "phone": "phone",
    "email": "email",
}


def to_service_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {FIELD_MAP[key]: value for key, value in data.items() if key in FIELD_MAP}


class ResidentListCreateApi(ActorApi):
    @extend_schema(
        operation_id="residents_list",
        summary="Zichtbare bewoners zoeken",
        parameters=[OpenApiParameter("q", str, description="Naam, postcode (+ huisnummer) of BSN")],
        responses={200: ResidentOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        queryset = selectors.resident_search_queryset(actor=actor, query=request.query_params.get("q", ""))
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self) or []
        selectors.resident_list_audited(actor=actor, residents=list(page))
        return paginator.get_paginated_response(ResidentOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="residents_create",
        summary="Bewoner registreren met toestemming voor de eigen organisatie",
        request=ResidentCreateInputSerializer,
        responses={201: ResidentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = ResidentCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resident = services.resident_register(
            actor=self.actor(request),
            consent_purpose=data["consentPurpose"],
            consent_given_on=data["consentGivenOn"],
            bsn=data.get("bsn", ""),
            **to_service_fields(data),
        )
        return Response(ResidentOutputSerializer(resident).data, status=status.HTTP_201_CREATED)


class ResidentDetailApi(ActorApi):
    @extend_schema(
        operation_id="residents_retrieve",
        summary="Eén bewoner",
        responses={200: ResidentOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, resident_uuid: str) -> Response:
        resident = selectors.resident_get_for_user(actor=self.actor(request), resident_uuid=resident_uuid)
        return Response(ResidentOutputSerializer(resident).data)

    @extend_schema(
        operation_id="residents_partial_update",
        summary="Gegevens van een bewoner wijzigen",
        request=ResidentInputSerializer(partial=True),
        responses={200: ResidentOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, resident_uuid: str) -> Response:
        actor = self.actor(request)
        resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
        serializer = ResidentInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resident = services.resident_update(
            actor=actor, resident=resident, data=to_service_fields(data), bsn=data.get("bsn") or None
        )
        return Response(ResidentOutputSerializer(resident).data)
