"""Pages of the Regelingenwijzer: the public wizard and scheme pages, and the professionals' catalogue tools.

The wizard and the pages of a scheme or service are public (no login, nothing stored: the wizard is
a GET form). The catalogue search, the kansenkaart and the maintenance page are for logged-in
members of an organisation. Plan usage is shown as counts only. Editing, ending and importing are for
the editors of the maintaining organisation (anyone else gets the 404 of a missing item); adding an
item to a plan is for professionals and goes through the plan's own rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor, actor_from_request
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.exceptions import PermissionDenied as DomainPermissionDenied
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.neighbourhoods.models import District
from wijkverband.wijkfoto import charts as wijkfoto_charts
from wijkverband.wijkfoto import selectors as wijkfoto_selectors

from . import eligibility, formats, forms, selectors, services
from .forms import CatalogueSearchForm, WizardForm
from .models import CatalogueItem, Scheme, Service

MAX_LIKELY = 25
MAX_POSSIBLE = 10


def _optional_actor(request: HttpRequest) -> Actor | None:
    if not request.user.is_authenticated:
        return None
    actor = actor_from_request(request)
    return actor if actor.membership is not None else None


def wizard(request: HttpRequest) -> HttpResponse:
    form = WizardForm(request.GET or None)
    matches: list[eligibility.Match] | None = None
    if "toon" in request.GET and form.is_valid():
        answers = form.answers(area_codes=selectors.area_codes_for(form.cleaned_data.get("area") or ""))
        matches = selectors.wizard_matches(answers=answers)
    show_all = request.GET.get("alles") == "1"
    likely = [m for m in matches or [] if m.verdict == "likely"]
    possible = [m for m in matches or [] if m.verdict == "possible"]
    # A long list helps nobody (and costs time to render): the best ones, and a way to see all.
    shown_likely = likely if show_all else likely[:MAX_LIKELY]
    shown_possible = possible if show_all else possible[:MAX_POSSIBLE]
    shown = selectors.wizard_schemes([*shown_likely, *shown_possible])  # only these become models
    shown_by_verdict = {verdict: [r for r in shown if r.match.verdict == verdict] for verdict in ("likely", "possible")}
    context = {
        "form": form,
        "results": None if matches is None else [*likely, *possible],
        "likely": shown_by_verdict["likely"],
        "possible": shown_by_verdict["possible"],
        "sections": [
            (_("Probably fits you"), shown_by_verdict["likely"]),
            (_("May fit you (depends on questions you skipped)"), shown_by_verdict["possible"]),
        ],
        "hidden": len(likely) + len(possible) - len(shown_likely) - len(shown_possible),
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
        "is_retired": item.is_retired_on(timezone.localdate()),
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


URL_KINDS = {"regeling": "scheme", "dienst": "service"}


def _item(kind: str, item_uuid: str) -> Scheme | Service:
    if kind == "regeling":
        return selectors.scheme_get(scheme_uuid=item_uuid)
    if kind == "dienst":
        return selectors.service_get(service_uuid=item_uuid)
    raise Http404()


def _item_url(item: Scheme | Service) -> str:
    if isinstance(item, Scheme):
        return reverse("schemes:scheme-detail", kwargs={"scheme_uuid": item.uuid})
    return reverse("schemes:service-detail", kwargs={"service_uuid": item.uuid})


def _editable_item(actor: Actor, kind: str, item_uuid: str) -> Scheme | Service:
    """The item when the actor may edit it; otherwise the same 404 as for an item that does not exist."""
    item = _item(kind, item_uuid)
    if not services.catalogue_may_edit(actor, item.organisation):
        raise Http404()
    return item


@require_POST
@actor_view
def item_mark_checked(request: HttpRequest, actor: Actor, kind: str, item_uuid: str) -> HttpResponse:
    item = _item(kind, item_uuid)
    try:
        services.catalogue_item_mark_checked(actor=actor, item=item)
    except PermissionDenied as exc:
        # Not an editor of this item: the same answer as for an item that does not exist.
        raise Http404() from exc
    messages.success(request, _("Marked as checked today."))
    return redirect(_safe_next(request) or "schemes:maintenance")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/") else ""


# --- editors: create, change, retire ------------------------------------------------------------


def _edit_form_class(kind: str) -> type[forms.SchemeEditForm] | type[forms.ServiceEditForm]:
    return forms.SchemeEditForm if URL_KINDS[kind] == "scheme" else forms.ServiceEditForm


def _municipality_id(actor: Actor) -> int | None:
    return actor.organisation.municipality_id if actor.organisation else None


def _save_form(
    request: HttpRequest,
    form: forms.CatalogueItemForm,
    save: Callable[[dict[str, Any]], Scheme | Service],
    context: dict[str, Any],
) -> HttpResponse:
    if form.is_valid():
        try:
            item = save(form.values())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved. The item counts as checked today."))
            return redirect(_item_url(item))
    return render(request, "schemes/item_form.html", {"form": form, **context}, status=400)


@actor_view
def item_create(request: HttpRequest, actor: Actor, kind: str) -> HttpResponse:
    if kind not in URL_KINDS or not services.catalogue_may_edit(actor, actor.organisation):
        raise Http404()
    form_class = _edit_form_class(kind)
    context = {"kind": kind, "item": None}
    if request.method != "POST":
        form = form_class(municipality_id=_municipality_id(actor), is_new=True)
        return render(request, "schemes/item_form.html", {"form": form, **context})
    form = form_class(request.POST, municipality_id=_municipality_id(actor), is_new=True)
    return _save_form(
        request,
        form,
        lambda values: services.catalogue_item_create(actor=actor, kind=URL_KINDS[kind], values=values),
        context,
    )


@actor_view
def item_edit(request: HttpRequest, actor: Actor, kind: str, item_uuid: str) -> HttpResponse:
    item = _editable_item(actor, kind, item_uuid)
    form_class = _edit_form_class(kind)
    exported = services.scheme_export(item) if isinstance(item, Scheme) else services.service_export(item)
    initial = form_class.initial_from(exported)
    context = {"kind": kind, "item": item}
    if request.method != "POST":
        form = form_class(initial=initial, municipality_id=_municipality_id(actor), is_new=False)
        return render(request, "schemes/item_form.html", {"form": form, **context})
    form = form_class(request.POST, initial=initial, municipality_id=_municipality_id(actor), is_new=False)
    return _save_form(
        request, form, lambda values: services.catalogue_item_update(actor=actor, item=item, values=values), context
    )


@actor_view
def item_retire(request: HttpRequest, actor: Actor, kind: str, item_uuid: str) -> HttpResponse:
    item = _editable_item(actor, kind, item_uuid)
    form = forms.RetireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_item_retire(actor=actor, item=item, last_day=form.cleaned_data.get("last_day"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Ended. It is no longer offered, but stays in the catalogue."))
            return redirect(_item_url(item))
    return render(
        request,
        "schemes/item_retire.html",
        {"form": form, "item": item, "kind": kind},
        status=400 if form.errors else 200,
    )


# --- professionals: from the wizard into a plan --------------------------------------------------


@actor_view
def item_attach(request: HttpRequest, actor: Actor, kind: str, item_uuid: str) -> HttpResponse:
    """Make a scheme or service an agreement in one of the professional's open plans."""
    item = _item(kind, item_uuid)
    if not actor.may_see_personal_data:
        raise Http404()
    plans = selectors.plans_to_attach(actor=actor)
    initial = {
        "description": _("Apply for: %(name)s") % {"name": item.name} if kind == "regeling" else item.name,
        "due_on": timezone.localdate() + timedelta(days=14),
        "plan": request.GET.get("plan", ""),
    }
    form = forms.PlanAttachForm(request.POST if request.method == "POST" else None, initial=initial, plans=plans)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.catalogue_item_plan_attach(
                actor=actor, plan_uuid=data["plan"], item=item, description=data["description"], due_on=data["due_on"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        except DomainPermissionDenied as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Added to the plan as an agreement."))
            return redirect(reverse("cases:plan-detail", kwargs={"plan_uuid": action.plan.uuid}) + "#afspraken")
    back = _safe_back(request)
    context: dict[str, Any] = {"form": form, "item": item, "kind": kind, "plans": plans, "back": back, "match": None}
    if back and isinstance(item, Scheme):
        # The wizard's answers travel in its address only (nothing was stored): read them again for the "why".
        wizard_form = WizardForm(QueryDict(urlsplit(back).query))
        if wizard_form.is_valid():
            area_codes = selectors.area_codes_for(wizard_form.cleaned_data.get("area") or "")
            context["match"] = selectors.wizard_match(scheme=item, answers=wizard_form.answers(area_codes=area_codes))
    return render(request, "schemes/item_attach.html", context, status=400 if form.errors else 200)


def _safe_back(request: HttpRequest) -> str:
    """Back to the wizard's result the professional came from (only a wizard address on this site)."""
    target = request.GET.get("terug") or request.POST.get("terug") or ""
    wizard_path = reverse("schemes:wizard")
    return target if target.startswith(wizard_path) and url_has_allowed_host_and_scheme(target, None) else ""


# --- editors: import a file ----------------------------------------------------------------------


@actor_view
def catalogue_import(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Upload a JSON or CSV file: first a dry run that shows what would change, then apply it.

    Both steps go through ``services.catalogue_import`` (the command's importer): all or nothing,
    with a per-row report; an editor may only import items of their own organisation.
    """
    if not services.catalogue_may_edit(actor, actor.organisation):
        raise Http404()
    form = forms.ImportForm(request.POST, request.FILES) if request.method == "POST" else forms.ImportForm()
    report: services.ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["is_csv"]:
            rows, problems = formats.csv_rows(data["content"], kind=data["kind"])
        else:
            rows, problems = formats.json_rows(data["content"])
        apply = request.POST.get("apply") == "1"
        try:
            report = services.catalogue_import(rows=rows, file_problems=problems, actor=actor, dry_run=not apply)
        except services.ImportRejected as rejected:
            report, status = rejected.report, 400
        else:
            if apply:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("schemes:maintenance")
            # The dry run passed: the same text goes back with the form, to be checked again and applied.
            form = forms.ImportForm(
                initial={"content": data["content"], "file_name": data["file_name"], "kind": data.get("kind")}
            )
    elif request.method == "POST":
        status = 400
    context = {"form": form, "report": report}
    return render(request, "schemes/catalogue_import.html", context, status=status)


@actor_view
def maintenance(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = selectors.maintenance_overview(organisation_id=actor.organisation.pk) if actor.organisation else []
    editable = [r for r in rows if services.catalogue_may_edit(actor, r.item.organisation)]
    return render(
        request,
        "schemes/maintenance.html",
        {
            "rows": rows,
            "may_edit": bool(editable),
            "may_edit_own": services.catalogue_may_edit(actor, actor.organisation),
            "is_functional_admin": actor.is_functional_admin,
            "stale": sum(r.is_stale for r in rows),
        },
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
    # The district boundaries imported for the wijkfoto (import-geo), drawn by the wijkfoto's map.
    areas = [
        wijkfoto_charts.MapArea(
            code=shape.code,
            name=shape.name,
            geometry=shape.geometry,
            value=offer.services_per_district.get(shape.code, 0),
        )
        for shape in wijkfoto_selectors.district_shapes(district.municipality.code)
    ]
    svg = wijkfoto_charts.choropleth_svg(
        areas,
        title=_("Services and initiatives per district in %(name)s") % {"name": district.municipality.name},
        unit=_("services and initiatives"),
        selected=district.code,
    )
    context = {
        "district": district,
        "districts": districts,
        "offer": offer,
        "svg": mark_safe(svg),  # noqa: S308  built by svgmap, which escapes every name and text it puts in
        "district_rows": [(d, offer.services_per_district.get(d.code, 0)) for d in districts],
    }
    return render(request, "schemes/area_map.html", context)


# --- functional administrators: who edits the catalogue ------------------------------------------


@actor_view
def editors(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Name or remove the editors of the organisation's catalogue items (functional administrators)."""
    organisation = actor.organisation
    if organisation is None or not actor.is_functional_admin:
        raise Http404()
    if request.method == "POST":
        wanted = request.POST.get("membership")
        membership = selectors.member_get(organisation_id=organisation.pk, membership_uuid=wanted)
        if membership is None:
            raise Http404()
        try:
            if request.POST.get("action") == "remove":
                services.catalogue_editor_remove(actor=actor, user=membership.user, organisation=organisation)
                messages.success(request, _("%(name)s no longer edits the catalogue.") % {"name": membership.user})
            else:
                services.catalogue_editor_add(actor=actor, user=membership.user, organisation=organisation)
                messages.success(request, _("%(name)s now edits the catalogue.") % {"name": membership.user})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("schemes:editors")
    rows = selectors.editor_candidates(organisation_id=organisation.pk)
    return render(request, "schemes/editors.html", {"rows": rows, "organisation": organisation})
