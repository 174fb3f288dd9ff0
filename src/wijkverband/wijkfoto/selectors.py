"""Reads for the wijkfoto, the traffic light and the concentration monitor. Aggregates only: no personal data.

``capacity_for`` is the function the placement matcher (issue 5) reads; its contract is in its docstring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.core.exceptions import NotVisible
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.models import Coalition

from . import charts, parsing, profiles, providers, trafficlight
from .constants import COUNTRY_CODE, AreaLevel, IndicatorGroup, TrafficLightLevel
from .models import AreaShape, AreaValue, Indicator, TrafficLightConfig, TrafficLightOverride, TrafficLightRule
from .trafficlight import Evaluation, Figure, Rule


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str
    municipality_code: str
    municipality_name: str
    district_code: str = ""
    district_name: str = ""

    @property
    def parent_codes(self) -> list[tuple[str, str]]:
        """(level, code) of the areas to compare with: the municipality and the country."""
        out = []
        if self.level != AreaLevel.MUNICIPALITY:
            out.append((AreaLevel.MUNICIPALITY.value, self.municipality_code))
        out.append((AreaLevel.COUNTRY.value, COUNTRY_CODE))
        return out


def area_get(code: str) -> Area:
    """A municipality, district or neighbourhood by CBS code; NotVisible when there is none."""
    code = code.upper()
    if code.startswith("GM"):
        m = Municipality.objects.filter(code=code).first()
        if m:
            return Area(AreaLevel.MUNICIPALITY, m.code, m.name, m.code, m.name)
    elif code.startswith("WK"):
        d = District.objects.select_related("municipality").filter(code=code).first()
        if d:
            return Area(AreaLevel.DISTRICT, d.code, d.name, d.municipality.code, d.municipality.name, d.code, d.name)
    elif code.startswith("BU"):
        n = Neighbourhood.objects.select_related("district", "municipality").filter(code=code).first()
        if n:
            return Area(
                AreaLevel.NEIGHBOURHOOD,
                n.code,
                n.name,
                n.municipality.code,
                n.municipality.name,
                n.district.code,
                n.district.name,
            )
    raise NotVisible()


def area_children(area: Area) -> list[tuple[str, str]]:
    if area.level == AreaLevel.MUNICIPALITY:
        return list(District.objects.filter(municipality__code=area.code).order_by("code").values_list("code", "name"))
    if area.level == AreaLevel.DISTRICT:
        return list(Neighbourhood.objects.filter(district__code=area.code).order_by("code").values_list("code", "name"))
    return []


def area_search(query: str, limit: int = 30) -> list[tuple[str, str, str]]:
    """(code, name, municipality) of municipalities and districts whose name or code matches."""
    query = query.strip()
    if len(query) < 2:
        return []
    found: list[tuple[str, str, str]] = [
        (m.code, m.name, m.name) for m in Municipality.objects.filter(Q(name__icontains=query) | Q(code__iexact=query))
    ][:limit]
    found += [
        (d.code, d.name, d.municipality.name)
        for d in District.objects.select_related("municipality").filter(
            Q(name__icontains=query) | Q(code__iexact=query)
        )[:limit]
    ]
    return found[:limit]


# --- figures --------------------------------------------------------------------------------------


def values_for(
    areas: Iterable[tuple[str, str]], indicator_codes: Sequence[str] | None = None
) -> dict[tuple[str, str], dict[str, dict[int, AreaValue]]]:
    """(level, code) → indicator code → year → value, for the given areas (one query)."""
    wanted = list(areas)
    if not wanted:
        return {}
    condition = Q()
    by_level: dict[str, list[str]] = defaultdict(list)
    for level, code in wanted:
        by_level[level].append(code)
    for level, codes in by_level.items():
        condition |= Q(level=level, area_code__in=codes)
    rows = AreaValue.objects.filter(condition).select_related("indicator", "import_run")
    if indicator_codes is not None:
        rows = rows.filter(indicator__code__in=list(indicator_codes))
    out: dict[tuple[str, str], dict[str, dict[int, AreaValue]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        out[(row.level, row.area_code)][row.indicator.code][row.year] = row
    return out


# Up to this many area codes are sent in the query; above it the whole level is read and filtered here.
CHUNK = 2000


# Providers get a whole level at once up to this many codes (below SQLite's and PostgreSQL's parameter limits);
# EnteredFigures then reads the level instead of sending the codes.
PROVIDER_CHUNK = 20_000


def _chunks(codes: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(codes), size):
        yield codes[start : start + size]


def _provided(indicator_code: str, level: str, area_codes: Sequence[str], *, on: date) -> dict[str, float | None]:
    provider = providers.provider_for(indicator_code)
    out: dict[str, float | None] = {}
    if provider is not None:
        for chunk in _chunks(area_codes, PROVIDER_CHUNK):
            out.update(provider.values(level=level, area_codes=chunk, on=on))
    return out


def latest_figures(
    level: str, area_codes: Sequence[str], indicator_codes: Sequence[str], *, on: date
) -> dict[str, dict[str, Figure]]:
    """area code → indicator code → the most recent known figure. Providers answer for their own codes."""
    out: dict[str, dict[str, Figure]] = defaultdict(dict)
    area_codes = list(area_codes)
    if not area_codes:
        return out
    stored = [c for c in dict.fromkeys(indicator_codes) if providers.provider_for(c) is None]
    for code in dict.fromkeys(indicator_codes):
        if providers.provider_for(code) is not None:
            for area_code, value in _provided(code, level, area_codes, on=on).items():
                out[area_code][code] = Figure(value, on.year)
    if stored:
        rows = AreaValue.objects.filter(level=level, indicator__code__in=stored, value__isnull=False)
        wanted: set[str] | None = None
        if len(area_codes) <= CHUNK:
            rows = rows.filter(area_code__in=area_codes)
        else:
            # A whole level: reading every row of the level and skipping the few unwanted ones is faster than
            # sending thousands of codes (building the IN list alone costs more than the query).
            wanted = set(area_codes)
        for area_code, indicator_code, year, value in rows.order_by("year").values_list(
            "area_code", "indicator__code", "year", "value"
        ):
            if wanted is None or area_code in wanted:
                out[area_code][indicator_code] = Figure(value, year)  # ordered by year: the latest wins
    return out


SOCIAL_HOMES_SOURCES = (providers.SOCIAL_HOMES, "corporation_dwellings", "dwellings", "pct_corporation")


def social_homes(level: str, area_codes: Sequence[str], *, on: date) -> dict[str, float]:
    """Social homes per area: a corporation's own figure, else CBS (PC4 count, or dwellings × % corporation)."""
    return _social_homes_from(latest_figures(level, area_codes, SOCIAL_HOMES_SOURCES, on=on), area_codes)


