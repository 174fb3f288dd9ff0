"""JSON API for signals: intake (professionals, creditors' arrears batches) and handling.

Thin, on the same selectors and services as the pages:
- a signal or household outside the caller's teams is a 404 (and a denied read in the audit trail);
- a refused arrears batch is a 400 problem+json with one ``invalidParams`` entry per row error
  (``rows[3].amountOwed`` for JSON, ``line[5].bedrag`` for CSV) and nothing is written;
- a batch delivered again (same creditor and reference) answers 200 with the first delivery;
- a delivery larger than ``SIGNALS_MAX_UPLOAD_MB`` is refused with 413 before the body is read.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, PROBLEM, ActorApi, validated
from wijkverband.api.errors import problem
from wijkverband.core.validators import validate_no_control_chars, validate_no_html

from . import arrears, lifecycle, selectors, services
from .constants import (
    ArrearsKind,
    AttemptKind,
    BatchSource,
    OutreachKind,
    OutreachResult,
    SignalStatus,
    SourceKind,
    SubjectKind,
)
from .models import ArrearsBatch, OutreachAttempt, OutreachTask, Signal, SignalCategory, SignalStatusChange

TEXT = [validate_no_html, validate_no_control_chars]


# --- output ------------------------------------------------------------------------------------------


class SignalStatusChangeOutputSerializer(serializers.ModelSerializer[SignalStatusChange]):
    fromStatus = serializers.CharField(source="from_status")  # noqa: N815
    toStatus = serializers.CharField(source="to_status")  # noqa: N815
    changedBy = serializers.CharField(source="changed_by_name")  # noqa: N815
    organisationName = serializers.CharField(source="organisation_name")  # noqa: N815
    changedAt = serializers.DateTimeField(source="created_at")  # noqa: N815

    class Meta:
        model = SignalStatusChange
        fields = ["fromStatus", "toStatus", "changedBy", "organisationName", "reason", "changedAt"]


class SignalOutputSerializer(serializers.ModelSerializer[Signal]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    receiptNumber = serializers.CharField(source="receipt_number")  # noqa: N815
    category = serializers.CharField(source="category.code")
    categoryName = serializers.CharField(source="category.__str__")  # noqa: N815
    subjectKind = serializers.ChoiceField(source="subject_kind", choices=SubjectKind.choices)  # noqa: N815
    subjectName = serializers.CharField(source="subject_name")  # noqa: N815
    houseNumber = serializers.IntegerField(source="house_number", allow_null=True)  # noqa: N815
    houseNumberAddition = serializers.CharField(source="house_number_addition")  # noqa: N815
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code", default=None, allow_null=True)  # noqa: N815
    sourceKind = serializers.ChoiceField(source="source_kind", choices=SourceKind.choices)  # noqa: N815
    reporterOrganisation = serializers.CharField(  # noqa: N815
        source="reporter_organisation.name", default=None, allow_null=True
    )
    arrearsKind = serializers.CharField(source="arrears_kind")  # noqa: N815
    amountOwed = serializers.DecimalField(source="amount_owed", max_digits=10, decimal_places=2, allow_null=True)  # noqa: N815
    monthsInArrears = serializers.IntegerField(source="months_in_arrears", allow_null=True)  # noqa: N815
    isUrgent = serializers.BooleanField(source="is_urgent")  # noqa: N815
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    team = serializers.CharField(source="team.name", default=None, allow_null=True)
    receivedAt = serializers.DateTimeField(source="received_at")  # noqa: N815
    dueOn = serializers.DateField(source="due_on")  # noqa: N815
    firstContactAt = serializers.DateTimeField(source="first_contact_at", allow_null=True)  # noqa: N815
    outreachTaskId = serializers.UUIDField(source="outreach.uuid", default=None, allow_null=True)  # noqa: N815
    casePlanId = serializers.UUIDField(source="case_plan.uuid", default=None, allow_null=True)  # noqa: N815
    nextStatuses = serializers.SerializerMethodField()  # noqa: N815

    class Meta:
        model = Signal
        fields = [
            "id",
            "receiptNumber",
            "category",
            "categoryName",
            "subjectKind",
            "subjectName",
            "street",
            "houseNumber",
            "houseNumberAddition",
            "postcode",
            "city",
            "building",
            "phone",
            "email",
            "description",
            "neighbourhoodCode",
            "sourceKind",
            "reporterOrganisation",
            "arrearsKind",
            "amountOwed",
            "monthsInArrears",
            "isUrgent",
            "status",
            "team",
            "receivedAt",
            "dueOn",
            "firstContactAt",
            "outreachTaskId",
            "casePlanId",
            "nextStatuses",
        ]

    def get_nextStatuses(self, signal: Signal) -> list[str]:  # noqa: N802
        return sorted(lifecycle.allowed_next(signal.status))


class SignalDetailOutputSerializer(SignalOutputSerializer):
    history = SignalStatusChangeOutputSerializer(source="status_changes", many=True)

    class Meta(SignalOutputSerializer.Meta):
        fields = [*SignalOutputSerializer.Meta.fields, "history"]


class AttemptOutputSerializer(serializers.ModelSerializer[OutreachAttempt]):
    madeOn = serializers.DateField(source="made_on")  # noqa: N815
    isReached = serializers.BooleanField(source="is_reached")  # noqa: N815
    madeBy = serializers.CharField(source="made_by_name")  # noqa: N815

    class Meta:
        model = OutreachAttempt
        fields = ["kind", "madeOn", "isReached", "result", "note", "madeBy"]


class OutreachTaskOutputSerializer(serializers.ModelSerializer[OutreachTask]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = serializers.ChoiceField(
        choices=OutreachKind.choices, help_text="household (adres), building (gebouw) of neighbourhood (buurt)"
    )
    name = serializers.CharField(source="display_name")
    address = serializers.CharField(help_text="adres van het huishouden, het gebouw, of de naam van de buurt")
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code", default=None, allow_null=True)  # noqa: N815
    team = serializers.CharField(source="team.name")
    dueOn = serializers.DateField(source="due_on")  # noqa: N815
    signals = SignalOutputSerializer(many=True)
    attempts = AttemptOutputSerializer(many=True)

    class Meta:
        model = OutreachTask
        fields = [
            "id",
            "kind",
            "name",
            "address",
            "neighbourhoodCode",
            "team",
            "status",
            "result",
            "dueOn",
            "signals",
            "attempts",
        ]


class ArrearsBatchOutputSerializer(serializers.ModelSerializer[ArrearsBatch]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    creditor = serializers.CharField(source="creditor.name")
    rowCount = serializers.IntegerField(source="row_count")  # noqa: N815
    newCount = serializers.IntegerField(source="new_count")  # noqa: N815
    knownCount = serializers.IntegerField(source="known_count")  # noqa: N815
    receivedAt = serializers.DateTimeField(source="created_at")  # noqa: N815

    class Meta:
        model = ArrearsBatch
        fields = ["id", "creditor", "reference", "source", "rowCount", "newCount", "knownCount", "receivedAt"]


# --- input -------------------------------------------------------------------------------------------


class SignalFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=[("open", "open"), *SignalStatus.choices], required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    neighbourhood = serializers.CharField(required=False, max_length=10)


class SignalCreateInputSerializer(serializers.Serializer[Any]):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=SignalCategory.objects.filter(is_active=True, is_arrears=False)
    )
    subjectKind = serializers.ChoiceField(choices=SubjectKind.choices)  # noqa: N815
    # "creditor" is refused by the service: arrears come in batches (/arrears-batches).
    sourceKind = serializers.ChoiceField(choices=SourceKind.choices)  # noqa: N815
    description = serializers.CharField(max_length=4000, validators=TEXT)
    subjectName = serializers.CharField(max_length=250, required=False, default="", validators=TEXT)  # noqa: N815
    postcode = serializers.CharField(max_length=7, required=False, default="")
    houseNumber = serializers.IntegerField(min_value=1, max_value=99999, required=False, allow_null=True)  # noqa: N815
    houseNumberAddition = serializers.CharField(max_length=10, required=False, default="", validators=TEXT)  # noqa: N815
    building = serializers.CharField(max_length=200, required=False, default="", validators=TEXT)
    isUrgent = serializers.BooleanField(required=False, default=False)  # noqa: N815


class SignalTransitionInputSerializer(serializers.Serializer[Any]):
    toStatus = serializers.ChoiceField(choices=SignalStatus.choices)  # noqa: N815
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True, validators=TEXT)


class SignalPlanInputSerializer(serializers.Serializer[Any]):
    planId = serializers.UUIDField()  # noqa: N815
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True, validators=TEXT)


class AttemptInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AttemptKind.choices)
    madeOn = serializers.DateField()  # noqa: N815
    isReached = serializers.BooleanField()  # noqa: N815
    result = serializers.ChoiceField(choices=OutreachResult.choices, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True, validators=TEXT)
    isFinal = serializers.BooleanField(required=False, default=False)  # noqa: N815


class ArrearsRowSerializer(serializers.Serializer[Any]):
    """One arrears signal: only what the Wgs allows a creditor to deliver (documentation of the shape)."""

    reference = serializers.CharField(
        max_length=100, help_text="Uw eigen kenmerk van dit signaal (uniek per schuldeiser)"
    )
    bsn = serializers.CharField(required=False, help_text="Optioneel; moet de elfproef doorstaan")
    firstName = serializers.CharField(required=False)  # noqa: N815
    lastName = serializers.CharField()  # noqa: N815
    street = serializers.CharField(required=False)
    houseNumber = serializers.IntegerField()  # noqa: N815
    houseNumberAddition = serializers.CharField(required=False)  # noqa: N815
    postcode = serializers.CharField()
    city = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    arrearsKind = serializers.ChoiceField(choices=ArrearsKind.choices)  # noqa: N815
    amountOwed = serializers.DecimalField(max_digits=10, decimal_places=2)  # noqa: N815
    monthsInArrears = serializers.IntegerField(min_value=1, max_value=120)  # noqa: N815
    threat = serializers.BooleanField(required=False, help_text="Dreigende ontruiming of afsluiting")


class ArrearsBatchInputSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(
        max_length=100, help_text="Kenmerk van de levering; opnieuw leveren verandert niets"
    )
    rows = ArrearsRowSerializer(many=True)


class ArrearsBatchCsvInputSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=100)
    file = serializers.FileField(help_text="CSV in UTF-8 met kopregel (kolommen als in de webupload)")


# --- helpers -----------------------------------------------------------------------------------------


def _too_large(request: Request) -> Response | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.SIGNALS_MAX_UPLOAD_MB * 1024 * 1024:
        return problem(
            413,
            _("Delivery too large"),
            _("The file is larger than %(mb)d MB and was not read.") % {"mb": settings.SIGNALS_MAX_UPLOAD_MB},
        )
    return None


def _batch_answer(outcome: services.BatchOutcome, *, source: str) -> Response:
    if outcome.is_refused:
        if outcome.file_error:
            return problem(400, _("Invalid input"), outcome.file_error)
        params = [
            {
                "name": f"rows[{error.row - 1}].{error.field}"
                if source == BatchSource.API
                else f"line[{error.row}].{error.field}",
                "code": "invalid",
                "reason": error.message,
            }
            for error in outcome.errors
        ]
        detail = _("The batch was refused; nothing was saved. %(count)d error(s).") % {"count": outcome.error_count}
        return problem(400, _("Invalid input"), detail, invalidParams=params)
    data = ArrearsBatchOutputSerializer(outcome.batch).data
    return Response(data, status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK)


BATCH_RESPONSES = {
    201: ArrearsBatchOutputSerializer,
    200: OpenApiResponse(ArrearsBatchOutputSerializer, description="Deze levering was al ontvangen; niets veranderd"),
    413: PROBLEM,
    **ERRORS,
}


# --- endpoints ---------------------------------------------------------------------------------------


class SignalListCreateApi(ActorApi):
    @extend_schema(
        operation_id="signals_list",
        summary="Signalen van mijn teams",
        parameters=[SignalFilterSerializer],
        responses={200: SignalOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated(SignalFilterSerializer, request.query_params)
        signals = selectors.signal_list_for_user(
            actor=self.actor(request),
            status=filters.get("status", ""),
            overdue=filters.get("overdue", False),
            neighbourhood_code=filters.get("neighbourhood", ""),
        )
        return Response(SignalOutputSerializer(signals, many=True).data)

    @extend_schema(
        operation_id="signals_create",
        summary="Signaal melden (professional); het gaat naar het team volgens de routeringsregels",
        request=SignalCreateInputSerializer,
        responses={201: SignalOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = validated(SignalCreateInputSerializer, request.data)
        signal = services.signal_create(
            actor=self.actor(request),
            category=data["category"],
            subject_kind=data["subjectKind"],
            source_kind=data["sourceKind"],
            description=data["description"],
            subject_name=data["subjectName"],
            postcode=data["postcode"],
            house_number=data.get("houseNumber"),
            house_number_addition=data["houseNumberAddition"],
            building=data["building"],
            is_urgent=data["isUrgent"],
        )
        return Response(SignalOutputSerializer(signal).data, status=status.HTTP_201_CREATED)


class SignalDetailApi(ActorApi):
    @extend_schema(
        operation_id="signals_retrieve",
        summary="Eén signaal met zijn geschiedenis",
        responses={200: SignalDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, signal_uuid: str) -> Response:
        signal = selectors.signal_get_for_user(actor=self.actor(request), signal_uuid=signal_uuid)
        return Response(SignalDetailOutputSerializer(signal).data)


class SignalTransitionApi(ActorApi):
    @extend_schema(
        operation_id="signals_transition",
        summary="Volgende stap in de afhandeling, met reden",
        request=SignalTransitionInputSerializer,
        responses={200: SignalDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, signal_uuid: str) -> Response:
        actor = self.actor(request)
        signal = selectors.signal_get_for_user(actor=actor, signal_uuid=signal_uuid)
        data = validated(SignalTransitionInputSerializer, request.data)
        signal = services.signal_transition(
            actor=actor, signal=signal, to_status=data["toStatus"], reason=data["reason"]
        )
        return Response(SignalDetailOutputSerializer(signal).data)


class SignalPlanApi(ActorApi):
    @extend_schema(
        operation_id="signals_refer_to_plan",
        summary="Signaal doorzetten naar een bestaand plan (het plan moet zichtbaar zijn)",
        request=SignalPlanInputSerializer,
        responses={200: SignalDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, signal_uuid: str) -> Response:
        actor = self.actor(request)
        signal = selectors.signal_get_for_user(actor=actor, signal_uuid=signal_uuid)
        data = validated(SignalPlanInputSerializer, request.data)
        signal = services.signal_attach_to_plan(
            actor=actor, signal=signal, plan_uuid=data["planId"], reason=data["reason"]
        )
        return Response(SignalDetailOutputSerializer(signal).data)


class OutreachListApi(ActorApi):
    @extend_schema(
        operation_id="signals_outreach_list",
        summary="Werklijst outreach: huishoudens, gebouwen en buurten met hun gecombineerde signalen en pogingen",
        responses={200: OutreachTaskOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        tasks = selectors.outreach_work_list(actor=self.actor(request))
        return Response(OutreachTaskOutputSerializer(tasks, many=True).data)


class OutreachAttemptApi(ActorApi):
    @extend_schema(
        operation_id="signals_outreach_attempt",
        summary="Poging vastleggen (huisbezoek, telefoon, brief; gebouw of buurt: schouw, overleg) en resultaat",
        request=AttemptInputSerializer,
        responses={201: AttemptOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, task_uuid: str) -> Response:
        actor = self.actor(request)
        task = selectors.outreach_get_for_user(actor=actor, task_uuid=task_uuid)
        data = validated(AttemptInputSerializer, request.data)
        attempt = services.outreach_attempt_record(
            actor=actor,
            task=task,
            kind=data["kind"],
            made_on=data["madeOn"],
            is_reached=data["isReached"],
            result=data["result"],
            note=data["note"],
            is_final=data["isFinal"],
        )
        return Response(AttemptOutputSerializer(attempt).data, status=status.HTTP_201_CREATED)


class ArrearsBatchCreateApi(ActorApi):
    @extend_schema(
        operation_id="arrears_batches_create",
        summary="Betalingsachterstanden aanleveren (JSON): alles of niets, idempotent op kenmerk",
        request=ArrearsBatchInputSerializer,
        responses=BATCH_RESPONSES,
    )
    def post(self, request: Request) -> Response:
        if (refused := _too_large(request)) is not None:
            return refused
        actor = self.actor(request)
        services.signal_partner_for(actor)  # refuse non-partners before reading the body
        # The body is read as a stream, never whole (request.data would hold all of it, and Django
        # refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE): only the row at hand is in memory.
        try:
            reference, rows = arrears.json_batch(request.stream or io.BytesIO())
        except arrears.BatchFileError as error:
            return problem(400, _("Invalid input"), error.message)
        outcome = services.arrears_batch_ingest(
            actor=actor, reference=reference, rows=arrears.json_rows(rows), source=BatchSource.API
        )
        return _batch_answer(outcome, source=BatchSource.API)


class ArrearsBatchCsvApi(ActorApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="arrears_batches_upload",
        summary="Betalingsachterstanden aanleveren (CSV-bestand): alles of niets, idempotent op kenmerk",
        request={"multipart/form-data": ArrearsBatchCsvInputSerializer},
        responses=BATCH_RESPONSES,
    )
    def post(self, request: Request) -> Response:
        if (refused := _too_large(request)) is not None:
            return refused
        actor = self.actor(request)
        services.signal_partner_for(actor)
        upload = request.FILES.get("file")
        if upload is None:
            return problem(400, _("Invalid input"), _("Attach the CSV file as 'file'."))
        outcome = services.arrears_batch_ingest(
            actor=actor,
            reference=str(request.data.get("reference", "")),
            rows=arrears.csv_rows(upload.file),
            source=BatchSource.CSV,
        )
        return _batch_answer(outcome, source=BatchSource.CSV)


class ArrearsBatchDetailApi(ActorApi):
    @extend_schema(
        operation_id="arrears_batches_retrieve",
        summary="Eén eigen levering (alleen voor de schuldeiser die haar aanleverde)",
        responses={200: ArrearsBatchOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, batch_uuid: str) -> Response:
        actor = self.actor(request)
        batch = (
            ArrearsBatch.objects.filter(uuid=batch_uuid, creditor_id=actor.membership.organisation_id).first()
            if actor.membership is not None
            else None
        )
        if batch is None:
            return problem(404, _("Not found"), _("The requested resource does not exist or is not available to you."))
        return Response(ArrearsBatchOutputSerializer(batch).data)


class SignalOverviewApi(ActorApi):
    @extend_schema(
        operation_id="signals_overview",
        summary="Overzicht (alleen aantallen): per categorie en maand, per buurt, per team",
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        figures = selectors.overview(actor=self.actor(request))
        return Response(
            {
                "months": [month.isoformat() for month in figures.months],
                "perCategory": figures.per_category,
                "perNeighbourhood": [
                    {"code": code, "name": name, "count": count} for code, name, count in figures.per_neighbourhood
                ],
                "teams": [
                    {
                        "team": team.team,
                        "open": team.open,
                        "overdue": team.overdue,
                        "contacted": team.contacted,
                        "medianDaysToContact": team.median_days,
                        "p90DaysToContact": team.p90_days,
                    }
                    for team in figures.teams
                ],
                "unrouted": figures.unrouted,
                "total": figures.total,
            }
        )
