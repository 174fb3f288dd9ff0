"""JSON API for case plans (casusregie): thin, on the same selectors and services as the plan pages.

- Every endpoint on one plan first gets it through ``selectors.case_plan_get_for_user``, so a plan
  the caller may not see is a 404 (and a denied read in the audit trail) whatever the body says.
- Rules (dates, RASCI, scales, transitions) live in the services; their ValidationError becomes a
  400 problem+json with invalidParams, PermissionDenied a 403.
"""

from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi, camel_case, validated
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.residents.models import Resident
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors, services
from .constants import (
    ActionStatus,
    CasePlanStatus,
    EntryKind,
    MeasurementMoment,
    MeetingKind,
    Rasci,
    ResourceKind,
    WatchContactOutcome,
)
from .models import (
    CaseAction,
    CaseParticipant,
    CasePlan,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    Measurement,
    MeasurementScore,
    Meeting,
    PlanEntry,
    StatusChange,
    Watch,
    WatchContact,
)

TEXT = [validate_no_html, validate_no_control_chars]


# --- output ---------------------------------------------------------------------------------------


class CasePlanResidentOutputSerializer(serializers.ModelSerializer[Resident]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    firstName = serializers.CharField(source="first_name")  # noqa: N815
    lastName = serializers.CharField(source="last_name")  # noqa: N815
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code", default=None, allow_null=True)  # noqa: N815

    class Meta:
        model = Resident
        fields = ["id", "firstName", "lastName", "neighbourhoodCode"]


class CasePlanOutputSerializer(serializers.ModelSerializer[CasePlan]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    resident = CasePlanResidentOutputSerializer()
    openedOn = serializers.DateField(source="opened_on")  # noqa: N815
    closedOn = serializers.DateField(source="closed_on", allow_null=True)  # noqa: N815
    escalationTable = serializers.CharField(source="escalation_table")  # noqa: N815

    class Meta:
        model = CasePlan
        fields = ["id", "title", "status", "resident", "openedOn", "closedOn", "escalationTable"]


class PlanEntryOutputSerializer(serializers.ModelSerializer[PlanEntry]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    forOthers = serializers.BooleanField(source="for_others")  # noqa: N815
    recordedOn = serializers.DateField(source="recorded_on")  # noqa: N815
    achievedOn = serializers.DateField(source="achieved_on", allow_null=True)  # noqa: N815

    class Meta:
        model = PlanEntry
        fields = ["id", "kind", "text", "forOthers", "recordedOn", "achievedOn"]


class PlanEntriesOutputSerializer(serializers.Serializer[Any]):
    """The resident's own words, grouped by the three questions."""

    want = PlanEntryOutputSerializer(many=True, default=list)
    can = PlanEntryOutputSerializer(many=True, default=list)
    need = PlanEntryOutputSerializer(many=True, default=list)


class CaseParticipantOutputSerializer(serializers.ModelSerializer[CaseParticipant]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisationId = serializers.UUIDField(source="organisation.uuid", default=None, allow_null=True)  # noqa: N815
    organisationName = serializers.CharField(source="organisation.name", default=None, allow_null=True)  # noqa: N815
    isCaseDirector = serializers.BooleanField(source="is_case_director")  # noqa: N815
    removedAt = serializers.DateTimeField(source="removed_at", allow_null=True)  # noqa: N815

    class Meta:
        model = CaseParticipant
        fields = [
            "id",
            "kind",
            "name",
            "relation",
            "contact",
            "organisationId",
            "organisationName",
            "isCaseDirector",
            "removedAt",
        ]


class CaseActionOutputSerializer(serializers.ModelSerializer[CaseAction]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    ownerId = serializers.UUIDField(source="owner.uuid")  # noqa: N815
    ownerName = serializers.CharField(source="owner.name")  # noqa: N815
    dueOn = serializers.DateField(source="due_on")  # noqa: N815
    completedOn = serializers.DateField(source="completed_on", allow_null=True)  # noqa: N815
    needId = serializers.UUIDField(source="need.uuid", default=None, allow_null=True)  # noqa: N815
    meetingId = serializers.UUIDField(source="meeting.uuid", default=None, allow_null=True)  # noqa: N815
    resourceKind = serializers.CharField(source="resource_kind")  # noqa: N815
    resourceId = serializers.UUIDField(source="resource_uuid", allow_null=True)  # noqa: N815
    resourceLabel = serializers.CharField(source="resource_label")  # noqa: N815
    roles = serializers.SerializerMethodField(help_text="RASCI-rol per deelnemer (id van de deelnemer → R/A/S/C/I)")
    isOverdue = serializers.SerializerMethodField(method_name="get_is_overdue")  # noqa: N815

    class Meta:
        model = CaseAction
        fields = [
            "id",
            "description",
            "ownerId",
            "ownerName",
            "dueOn",
            "status",
            "result",
            "completedOn",
            "needId",
            "meetingId",
            "resourceKind",
            "resourceId",
            "resourceLabel",
            "roles",
            "isOverdue",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_roles(self, action: CaseAction) -> dict[str, str]:
        return {str(role.participant.uuid): role.role for role in action.roles.all()}

    def get_is_overdue(self, action: CaseAction) -> bool:
        return action.is_overdue_on(timezone.localdate())


class MeetingOutputSerializer(serializers.ModelSerializer[Meeting]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    heldOn = serializers.DateField(source="held_on")  # noqa: N815
    attendeeIds = serializers.SerializerMethodField(method_name="get_attendee_ids")  # noqa: N815
    isHealthRelated = serializers.BooleanField(source="is_health_related")  # noqa: N815
    notesWithheld = serializers.SerializerMethodField(  # noqa: N815
        method_name="get_notes_withheld",
        help_text="De aantekeningen gaan over gezondheid en uw organisatie heeft daarvoor geen toestemming.",
    )

    class Meta:
        model = Meeting
        fields = ["id", "kind", "heldOn", "attendeeIds", "notes", "isHealthRelated", "notesWithheld"]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_attendee_ids(self, meeting: Meeting) -> list[str]:
        return [str(attendee.uuid) for attendee in meeting.attendees.all()]

    def get_notes_withheld(self, meeting: Meeting) -> bool:
        return meeting.is_health_related and not self.context.get("may_see_health", True)


class MeasurementScoreOutputSerializer(serializers.ModelSerializer[MeasurementScore]):
    domain = serializers.CharField(source="domain.code", default=None, allow_null=True)
    domainName = serializers.CharField(source="domain.name", default=None, allow_null=True)  # noqa: N815
    # Declared, not derived from the model: the model field's range differs between SQLite and PostgreSQL,
    # which would make the committed OpenAPI document depend on the database it was generated with.
    value = serializers.IntegerField()

    class Meta:
        model = MeasurementScore
        fields = ["domain", "domainName", "value"]


class MeasurementOutputSerializer(serializers.ModelSerializer[Measurement]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    instrument = serializers.CharField(source="instrument.code")
    instrumentName = serializers.CharField(source="instrument.name")  # noqa: N815
    measuredOn = serializers.DateField(source="measured_on")  # noqa: N815
    scores = MeasurementScoreOutputSerializer(many=True)

    class Meta:
        model = Measurement
        fields = ["id", "instrument", "instrumentName", "measuredOn", "moment", "note", "scores"]


class StatusChangeOutputSerializer(serializers.ModelSerializer[StatusChange]):
    fromStatus = serializers.CharField(source="from_status")  # noqa: N815
    toStatus = serializers.CharField(source="to_status")  # noqa: N815
    changedAt = serializers.DateTimeField(source="changed_at")  # noqa: N815
    changedBy = serializers.CharField(source="changed_by_name")  # noqa: N815
    organisation = serializers.CharField(source="organisation_name")

    class Meta:
        model = StatusChange
        fields = ["fromStatus", "toStatus", "changedAt", "changedBy", "organisation", "reason"]


class WatchOutputSerializer(serializers.ModelSerializer[Watch]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    contactId = serializers.UUIDField(source="contact.uuid")  # noqa: N815
    contactName = serializers.CharField(source="contact.name")  # noqa: N815
    intervalWeeks = serializers.IntegerField(source="interval_weeks")  # noqa: N815
    startsOn = serializers.DateField(source="starts_on")  # noqa: N815
    endsOn = serializers.DateField(source="ends_on")  # noqa: N815

    class Meta:
        model = Watch
        fields = ["id", "contactId", "contactName", "intervalWeeks", "startsOn", "endsOn"]


class WatchContactOutputSerializer(serializers.ModelSerializer[WatchContact]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    dueOn = serializers.DateField(source="due_on")  # noqa: N815
    doneOn = serializers.DateField(source="done_on", allow_null=True)  # noqa: N815
    escalatedAt = serializers.DateTimeField(source="escalated_at", allow_null=True)  # noqa: N815

    class Meta:
        model = WatchContact
        fields = ["id", "dueOn", "doneOn", "outcome", "note", "escalatedAt"]


class CasePlanDetailOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.PlanView``: the plan with everything the caller may see of it."""

    id = serializers.UUIDField(source="plan.uuid")
    title = serializers.CharField(source="plan.title")
    status = serializers.ChoiceField(source="plan.status", choices=CasePlanStatus.choices)
    resident = CasePlanResidentOutputSerializer(source="plan.resident")
    openedOn = serializers.DateField(source="plan.opened_on")  # noqa: N815
    openedByOrganisation = serializers.CharField(source="plan.opened_by_organisation.name")  # noqa: N815
    closedOn = serializers.DateField(source="plan.closed_on", allow_null=True)  # noqa: N815
    escalationTable = serializers.CharField(source="plan.escalation_table")  # noqa: N815
    caseDirectorId = serializers.UUIDField(source="case_director.uuid", default=None, allow_null=True)  # noqa: N815
    entries = PlanEntriesOutputSerializer()
    participants = CaseParticipantOutputSerializer(many=True)
    actions = CaseActionOutputSerializer(many=True)
    meetings = MeetingOutputSerializer(many=True)
    measurements = MeasurementOutputSerializer(many=True)
    statusHistory = StatusChangeOutputSerializer(source="status_changes", many=True)  # noqa: N815
    watch = WatchOutputSerializer(allow_null=True)
    watchContacts = WatchContactOutputSerializer(source="watch_contacts", many=True)  # noqa: N815
    allowedTransitions = serializers.ListField(  # noqa: N815
        source="next_statuses", child=serializers.ChoiceField(choices=CasePlanStatus.choices)
    )
    permissions = serializers.SerializerMethodField(help_text="view, contribute, direct, name_director")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, view: selectors.PlanView) -> list[str]:
        return sorted(view.permissions)


class TimelineItemOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    date = serializers.DateField(source="day")
    title = serializers.CharField()
    text = serializers.CharField()
    objectId = serializers.SerializerMethodField(method_name="get_object_id")  # noqa: N815

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_object_id(self, item: selectors.TimelineItem) -> str | None:
        object_uuid = getattr(item.obj, "uuid", None)
        return str(object_uuid) if object_uuid else None


class WorkListActionOutputSerializer(serializers.ModelSerializer[CaseAction]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    plan = CasePlanOutputSerializer()
    ownerName = serializers.CharField(source="owner.name")  # noqa: N815
    dueOn = serializers.DateField(source="due_on")  # noqa: N815

    class Meta:
        model = CaseAction
        fields = ["id", "plan", "description", "ownerName", "dueOn", "status"]


class WorkListWatchContactOutputSerializer(serializers.ModelSerializer[WatchContact]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    plan = CasePlanOutputSerializer(source="watch.plan")
    contactName = serializers.CharField(source="watch.contact.name")  # noqa: N815
    dueOn = serializers.DateField(source="due_on")  # noqa: N815
    escalatedAt = serializers.DateTimeField(source="escalated_at", allow_null=True)  # noqa: N815

    class Meta:
        model = WatchContact
        fields = ["id", "plan", "contactName", "dueOn", "escalatedAt"]


class WorkListOutputSerializer(serializers.Serializer[Any]):
    myActions = WorkListActionOutputSerializer(source="my_actions", many=True)  # noqa: N815
    myOverdue = WorkListActionOutputSerializer(source="my_overdue", many=True)  # noqa: N815
    myUpcoming = WorkListActionOutputSerializer(source="my_upcoming", many=True)  # noqa: N815
    directedOverdue = WorkListActionOutputSerializer(source="directed_overdue", many=True)  # noqa: N815
    watchContacts = WorkListWatchContactOutputSerializer(source="watch_contacts", many=True)  # noqa: N815
    escalatedContacts = WorkListWatchContactOutputSerializer(source="escalated_contacts", many=True)  # noqa: N815
    withoutDirector = CasePlanOutputSerializer(source="without_director", many=True)  # noqa: N815
    totals = serializers.SerializerMethodField(
        help_text="Het volledige aantal per onderdeel; de lijsten tonen de eerste."
    )

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "integer"}
                for name in (
                    "myActions",
                    "myOverdue",
                    "myUpcoming",
                    "directedOverdue",
                    "watchContacts",
                    "escalatedContacts",
                    "withoutDirector",
                )
            },
        }
    )
    def get_totals(self, work: selectors.WorkList) -> dict[str, int]:
        return {camel_case(name): count for name, count in work.counts.items()}


class InstrumentDomainOutputSerializer(serializers.ModelSerializer[InstrumentDomain]):
    class Meta:
        model = InstrumentDomain
        fields = ["code", "name"]


class InstrumentLevelOutputSerializer(serializers.ModelSerializer[InstrumentLevel]):
    value = serializers.IntegerField()

    class Meta:
        model = InstrumentLevel
        fields = ["value", "label", "description"]


class InstrumentOutputSerializer(serializers.ModelSerializer[Instrument]):
    scaleMin = serializers.IntegerField(source="scale_min")  # noqa: N815
    scaleMax = serializers.IntegerField(source="scale_max")  # noqa: N815
    domains = InstrumentDomainOutputSerializer(many=True)
    levels = InstrumentLevelOutputSerializer(many=True)

    class Meta:
        model = Instrument
        fields = ["code", "name", "version", "source", "scaleMin", "scaleMax", "domains", "levels"]


# --- input ----------------------------------------------------------------------------------------


class CasePlanFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CasePlanStatus.choices, required=False)
    neighbourhood = serializers.CharField(max_length=20, required=False, help_text="CBS-buurtcode")


class WorkListFilterSerializer(serializers.Serializer[Any]):
    neighbourhood = serializers.CharField(max_length=20, required=False, help_text="CBS-buurtcode")


class CasePlanOpenInputSerializer(serializers.Serializer[Any]):
    residentId = serializers.UUIDField()  # noqa: N815
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT)
    asCaseDirector = serializers.BooleanField(default=False)  # noqa: N815
    wants = serializers.ListField(child=serializers.CharField(max_length=2000, validators=TEXT), default=list)
    cans = serializers.ListField(child=serializers.CharField(max_length=2000, validators=TEXT), default=list)
    needs = serializers.ListField(child=serializers.CharField(max_length=2000, validators=TEXT), default=list)


class PlanEntryInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    text = serializers.CharField(max_length=2000, validators=TEXT)
    forOthers = serializers.BooleanField(default=False)  # noqa: N815


class CaseParticipantInputSerializer(serializers.Serializer[Any]):
    """Either ``membershipId`` (a professional) or ``name`` (someone of the resident's own network)."""

    membershipId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815
    asCaseDirector = serializers.BooleanField(default=False)  # noqa: N815
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT)
    relation = serializers.CharField(max_length=100, required=False, allow_blank=True, validators=TEXT)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_membership = attrs.get("membershipId") is not None
        if has_membership == bool((attrs.get("name") or "").strip()):
            raise serializers.ValidationError(
                {"membershipId": _("Give either a membershipId (a professional) or a name (own network).")}
            )
        return attrs


class CaseParticipantRemoveInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, validators=TEXT)


class CasePlanDirectorInputSerializer(serializers.Serializer[Any]):
    participantId = serializers.UUIDField()  # noqa: N815


class CaseActionCreateInputSerializer(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=500, validators=TEXT)
    ownerId = serializers.UUIDField()  # noqa: N815
    dueOn = serializers.DateField()  # noqa: N815
    roles = serializers.DictField(
        child=serializers.ChoiceField(choices=Rasci.choices),
        required=False,
        help_text="RASCI-rol per deelnemer (id van de deelnemer → R/A/S/C/I); precies één A",
    )
    needId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815
    meetingId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815
    resourceKind = serializers.ChoiceField(choices=ResourceKind.choices, required=False, allow_blank=True)  # noqa: N815
    resourceId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815
    resourceLabel = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT)  # noqa: N815


class CaseActionUpdateInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    result = serializers.CharField(max_length=2000, required=False, allow_blank=True, validators=TEXT)


class MeetingInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    heldOn = serializers.DateField()  # noqa: N815
    attendeeIds = serializers.ListField(child=serializers.UUIDField(), default=list)  # noqa: N815
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True, validators=TEXT)
    isHealthRelated = serializers.BooleanField(default=False)  # noqa: N815


class MeasurementScoreInputSerializer(serializers.Serializer[Any]):
    domain = serializers.CharField(max_length=32, allow_null=True, help_text="Domeincode; null bij één score")
    value = serializers.IntegerField()


class MeasurementInputSerializer(serializers.Serializer[Any]):
    instrument = serializers.CharField(max_length=32, help_text="Code van het meetinstrument (zie /instruments)")
    measuredOn = serializers.DateField()  # noqa: N815
    moment = serializers.ChoiceField(choices=MeasurementMoment.choices)
    scores = MeasurementScoreInputSerializer(many=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, validators=TEXT)

    def validate_scores(self, scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
        domains = [score["domain"] for score in scores]
        if len(domains) != len(set(domains)):
            raise serializers.ValidationError(_("Score each domain only once."))
        return scores


class WatchPlanInputSerializer(serializers.Serializer[Any]):
    contactId = serializers.UUIDField(help_text="Deelnemer die de waakvlam-contacten houdt")  # noqa: N815
    intervalWeeks = serializers.IntegerField()  # noqa: N815
    periodMonths = serializers.IntegerField()  # noqa: N815


class CasePlanTransitionInputSerializer(serializers.Serializer[Any]):
    toStatus = serializers.ChoiceField(choices=CasePlanStatus.choices)  # noqa: N815
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, validators=TEXT)
    escalationTable = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT)  # noqa: N815
    watch = WatchPlanInputSerializer(required=False, allow_null=True)


class WatchContactInputSerializer(serializers.Serializer[Any]):
    doneOn = serializers.DateField()  # noqa: N815
    outcome = serializers.ChoiceField(choices=WatchContactOutcome.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, validators=TEXT)


def _uuid_or_none(value: Any) -> str | None:
    return str(value) if value is not None else None


def _action_output(action: CaseAction, status_code: int = status.HTTP_200_OK) -> Response:
    prefetch_related_objects([action], "roles__participant")
    return Response(CaseActionOutputSerializer(action).data, status=status_code)


# --- plans ----------------------------------------------------------------------------------------


class CasePlanListCreateApi(ActorApi):
    @extend_schema(
        operation_id="case_plans_list",
        summary="Zichtbare plannen (casusregie)",
        parameters=[CasePlanFilterSerializer],
        responses={200: CasePlanOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated(CasePlanFilterSerializer, request.query_params)
        plans = selectors.case_plan_list_for_user(
            actor=self.actor(request),
            status=filters.get("status", ""),
            neighbourhood_code=filters.get("neighbourhood", ""),
        )
        return Response(CasePlanOutputSerializer(plans, many=True).data)

    @extend_schema(
        operation_id="case_plans_create",
        summary="Plan openen vanuit de eigen woorden van de bewoner",
        request=CasePlanOpenInputSerializer,
        responses={201: CasePlanOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = self.actor(request)
        data = validated(CasePlanOpenInputSerializer, request.data)
        resident = resident_get_for_user(actor=actor, resident_uuid=data["residentId"])
        plan = services.case_plan_open(
            actor=actor,
            resident=resident,
            title=data.get("title", ""),
            as_case_director=data["asCaseDirector"],
            wants=data["wants"],
            cans=data["cans"],
            needs=data["needs"],
        )
        return Response(CasePlanOutputSerializer(plan).data, status=status.HTTP_201_CREATED)


class CasePlanDetailApi(ActorApi):
    @extend_schema(
        operation_id="case_plans_retrieve",
        summary="Eén plan met wensen, team, afspraken, overleggen, metingen en status",
        responses={200: CasePlanDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        view = selectors.case_plan_detail(actor=actor, plan=plan)
        # One query for all agreements' meetings, however many there are.
        prefetch_related_objects(view.actions, "meeting")
        context = {"may_see_health": view.may_see_health}
        return Response(CasePlanDetailOutputSerializer(view, context=context).data)


class CasePlanTimelineApi(ActorApi):
    @extend_schema(
        operation_id="case_plans_timeline",
        summary="Tijdlijn van een plan, nieuwste eerst",
        responses={200: TimelineItemOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        view = selectors.case_plan_detail(actor=actor, plan=plan)
        return Response(TimelineItemOutputSerializer(view.timeline(), many=True).data)


class CasePlanTransitionApi(ActorApi):
    @extend_schema(
        operation_id="case_plans_transition",
        summary="Status van een plan wijzigen (afschalen, waakvlam, opschalen, afsluiten)",
        request=CasePlanTransitionInputSerializer,
        responses={200: CasePlanOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CasePlanTransitionInputSerializer, request.data)
        watch = data.get("watch")
        plan = services.case_plan_transition(
            actor=actor,
            plan=plan,
            to_status=data["toStatus"],
            reason=data.get("reason", ""),
            escalation_table=data.get("escalationTable", ""),
            watch=services.WatchPlan(
                contact_uuid=str(watch["contactId"]),
                interval_weeks=watch["intervalWeeks"],
                period_months=watch["periodMonths"],
            )
            if watch
            else None,
        )
        return Response(CasePlanOutputSerializer(plan).data)


# --- the resident's own words ---------------------------------------------------------------------


class PlanEntryCreateApi(ActorApi):
    @extend_schema(
        operation_id="plan_entries_create",
        summary="Wens, kracht of behoefte van de bewoner toevoegen",
        request=PlanEntryInputSerializer,
        responses={201: PlanEntryOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(PlanEntryInputSerializer, request.data)
        entry = services.plan_entry_add(
            actor=actor, plan=plan, kind=data["kind"], text=data["text"], for_others=data["forOthers"]
        )
        return Response(PlanEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class PlanEntryAchievedApi(ActorApi):
    @extend_schema(
        operation_id="plan_entries_achieved",
        summary="Wens als bereikt markeren",
        request=None,
        responses={200: PlanEntryOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str, entry_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        entry = services.plan_entry_mark_achieved(actor=actor, plan=plan, entry_uuid=entry_uuid)
        return Response(PlanEntryOutputSerializer(entry).data)


# --- the team -------------------------------------------------------------------------------------


class CaseParticipantCreateApi(ActorApi):
    @extend_schema(
        operation_id="case_participants_create",
        summary="Professional uitnodigen of iemand uit het eigen netwerk toevoegen",
        request=CaseParticipantInputSerializer,
        responses={201: CaseParticipantOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CaseParticipantInputSerializer, request.data)
        if data.get("membershipId") is not None:
            participant = services.case_participant_invite(
                actor=actor,
                plan=plan,
                membership_uuid=data["membershipId"],
                as_case_director=data["asCaseDirector"],
            )
        else:
            participant = services.case_participant_add_network(
                actor=actor,
                plan=plan,
                name=data["name"],
                relation=data.get("relation", ""),
                contact=data.get("contact", ""),
            )
        return Response(CaseParticipantOutputSerializer(participant).data, status=status.HTTP_201_CREATED)


class CaseParticipantRemoveApi(ActorApi):
    @extend_schema(
        operation_id="case_participants_remove",
        summary="Deelnemer uit het plan halen",
        request=CaseParticipantRemoveInputSerializer,
        responses={200: CaseParticipantOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str, participant_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CaseParticipantRemoveInputSerializer, request.data)
        participant = services.case_participant_remove(
            actor=actor, plan=plan, participant_uuid=participant_uuid, reason=data["reason"]
        )
        return Response(CaseParticipantOutputSerializer(participant).data)


class CasePlanDirectorApi(ActorApi):
    @extend_schema(
        operation_id="case_plans_director",
        summary="Regisseur van het plan aanwijzen",
        request=CasePlanDirectorInputSerializer,
        responses={200: CaseParticipantOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CasePlanDirectorInputSerializer, request.data)
        participant = services.case_plan_name_director(actor=actor, plan=plan, participant_uuid=data["participantId"])
        return Response(CaseParticipantOutputSerializer(participant).data)


# --- agreements, meetings, measurements -----------------------------------------------------------


class CaseActionCreateApi(ActorApi):
    @extend_schema(
        operation_id="case_actions_create",
        summary="Afspraak maken: wat, wie, wanneer en RASCI-rollen",
        request=CaseActionCreateInputSerializer,
        responses={201: CaseActionOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CaseActionCreateInputSerializer, request.data)
        action = services.case_action_create(
            actor=actor,
            plan=plan,
            description=data["description"],
            owner_uuid=data["ownerId"],
            due_on=data["dueOn"],
            roles=data.get("roles") or None,
            need_uuid=_uuid_or_none(data.get("needId")),
            meeting_uuid=_uuid_or_none(data.get("meetingId")),
            resource_kind=data.get("resourceKind", ""),
            resource_uuid=data.get("resourceId"),
            resource_label=data.get("resourceLabel", ""),
        )
        return _action_output(action, status.HTTP_201_CREATED)


class CaseActionUpdateApi(ActorApi):
    @extend_schema(
        operation_id="case_actions_partial_update",
        summary="Voortgang of resultaat van een afspraak vastleggen",
        request=CaseActionUpdateInputSerializer,
        responses={200: CaseActionOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, plan_uuid: str, action_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(CaseActionUpdateInputSerializer, request.data)
        action = services.case_action_update(
            actor=actor, plan=plan, action_uuid=action_uuid, status=data["status"], result=data.get("result", "")
        )
        return _action_output(action)


class MeetingCreateApi(ActorApi):
    @extend_schema(
        operation_id="meetings_create",
        summary="Overleg vastleggen (keukentafel, casusoverleg, driegesprek)",
        request=MeetingInputSerializer,
        responses={201: MeetingOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(MeetingInputSerializer, request.data)
        meeting = services.meeting_record(
            actor=actor,
            plan=plan,
            kind=data["kind"],
            held_on=data["heldOn"],
            attendee_uuids=data["attendeeIds"],
            notes=data.get("notes", ""),
            is_health_related=data["isHealthRelated"],
        )
        return Response(MeetingOutputSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeasurementCreateApi(ActorApi):
    @extend_schema(
        operation_id="measurements_create",
        summary="Meting vastleggen (welzijn, participatieladder, zelfredzaamheid)",
        request=MeasurementInputSerializer,
        responses={201: MeasurementOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(MeasurementInputSerializer, request.data)
        measurement = services.measurement_record(
            actor=actor,
            plan=plan,
            instrument_code=data["instrument"],
            measured_on=data["measuredOn"],
            moment=data["moment"],
            scores={score["domain"]: score["value"] for score in data["scores"]},
            note=data.get("note", ""),
        )
        return Response(MeasurementOutputSerializer(measurement).data, status=status.HTTP_201_CREATED)


class WatchContactRecordApi(ActorApi):
    @extend_schema(
        operation_id="watch_contacts_record",
        summary="Waakvlam-contact vastleggen",
        request=WatchContactInputSerializer,
        responses={200: WatchContactOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, plan_uuid: str, contact_uuid: str) -> Response:
        actor = self.actor(request)
        plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(WatchContactInputSerializer, request.data)
        contact = services.watch_contact_record(
            actor=actor,
            plan=plan,
            contact_uuid=contact_uuid,
            done_on=data["doneOn"],
            outcome=data["outcome"],
            note=data.get("note", ""),
        )
        return Response(WatchContactOutputSerializer(contact).data)


# --- across plans ---------------------------------------------------------------------------------


class WorkListApi(ActorApi):
    @extend_schema(
        operation_id="work_list_retrieve",
        summary="Mijn werklijst: afspraken, te late afspraken, waakvlam-contacten, plannen zonder regisseur",
        parameters=[WorkListFilterSerializer],
        responses={200: WorkListOutputSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated(WorkListFilterSerializer, request.query_params)
        work_list = selectors.work_list_for_user(
            actor=self.actor(request), neighbourhood_code=filters.get("neighbourhood", ""), limit=200
        )
        return Response(WorkListOutputSerializer(work_list).data)


class InstrumentListApi(ActorApi):
    @extend_schema(
        operation_id="instruments_list",
        summary="Meetinstrumenten met hun schaal, domeinen en niveaus",
        responses={200: InstrumentOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(InstrumentOutputSerializer(selectors.instruments_with_scales(), many=True).data)
