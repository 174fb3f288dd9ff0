"""HTML pages of a coalition's agreements: thin — parse with a form, call one service or selector, render.

A coalition the actor's organisation is not part of is a 404 (``access.coalition_get``); a refused
form is rendered again with its Dutch errors (status 400) and nothing is written. Each page lists
its posted forms as handlers (``_handle``); the change pages (an agreement, KPI or budget, the
DIN's goals and efforts) exist only for coordinators and managers of a party (404 for others).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.cases import selectors as case_selectors
from wijkverband.consent import policy
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.organisations.models import Coalition

from . import access, exports, forms, selectors, services
from .constants import EDITOR_ROLES
from .exports import euro
from .models import LearningSession, Lesson, MicroAnalysis, PerformanceAgreement, Pilot, PriceItem, Tool


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("jaar", ""))
    except ValueError:
        return timezone.localdate().year


def _parties(coalition: Coalition) -> list[tuple[str, str]]:
    return [(str(o.uuid), o.name) for o in coalition.organisations.order_by("name")]


Perform = Callable[[dict[str, Any]], object]
# A posted form's handler: the bound form (None for a button without fields), the service call, the message.
Handler = tuple[Form | None, Perform, str]


def _posted(request: HttpRequest) -> str | None:
    """Which form on the page was posted (its hidden ``form`` field), or None for a GET."""
    return request.POST.get("form") if request.method == "POST" else None


def _handle(request: HttpRequest, handlers: dict[str, Handler], *, which: str | None = None) -> bool:
    """Run the handler of the posted form; True when the page should redirect.

    A form runs its service only when valid; a refusal (ValidationError, PermissionDenied) is put on
    the form, which the page renders again (False). A button (archive, remove, escalate) has no
    fields to show errors on: its outcome is a message on the page it returns to (True). An empty
    success message means the service call gives its own."""
    which = which or _posted(request)
    if which not in handlers:
        return False
    form, perform, success = handlers[which]
    if form is None:
        try:
            perform({})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, error.message)
        else:
            if success:
                messages.success(request, success)
        return True
    if not form.is_valid():
        return False
    try:
        perform(form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, error.message)
        return False
    messages.success(request, success)
    return True


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # A page rendered again after a post shows refused input: 400, so nothing reads it as a success.
    return render(request, template, context, status=400 if _posted(request) else 200)


def _item_forms(
    request: HttpRequest,
    form_name: str,
    key_field: str,
    items: dict[str, dict[str, Any] | None],
    make: Callable[..., Form],
) -> tuple[dict[str, Form], Form | None]:
    """One form per listed item (key → initial values), each with its own element ids; the posted one
    is bound to the data. A posted key that is not listed is a 404, like any unknown id."""
    posted_key = request.POST.get(key_field, "") if _posted(request) == form_name else None
    if posted_key is not None and posted_key not in items:
        raise Http404()
    built = {
        key: make(request.POST if key == posted_key else None, auto_id=f"id_{form_name}_{key[:8]}_%s", initial=initial)
        for key, initial in items.items()
    }
    return built, built.get(posted_key) if posted_key is not None else None


def _keys(objects: Any) -> dict[str, dict[str, Any] | None]:
    return {str(obj.uuid): None for obj in objects}


@actor_view
def coalition_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "agreements/coalition_list.html", {"coalitions": access.coalitions_for(actor)})


@actor_view
def din_detail(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    view = selectors.din_for_coalition(coalition)
    strategic = [(str(g.uuid), g.title) for g in view.strategic_goals]
    goals = [(str(g.uuid), g.title) for g in view.operational_goals]
    which = _posted(request)
    data = request.POST if which else None
    agreement = view.agreement
    built: dict[str, Form] = {
        "din": forms.DinForm(
            data if which == "din" else None,
            initial={"ambition": agreement.ambition, "starts_in": agreement.starts_in, "ends_in": agreement.ends_in}
            if agreement
            else None,
        ),
        "template": forms.TemplateForm(
            data if which == "template" else None, initial={"year": timezone.localdate().year}
        ),
        # Own element ids per form: several of them have a "title" field on the same page.
        "strategic": forms.StrategicGoalForm(data if which == "strategic" else None, auto_id="id_strategic_%s"),
        "operational": forms.OperationalGoalForm(
            data if which == "operational" else None, strategic=strategic, auto_id="id_operational_%s"
        ),
        "effort": forms.EffortForm(
            data if which == "effort" else None, goals=goals, parties=_parties(coalition), auto_id="id_effort_%s"
        ),
    }
    handlers: dict[str, Handler] = {
        "din": (
            built["din"],
            lambda d: services.collaboration_agreement_save(
                actor=actor, coalition=coalition, ambition=d["ambition"], starts_in=d["starts_in"], ends_in=d["ends_in"]
            ),
            _("Saved."),
        ),
        "template": (
            built["template"],
            lambda d: services.din_template_apply(
                actor=actor, coalition=coalition, template_key=d["template"], year=d["year"]
            ),
            _("Saved."),
        ),
        "strategic": (
            built["strategic"],
            lambda d: services.strategic_goal_add(
                actor=actor, coalition=coalition, title=d["title"], purpose=d["purpose"]
            ),
            _("Saved."),
        ),
        "operational": (
            built["operational"],
            lambda d: services.operational_goal_add(
                actor=actor,
                coalition=coalition,
                strategic_goal_uuid=d["strategic_goal"],
                title=d["title"],
                indicator=d["indicator"],
            ),
            _("Saved."),
        ),
        "effort": (
            built["effort"],
            lambda d: services.effort_create(
                actor=actor,
                coalition=coalition,
                title=d["title"],
                goal_uuids=d["goals"],
                roles=built["effort"].roles(),  # type: ignore[attr-defined]
                description=d.get("description", ""),
            ),
            _("Saved."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:din", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "view": view,
        "forms": built,
        "may_edit": access.may_edit(actor, coalition),
        "section": "din",
    }
    return _render(request, "agreements/din_detail.html", context)


@actor_view
def din_edit(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    """Change or remove the goals and efforts of the DIN, one form per item."""
    coalition = access.coalition_get(actor, coalition_uuid)
    if not access.may_edit(actor, coalition):
        raise Http404()
    view = selectors.din_for_coalition(coalition)
    strategic = [(str(g.uuid), g.title) for g in view.strategic_goals]
    goals = [(str(g.uuid), g.title) for g in view.operational_goals]
    parties = _parties(coalition)
    strategic_forms, strategic_form = _item_forms(
        request,
        "strategic-edit",
        "goal",
        {str(g.uuid): {"title": g.title, "purpose": g.purpose} for g in view.strategic_goals},
        forms.StrategicGoalForm,
    )
    operational_forms, operational_form = _item_forms(
        request,
        "operational-edit",
        "goal",
        {
            str(g.uuid): {"title": g.title, "indicator": g.indicator, "strategic_goal": str(g.strategic_goal.uuid)}
            for g in view.operational_goals
        },
        lambda data, **kw: forms.OperationalGoalForm(data, strategic=strategic, **kw),
    )
    effort_forms, effort_form = _item_forms(
        request,
        "effort-edit",
        "effort",
        {
            str(e.uuid): {
                "title": e.title,
                "description": e.description,
                "goals": [str(g.uuid) for g in e.goals.all()],
                **{f"role_{r.organisation.uuid}": r.role for r in e.roles.all()},
            }
            for e in view.efforts
        },
        lambda data, **kw: forms.EffortForm(data, goals=goals, parties=parties, **kw),
    )
    posted = request.POST.get
    handlers: dict[str, Handler] = {
        "strategic-edit": (
            strategic_form,
            lambda d: services.strategic_goal_update(
                actor=actor,
                goal=selectors.strategic_goal_get(coalition, posted("goal", "")),
                title=d["title"],
                purpose=d["purpose"],
            ),
            _("Saved."),
        ),
        "strategic-delete": (
            None,
            lambda d: services.strategic_goal_delete(
                actor=actor, goal=selectors.strategic_goal_get(coalition, posted("goal", ""))
            ),
            _("Removed."),
        ),
        "operational-edit": (
            operational_form,
            lambda d: services.operational_goal_update(
                actor=actor,
                goal=selectors.operational_goal_get(coalition, posted("goal", "")),
                title=d["title"],
                indicator=d["indicator"],
                strategic_goal_uuid=d["strategic_goal"],
            ),
            _("Saved."),
        ),
        "operational-delete": (
            None,
            lambda d: services.operational_goal_delete(
                actor=actor, goal=selectors.operational_goal_get(coalition, posted("goal", ""))
            ),
            _("Removed."),
        ),
        "effort-edit": (
            effort_form,
            lambda d: services.effort_update(
                actor=actor,
                effort=selectors.effort_get(coalition, posted("effort", "")),
                title=d["title"],
                goal_uuids=d["goals"],
                roles=effort_form.roles(),  # type: ignore[union-attr]
                description=d.get("description", ""),
            ),
            _("Saved."),
        ),
        "effort-delete": (
            None,
            lambda d: services.effort_delete(actor=actor, effort=selectors.effort_get(coalition, posted("effort", ""))),
            _("Removed."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:din-edit", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "strategic_goals": [(g, strategic_forms[str(g.uuid)]) for g in view.strategic_goals],
        "operational_goals": [(g, operational_forms[str(g.uuid)]) for g in view.operational_goals],
        "efforts": [(e, effort_forms[str(e.uuid)]) for e in view.efforts],
        "section": "din",
    }
    return _render(request, "agreements/din_edit.html", context)


@actor_view
def performance_list(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    which = _posted(request)
    parties = _parties(coalition)
    agreements = selectors.performance_agreements_for(coalition)
    frameworks = selectors.framework_agreements_for(coalition)
    create = forms.PerformanceAgreementForm(request.POST if which == "create" else None)
    # Own element ids: the performance form on this page has the same year fields.
    framework_form = forms.FrameworkAgreementForm(
        request.POST if which == "framework" else None, parties=parties, auto_id="id_framework_%s"
    )
    agreement_keys = _keys(v.agreement for v in agreements)
    commitment_forms, commitment = _item_forms(
        request,
        "commitment",
        "agreement",
        agreement_keys,
        lambda data, **kw: forms.CommitmentForm(data, parties=parties, **kw),
    )
    meeting_forms, meeting = _item_forms(
        request,
        "meeting",
        "agreement",
        {key: {"held_on": timezone.localdate().isoformat()} for key in agreement_keys},
        forms.ProgressMeetingForm,
    )
    delivery_forms, delivery = _item_forms(
        request,
        "delivery",
        "agreement",
        _keys(f.agreement for f in frameworks),
        lambda data, **kw: forms.DeliveryForm(data, parties=parties, **kw),
    )

    def agreement() -> PerformanceAgreement:
        return selectors.performance_agreement_get(coalition, request.POST.get("agreement", ""))

    handlers: dict[str, Handler] = {
        "create": (
            create,
            lambda d: services.performance_agreement_create(actor=actor, coalition=coalition, **d),
            _("The performance agreement is added."),
        ),
        "commitment": (
            commitment,
            lambda d: services.annual_commitment_set(
                actor=actor,
                agreement=agreement(),
                organisation_uuid=d["organisation"],
                year=d["year"],
                action=d["action"],
                status=d["status"],
            ),
            _("The action for the year is saved."),
        ),
        "meeting": (
            meeting,
            lambda d: services.progress_meeting_record(
                actor=actor, agreement=agreement(), held_on=d["held_on"], notes=d["notes"], status=d["status"]
            ),
            _("The progress meeting is recorded."),
        ),
        "framework": (
            framework_form,
            lambda d: services.framework_agreement_create(
                actor=actor,
                coalition=coalition,
                target_group=d["target_group"],
                starts_in=d["starts_in"],
                ends_in=d["ends_in"],
                homes_per_year=d["homes_per_year"],
                shares=framework_form.shares(),
            ),
            _("The framework agreement is added."),
        ),
        "delivery": (
            delivery,
            lambda d: services.framework_delivery_record(
                actor=actor,
                agreement=selectors.framework_agreement_get(coalition, request.POST.get("agreement", "")),
                organisation_uuid=d["organisation"],
                year=d["year"],
                homes=d["homes"],
                note=d["note"],
            ),
            _("The delivery is recorded."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "agreements": [
            (v, commitment_forms[str(v.agreement.uuid)], meeting_forms[str(v.agreement.uuid)]) for v in agreements
        ],
        "frameworks": [(f, delivery_forms[str(f.agreement.uuid)]) for f in frameworks],
        "create_form": create,
        "framework_form": framework_form,
        "may_edit": access.may_edit(actor, coalition),
        "section": "performance",
    }
    return _render(request, "agreements/performance_list.html", context)


def _editor_coalition(actor: Actor, coalition_uuid: str) -> Coalition:
    # The change pages are for who may change; to anyone else they do not exist.
    coalition = access.coalition_get(actor, coalition_uuid)
    if not access.may_edit(actor, coalition):
        raise Http404()
    return coalition


@actor_view
def performance_edit(request: HttpRequest, actor: Actor, coalition_uuid: str, agreement_uuid: str) -> HttpResponse:
    coalition = _editor_coalition(actor, coalition_uuid)
    agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
    fields = ("theme", "title", "ambition", "goal", "starts_in", "ends_in", "status")
    form = forms.PerformanceAgreementEditForm(
        request.POST if _posted(request) == "edit" else None,
        initial={name: getattr(agreement, name) for name in fields},
    )
    back = redirect("agreements:performance-edit", coalition_uuid=coalition.uuid, agreement_uuid=agreement.uuid)
    posted = request.POST.get
    handlers: dict[str, Handler] = {
        "edit": (
            form,
            lambda d: services.performance_agreement_update(actor=actor, agreement=agreement, **d),
            _("Saved."),
        ),
        "commitment-remove": (
            None,
            lambda d: services.annual_commitment_remove(
                actor=actor, commitment=selectors.annual_commitment_get(agreement, posted("item", ""))
            ),
            _("Removed."),
        ),
        "meeting-remove": (
            None,
            lambda d: services.progress_meeting_remove(
                actor=actor, meeting=selectors.progress_meeting_get(agreement, posted("item", ""))
            ),
            _("Removed."),
        ),
    }
    if _posted(request) == "archive":
        services.performance_agreement_archive(actor=actor, agreement=agreement)
        messages.success(request, _("The performance agreement is archived."))
        return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    if _handle(request, handlers):
        return back
    context = {
        "coalition": coalition,
        "agreement": agreement,
        "form": form,
        "commitments": agreement.commitments.select_related("organisation"),
        "meetings": agreement.meetings.all(),
        "section": "performance",
    }
    return _render(request, "agreements/performance_edit.html", context)


@actor_view
def framework_edit(request: HttpRequest, actor: Actor, coalition_uuid: str, agreement_uuid: str) -> HttpResponse:
    coalition = _editor_coalition(actor, coalition_uuid)
    agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
    initial: dict[str, Any] = {
        "target_group": agreement.target_group,
        "starts_in": agreement.starts_in,
        "ends_in": agreement.ends_in,
        "homes": forms.year_values_text({t.year: t.homes for t in agreement.targets.all()}),
        **{f"share_{s.organisation.uuid}": s.percent for s in agreement.shares.select_related("organisation")},
    }
    form = forms.FrameworkAgreementForm(
        request.POST if _posted(request) == "edit" else None, parties=_parties(coalition), initial=initial
    )
    handlers: dict[str, Handler] = {
        "edit": (
            form,
            lambda d: services.framework_agreement_update(
                actor=actor,
                agreement=agreement,
                target_group=d["target_group"],
                starts_in=d["starts_in"],
                ends_in=d["ends_in"],
                homes_per_year=d["homes_per_year"],
                shares=form.shares(),
            ),
            _("Saved."),
        ),
        "delivery-remove": (
            None,
            lambda d: services.framework_delivery_remove(
                actor=actor, delivery=selectors.framework_delivery_get(agreement, request.POST.get("item", ""))
            ),
            _("Removed."),
        ),
    }
    if _posted(request) == "archive":
        services.framework_agreement_archive(actor=actor, agreement=agreement)
        messages.success(request, _("The framework agreement is archived."))
        return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    if _handle(request, handlers):
        return redirect("agreements:framework-edit", coalition_uuid=coalition.uuid, agreement_uuid=agreement.uuid)
    context = {
        "coalition": coalition,
        "agreement": agreement,
        "form": form,
        "deliveries": agreement.deliveries.select_related("organisation"),
        "section": "performance",
    }
    return _render(request, "agreements/framework_edit.html", context)


@actor_view
def kpi_dashboard(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    year = _year(request)
    which = _posted(request)
    define = forms.KpiForm(request.POST if which == "kpi" else None, initial={"target_year": year})
    rows = selectors.kpi_dashboard(coalition, year=year)
    measure = forms.KpiMeasurementForm(
        request.POST if which == "measurement" else None,
        kpis=[(str(r.kpi.uuid), r.kpi.name) for r in rows if r.kpi.method != "automatic"],
        initial={"year": year},
    )
    handlers: dict[str, Handler] = {
        "kpi": (
            define,
            lambda d: services.kpi_define(
                actor=actor,
                coalition=coalition,
                name=d["name"],
                unit=d["unit"],
                direction=d["direction"],
                source=d["source"],
                targets={d["target_year"]: d["target"]},
                result_area=d["result_area"],
                aggregation=d["aggregation"],
                method=d["method"],
                formula=d["formula"],
                automatic_code=d["automatic_code"],
            ),
            _("The KPI is added."),
        ),
        "measurement": (
            measure,
            lambda d: services.kpi_measurement_record(
                actor=actor,
                kpi=selectors.kpi_get(coalition, d["kpi"]),
                area_code=d["area_code"],
                year=d["year"],
                value=d["value"],
                period=d["period"],
                note=d["note"],
            ),
            _("The value is recorded."),
        ),
        "refresh": (
            None,
            lambda d: services.kpi_automatic_refresh(actor=actor, coalition=coalition, year=year),
            _("The automatic KPIs are computed again."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:kpis", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "year": year,
        "rows": rows,
        "define_form": define,
        "measure_form": measure,
        "budgets": selectors.area_budgets_for(coalition),
        "may_edit": access.may_edit(actor, coalition),
        "section": "kpis",
    }
    return _render(request, "agreements/kpi_dashboard.html", context)


@actor_view
def kpi_edit(request: HttpRequest, actor: Actor, coalition_uuid: str, kpi_uuid: str) -> HttpResponse:
    coalition = _editor_coalition(actor, coalition_uuid)
    kpi = selectors.kpi_get(coalition, kpi_uuid)
    initial = {
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "source": kpi.source,
        "result_area": kpi.result_area,
        "targets": forms.year_values_text({t.year: t.value.normalize() for t in kpi.targets.all()}),
    }
    form = forms.KpiEditForm(request.POST if _posted(request) == "edit" else None, initial=initial)
    handlers: dict[str, Handler] = {
        "edit": (form, lambda d: services.kpi_update(actor=actor, kpi=kpi, **d), _("Saved.")),
        "value-remove": (
            None,
            lambda d: services.kpi_measurement_remove(
                actor=actor, measurement=selectors.kpi_measurement_get(kpi, request.POST.get("item", ""))
            ),
            _("Removed."),
        ),
    }
    if _posted(request) == "archive":
        services.kpi_archive(actor=actor, kpi=kpi)
        messages.success(request, _("The KPI is archived."))
        return redirect("agreements:kpis", coalition_uuid=coalition.uuid)
    if _handle(request, handlers):
        return redirect("agreements:kpi-edit", coalition_uuid=coalition.uuid, kpi_uuid=kpi.uuid)
    context = {
        "coalition": coalition,
        "kpi": kpi,
        "form": form,
        "measurements": selectors.kpi_measurements(kpi),
        "section": "kpis",
    }
    return _render(request, "agreements/kpi_edit.html", context)


@actor_view
def annual_report(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    year = _year(request)
    response = HttpResponse(exports.annual_report_pdf(coalition, year=year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jaarverslag-{year}.pdf"'
    return response


@actor_view
def impact(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    context = {"coalition": coalition, "overview": selectors.impact_overview(coalition), "section": "impact"}
    return render(request, "agreements/impact.html", context)


@actor_view
def learning(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    search = forms.LessonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    which = _posted(request)
    parties = _parties(coalition)
    may_edit = access.may_edit(actor, coalition)
    sessions = list(coalition.learning_sessions.prefetch_related("attendees")[:50])
    lessons = selectors.lessons_search(coalition, query=query)
    session_choices = [(str(s.uuid), f"{s.held_on:%d-%m-%Y} – {s.themes}") for s in sessions]
    session_form = forms.LearningSessionForm(request.POST if which == "session" else None, parties=parties)
    lesson_form = forms.LessonForm(request.POST if which == "lesson" else None, sessions=session_choices)
    session_edit_forms, session_edit = _item_forms(
        request,
        "session-edit",
        "session",
        {
            str(s.uuid): {
                "level": s.level,
                "held_on": s.held_on.isoformat(),
                "themes": s.themes,
                "attendees": [str(o.uuid) for o in s.attendees.all()],
            }
            for s in sessions[:20]
        }
        if may_edit
        else {},
        lambda data, **kw: forms.LearningSessionForm(data, parties=parties, **kw),
    )
    # The author corrects their own lesson; coordinators and managers any (the service checks it again).
    own = {lesson.uuid for lesson in lessons if may_edit or lesson.recorded_by_id == actor.user.pk}
    lesson_edit_forms, lesson_edit = _item_forms(
        request,
        "lesson-edit",
        "lesson",
        {str(x.uuid): {"kind": x.kind, "title": x.title, "text": x.text} for x in lessons if x.uuid in own},
        forms.LessonEditForm,
    )

    def session() -> LearningSession:
        return selectors.learning_session_get(coalition, request.POST.get("session", ""))

    def lesson() -> Lesson:
        return selectors.lesson_get(coalition, request.POST.get("lesson", ""))

    def session_save(d: dict[str, Any]) -> object:
        return services.learning_session_update(
            actor=actor,
            session=session(),
            level=d["level"],
            held_on=d["held_on"],
            themes=d["themes"],
            attendee_uuids=d["attendees"],
        )

    def escalate(d: dict[str, Any]) -> None:
        escalated = services.lesson_escalate(actor=actor, lesson=lesson())
        level = escalated.get_escalated_to_display()
        messages.success(request, _("The theme is on the agenda of: %(level)s.") % {"level": level})

    handlers: dict[str, Handler] = {
        "session": (
            session_form,
            lambda d: services.learning_session_record(
                actor=actor,
                coalition=coalition,
                level=d["level"],
                held_on=d["held_on"],
                themes=d["themes"],
                attendee_uuids=d["attendees"],
            ),
            _("The learning session is recorded."),
        ),
        "session-edit": (session_edit, session_save, _("Saved.")),
        "session-delete": (
            None,
            lambda d: services.learning_session_delete(actor=actor, session=session()),
            _("The learning session is removed; its lessons stay in the learning history."),
        ),
        "lesson": (
            lesson_form,
            lambda d: services.lesson_record(
                actor=actor,
                coalition=coalition,
                kind=d["kind"],
                title=d["title"],
                text=d["text"],
                session=selectors.learning_session_get(coalition, d["session"]) if d["session"] else None,
            ),
            _("The lesson is added to the learning history."),
        ),
        "lesson-edit": (
            lesson_edit,
            lambda d: services.lesson_update(actor=actor, lesson=lesson(), **d),
            _("Saved."),
        ),
        "lesson-delete": (None, lambda d: services.lesson_delete(actor=actor, lesson=lesson()), _("Removed.")),
        # The message names the level reached, so ``escalate`` gives it.
        "escalate": (None, escalate, ""),
    }
    if _handle(request, handlers):
        return redirect("agreements:learning", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "form": search,
        "query": query,
        "lessons": [(x, lesson_edit_forms.get(str(x.uuid))) for x in lessons],
        "escalated": selectors.escalated_lessons(coalition),
        "sessions": [(s, session_edit_forms.get(str(s.uuid))) for s in sessions[:20]],
        "session_form": session_form,
        "lesson_form": lesson_form,
        "may_edit": may_edit,
        "section": "learning",
    }
    return _render(request, "agreements/learning.html", context)


@actor_view
def area_budgets(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    create = forms.AreaBudgetForm(request.POST if _posted(request) == "budget" else None)
    budgets = selectors.area_budgets_for(coalition)
    spending_forms, spending = _item_forms(
        request,
        "spending",
        "budget",
        _keys(b.budget for b in budgets),
        lambda data, **kw: forms.BudgetSpendingForm(data, parties=_parties(coalition), **kw),
    )
    handlers: dict[str, Handler] = {
        "budget": (
            create,
            lambda d: services.area_budget_create(actor=actor, coalition=coalition, **_budget_fields(d)),
            _("The area budget is added."),
        ),
        "spending": (
            spending,
            lambda d: services.budget_spending_record(
                actor=actor,
                budget=selectors.area_budget_get(coalition, request.POST.get("budget", "")),
                organisation_uuid=d["organisation"],
                year=d["year"],
                category=d["category"],
                amount=d["amount"],
            ),
            _("The spending is recorded."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:budgets", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "budgets": [(b, spending_forms[str(b.budget.uuid)]) for b in budgets],
        "create_form": create,
        "may_edit": access.may_edit(actor, coalition),
        "section": "budgets",
    }
    return _render(request, "agreements/area_budgets.html", context)


def _budget_fields(d: dict[str, Any]) -> dict[str, Any]:
    """The budget form's fields as the budget services take them."""
    split = {key: d[f"savings_{key}"] for key in ("residents", "municipality", "providers")}
    names = ("area_code", "name", "starts_in", "ends_in", "base_amount", "indexation_percent", "efficiency_percent")
    return {**{name: d[name] for name in names}, "baseline_amount": d["baseline_amount"], "savings_split": split}


