"""Pages of the wijkfoto (/wijken/): profiles, map, exports, area profile, traffic light, concentration.

Everything shown is an aggregate; any member of an organisation may read the wijkfoto. Traffic lights
are shown to members of the coalition's organisations (others get a 404); steering them is for their
coordinators and managers (``services.may_steer``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.web import actor_view, attach_errors

from . import charts, exports, forms, providers, selectors, services
from .constants import AreaLevel, UploadStatus
from .models import AreaValue, ImportUpload, Indicator, TrafficLightConfig, TrafficLightOverride, TrafficLightResult

PROFILE_MAX_INHABITANTS = 20_000


def _wijkfoto_url(code: str) -> str:
    return reverse("wijkfoto:area", kwargs={"code": code})


def _config_for(actor: Actor, config_uuid: str) -> TrafficLightConfig:
    config = TrafficLightConfig.objects.select_related("coalition").filter(uuid=config_uuid).first()
    if config is None or actor.organisation is None:
        raise NotVisible()
    if not config.coalition.organisations.filter(pk=actor.organisation.pk).exists():
        raise NotVisible()
    return config


@actor_view
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.AreaSearchForm(request.GET or None)
    found = selectors.area_search(form.cleaned_data["q"]) if form.is_valid() else []
    own = actor.organisation.municipality if actor.organisation else None
    configs = []
    if actor.organisation is not None:
        configs = list(
            TrafficLightConfig.objects.filter(coalition__organisations=actor.organisation).select_related("coalition")
        )
    return render(
        request,
        "wijkfoto/index.html",
        {
            "form": form,
            "found": found,
            "own_municipality": own,
            "configs": configs,
            "may_create_light": bool(services.coalitions_to_steer(actor)),
            "may_upload": services.may_upload(actor),
        },
    )


@actor_view
def area(request: HttpRequest, actor: Actor, code: str) -> HttpResponse:
    place = selectors.area_get(code)
    wijkfoto = selectors.wijkfoto_get(place)
    bars = {}
    for section in wijkfoto.sections:
        for row in section.rows:
            latest = row.latest
            if latest is None:
                continue
            year, own, municipality, country = latest
            compare = [(place.name, own.value)]
            if place.level != AreaLevel.MUNICIPALITY:
                compare.append((place.municipality_name, municipality.value))
            compare.append((_("Netherlands"), country.value))
            bars[row.indicator.code] = charts.comparison_bars_svg(
                compare, title=f"{row.indicator.label} ({year})", decimals=row.indicator.decimals
            )
    map_svg, map_form, district_map = "", None, None
    if place.level in (AreaLevel.MUNICIPALITY, AreaLevel.DISTRICT):
        choices = [(i.code, i.label) for i in selectors.map_indicators(place.municipality_code)]
        if choices:
            map_form = forms.MapForm(request.GET or None, indicators=choices)
            chosen = map_form.cleaned_data.get("kaart") if map_form.is_valid() else None
            default = "inhabitants" if "inhabitants" in dict(choices) else choices[0][0]
            indicator = Indicator.objects.get(code=chosen or default)
            district_map = selectors.district_map(place.municipality_code, indicator, href=_wijkfoto_url)
            map_svg = charts.choropleth_svg(
                district_map.areas,
                title=_("%(indicator)s per district of %(municipality)s (%(year)s)")
                % {"indicator": indicator.label, "municipality": place.municipality_name, "year": district_map.year},
                unit=indicator.unit,
                decimals=indicator.decimals,
            )
    lights = []
    if place.level == AreaLevel.NEIGHBOURHOOD and actor.organisation is not None:
        for config in selectors.configs_for_municipality(place.municipality_code):
            if config.coalition.organisations.filter(pk=actor.organisation.pk).exists():
                lights += [(config, light) for light in selectors.traffic_lights(config, only=[place.code])]
    return render(
        request,
        "wijkfoto/area.html",
        {
            "place": place,
            "wijkfoto": wijkfoto,
            "sections": [
                (section, [(row, bars.get(row.indicator.code, "")) for row in section.rows])
                for section in wijkfoto.sections
            ],
            "map_svg": map_svg,
            "map_form": map_form,
            "district_map": district_map,
            "lights": lights,
        },
    )


@actor_view
def area_export(request: HttpRequest, actor: Actor, code: str, fmt: str) -> HttpResponse:
    wijkfoto = selectors.wijkfoto_get(selectors.area_get(code))
    name = f"wijkfoto-{wijkfoto.area.code}"
    if fmt == "csv":
        response = HttpResponse(exports.wijkfoto_csv(wijkfoto), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.wijkfoto_xlsx(wijkfoto),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.wijkfoto_pdf(wijkfoto), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@actor_view
def area_profile(request: HttpRequest, actor: Actor, code: str) -> HttpResponse:
    """The wijkfoto as measuring instrument for an intervention: a baseline year and the change since."""
    place = selectors.area_get(code)
    values = selectors.values_for([(place.level, place.code)]).get((place.level, place.code), {})
    years = sorted({year for by_year in values.values() for year in by_year})
    form = forms.BaselineForm(request.GET or None, years=years)
    baseline = form.cleaned_data.get("basisjaar") if form.is_valid() else None
    baseline = baseline or (years[0] if years else None)
    inhabitants = values.get("inhabitants", {})
    latest_inhabitants = inhabitants[max(inhabitants)].value if inhabitants else None
    rows = []
    if baseline is not None:
        from . import profiles

        indicators = [selectors.indicator_info(i) for i in Indicator.objects.all()]
        series = {c: {y: (v.value, v.derived) for y, v in by_year.items()} for c, by_year in values.items()}
        rows = profiles.change_rows(indicators=indicators, own=series, baseline=baseline)
    return render(
        request,
        "wijkfoto/area_profile.html",
        {
            "place": place,
            "form": form,
            "baseline": baseline,
            "rows": rows,
            "inhabitants": latest_inhabitants,
            "too_large": latest_inhabitants is not None and latest_inhabitants > PROFILE_MAX_INHABITANTS,
            "max_inhabitants": PROFILE_MAX_INHABITANTS,
        },
    )


# --- traffic light --------------------------------------------------------------------------------


def _rule_choices(config: TrafficLightConfig) -> list[tuple[str, str]]:
    organisations = config.coalition.organisations.all()
    indicators = Indicator.objects.filter(owner__isnull=True) | Indicator.objects.filter(owner__in=organisations)
    return [(i.code, f"{i.label} ({i.unit})") for i in indicators.order_by("group", "position", "label")]


def _light_context(actor: Actor, config: TrafficLightConfig, **bound: object) -> dict[str, object]:
    lights = selectors.traffic_lights(config)
    area_choices = [(light.code, f"{light.name} ({light.code})") for light in lights]
    context: dict[str, object] = {
        "config": config,
        "lights": lights,
        "rules": list(config.rules.select_related("indicator")),
        "may_steer": services.may_steer(actor, config.coalition),
        "overrides": list(config.overrides.filter(ended_at__isnull=True).select_related("set_by")),
        "history": list(TrafficLightResult.objects.filter(config=config)[:50]),
        "rule_form": forms.RuleForm(indicators=_rule_choices(config)),
        "override_form": forms.OverrideForm(areas=area_choices),
        "config_form": forms.ConfigForm(
            initial={
                "name": config.name,
                "is_active": config.is_active,
                "orange_from": config.orange_from,
                "red_from": config.red_from,
                "green_limit": config.green_limit,
                "orange_limit": config.orange_limit,
                "use_district_values": config.use_district_values,
            }
        ),
        "today": timezone.localdate(),
    }
    context.update(bound)
    return context


@actor_view
def config_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A new traffic light for one of the coalitions the person steers (others get a 404)."""
    coalitions = services.coalitions_to_steer(actor)
    if not coalitions:
        raise NotVisible()
    by_uuid = {str(c.uuid): c for c in coalitions}
    choices = [(str(c.uuid), c.name) for c in coalitions]
    form = forms.ConfigCreateForm(request.POST or None, coalitions=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            config = services.traffic_light_config_create(actor=actor, coalition=by_uuid[data.pop("coalition")], **data)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, denied.message)
        else:
            messages.success(request, _("The traffic light is created. Add its rules."))
            return redirect("wijkfoto:traffic-light", config_uuid=config.uuid)
    return render(request, "wijkfoto/traffic_light_create.html", {"form": form}, status=400 if form.errors else 200)


