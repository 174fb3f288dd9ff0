"""Pages of the Regelingenwijzer: the public wizard and scheme pages, and the professionals' catalogue tools.

The wizard and the pages of a scheme or service are public (no login, nothing stored: the wizard is
a GET form). The catalogue search, the kansenkaart and the maintenance page are for logged-in
members of an organisation. Plan usage is shown as counts only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor, actor_from_request
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.web import actor_view
from wijkverband.neighbourhoods.models import District

from . import selectors, services, svgmap
from .forms import CatalogueSearchForm, WizardForm
from .models import CatalogueItem, Scheme, Service

GEO_FILE = "geo/wijken_2024_nl.geojson"
MAX_LIKELY = 25
MAX_POSSIBLE = 10


def _optional_actor(request: HttpRequest) -> Actor | None:
    if not request.user.is_authenticated:
        return None
    actor = actor_from_request(request)
    return actor if actor.membership is not None else None


def wizard(request: HttpRequest) -> HttpResponse:
    form = WizardForm(request.GET or None)
    results: list[selectors.WizardResult] | None = None
    if "toon" in request.GET and form.is_valid():
        answers = form.answers(area_codes=selectors.area_codes_for(form.cleaned_data.get("area") or ""))
        results = selectors.wizard_results(answers=answers)
    likely = [r for r in results or [] if r.match.verdict == "likely"]
    possible = [r for r in results or [] if r.match.verdict == "possible"]
    show_all = request.GET.get("alles") == "1"
    context = {
        "form": form,
        "results": results,
        # A long list helps nobody (and costs time to render): the best ones, and a way to see all.
        "likely": likely if show_all else likely[:MAX_LIKELY],
        "possible": possible if show_all else possible[:MAX_POSSIBLE],
        "sections": [
            (_("Probably fits you"), likely if show_all else likely[:MAX_LIKELY]),
            (_("May fit you (depends on questions you skipped)"), possible if show_all else possible[:MAX_POSSIBLE]),
        ],
        "hidden": 0 if show_all else max(0, len(likely) - MAX_LIKELY) + max(0, len(possible) - MAX_POSSIBLE),
        "all_url": f"?{request.GET.urlencode()}&alles=1#resultaat",
        "actor": _optional_actor(request),
    }
    return render(request, "schemes/wizard.html", context)


@actor_view
def catalogue(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or "scheme"
    filters = selectors.SearchFilters(
        query=data.get("q", ""),
        themes=tuple(data.get("theme", ())),
        target_groups=tuple(data.get("target_group", ())),
        area=data.get("area", ""),
        include_expired=bool(data.get("include_expired")),
    )
    page_number = max(1, int(request.GET["pagina"])) if request.GET.get("pagina", "").isdigit() else 1
    result = selectors.catalogue_search(
        kind=kind, filters=filters, limit=selectors.PAGE_SIZE, offset=(page_number - 1) * selectors.PAGE_SIZE
    )
    usage = selectors.usage_counts(uuids=[item.uuid for item in result.items])
    paginator = Paginator(range(result.total), selectors.PAGE_SIZE)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "kind": kind,
        "result": result,
        "page": paginator.get_page(page_number),
        "query_string": query.urlencode(),
        "rows": [(item, usage.get(item.uuid, 0)) for item in result.items],
        "today": timezone.localdate(),
    }
    return render(request, "schemes/catalogue.html", context)


def _item_context(request: HttpRequest, item: CatalogueItem) -> dict[str, Any]:
    actor = _optional_actor(request)
    may_edit = actor is not None and services.catalogue_may_edit(actor, item.organisation)
    return {
        "actor": actor,
        "usage": selectors.item_usage(item=item) if actor is not None else None,
        "may_edit": may_edit,
        "is_stale": item.is_stale_on(timezone.localdate()),
        "today": timezone.localdate(),
    }


def scheme_detail(request: HttpRequest, scheme_uuid: str) -> HttpResponse:
    try:
        scheme = selectors.scheme_get(scheme_uuid=scheme_uuid)
    except NotVisible as exc:
        raise Http404() from exc
    context = {"scheme": scheme, "item": scheme, **_item_context(request, scheme)}
    context["is_current"] = scheme.is_current_on(context["today"])
    return render(request, "schemes/scheme_detail.html", context)


def service_detail(request: HttpRequest, service_uuid: str) -> HttpResponse:
    try:
        service = selectors.service_get(service_uuid=service_uuid)
    except NotVisible as exc:
        raise Http404() from exc
    return render(
        request, "schemes/service_detail.html", {"service": service, "item": service, **_item_context(request, service)}
    )


@require_POST
@actor_view
def item_mark_checked(request: HttpRequest, actor: Actor, kind: str, item_uuid: str) -> HttpResponse:
    item: Scheme | Service
    if kind == "regeling":
        item = selectors.scheme_get(scheme_uuid=item_uuid)
    elif kind == "dienst":
        item = selectors.service_get(service_uuid=item_uuid)
    else:
        raise Http404()
    try:
        services.catalogue_item_mark_checked(actor=actor, item=item)
    except PermissionDenied as exc:
        # Not an editor of this item: the same answer as for an item that does not exist.
        raise Http404() from exc
    messages.success(request, _("Marked as checked today."))
    return redirect(request.POST.get("next") or "schemes:maintenance")


@actor_view
def maintenance(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = selectors.maintenance_overview(organisation_id=actor.organisation.pk) if actor.organisation else []
    editable = [r for r in rows if services.catalogue_may_edit(actor, r.item.organisation)]
    return render(
        request,
        "schemes/maintenance.html",
        {"rows": rows, "may_edit": bool(editable), "stale": sum(r.is_stale for r in rows)},
    )


@actor_view
def area_map(request: HttpRequest, actor: Actor) -> HttpResponse:
    code = request.GET.get("wijk", "")
    district = District.objects.select_related("municipality").filter(code=code).first() if code else None
    if district is None:
        municipality_id = actor.organisation.municipality_id if actor.organisation else None
        district = selectors.busiest_district(municipality_id=municipality_id)
    if district is None:
        raise Http404()
    offer = selectors.area_offer(district=district)
    districts = list(District.objects.filter(municipality_id=district.municipality_id).order_by("code"))
    shapes = svgmap.district_shapes(str(Path(settings.SHARED_DATA_DIR) / GEO_FILE), district.municipality.code)
    svg = svgmap.render_svg(
        shapes,
        values=offer.services_per_district,
        selected=district.code,
        title=_("Services and initiatives per district in %(name)s") % {"name": district.municipality.name},
        description=_("Darker districts have more services and initiatives. The numbers are also in the table."),
        label=_("{name}: {value} services and initiatives"),
    )
    context = {
        "district": district,
        "districts": districts,
        "offer": offer,
        "svg": mark_safe(svg),  # noqa: S308  built by svgmap, which escapes every name and text it puts in
        "district_rows": [(d, offer.services_per_district.get(d.code, 0)) for d in districts],
    }
    return render(request, "schemes/area_map.html", context)