def _social_homes_from(figures: Mapping[str, Mapping[str, Figure]], area_codes: Iterable[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for code in area_codes:
        f = figures.get(code, {})
        own, pc4 = f.get(providers.SOCIAL_HOMES), f.get("corporation_dwellings")
        if own is not None and own.value is not None:
            out[code] = own.value
        elif pc4 is not None and pc4.value is not None:
            out[code] = pc4.value
        elif "dwellings" in f and "pct_corporation" in f:
            dwellings, share = f["dwellings"].value, f["pct_corporation"].value
            if dwellings is not None and share is not None:
                out[code] = round(dwellings * share / 100)
    return out


# --- traffic light --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaLight:
    code: str
    name: str
    district_code: str
    evaluation: Evaluation
    social_homes: float | None
    placements: float | None
    capacity: int | None

    @property
    def per_thousand(self) -> float | None:
        return trafficlight.per_thousand(self.placements, self.social_homes)


def config_rules(config: TrafficLightConfig) -> list[Rule]:
    return _rules_of([config])[config.pk]


def _rules_of(configs: Sequence[TrafficLightConfig]) -> dict[int, list[Rule]]:
    """config pk → its rules (ordered by indicator label, as ``TrafficLightRule.Meta``), one query for all configs."""
    out: dict[int, list[Rule]] = {c.pk: [] for c in configs}
    rows = (
        TrafficLightRule.objects.filter(config__in=[c.pk for c in configs])
        .order_by("indicator__label", "pk")
        .values_list(
            "config_id",
            "indicator__code",
            "indicator__label",
            "indicator__unit",
            "orange_threshold",
            "red_threshold",
            "weight",
            "indicator__decimals",
        )
    )
    for config_id, code, label, unit, orange, red, weight, decimals in rows:
        out[config_id].append(Rule(code, label, unit, orange=orange, red=red, weight=weight, decimals=decimals))
    return out


def config_areas(config: TrafficLightConfig) -> list[tuple[str, str, str]]:
    """(code, name, district code) of the areas a coalition's traffic light judges."""
    return _areas_of([config])[config.pk]


def _areas_of(configs: Sequence[TrafficLightConfig]) -> dict[int, list[tuple[str, str, str]]]:
    """config pk → (code, name, district code) of the areas it judges, in a few queries for all configs.

    A coalition limited to some districts judges only those; otherwise its whole municipality.
    """
    out: dict[int, list[tuple[str, str, str]]] = {c.pk: [] for c in configs}
    if not configs:
        return out
    coalition_ids = {c.coalition_id for c in configs}
    limited: dict[int, set[int]] = defaultdict(set)
    for coalition_id, district_id in Coalition.districts.through.objects.filter(
        coalition_id__in=coalition_ids
    ).values_list("coalition_id", "district_id"):
        limited[coalition_id].add(district_id)
    municipality_of = dict(Coalition.objects.filter(pk__in=coalition_ids).values_list("pk", "municipality_id"))
    by_level: dict[str, list[TrafficLightConfig]] = defaultdict(list)
    for config in configs:
        by_level[config.level].append(config)
    for level, level_configs in by_level.items():
        municipalities = {municipality_of[c.coalition_id] for c in level_configs}
        # (municipality id, district id, code, name, district code), ordered by code
        candidates: list[tuple[int, int, str, str, str]]
        if level == TrafficLightLevel.DISTRICT:
            candidates = [
                (m, pk, code, name, code)
                for pk, m, code, name in District.objects.filter(municipality_id__in=municipalities)
                .order_by("code")
                .values_list("pk", "municipality_id", "code", "name")
            ]
        elif level == TrafficLightLevel.NEIGHBOURHOOD:
            candidates = list(
                Neighbourhood.objects.filter(municipality_id__in=municipalities)
                .order_by("code")
                .values_list("municipality_id", "district_id", "code", "name", "district__code")
            )
        else:
            for config in level_configs:
                out[config.pk] = _entered_areas(config, level)
            continue
        by_municipality: dict[int, list[tuple[int, int, str, str, str]]] = defaultdict(list)
        for candidate in candidates:
            by_municipality[candidate[0]].append(candidate)
        for config in level_configs:
            districts = limited.get(config.coalition_id)
            out[config.pk] = [
                (code, name, district_code)
                for _m, district_id, code, name, district_code in by_municipality[municipality_of[config.coalition_id]]
                if not districts or district_id in districts
            ]
    return out


def _entered_areas(config: TrafficLightConfig, level: str) -> list[tuple[str, str, str]]:
    """Areas outside the CBS registry exist for a coalition once its organisations enter a figure for them.

    Postcode areas: the shipped data has no postcode → municipality table. Complexes and stairwells:
    only the corporation knows them, by its own codes (``parsing.housing_area_code``); they are kept
    when their neighbourhood lies in the coalition's municipality (and districts, when limited).
    """
    codes = sorted(
        set(
            AreaValue.objects.filter(level=level, indicator__owner__in=config.coalition.organisations.all())
            .values_list("area_code", flat=True)
            .distinct()
        )
    )
    if level not in (TrafficLightLevel.COMPLEX, TrafficLightLevel.STAIRWELL):
        return [(c, c, "") for c in codes]
    parts = {c: p for c in codes if (p := parsing.housing_area_parts(c)) is not None}
    neighbourhoods = Neighbourhood.objects.filter(
        code__in={p[0] for p in parts.values()}, municipality_id=config.coalition.municipality_id
    )
    districts = set(config.coalition.districts.values_list("pk", flat=True))
    if districts:
        neighbourhoods = neighbourhoods.filter(district_id__in=districts)
    where = {
        code: (name, district) for code, name, district in neighbourhoods.values_list("code", "name", "district__code")
    }
    out = []
    for code, (neighbourhood_code, complex_code, stairwell_code) in parts.items():
        if neighbourhood_code not in where or (level == TrafficLightLevel.STAIRWELL) != bool(stairwell_code):
            continue
        neighbourhood_name, district_code = where[neighbourhood_code]
        values = {"complex": complex_code, "stairwell": stairwell_code, "neighbourhood": neighbourhood_name}
        name = (
            _("complex %(complex)s, stairwell %(stairwell)s (%(neighbourhood)s)")
            if stairwell_code
            else _("complex %(complex)s (%(neighbourhood)s)")
        ) % values
        out.append((code, name, district_code))
    return out


def open_overrides(config: TrafficLightConfig, *, on: date) -> dict[str, TrafficLightOverride]:
    rows = config.overrides.filter(ended_at__isnull=True, valid_until__gte=on)
    return {o.area_code: o for o in rows}


def traffic_lights(
    config: TrafficLightConfig, *, on: date | None = None, only: Sequence[str] | None = None
) -> list[AreaLight]:
    """The live result for every area the config judges (or ``only`` these codes), with capacities."""
    return traffic_lights_many([config], on=on, only=only)[config.pk]


def traffic_lights_many(
    configs: Sequence[TrafficLightConfig], *, on: date | None = None, only: Sequence[str] | None = None
) -> dict[int, list[AreaLight]]:
    """config pk → the live results of each config: the same as ``traffic_lights`` per config, in a few queries.

    Rules, areas and overrides are read once for all configs; figures, social homes and placements once
    per area level (in chunks of codes), then every area is judged by the pure ``trafficlight.evaluate``.
    A full recomputation for every municipality in the country takes a handful of queries, not
    several per traffic light.
    """
    on = on or timezone.localdate()
    configs = list(configs)
    rules = _rules_of(configs)
    areas = _areas_of(configs)
    if only is not None:
        wanted = set(only)
        areas = {pk: [a for a in rows if a[0] in wanted] for pk, rows in areas.items()}
    overrides: dict[tuple[int, str], TrafficLightOverride] = {
        (o.config_id, o.area_code): o
        for o in TrafficLightOverride.objects.filter(
            config__in=[c.pk for c in configs], ended_at__isnull=True, valid_until__gte=on
        )
    }
    by_level: dict[str, list[TrafficLightConfig]] = defaultdict(list)
    for config in configs:
        by_level[config.level].append(config)
    out: dict[int, list[AreaLight]] = {}
    reason_texts = trafficlight.texts()
    for level, level_configs in by_level.items():
        codes = sorted({a[0] for c in level_configs for a in areas[c.pk]})
        rule_codes = sorted({r.indicator_code for c in level_configs for r in rules[c.pk]})
        figures = latest_figures(level, codes, [*rule_codes, *SOCIAL_HOMES_SOURCES], on=on)
        homes = _social_homes_from(figures, codes)
        fallback = {c.pk for c in level_configs if level == TrafficLightLevel.NEIGHBOURHOOD and c.use_district_values}
        district_codes = sorted({a[2] for pk in fallback for a in areas[pk]})
        district_figures = latest_figures(AreaLevel.DISTRICT, district_codes, rule_codes, on=on) if fallback else {}
        placements = _provided(providers.PLACEMENTS_12M, level, codes, on=on)
        no_figures: dict[str, Figure] = {}
        for config in level_configs:
            pk = config.pk
            districts = district_figures if pk in fallback else {}
            out[pk] = [
                _judge(
                    config,
                    rules[pk],
                    area,
                    figures.get(area[0], no_figures),
                    districts.get(area[2], no_figures),
                    overrides.get((pk, area[0])),
                    social_homes=homes.get(area[0]),
                    placements=placements.get(area[0]),
                    on=on,
                    reason_texts=reason_texts,
                )
                for area in areas[pk]
            ]
    return out


def _judge(
    config: TrafficLightConfig,
    rules: Sequence[Rule],
    area: tuple[str, str, str],
    figures: Mapping[str, Figure],
    district_figures: Mapping[str, Figure],
    override: TrafficLightOverride | None,
    *,
    social_homes: float | None,
    placements: float | None,
    on: date,
    reason_texts: trafficlight.Texts,
) -> AreaLight:
    code, name, district_code = area
    own: Mapping[str, Figure] = figures
    if district_figures:
        merged = dict(figures)
        for indicator_code, figure in district_figures.items():
            if merged.get(indicator_code) is None or merged[indicator_code].value is None:
                merged[indicator_code] = Figure(figure.value, figure.year, from_district=True)
        own = merged
    evaluation = trafficlight.evaluate(
        rules,
        own,
        orange_from=config.orange_from,
        red_from=config.red_from,
        override=trafficlight.Override(override.colour, override.reason, override.valid_until) if override else None,
        today=on,
        reason_texts=reason_texts,
    )
    return AreaLight(
        code=code,
        name=name,
        district_code=district_code,
        evaluation=evaluation,
        social_homes=social_homes,
        placements=placements,
        capacity=trafficlight.capacity(
            evaluation.colour,
            social_homes=social_homes,
            placements=placements,
            green_limit=config.green_limit,
            orange_limit=config.orange_limit,
        ),
    )


@dataclass(frozen=True)
class Capacity:
    """What the placement matcher gets for one neighbourhood, complex or stairwell (see ``capacity_for``)."""

    neighbourhood_code: str
    colour: str
    capacity: int | None
    reasons: tuple[str, ...]
    overridden: bool
    config_name: str | None
    config_uuid: UUID | None = None
    # The level whose traffic light answered and the area it judged (a complex code at complex level).
    level: str = TrafficLightLevel.NEIGHBOURHOOD.value
    area_code: str = ""


def capacity_for(
    neighbourhood_code: str,
    *,
    coalition: Coalition | None = None,
    on: date | None = None,
    complex_code: str | None = None,
    stairwell_code: str | None = None,
) -> Capacity:
    """How many more vulnerable households an area can take in now, by the coalition's traffic light.

    Contract for the placement matcher:
    - ``colour``: "green", "orange", "red" or "unknown" (no traffic light, or no figures);
    - ``capacity``: placements still possible in the 12 months up to ``on`` (``floor(limit per 1,000
      social homes × social homes / 1,000) − placements so far``, never below 0); 0 when red;
      ``None`` when it cannot be said (unknown colour or unknown number of social homes). The matcher
      must treat ``None`` as "ask a person", never as unlimited;
    - ``reasons``: the Dutch reasons, worst first; ``overridden`` when a person set the colour.
    - ``level`` and ``area_code``: which traffic light answered for which area.
    The traffic light used is the active one of ``coalition`` at the level asked, or, without a
    coalition, of the first coalition (by name) working in the neighbourhood's municipality.

    Complex and stairwell (optional): ``complex_code`` (and ``stairwell_code`` within it) are the
    corporation's own ids for a complex in this neighbourhood (area code ``BU…:complex[:stairwell]``,
    see ``parsing.housing_area_code``). The most specific level that has an active traffic light
    answers: stairwell, else complex, else the neighbourhood. A traffic light at that level that has
    no figures for the complex answers "unknown" (ask a person); it does not fall back, because the
    coalition chose to judge at that level. Social homes and placements of a complex or stairwell are
    the figures entered for it.
    Raises NotVisible for an unknown neighbourhood code, ValueError for a stairwell without a complex
    or a malformed id. Reads only; always up to date (no cache).
    """
    on = on or timezone.localdate()
    neighbourhood = Neighbourhood.objects.filter(code=neighbourhood_code).first()
    if neighbourhood is None:
        raise NotVisible()
    if stairwell_code and not complex_code:
        raise ValueError("a stairwell needs its complex")
    candidates: list[tuple[str, str]] = []  # (level, area code), most specific first
    if complex_code:
        if stairwell_code:
            candidates.append(
                (
                    TrafficLightLevel.STAIRWELL,
                    parsing.housing_area_code(neighbourhood_code, complex_code, stairwell_code),
                )
            )
        candidates.append((TrafficLightLevel.COMPLEX, parsing.housing_area_code(neighbourhood_code, complex_code)))
        for _level, code in candidates:
            if parsing.housing_area_parts(code) is None:
                raise ValueError(f"malformed complex or stairwell id: {code}")
    candidates.append((TrafficLightLevel.NEIGHBOURHOOD, neighbourhood_code))
    configs = TrafficLightConfig.objects.filter(is_active=True, level__in=[level for level, _code in candidates])
    if coalition is not None:
        configs = configs.filter(coalition=coalition)
    else:
        configs = configs.filter(coalition__municipality_id=neighbourhood.municipality_id)
    found: dict[str, TrafficLightConfig] = {}
    for config in configs.select_related("coalition").order_by("coalition__name", "name"):
        found.setdefault(config.level, config)
    for level, area_code in candidates:
        chosen = found.get(level)
        if chosen is None:
            continue
        results = traffic_lights(chosen, on=on, only=[area_code])
        if not results:
            return Capacity(
                neighbourhood_code, trafficlight.UNKNOWN, None, (), False, chosen.name, chosen.uuid, level, area_code
            )
        light = results[0]
        return Capacity(
            neighbourhood_code=neighbourhood_code,
            colour=light.evaluation.colour,
            capacity=light.capacity,
            reasons=tuple(r.text for r in light.evaluation.reasons),
            overridden=light.evaluation.override is not None,
            config_name=chosen.name,
            config_uuid=chosen.uuid,
            level=level,
            area_code=area_code,
        )
    return Capacity(neighbourhood_code, trafficlight.UNKNOWN, None, (), False, None, area_code=neighbourhood_code)


def configs_for_municipality(municipality_code: str) -> list[TrafficLightConfig]:
    return list(
        TrafficLightConfig.objects.filter(is_active=True, coalition__municipality__code=municipality_code)
        .select_related("coalition")
        .order_by("coalition__name", "name")
    )


def indicators_public() -> list[Indicator]:
    return list(Indicator.objects.filter(owner__isnull=True))


# --- wijkfoto -------------------------------------------------------------------------------------


def indicator_info(indicator: Indicator) -> profiles.IndicatorInfo:
    return profiles.IndicatorInfo(
        code=indicator.code,
        label=indicator.label,
        group=indicator.group,
        unit=indicator.unit,
        decimals=indicator.decimals,
        source=indicator.source,
        licence=indicator.licence,
        source_table=indicator.source_table,
        direction=indicator.direction,
        description=indicator.description,
    )


def _series(values: dict[str, dict[int, AreaValue]]) -> dict[str, dict[int, tuple[float | None, bool]]]:
    return {code: {year: (v.value, v.derived) for year, v in years.items()} for code, years in values.items()}


def _tables(values: dict[str, dict[int, AreaValue]]) -> dict[str, dict[int, str]]:
    """indicator code → year → where that year's figure came from: the import's table, or an own figure's note."""
    return {
        code: {
            year: (v.import_run.source_table if v.import_run is not None else v.source_note)
            for year, v in years.items()
        }
        for code, years in values.items()
    }


@dataclass(frozen=True)
class Wijkfoto:
    area: Area
    sections: list[profiles.Section]
    children: list[tuple[str, str]]
    indicators: list[Indicator]


def wijkfoto_get(area: Area) -> Wijkfoto:
    """The profile of an area: every indicator it has figures for, with municipality and country alongside."""
    indicators = list(Indicator.objects.select_related("owner"))
    keys = [(area.level, area.code), *area.parent_codes]
    values = values_for(keys)
    empty: dict[str, dict[int, AreaValue]] = {}
    sections = profiles.build_profile(
        indicators=[indicator_info(i) for i in indicators],
        groups=[(key, str(label)) for key, label in IndicatorGroup.choices],
        own=_series(values.get((area.level, area.code), empty)),
        municipality=_series(values.get((AreaLevel.MUNICIPALITY, area.municipality_code), empty))
        if area.level != AreaLevel.MUNICIPALITY
        else {},
        country=_series(values.get((AreaLevel.COUNTRY, COUNTRY_CODE), empty)),
        tables=_tables(values.get((area.level, area.code), empty)),
    )
    return Wijkfoto(area=area, sections=sections, children=area_children(area), indicators=indicators)


def map_indicators(municipality_code: str) -> list[Indicator]:
    """Indicators with figures for the districts of a municipality (the map's choices)."""
    codes = District.objects.filter(municipality__code=municipality_code).values_list("code", flat=True)
    ids = (
        AreaValue.objects.filter(level=AreaLevel.DISTRICT, area_code__in=list(codes), value__isnull=False)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    return list(Indicator.objects.filter(pk__in=list(ids)))


@dataclass(frozen=True)
class DistrictMap:
    indicator: Indicator
    year: int | None
    areas: list[charts.MapArea]


def district_shapes(municipality_code: str) -> list[AreaShape]:
    """The latest imported boundary of each district of a municipality (import-geo), in code order."""
    shapes = AreaShape.objects.filter(level=AreaLevel.DISTRICT, parent_code=municipality_code).order_by("code", "-year")
    latest: dict[str, AreaShape] = {}
    for shape in shapes:
        latest.setdefault(shape.code, shape)
    return list(latest.values())


def district_map(municipality_code: str, indicator: Indicator, *, href: Callable[[str], str]) -> DistrictMap:
    """The municipality's districts with the latest year in which any of them has a figure for the indicator."""
    latest_shape = {shape.code: shape for shape in district_shapes(municipality_code)}
    values = AreaValue.objects.filter(
        indicator=indicator, level=AreaLevel.DISTRICT, area_code__in=list(latest_shape), value__isnull=False
    )
    year = max((v.year for v in values), default=None)
    by_code = {v.area_code: v.value for v in values if v.year == year}
    return DistrictMap(
        indicator=indicator,
        year=year,
        areas=[
            charts.MapArea(code=s.code, name=s.name, geometry=s.geometry, value=by_code.get(s.code), href=href(s.code))
            for s in latest_shape.values()
        ],
    )


# --- concentration monitor ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcentrationRow:
    light: AreaLight
    per_thousand: float | None
    limit: float | None
    over: bool


def concentration(config: TrafficLightConfig, *, on: date | None = None) -> list[ConcentrationRow]:
    """Placements per 1,000 social homes over 12 months per area, against the traffic light's limit.

    ``over`` warns when an area has crossed the limit of its colour (red: any placement is over).
    """
    rows = []
    for light in traffic_lights(config, on=on):
        colour = light.evaluation.colour
        limit = {"green": config.green_limit, "orange": config.orange_limit, "red": 0.0}.get(colour)
        rate = light.per_thousand
        over = rate is not None and limit is not None and rate > limit
        rows.append(ConcentrationRow(light=light, per_thousand=rate, limit=limit, over=over))
    rows.sort(key=lambda r: (not r.over, -(r.per_thousand or -1)))
    return rows