@actor_view
def traffic_light(request: HttpRequest, actor: Actor, config_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    return render(request, "wijkfoto/traffic_light.html", _light_context(actor, config))


def _steer(
    request: HttpRequest,
    actor: Actor,
    config: TrafficLightConfig,
    form_name: str,
    form: Form,
    action: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, denied.message)
        else:
            messages.success(request, _("The traffic light is updated."))
            return redirect("wijkfoto:traffic-light", config_uuid=config.uuid)
    return render(
        request, "wijkfoto/traffic_light.html", _light_context(actor, config, **{form_name: form}), status=400
    )


@require_POST
@actor_view
def rule_set(request: HttpRequest, actor: Actor, config_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    form = forms.RuleForm(request.POST, indicators=_rule_choices(config))

    def action(data: dict[str, object]) -> None:
        services.traffic_light_rule_set(
            actor=actor,
            config=config,
            indicator=Indicator.objects.get(code=data["indicator"]),
            orange_threshold=float(data["orange_threshold"]),  # type: ignore[arg-type]
            red_threshold=float(data["red_threshold"]),  # type: ignore[arg-type]
            weight=float(data["weight"]),  # type: ignore[arg-type]
        )

    return _steer(request, actor, config, "rule_form", form, action)


@require_POST
@actor_view
def config_update(request: HttpRequest, actor: Actor, config_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    form = forms.ConfigForm(request.POST)
    return _steer(
        request,
        actor,
        config,
        "config_form",
        form,
        lambda data: services.traffic_light_config_update(actor=actor, config=config, **data),
    )


@require_POST
@actor_view
def override_set(request: HttpRequest, actor: Actor, config_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    areas = [(code, f"{name} ({code})") for code, name, _district in selectors.config_areas(config)]
    form = forms.OverrideForm(request.POST, areas=areas)
    return _steer(
        request,
        actor,
        config,
        "override_form",
        form,
        lambda data: services.traffic_light_override_set(actor=actor, config=config, **data),
    )


@require_POST
@actor_view
def override_end(request: HttpRequest, actor: Actor, config_uuid: str, override_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    override = TrafficLightOverride.objects.filter(config=config, uuid=override_uuid).first()
    if override is None:
        raise NotVisible()
    try:
        services.traffic_light_override_end(actor=actor, override=override)
    except PermissionDenied as denied:
        messages.error(request, denied.message)
    return redirect("wijkfoto:traffic-light", config_uuid=config.uuid)


@actor_view
def concentration(request: HttpRequest, actor: Actor, config_uuid: str) -> HttpResponse:
    config = _config_for(actor, config_uuid)
    rows = selectors.concentration(config)
    return render(request, "wijkfoto/concentration.html", {"config": config, "rows": rows})


# --- own indicators -------------------------------------------------------------------------------


def _recordable(actor: Actor) -> list[tuple[str, str]]:
    if actor.organisation is None:
        return []
    providers.network_indicators()
    own = Indicator.objects.filter(owner=actor.organisation)
    network = Indicator.objects.filter(owner__isnull=True, source_table="", group__in=["network", "housing"])
    choices = [(i.code, f"{i.label} ({i.unit})") for i in own]
    if actor.role in services.STEERING_ROLES:
        choices += [(i.code, f"{i.label} ({i.unit})") for i in network]
    return choices


@actor_view
def own_indicators(request: HttpRequest, actor: Actor) -> HttpResponse:
    indicator_form = forms.OwnIndicatorForm(prefix="new")
    value_form = forms.AreaValueForm(prefix="value", indicators=_recordable(actor))
    status = 200
    if request.method == "POST" and "new-label" in request.POST:
        indicator_form = forms.OwnIndicatorForm(request.POST, prefix="new")
        if indicator_form.is_valid():
            try:
                services.indicator_create_own(actor=actor, **indicator_form.cleaned_data)
            except ValidationError as error:
                attach_errors(indicator_form, error)
            except PermissionDenied as denied:
                indicator_form.add_error(None, denied.message)
            else:
                messages.success(request, _("The indicator is added."))
                return redirect("wijkfoto:own-indicators")
        status = 400
    elif request.method == "POST":
        value_form = forms.AreaValueForm(request.POST, prefix="value", indicators=_recordable(actor))
        if value_form.is_valid():
            data = dict(value_form.cleaned_data)
            try:
                services.area_value_record(
                    actor=actor, indicator=Indicator.objects.get(code=data.pop("indicator")), **data
                )
            except ValidationError as error:
                attach_errors(value_form, error)
            except PermissionDenied as denied:
                value_form.add_error(None, denied.message)
            else:
                messages.success(request, _("The figure is recorded."))
                return redirect("wijkfoto:own-indicators")
        status = 400
    recent = AreaValue.objects.filter(indicator__source_table="", measured_on__isnull=False).select_related(
        "indicator", "indicator__owner"
    )
    recent = recent.order_by("-measured_on", "-id")[:50]
    return render(
        request,
        "wijkfoto/own_indicators.html",
        {
            "indicator_form": indicator_form,
            "value_form": value_form,
            "indicators": Indicator.objects.filter(owner__isnull=False).select_related("owner"),
            "recent": recent,
        },
        status=status,
    )


# --- web upload of source files -------------------------------------------------------------------


@actor_view
def uploads(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Upload a source file; the import runs in the background and the page follows it."""
    if not services.may_upload(actor):
        raise NotVisible()
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.import_upload_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("wijkfoto:upload", upload_uuid=upload.uuid)
    recent = ImportUpload.objects.filter(organisation=actor.organisation).select_related("uploaded_by")[:20]
    return render(
        request, "wijkfoto/uploads.html", {"form": form, "recent": recent}, status=400 if form.errors else 200
    )


@actor_view
def upload(request: HttpRequest, actor: Actor, upload_uuid: str) -> HttpResponse:
    """The upload's progress and, when done, its per-row report; htmx asks for the fragment every second."""
    if not services.may_upload(actor):
        raise NotVisible()
    found = ImportUpload.objects.filter(uuid=upload_uuid, organisation=actor.organisation).select_related("run").first()
    if found is None:
        raise NotVisible()
    rows_done = services.upload_progress(found)
    context = {
        "upload": found,
        "rows_done": rows_done,
        "percent": min(100, rows_done * 100 // found.rows_total) if found.rows_total else None,
        "running": found.status in (UploadStatus.QUEUED, UploadStatus.RUNNING),
        "problems": found.run.problems[:200] if found.run else [],
    }
    template = "wijkfoto/_upload_progress.html" if request.headers.get("HX-Request") else "wijkfoto/upload.html"
    return render(request, template, context)
