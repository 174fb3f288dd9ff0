"""JSON API for areas, indicators and traffic-light results (/api/v1/areas…, /indicators…, /traffic-lights…).

Thin, on the same selectors as the pages. Figures are aggregates; traffic lights are visible to members
of the coalition's organisations only (others get a 404, as for anything not visible).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi, validated
from wijkverband.api.pagination import Pagination
from wijkverband.core.exceptions import DomainError, NotVisible

from . import selectors, services
from .constants import AreaLevel, TrafficLightLevel
from .models import (
    TEXT_VALIDATORS,
    AreaValue,
    Indicator,
    TrafficLightConfig,
    TrafficLightOverride,
    TrafficLightRule,
)


class IndicatorOutputSerializer(serializers.ModelSerializer[Indicator]):
    group = serializers.CharField(help_text="population, households, housing, income, care, facilities, …")
    direction = serializers.CharField(help_text="higher_is_better, lower_is_better of neutral")
    sourceTable = serializers.CharField(source="source_table")  # noqa: N815
    ownerId = serializers.UUIDField(source="owner.uuid", default=None, allow_null=True)  # noqa: N815
    # Declared: a PositiveSmallIntegerField's maximum differs per database, the schema may not.
    decimals = serializers.IntegerField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "label",
            "group",
            "unit",
            "decimals",
            "direction",
            "source",
            "sourceTable",
            "licence",
            "ownerId",
        ]


class AreaOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField(help_text="municipality, district of neighbourhood")
    municipalityCode = serializers.CharField(source="municipality_code")  # noqa: N815
    districtCode = serializers.CharField(source="district_code", allow_blank=True)  # noqa: N815


class FigureOutputSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    # "label" and "source" shadow attributes of DRF's Field in the stubs; as output names they are right.
    label = serializers.CharField()  # type: ignore[assignment]
    group = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True, help_text="null: onbekend of geheim bij de bron, nooit 0")
    municipalityValue = serializers.FloatField(allow_null=True)  # noqa: N815
    countryValue = serializers.FloatField(allow_null=True)  # noqa: N815
    countryDerived = serializers.BooleanField()  # noqa: N815
    source = serializers.CharField()  # type: ignore[assignment]


class AreaDetailOutputSerializer(serializers.Serializer[Any]):
    area = AreaOutputSerializer()
    children = AreaOutputSerializer(many=True)
    figures = FigureOutputSerializer(many=True)


class AreaSearchApi(ActorApi):
    @extend_schema(
        operation_id="areas_list",
        summary="Gemeenten en wijken zoeken op naam of CBS-code",
        parameters=[OpenApiParameter("q", str, description="naam of code, minstens 2 tekens")],
        responses={200: AreaOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.actor(request)
        found = [
            selectors.area_get(code) for code, _name, _m in selectors.area_search(request.query_params.get("q", ""))
        ]
        return Response(AreaOutputSerializer(found, many=True).data)


class AreaDetailApi(ActorApi):
    @extend_schema(
        operation_id="areas_retrieve",
        summary="Wijkfoto van een gemeente, wijk of buurt: alle cijfers met gemeente en land ernaast",
        responses={200: AreaDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        self.actor(request)
        area = selectors.area_get(code)
        wijkfoto = selectors.wijkfoto_get(area)
        figures = [
            {
                "indicator": row.indicator.code,
                "label": row.indicator.label,
                "group": row.indicator.group,
                "unit": row.indicator.unit,
                "year": year,
                "value": own.value,
                "municipalityValue": municipality.value,
                "countryValue": country.value,
                "countryDerived": country.derived,
                "source": row.source_text,
            }
            for section in wijkfoto.sections
            for row in section.rows
            for year, own, municipality, country in row.by_year
        ]
        children = [selectors.area_get(c) for c, _name in wijkfoto.children]
        return Response(AreaDetailOutputSerializer({"area": area, "children": children, "figures": figures}).data)


class CapacityOutputSerializer(serializers.Serializer[Any]):
    neighbourhoodCode = serializers.CharField(source="neighbourhood_code")  # noqa: N815
    colour = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True, help_text="null: niet te zeggen, vraag een mens")
    reasons = serializers.ListField(child=serializers.CharField())
    overridden = serializers.BooleanField()
    trafficLight = serializers.CharField(source="config_name", allow_null=True)  # noqa: N815
    level = serializers.CharField(
        help_text="niveau van het stoplicht dat antwoordde: neighbourhood, complex, stairwell"
    )
    areaCode = serializers.CharField(source="area_code")  # noqa: N815


class AreaCapacityApi(ActorApi):
    @extend_schema(
        operation_id="areas_capacity_retrieve",
        summary="Draagkracht van een buurt: kleur, redenen en ruimte voor plaatsingen (12 maanden)",
        parameters=[
            OpenApiParameter("complexCode", str, description="eigen complexnummer van de corporatie in deze buurt"),
            OpenApiParameter("stairwellCode", str, description="portieknummer binnen het complex"),
        ],
        responses={200: CapacityOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        actor = self.actor(request)
        params = request.query_params
        try:
            capacity = selectors.capacity_for(
                code.upper(),
                complex_code=params.get("complexCode") or None,
                stairwell_code=params.get("stairwellCode") or None,
            )
        except ValueError as error:
            raise DomainError(_("Give a valid complex id (and a stairwell only with its complex).")) from error
        if capacity.config_uuid is not None:
            config = TrafficLightConfig.objects.filter(uuid=capacity.config_uuid).select_related("coalition").first()
            member = (
                config is not None
                and actor.organisation is not None
                and config.coalition.organisations.filter(pk=actor.organisation.pk).exists()
            )
            if not member:
                raise NotVisible()
        return Response(CapacityOutputSerializer(capacity).data)


class IndicatorListApi(ActorApi):
    @extend_schema(
        operation_id="indicators_list",
        summary="Indicatoren met eenheid, bron en licentie",
        responses={200: IndicatorOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.actor(request)
        return Response(IndicatorOutputSerializer(Indicator.objects.select_related("owner"), many=True).data)


class AreaValueOutputSerializer(serializers.ModelSerializer[AreaValue]):
    level = serializers.CharField(help_text="country, municipality, district, neighbourhood of postcode")
    areaCode = serializers.CharField(source="area_code")  # noqa: N815
    measuredOn = serializers.DateField(source="measured_on", allow_null=True)  # noqa: N815
    year = serializers.IntegerField()

    class Meta:
        model = AreaValue
        fields = ["level", "areaCode", "year", "value", "derived", "measuredOn"]


class AreaValueInputSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=[c for c in AreaLevel.values if c != AreaLevel.COUNTRY])
    areaCode = serializers.CharField(max_length=40, help_text="CBS-code, postcode, of BU…:complex[:portiek]")  # noqa: N815
    measuredOn = serializers.DateField()  # noqa: N815
    value = serializers.FloatField()
    sourceNote = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=TEXT_VALIDATORS)  # noqa: N815


class IndicatorValuesApi(ActorApi):
    @extend_schema(
        operation_id="indicators_values_list",
        summary="Cijfers van één indicator per gebied en jaar",
        parameters=[
            OpenApiParameter("level", str, enum=AreaLevel.values),
            OpenApiParameter("year", int),
            OpenApiParameter("areaCode", str, description="één gebied, of het begin van codes (WK0828)"),
        ],
        responses={200: AreaValueOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        self.actor(request)
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise NotVisible()
        params = request.query_params
        rows = AreaValue.objects.filter(indicator=indicator).order_by("level", "area_code", "year")
        if params.get("level"):
            rows = rows.filter(level=params["level"])
        if params.get("year", "").isdigit():
            rows = rows.filter(year=int(params["year"]))
        if params.get("areaCode"):
            rows = rows.filter(area_code__startswith=params["areaCode"].upper())
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(AreaValueOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="indicators_values_create",
        summary="Eigen cijfer vastleggen (leden van de eigenaar; een tweede cijfer in hetzelfde jaar vervangt het)",
        request=AreaValueInputSerializer,
        responses={201: AreaValueOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        actor = self.actor(request)
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise NotVisible()
        data = validated(AreaValueInputSerializer, request.data)
        value = services.area_value_record(
            actor=actor,
            indicator=indicator,
            level=data["level"],
            area_code=data["areaCode"],
            measured_on=data["measuredOn"],
            value=data["value"],
            source_note=data.get("sourceNote", ""),
        )
        return Response(AreaValueOutputSerializer(value).data, status=status.HTTP_201_CREATED)


class RuleOutputSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(source="indicator.code")
    orangeThreshold = serializers.FloatField(source="orange_threshold")  # noqa: N815
    redThreshold = serializers.FloatField(source="red_threshold")  # noqa: N815
    weight = serializers.FloatField()


class TrafficLightOutputSerializer(serializers.ModelSerializer[TrafficLightConfig]):
    id = serializers.UUIDField(source="uuid")
    level = serializers.CharField(help_text="district, neighbourhood of postcode")
    coalition = serializers.CharField(source="coalition.name")
    orangeFrom = serializers.FloatField(source="orange_from")  # noqa: N815
    redFrom = serializers.FloatField(source="red_from")  # noqa: N815
    greenLimit = serializers.FloatField(source="green_limit")  # noqa: N815
    orangeLimit = serializers.FloatField(source="orange_limit")  # noqa: N815
    useDistrictValues = serializers.BooleanField(source="use_district_values")  # noqa: N815
    isActive = serializers.BooleanField(source="is_active")  # noqa: N815
    coalitionId = serializers.UUIDField(source="coalition.uuid")  # noqa: N815
    rules = RuleOutputSerializer(many=True)

    class Meta:
        model = TrafficLightConfig
        fields = [
            "id",
            "name",
            "coalition",
            "coalitionId",
            "level",
            "orangeFrom",
            "redFrom",
            "greenLimit",
            "orangeLimit",
            "useDistrictValues",
            "isActive",
            "rules",
        ]


class TrafficLightSettingsInputSerializer(serializers.Serializer[Any]):
    orangeFrom = serializers.FloatField(required=False, help_text="totaalscore vanaf waar een gebied oranje is")  # noqa: N815
    redFrom = serializers.FloatField(required=False, help_text="totaalscore vanaf waar een gebied rood is")  # noqa: N815
    greenLimit = serializers.FloatField(  # noqa: N815
        required=False, min_value=0, help_text="plaatsingen per 1.000 sociale huurwoningen per jaar bij groen"
    )
    orangeLimit = serializers.FloatField(  # noqa: N815
        required=False, min_value=0, help_text="plaatsingen per 1.000 sociale huurwoningen per jaar bij oranje"
    )
    useDistrictValues = serializers.BooleanField(  # noqa: N815
        required=False, help_text="buurt zonder cijfer: het cijfer van de wijk gebruiken"
    )


class TrafficLightUpdateInputSerializer(TrafficLightSettingsInputSerializer):
    name = serializers.CharField(max_length=200, required=False, validators=TEXT_VALIDATORS)
    isActive = serializers.BooleanField(required=False, help_text="inactief: bewaard, maar antwoordt niet meer")  # noqa: N815


class TrafficLightCreateInputSerializer(TrafficLightSettingsInputSerializer):
    coalitionId = serializers.UUIDField()  # noqa: N815
    name = serializers.CharField(max_length=200, validators=TEXT_VALIDATORS)
    level = serializers.ChoiceField(
        choices=TrafficLightLevel.values, help_text="district, neighbourhood, postcode, complex of stairwell"
    )


# API name → service keyword for the settings of a traffic light.
CONFIG_FIELDS = {
    "name": "name",
    "orangeFrom": "orange_from",
    "redFrom": "red_from",
    "greenLimit": "green_limit",
    "orangeLimit": "orange_limit",
    "useDistrictValues": "use_district_values",
    "isActive": "is_active",
}


class AreaLightOutputSerializer(serializers.Serializer[Any]):
    areaCode = serializers.CharField()  # noqa: N815
    name = serializers.CharField()
    colour = serializers.CharField()
    computedColour = serializers.CharField()  # noqa: N815
    score = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    overridden = serializers.BooleanField()
    overrideUntil = serializers.DateField(allow_null=True)  # noqa: N815
    socialHomes = serializers.FloatField(allow_null=True)  # noqa: N815
    placements = serializers.FloatField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)


class TrafficLightDetailOutputSerializer(serializers.Serializer[Any]):
    trafficLight = TrafficLightOutputSerializer()  # noqa: N815
    results = AreaLightOutputSerializer(many=True)


def _visible_configs(api: ActorApi, request: Request) -> Any:
    actor = api.actor(request)
    if actor.organisation is None:
        return TrafficLightConfig.objects.none()
    return TrafficLightConfig.objects.filter(coalition__organisations=actor.organisation).select_related("coalition")


class TrafficLightListApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_list",
        summary="Stoplichten van de coalities van de eigen organisatie",
        responses={200: TrafficLightOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        configs = _visible_configs(self, request).prefetch_related("rules__indicator")
        return Response(TrafficLightOutputSerializer(configs, many=True).data)

    @extend_schema(
        operation_id="traffic_lights_create",
        summary="Stoplicht aanmaken voor één niveau (coördinator of manager van de coalitie)",
        request=TrafficLightCreateInputSerializer,
        responses={201: TrafficLightOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = self.actor(request)
        data = validated(TrafficLightCreateInputSerializer, request.data)
        # A coalition of the own organisation is found (the service refuses roles that may not steer);
        # any other coalition does not exist for this caller.
        coalition = None
        if actor.organisation is not None:
            coalition = actor.organisation.coalitions.filter(uuid=data["coalitionId"]).first()
        if coalition is None:
            raise NotVisible()
        config = services.traffic_light_config_create(
            actor=actor,
            coalition=coalition,
            level=data["level"],
            **{CONFIG_FIELDS[key]: value for key, value in data.items() if key in CONFIG_FIELDS},
        )
        return Response(TrafficLightOutputSerializer(config).data, status=status.HTTP_201_CREATED)


class TrafficLightDetailApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_retrieve",
        summary="Uitkomst van een stoplicht per gebied, met redenen en plaatsingsruimte",
        responses={200: TrafficLightDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, config_uuid: str) -> Response:
        config = _visible_configs(self, request).filter(uuid=config_uuid).first()
        if config is None:
            raise NotVisible()
        results = [
            {
                "areaCode": light.code,
                "name": light.name,
                "colour": light.evaluation.colour,
                "computedColour": light.evaluation.computed_colour,
                "score": light.evaluation.score,
                "reasons": [r.text for r in light.evaluation.reasons],
                "overridden": light.evaluation.override is not None,
                "overrideUntil": light.evaluation.override.valid_until if light.evaluation.override else None,
                "socialHomes": light.social_homes,
                "placements": light.placements,
                "capacity": light.capacity,
            }
            for light in selectors.traffic_lights(config)
        ]
        return Response(TrafficLightDetailOutputSerializer({"trafficLight": config, "results": results}).data)

    @extend_schema(
        operation_id="traffic_lights_partial_update",
        summary="Instellingen en plaatsingsruimte van een stoplicht wijzigen (niveau blijft; coördinator of manager)",
        request=TrafficLightUpdateInputSerializer,
        responses={200: TrafficLightOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, config_uuid: str) -> Response:
        actor = self.actor(request)
        config = _visible_config(self, request, config_uuid)
        data = validated(TrafficLightUpdateInputSerializer, request.data)
        services.traffic_light_config_update(
            actor=actor, config=config, **{CONFIG_FIELDS[key]: value for key, value in data.items()}
        )
        return Response(TrafficLightOutputSerializer(config).data)


# --- writes: rules, overrides, own figures ------------------------------------------------------------


def _visible_config(api: ActorApi, request: Request, config_uuid: str) -> TrafficLightConfig:
    config: TrafficLightConfig | None = _visible_configs(api, request).filter(uuid=config_uuid).first()
    if config is None:
        raise NotVisible()
    return config


class RuleInputSerializer(serializers.Serializer[Any]):
    indicator = serializers.SlugField(max_length=64, help_text="code van de indicator")
    orangeThreshold = serializers.FloatField()  # noqa: N815
    redThreshold = serializers.FloatField(help_text="onder oranje: lager is slechter")  # noqa: N815
    weight = serializers.FloatField(default=1, min_value=0.1, max_value=10)

    def validate_indicator(self, value: str) -> Indicator:
        indicator = Indicator.objects.filter(code=value).first()
        if indicator is None:
            raise serializers.ValidationError(_("Unknown indicator %(code)s.") % {"code": value})
        return indicator


class TrafficLightRuleListApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_rules_create",
        summary="Regel toevoegen of drempels wijzigen (coördinator of manager van de coalitie)",
        request=RuleInputSerializer,
        responses={200: RuleOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, config_uuid: str) -> Response:
        actor = self.actor(request)
        config = _visible_config(self, request, config_uuid)
        data = validated(RuleInputSerializer, request.data)
        rule = services.traffic_light_rule_set(
            actor=actor,
            config=config,
            indicator=data["indicator"],
            orange_threshold=data["orangeThreshold"],
            red_threshold=data["redThreshold"],
            weight=data["weight"],
        )
        return Response(RuleOutputSerializer(rule).data)


class TrafficLightRuleDetailApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_rules_destroy",
        summary="Regel verwijderen (coördinator of manager van de coalitie)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, config_uuid: str, indicator_code: str) -> Response:
        actor = self.actor(request)
        config = _visible_config(self, request, config_uuid)
        rule = TrafficLightRule.objects.filter(config=config, indicator__code=indicator_code).first()
        if rule is None:
            raise NotVisible()
        services.traffic_light_rule_remove(actor=actor, rule=rule)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OverrideInputSerializer(serializers.Serializer[Any]):
    areaCode = serializers.CharField(max_length=40)  # noqa: N815
    colour = serializers.ChoiceField(choices=["green", "orange", "red"])
    reason = serializers.CharField(max_length=2000, validators=TEXT_VALIDATORS)
    validUntil = serializers.DateField(help_text="uiterlijk een jaar vooruit")  # noqa: N815


class OverrideOutputSerializer(serializers.ModelSerializer[TrafficLightOverride]):
    id = serializers.UUIDField(source="uuid")
    areaCode = serializers.CharField(source="area_code")  # noqa: N815
    validUntil = serializers.DateField(source="valid_until")  # noqa: N815
    setBy = serializers.CharField(source="set_by_organisation.name")  # noqa: N815
    endedAt = serializers.DateTimeField(source="ended_at", allow_null=True)  # noqa: N815

    class Meta:
        model = TrafficLightOverride
        fields = ["id", "areaCode", "colour", "reason", "validUntil", "setBy", "endedAt"]


class TrafficLightOverrideListApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_overrides_list",
        summary="Handmatige kleuren van een stoplicht (ook beëindigde)",
        responses={200: OverrideOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, config_uuid: str) -> Response:
        config = _visible_config(self, request, config_uuid)
        overrides = config.overrides.select_related("set_by_organisation")
        return Response(OverrideOutputSerializer(overrides, many=True).data)

    @extend_schema(
        operation_id="traffic_lights_overrides_create",
        summary="Kleur handmatig zetten met reden en einddatum (coördinator of manager van de coalitie)",
        request=OverrideInputSerializer,
        responses={201: OverrideOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, config_uuid: str) -> Response:
        actor = self.actor(request)
        config = _visible_config(self, request, config_uuid)
        data = validated(OverrideInputSerializer, request.data)
        override = services.traffic_light_override_set(
            actor=actor,
            config=config,
            area_code=data["areaCode"].strip().upper(),
            colour=data["colour"],
            reason=data["reason"],
            valid_until=data["validUntil"],
        )
        return Response(OverrideOutputSerializer(override).data, status=status.HTTP_201_CREATED)


class TrafficLightOverrideDetailApi(ActorApi):
    @extend_schema(
        operation_id="traffic_lights_overrides_destroy",
        summary="Handmatige kleur beëindigen (blijft in de geschiedenis)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, config_uuid: str, override_uuid: str) -> Response:
        actor = self.actor(request)
        config = _visible_config(self, request, config_uuid)
        override = config.overrides.filter(uuid=override_uuid).first()
        if override is None:
            raise NotVisible()
        services.traffic_light_override_end(actor=actor, override=override)
        return Response(status=status.HTTP_204_NO_CONTENT)