@actor_view
def budget_edit(request: HttpRequest, actor: Actor, coalition_uuid: str, budget_uuid: str) -> HttpResponse:
    coalition = _editor_coalition(actor, coalition_uuid)
    budget = selectors.area_budget_get(coalition, budget_uuid)
    form = forms.AreaBudgetForm(
        request.POST if _posted(request) == "edit" else None,
        initial={name: getattr(budget, name) for name in forms.AreaBudgetForm.base_fields},
    )
    handlers: dict[str, Handler] = {
        "edit": (
            form,
            lambda d: services.area_budget_update(actor=actor, budget=budget, **_budget_fields(d)),
            _("Saved."),
        ),
        "spending-remove": (
            None,
            lambda d: services.budget_spending_remove(
                actor=actor, spending=selectors.budget_spending_get(budget, request.POST.get("item", ""))
            ),
            _("Removed."),
        ),
    }
    if _posted(request) == "archive":
        services.area_budget_archive(actor=actor, budget=budget)
        messages.success(request, _("The area budget is archived."))
        return redirect("agreements:budgets", coalition_uuid=coalition.uuid)
    if _handle(request, handlers):
        return redirect("agreements:budget-edit", coalition_uuid=coalition.uuid, budget_uuid=budget.uuid)
    context = {
        "coalition": coalition,
        "budget": budget,
        "form": form,
        "spendings": budget.spendings.select_related("organisation"),
        "section": "budgets",
    }
    return _render(request, "agreements/budget_edit.html", context)


