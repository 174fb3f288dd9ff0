from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi
from wijkverband.api.pagination import Pagination
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors
from .models import AuditEvent


class AuditEventOutputSerializer(serializers.ModelSerializer[AuditEvent]):
    sequence = serializers.IntegerField(source="pk", read_only=True)
    occurredAt = serializers.DateTimeField(source="occurred_at")  # noqa: N815
    eventType = serializers.CharField(source="event_type")  # noqa: N815
    user = serializers.CharField(source="user_display")
    organisation = serializers.CharField(source="organisation_name")
    accessPoint = serializers.CharField(source="access_point")  # noqa: N815

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "occurredAt",
            "eventType",
            "action",
            "outcome",
            "user",
            "organisation",
            "role",
            "accessPoint",
            "reason",
        ]


class ResidentAuditTrailApi(ActorApi):
    @extend_schema(
        operation_id="audit_events_for_resident",
        summary="Wie heeft dit dossier ingezien (inzagerecht)",
        responses={200: AuditEventOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, resident_uuid: str) -> Response:
        actor = self.actor(request)
        resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
        events = selectors.audit_trail_for_resident(actor=actor, resident=resident)
        paginator = Pagination()
        page = paginator.paginate_queryset(events, request, view=self) or []
        return paginator.get_paginated_response(AuditEventOutputSerializer(page, many=True).data)
