"""JSON API of the uitstroom route: thin, on the same selectors and services as the pages.

- Applications and match results go through ``selectors`` (the consent policy): anything the caller may
  not see is a 404; a corporation gets only the profile fields its consent allows, never health notes.
- Corporations push dwelling offers; a duplicate BAG id is a 400 with a Dutch message per field.
- A match run is written whole or not at all; its proposals list only clients the caller may see.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.agreements.models import FrameworkAgreement
from wijkverband.api.base import ERRORS, ActorApi, validated
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors, services
from .constants import AccessLevel, ApplicationKind, ApplicationStatus
from .models import DwellingOffer, MatchProposal, MatchRun, OutflowApplication

# --- output ---------------------------------------------------------------------------------------


class ApplicationOutputSerializer(serializers.ModelSerializer[OutflowApplication]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    residentId = serializers.UUIDField(source="resident.uuid")  # noqa: N815
    careOrganisation = serializers.CharField(source="care_organisation.name")  # noqa: N815
    wmoDecisionOn = serializers.DateField(source="wmo_decision_on", allow_null=True)  # noqa: N815
    omslagApprovedOn = serializers.DateField(source="omslag_approved_on", allow_null=True)  # noqa: N815
    provisionalUrgencyOn = serializers.DateField(source="provisional_urgency_on", allow_null=True)  # noqa: N815
    completeOn = serializers.DateField(source="complete_on", allow_null=True)  # noqa: N815
    housedOn = serializers.DateField(source="housed_on", allow_null=True)  # noqa: N815

    class Meta:
        model = OutflowApplication
        fields = [
            "id",
            "residentId",
            "kind",
            "status",
            "careOrganisation",
            "wmoDecisionOn",
            "omslagApprovedOn",
            "provisionalUrgencyOn",
            "completeOn",
            "housedOn",
        ]


class ProfileOutputSerializer(serializers.Serializer[Any]):
    values = serializers.DictField(child=serializers.JSONField(), help_text="Only the fields the caller may see")
    limited = serializers.BooleanField()
    healthNotes = serializers.CharField(source="health_notes", allow_null=True)  # noqa: N815


class ApplicationDetailOutputSerializer(ApplicationOutputSerializer):
    profile = serializers.SerializerMethodField()

    class Meta(ApplicationOutputSerializer.Meta):
        fields = [*ApplicationOutputSerializer.Meta.fields, "profile"]

    def get_profile(self, obj: OutflowApplication) -> dict[str, Any] | None:
        view = self.context.get("profile")
        return dict(ProfileOutputSerializer(view).data) if view is not None else None


class OfferOutputSerializer(serializers.ModelSerializer[DwellingOffer]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    bagId = serializers.CharField(source="bag_id")  # noqa: N815
    houseNumber = serializers.CharField(source="house_number")  # noqa: N815
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code")  # noqa: N815
    complexCode = serializers.CharField(source="complex_code")  # noqa: N815
    stairwellCode = serializers.CharField(source="stairwell_code")  # noqa: N815
    rooms = serializers.IntegerField()
    accessLevel = serializers.IntegerField(source="access_level")  # noqa: N815
    rent = serializers.DecimalField(max_digits=8, decimal_places=2)
    availableFrom = serializers.DateField(source="available_from")  # noqa: N815
    offeredUntil = serializers.DateField(source="offered_until")  # noqa: N815
    corporation = serializers.CharField(source="corporation.name")

    class Meta:
        model = DwellingOffer
        fields = [
            "id",
            "bagId",
            "street",
            "houseNumber",
            "postcode",
            "city",
            "neighbourhoodCode",
            "complexCode",
            "stairwellCode",
            "rooms",
            "accessLevel",
            "rent",
            "availableFrom",
            "offeredUntil",
            "corporation",
            "status",
        ]


class RunOutputSerializer(serializers.ModelSerializer[MatchRun]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    coalitionId = serializers.UUIDField(source="coalition.uuid")  # noqa: N815
    startedAt = serializers.DateTimeField(source="created_at")  # noqa: N815
    weightsVersion = serializers.CharField(source="weights_version")  # noqa: N815
    rulesVersion = serializers.CharField(source="rules_version")  # noqa: N815
    solverStatus = serializers.CharField(source="solver_status")  # noqa: N815
    clients = serializers.IntegerField()
    homes = serializers.IntegerField()
    housed = serializers.IntegerField()
    fcfsHoused = serializers.IntegerField(source="fcfs_housed")  # noqa: N815
    ratio = serializers.FloatField(allow_null=True)
    fcfsRatio = serializers.FloatField(source="fcfs_ratio", allow_null=True)  # noqa: N815
    gap = serializers.FloatField(allow_null=True)
    runtimeSeconds = serializers.FloatField(source="runtime_s")  # noqa: N815
    defaultsUsed = serializers.JSONField(source="defaults_used")  # noqa: N815

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "coalitionId",
            "startedAt",
            "status",
            "weightsVersion",
            "rulesVersion",
            "solverStatus",
            "clients",
            "homes",
            "housed",
            "fcfsHoused",
            "ratio",
            "fcfsRatio",
            "gap",
            "runtimeSeconds",
            "defaultsUsed",
        ]


class ProposalOutputSerializer(serializers.ModelSerializer[MatchProposal]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    applicationId = serializers.UUIDField(source="application.uuid")  # noqa: N815
    offerId = serializers.UUIDField(source="offer.uuid")  # noqa: N815
    bagId = serializers.CharField(source="offer.bag_id")  # noqa: N815
    score = serializers.FloatField()
    explanation = serializers.JSONField(help_text="Criteria, score parts, alternatives, caps, what-if (Dutch texts)")
    overrideReason = serializers.CharField(source="override_reason")  # noqa: N815

    class Meta:
        model = MatchProposal
        fields = ["id", "applicationId", "offerId", "bagId", "score", "status", "explanation", "overrideReason"]


class RunDetailOutputSerializer(serializers.Serializer[Any]):
    run = RunOutputSerializer()
    proposals = ProposalOutputSerializer(many=True)
    hiddenProposals = serializers.IntegerField(source="hidden")  # noqa: N815
    overrides = serializers.IntegerField()


# --- input ----------------------------------------------------------------------------------------


class ApplicationFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)


class ApplicationInputSerializer(serializers.Serializer[Any]):
    residentId = serializers.UUIDField()  # noqa: N815
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    wmoDecisionOn = serializers.DateField(required=False, allow_null=True)  # noqa: N815
    omslagApprovedOn = serializers.DateField(required=False, allow_null=True)  # noqa: N815
    provisionalUrgencyOn = serializers.DateField(required=False, allow_null=True)  # noqa: N815


class OfferInputSerializer(serializers.Serializer[Any]):
    bagId = serializers.CharField(max_length=16)  # noqa: N815
    street = serializers.CharField(max_length=150)
    houseNumber = serializers.CharField(max_length=12)  # noqa: N815
    postcode = serializers.CharField(max_length=7)
    city = serializers.CharField(max_length=100)
    neighbourhoodCode = serializers.CharField(max_length=10)  # noqa: N815
    complexCode = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")  # noqa: N815
    stairwellCode = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")  # noqa: N815
    rooms = serializers.IntegerField(min_value=1, max_value=12)
    accessLevel = serializers.ChoiceField(choices=AccessLevel.choices, default=AccessLevel.NONE)  # noqa: N815
    rent = serializers.DecimalField(max_digits=8, decimal_places=2)
    availableFrom = serializers.DateField()  # noqa: N815
    offeredUntil = serializers.DateField()  # noqa: N815
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    careTeamNearby = serializers.BooleanField(default=False)  # noqa: N815


class RunInputSerializer(serializers.Serializer[Any]):
    coalitionId = serializers.UUIDField()  # noqa: N815
    frameworkAgreementId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815
    timeLimit = serializers.IntegerField(min_value=1, max_value=600, default=30)  # noqa: N815


class DecisionInputSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("override", "override")])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# --- endpoints ------------------------------------------------------------------------------------


class ApplicationListCreateApi(ActorApi):
    @extend_schema(
        operation_id="outflow_applications_list",
        summary="Zichtbare aanmeldingen voor uitstroom",
        parameters=[ApplicationFilterSerializer],
        responses={200: ApplicationOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = validated(ApplicationFilterSerializer, request.query_params)
        applications = selectors.outflow_application_list_for_user(
            actor=self.actor(request), status=filters.get("status", "")
        )
        return Response(ApplicationOutputSerializer(applications, many=True).data)

    @extend_schema(
        operation_id="outflow_applications_create",
        summary="Cliënt aanmelden voor uitstroom (zorgorganisatie)",
        request=ApplicationInputSerializer,
        responses={201: ApplicationOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = self.actor(request)
        data = validated(ApplicationInputSerializer, request.data)
        resident = resident_get_for_user(actor=actor, resident_uuid=data["residentId"])
        application = services.outflow_application_register(
            actor=actor,
            resident=resident,
            kind=data["kind"],
            wmo_decision_on=data.get("wmoDecisionOn"),
            omslag_approved_on=data.get("omslagApprovedOn"),
            provisional_urgency_on=data.get("provisionalUrgencyOn"),
        )
        return Response(ApplicationOutputSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetailApi(ActorApi):
    @extend_schema(
        operation_id="outflow_applications_retrieve",
        summary="Eén aanmelding met het profiel zoals de aanvrager het mag zien",
        responses={200: ApplicationDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, application_uuid: str) -> Response:
        actor = self.actor(request)
        application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=application_uuid)
        profile = selectors.housing_need_profile_view(actor=actor, application=application)
        return Response(ApplicationDetailOutputSerializer(application, context={"profile": profile}).data)


class DwellingOfferListCreateApi(ActorApi):
    @extend_schema(
        operation_id="dwelling_offers_list",
        summary="Woningaanbod voor de route in de eigen samenwerkingsverbanden",
        responses={200: OfferOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        offers = selectors.dwelling_offer_list_for_user(actor=self.actor(request))
        return Response(OfferOutputSerializer(offers, many=True).data)

    @extend_schema(
        operation_id="dwelling_offers_create",
        summary="Woning aanbieden voor de route (woningcorporatie)",
        request=OfferInputSerializer,
        responses={201: OfferOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = validated(OfferInputSerializer, request.data)
        offer = services.dwelling_offer_create(
            actor=self.actor(request),
            neighbourhood_code=data["neighbourhoodCode"],
            bag_id=data["bagId"],
            street=data["street"],
            house_number=data["houseNumber"],
            postcode=data["postcode"],
            city=data["city"],
            complex_code=data["complexCode"],
            stairwell_code=data["stairwellCode"],
            rooms=data["rooms"],
            access_level=data["accessLevel"],
            rent=data["rent"],
            available_from=data["availableFrom"],
            offered_until=data["offeredUntil"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            care_team_nearby=data["careTeamNearby"],
        )
        return Response(OfferOutputSerializer(offer).data, status=status.HTTP_201_CREATED)


class MatchRunListCreateApi(ActorApi):
    @extend_schema(
        operation_id="match_runs_list",
        summary="Matchrondes van de eigen samenwerkingsverbanden (cijfers)",
        responses={200: RunOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(
            RunOutputSerializer(selectors.match_run_list_for_user(actor=self.actor(request)), many=True).data
        )

    @extend_schema(
        operation_id="match_runs_create",
        summary="Matchronde starten (coördinator); alles of niets",
        request=RunInputSerializer,
        responses={201: RunOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = self.actor(request)
        data = validated(RunInputSerializer, request.data)
        coalition = next((c for c in selectors.coalitions_for(actor) if c.uuid == data["coalitionId"]), None)
        if coalition is None:
            raise NotVisible()
        agreement = None
        if data.get("frameworkAgreementId"):
            agreement = FrameworkAgreement.objects.filter(
                uuid=data["frameworkAgreementId"], coalition=coalition
            ).first()
            if agreement is None:
                raise NotVisible()
        run = services.match_run_start(
            actor=actor, coalition=coalition, framework_agreement=agreement, time_limit=float(data["timeLimit"])
        )
        return Response(RunOutputSerializer(run).data, status=status.HTTP_201_CREATED)


class MatchRunDetailApi(ActorApi):
    @extend_schema(
        operation_id="match_runs_retrieve",
        summary="Eén matchronde met de voorstellen die de aanvrager mag zien",
        responses={200: RunDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, run_uuid: str) -> Response:
        view = selectors.match_run_get_for_user(actor=self.actor(request), run_uuid=run_uuid)
        return Response(RunDetailOutputSerializer(view).data)


class MatchProposalDecideApi(ActorApi):
    @extend_schema(
        operation_id="match_proposals_decide",
        summary="Voorstel accepteren of overrulen met reden (coördinator)",
        request=DecisionInputSerializer,
        responses={200: ProposalOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, proposal_uuid: str) -> Response:
        actor = self.actor(request)
        data = validated(DecisionInputSerializer, request.data)
        proposal = selectors.match_proposal_get_for_user(actor=actor, proposal_uuid=proposal_uuid)
        if data["decision"] == "accept":
            services.match_proposal_accept(actor=actor, proposal=proposal)
            proposal.refresh_from_db()
            return Response(ProposalOutputSerializer(proposal).data)
        _overridden, rerun, _problems = services.match_proposal_override_and_rerun(
            actor=actor, proposal=proposal, reason=data["reason"]
        )
        proposal.refresh_from_db()
        response = Response(ProposalOutputSerializer(proposal).data)
        if rerun is not None:
            # The matcher ran again without the pair: where its new run is.
            response["Location"] = reverse("match-run-detail", kwargs={"run_uuid": rerun.uuid})
        return response
