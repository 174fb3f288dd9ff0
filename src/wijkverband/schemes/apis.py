"""JSON API of the Regelingenwijzer: catalogue search with facets, item details and the wizard.

The catalogue is public information and the wizard stores nothing, so these endpoints are open
without login (like the wizard page); plan usage is not part of the public API.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi

from . import eligibility, selectors
from .constants import TargetGroup, Theme
from .models import CatalogueItem, Scheme, Service

MAX_PAGE_SIZE = 100


class PublicApi(ActorApi):
    permission_classes = [AllowAny]


# --- output ---------------------------------------------------------------------------------------


class _ItemOutputSerializer(serializers.Serializer[CatalogueItem]):
    id = serializers.UUIDField(source="uuid")
    code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    provider = serializers.CharField()
    scope = serializers.CharField(help_text="national, municipality or district")
    areaCode = serializers.CharField(source="area_code", allow_null=True)  # noqa: N815
    areaName = serializers.CharField(source="area_name")  # noqa: N815
    themes = serializers.SerializerMethodField()
    targetGroups = serializers.SerializerMethodField()  # noqa: N815
    url = serializers.CharField()
    isExample = serializers.BooleanField(source="is_example")  # noqa: N815
    lastCheckedOn = serializers.DateField(source="last_checked_on")  # noqa: N815
    lastCheckedBy = serializers.CharField(source="last_checked_by")  # noqa: N815

    def get_themes(self, item: CatalogueItem) -> list[str]:
        return sorted(t.code for t in item.themes.all())  # type: ignore[attr-defined]

    def get_targetGroups(self, item: CatalogueItem) -> list[str]:  # noqa: N802
        return sorted(g.code for g in item.target_groups.all())  # type: ignore[attr-defined]


class SchemeOutputSerializer(_ItemOutputSerializer):
    targetDescription = serializers.CharField(source="target_description")  # noqa: N815
    benefitKind = serializers.CharField(source="benefit_kind", help_text="money, service, priority, advice, discount")  # noqa: N815
    benefit = serializers.CharField()
    validFrom = serializers.DateField(source="valid_from", allow_null=True)  # noqa: N815
    validUntil = serializers.DateField(source="valid_until", allow_null=True)  # noqa: N815


class SchemeDetailOutputSerializer(SchemeOutputSerializer):
    conditions = serializers.CharField()
    howToApply = serializers.CharField(source="how_to_apply")  # noqa: N815
    documents = serializers.ListField(source="document_list", child=serializers.CharField())
    links = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    eligibility = serializers.DictField()


class ServiceOutputSerializer(_ItemOutputSerializer):
    kind = serializers.CharField(help_text="service, initiative, meeting_place, walk_in, …")
    neighbourhoodCode = serializers.CharField(source="neighbourhood.code", default=None, allow_null=True)  # noqa: N815
    location = serializers.CharField()
    openingHours = serializers.CharField(source="opening_hours")  # noqa: N815
    contact = serializers.CharField()


class FacetOutputSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    name = serializers.CharField(source="label")
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsOutputSerializer(serializers.Serializer[Any]):
    theme = FacetOutputSerializer(many=True)
    targetGroup = FacetOutputSerializer(many=True)  # noqa: N815
    area = FacetOutputSerializer(many=True)


class SearchedForOutputSerializer(serializers.Serializer[Any]):
    word = serializers.CharField()
    alternatives = serializers.ListField(child=serializers.CharField())


class _SearchOutputSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pageSize = serializers.IntegerField()  # noqa: N815
    facets = FacetsOutputSerializer()
    searchedFor = SearchedForOutputSerializer(many=True, help_text="The query words with typo corrections used")  # noqa: N815


class SchemeSearchOutputSerializer(_SearchOutputSerializer):
    results = SchemeOutputSerializer(many=True)


class ServiceSearchOutputSerializer(_SearchOutputSerializer):
    results = ServiceOutputSerializer(many=True)


# --- search ---------------------------------------------------------------------------------------


class SearchInputSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True)
    theme = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices), required=False)
    targetGroup = serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices), required=False)  # noqa: N815
    area = serializers.RegexField(r"^(national|GM\d{4}|WK\d{6})$", required=False, allow_blank=True)
    includeExpired = serializers.BooleanField(required=False, default=False)  # noqa: N815
    page = serializers.IntegerField(min_value=1, required=False, default=1)
    pageSize = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False, default=25)  # noqa: N815


SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Zoekwoorden (Nederlands; stamvormen en tikfouten worden herkend)"),
    OpenApiParameter("theme", str, many=True, enum=Theme.values, description="Thema (herhaalbaar)"),
    OpenApiParameter("targetGroup", str, many=True, enum=TargetGroup.values, description="Doelgroep (herhaalbaar)"),
    OpenApiParameter("area", str, description="national, een gemeentecode (GM0828) of wijkcode (WK082806)"),
    OpenApiParameter("includeExpired", bool, description="Ook verlopen regelingen"),
    OpenApiParameter("page", int),
    OpenApiParameter("pageSize", int),
]


def _search(request: Request, *, kind: str) -> dict[str, Any]:
    params = {key: request.query_params.getlist(key) for key in ("theme", "targetGroup")}
    data = {k: v for k, v in request.query_params.items() if k not in params}
    serializer = SearchInputSerializer(data={**data, **params})
    serializer.is_valid(raise_exception=True)
    values = serializer.validated_data
    filters = selectors.SearchFilters(
        query=values.get("q", ""),
        themes=tuple(values.get("theme", ())),
        target_groups=tuple(values.get("targetGroup", ())),
        area=values.get("area", ""),
        include_expired=values["includeExpired"],
    )
    size = values["pageSize"]
    result = selectors.catalogue_search(kind=kind, filters=filters, limit=size, offset=(values["page"] - 1) * size)
    return {
        "count": result.total,
        "page": values["page"],
        "pageSize": size,
        "results": result.items,
        "facets": result.facets,
        "searchedFor": [{"word": t.word, "alternatives": list(t.alternatives[1:])} for t in result.terms],
    }


class SchemeSearchApi(PublicApi):
    @extend_schema(
        operation_id="schemes_search",
        summary="Regelingen zoeken, met facetten (thema, doelgroep, gebied)",
        parameters=SEARCH_PARAMETERS,
        responses={200: SchemeSearchOutputSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(SchemeSearchOutputSerializer(_search(request, kind="scheme")).data)


class ServiceSearchApi(PublicApi):
    @extend_schema(
        operation_id="services_search",
        summary="Diensten en bewonersinitiatieven in de wijk zoeken, met facetten",
        parameters=[p for p in SEARCH_PARAMETERS if p.name != "includeExpired"],
        responses={200: ServiceSearchOutputSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return Response(ServiceSearchOutputSerializer(_search(request, kind="service")).data)


class SchemeDetailApi(PublicApi):
    @extend_schema(
        operation_id="schemes_retrieve",
        summary="Eén regeling met voorwaarden, aanvraagroute en criteria",
        responses={200: SchemeDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, scheme_uuid: str) -> Response:
        scheme: Scheme = selectors.scheme_get(scheme_uuid=scheme_uuid)
        return Response(SchemeDetailOutputSerializer(scheme).data)


class ServiceDetailApi(PublicApi):
    @extend_schema(
        operation_id="services_retrieve",
        summary="Eén dienst of bewonersinitiatief",
        responses={200: ServiceOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, service_uuid: str) -> Response:
        service: Service = selectors.service_get(service_uuid=service_uuid)
        return Response(ServiceOutputSerializer(service).data)


# --- wizard ---------------------------------------------------------------------------------------


class WizardInputSerializer(serializers.Serializer[Any]):
    """Every answer is optional: leave a question out when it is not known."""

    age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    household = serializers.ChoiceField(
        choices=[h.value for h in eligibility.Household], required=False, allow_null=True
    )
    hasChildren = serializers.BooleanField(required=False, allow_null=True, default=None)  # noqa: N815
    incomePct = serializers.ChoiceField(  # noqa: N815
        choices=[*eligibility.INCOME_BANDS, eligibility.INCOME_ABOVE_BANDS],
        required=False,
        allow_null=True,
        # xgettext:no-python-format
        help_text=_("Upper bound of the household income in % of the social minimum (999: higher)"),
    )
    housing = serializers.ChoiceField(choices=[h.value for h in eligibility.Housing], required=False, allow_null=True)
    hasDebts = serializers.BooleanField(required=False, allow_null=True, default=None)  # noqa: N815
    hasCareNeed = serializers.BooleanField(required=False, allow_null=True, default=None)  # noqa: N815
    area = serializers.RegexField(r"^(GM\d{4}|WK\d{6})$", required=False, allow_blank=True, allow_null=True)


class ReasonOutputSerializer(serializers.Serializer[Any]):
    criterion = serializers.CharField()
    outcome = serializers.CharField(help_text="met, unknown or failed")
    text = serializers.CharField()


class WizardResultOutputSerializer(serializers.Serializer[Any]):
    scheme = SchemeOutputSerializer()
    verdict = serializers.ChoiceField(choices=[v.value for v in eligibility.Verdict])
    reasons = ReasonOutputSerializer(many=True)


class WizardOutputSerializer(serializers.Serializer[Any]):
    results = WizardResultOutputSerializer(many=True)


class SchemeWizardApi(PublicApi):
    @extend_schema(
        operation_id="schemes_wizard",
        summary="Regelingenwijzer: welke regelingen passen waarschijnlijk, en waarom (er wordt niets opgeslagen)",
        request=WizardInputSerializer,
        responses={200: WizardOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = WizardInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = eligibility.Answers(
            age=data.get("age"),
            household=data.get("household"),
            has_children=data.get("hasChildren"),
            income_pct=data.get("incomePct"),
            housing=data.get("housing"),
            has_debts=data.get("hasDebts"),
            has_care_need=data.get("hasCareNeed"),
            area_codes=selectors.area_codes_for(data.get("area") or ""),
        )
        results = [
            {"scheme": r.scheme, "verdict": r.match.verdict.value, "reasons": r.match.reasons}
            for r in selectors.wizard_results(answers=answers)
        ]
        return Response(WizardOutputSerializer({"results": results}).data)