@actor_view
def toolbox(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    tool_form = forms.ToolForm(request.POST if _posted(request) == "tool" else None)
    tools = selectors.tools_for(coalition)
    evaluation_forms, evaluation_form = _item_forms(
        request, "evaluation", "tool", _keys(tools), forms.ToolEvaluationForm
    )
    may_edit = access.may_edit(actor, coalition)
    edit_forms, edit_form = _item_forms(
        request,
        "tool-edit",
        "tool",
        {str(t.uuid): {"name": t.name, "description": t.description, "source": t.source} for t in tools}
        if may_edit
        else {},
        forms.ToolForm,
    )

    def tool() -> Tool:
        return selectors.tool_get(coalition, request.POST.get("tool", ""))

    handlers: dict[str, Handler] = {
        "tool-edit": (edit_form, lambda d: services.tool_update(actor=actor, tool=tool(), **d), _("Saved.")),
        "tool-delete": (None, lambda d: services.tool_delete(actor=actor, tool=tool()), _("Removed.")),
        "evaluation-remove": (
            None,
            lambda d: services.tool_evaluation_remove(
                actor=actor, evaluation=selectors.tool_evaluation_get(tool(), request.POST.get("evaluation", ""))
            ),
            _("Removed."),
        ),
        "tool": (
            tool_form,
            lambda d: services.tool_create(actor=actor, coalition=coalition, **d),
            _("The instrument is added to the toolbox."),
        ),
        "evaluation": (
            evaluation_form,
            lambda d: services.tool_evaluation_record(
                actor=actor, tool=selectors.tool_get(coalition, request.POST.get("tool", "")), **d
            ),
            _("The evaluation is recorded."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:toolbox", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "tools": [(t, evaluation_forms[str(t.uuid)], edit_forms.get(str(t.uuid))) for t in tools],
        "tool_form": tool_form,
        "may_edit": may_edit,
        "my_organisation_id": actor.membership.organisation_id if actor.membership else None,
        "section": "toolbox",
    }
    return _render(request, "agreements/toolbox.html", context)


@actor_view
def roadmap(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    pilot_form = forms.PilotForm(
        request.POST if _posted(request) == "pilot" else None, parties=_parties(coalition), field="owner"
    )
    pilots = selectors.pilots_for(coalition)
    today = timezone.localdate().isoformat()
    check_forms, check_form = _item_forms(
        request, "check", "pilot", {str(p.uuid): {"checked_on": today} for p in pilots}, forms.PilotCheckForm
    )
    may_edit = access.may_edit(actor, coalition)
    parties = _parties(coalition)
    edit_forms, edit_form = _item_forms(
        request,
        "pilot-edit",
        "pilot",
        {
            str(p.uuid): {
                "title": p.title,
                "goal": p.goal,
                "owner": str(p.owner.uuid),
                "starts_on": p.starts_on.isoformat(),
                "ends_on": p.ends_on.isoformat() if p.ends_on else "",
            }
            for p in pilots
        }
        if may_edit
        else {},
        lambda data, **kw: forms.PilotForm(data, parties=parties, field="owner", **kw),
    )

    def pilot() -> Pilot:
        return selectors.pilot_get(coalition, request.POST.get("pilot", ""))

    handlers: dict[str, Handler] = {
        "pilot-edit": (
            edit_form,
            lambda d: services.pilot_update(
                actor=actor,
                pilot=pilot(),
                title=d["title"],
                goal=d["goal"],
                owner_uuid=d["owner"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
            ),
            _("Saved."),
        ),
        "pilot-delete": (None, lambda d: services.pilot_delete(actor=actor, pilot=pilot()), _("Removed.")),
        "pilot": (
            pilot_form,
            lambda d: services.pilot_create(
                actor=actor,
                coalition=coalition,
                title=d["title"],
                goal=d["goal"],
                owner_uuid=d["owner"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
            ),
            _("The pilot is on the roadmap."),
        ),
        "check": (
            check_form,
            lambda d: services.pilot_check_record(
                actor=actor, pilot=selectors.pilot_get(coalition, request.POST.get("pilot", "")), **d
            ),
            _("The progress check is recorded."),
        ),
    }
    if _handle(request, handlers):
        return redirect("agreements:roadmap", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "pilots": [(p, check_forms[str(p.uuid)], edit_forms.get(str(p.uuid))) for p in pilots],
        "today": timezone.localdate(),
        "pilot_form": pilot_form,
        "may_edit": may_edit,
        "section": "roadmap",
    }
    return _render(request, "agreements/roadmap.html", context)


@actor_view
def price_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    may_add = actor.role in EDITOR_ROLES
    form = forms.PriceItemForm(request.POST if request.method == "POST" else None)
    # The page has this one form, without a hidden "form" field.
    handlers: dict[str, Handler] = {
        "price": (form, lambda d: services.price_item_create(actor=actor, **d), _("The price is added.")),
    }
    if request.method == "POST" and _handle(request, handlers, which="price"):
        return redirect("agreements:price-list")
    context = {"items": PriceItem.objects.all(), "form": form, "may_add": may_add}
    return render(request, "agreements/price_list.html", context, status=400 if request.method == "POST" else 200)


@actor_view
def micro_analysis(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    view = selectors.micro_analysis_for_user(actor=actor, plan_uuid=plan_uuid)
    may_edit = policy.PLAN_CONTRIBUTE in policy.plan_permissions(actor, view.plan)
    return render(request, "agreements/micro_analysis.html", {"view": view, "plan": view.plan, "may_edit": may_edit})


COST_LINE_ROWS = 8


@actor_view
def micro_analysis_edit(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    """Record or replace a plan's micro-analysis: lines priced from the price list, support given and
    costs avoided. Only for who may contribute to the plan (the service checks it again)."""
    plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)  # 404 + denied read otherwise
    if policy.PLAN_CONTRIBUTE not in policy.plan_permissions(actor, plan):
        raise Http404()
    removal: dict[str, Handler] = {
        "delete": (None, lambda d: services.micro_analysis_delete(actor=actor, plan=plan), _("Removed."))
    }
    if _handle(request, removal):
        return redirect("agreements:micro-analysis", plan_uuid=plan.uuid)
    prices = [(p.code, f"{p.name} ({euro(p.amount)} {p.unit}, {p.year})") for p in PriceItem.objects.all()]
    existing = MicroAnalysis.objects.filter(plan=plan).first()
    posted = request.POST if request.method == "POST" else None
    initial_lines: list[dict[str, object]] = []
    if existing is not None:
        initial_lines = [
            {"kind": i.kind, "price_code": i.price_item.code, "quantity": i.quantity, "description": i.description}
            for i in existing.items.select_related("price_item")
        ]
    main = forms.MicroAnalysisForm(
        posted,
        initial={
            "reference_scenario": existing.reference_scenario,
            "is_new_case": existing.is_new_case,
            "programme": existing.programme,
        }
        if existing
        else None,
    )
    rows = [
        forms.CostLineForm(
            posted,
            prefix=f"line-{index}",
            prices=prices,
            initial=initial_lines[index] if index < len(initial_lines) else None,
        )
        for index in range(max(COST_LINE_ROWS, len(initial_lines) + 2))
    ]
    if posted is not None and main.is_valid() and all(row.is_valid() for row in rows):
        lines = [
            services.CostLineInput(
                kind=row.cleaned_data["kind"],
                price_code=row.cleaned_data["price_code"],
                quantity=row.cleaned_data["quantity"] or Decimal(0),
                description=row.cleaned_data["description"],
            )
            for row in rows
            if not row.is_blank
        ]
        try:
            services.micro_analysis_save(
                actor=actor,
                plan=plan,
                reference_scenario=main.cleaned_data["reference_scenario"],
                is_new_case=main.cleaned_data["is_new_case"],
                programme=main.cleaned_data["programme"],
                lines=lines,
            )
        except ValidationError as error:
            attach_errors(main, error)
        except PermissionDenied as error:
            main.add_error(None, error.message)
        else:
            messages.success(request, _("The micro-analysis is saved."))
            return redirect("agreements:micro-analysis", plan_uuid=plan.uuid)
    context = {"plan": plan, "form": main, "rows": rows}
    return render(request, "agreements/micro_analysis_form.html", context, status=400 if posted else 200)
