"""HTML pages of casusregie: thin — parse with a form, call one service or selector, render.

Every form on the plan page posts to its own URL; on bad input the plan page is rendered again
with that form's Dutch errors (status 400) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.neighbourhoods.models import Neighbourhood
from wijkverband.residents import selectors as resident_selectors

from . import charts, exports, forms, selectors, services
from .constants import TIMELINE_KINDS, ActionStatus, InstrumentCode, WatchContactOutcome
from .models import CasePlan
from .selectors import PlanView


def _neighbourhood_choices(actor: Actor) -> list[tuple[str, str]]:
    municipality_id = actor.organisation.municipality_id if actor.organisation else None
    if municipality_id is None:
        return []
    return list(
        Neighbourhood.objects.filter(municipality_id=municipality_id).order_by("name").values_list("code", "name")
    )


@actor_view
def plan_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.PlanFilterForm(request.GET or None, neighbourhoods=_neighbourhood_choices(actor))
    status = neighbourhood = ""
    if form.is_valid():
        status, neighbourhood = form.cleaned_data["status"], form.cleaned_data["neighbourhood"]
    plans = selectors.case_plan_list_for_user(actor=actor, status=status, neighbourhood_code=neighbourhood)
    return render(request, "cases/plan_list.html", {"form": form, "plans": plans})


@actor_view
def work_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.PlanFilterForm(request.GET or None, neighbourhoods=_neighbourhood_choices(actor))
    neighbourhood = form.cleaned_data["neighbourhood"] if form.is_valid() else ""
    expand = request.GET.get("toon", "")
    work = selectors.work_list_for_user(
        actor=actor,
        neighbourhood_code=neighbourhood,
        expand=expand if expand in selectors.WORK_LIST_SECTIONS else "",
        # The page shows overdue and upcoming separately; "all my agreements" would repeat them.
        include=[name for name in selectors.WORK_LIST_SECTIONS if name != "my_actions"],
    )
    return render(request, "cases/work_list.html", {"form": form, "work": work, "neighbourhood": neighbourhood})


@actor_view
def plan_open(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = resident_selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    form = forms.PlanOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.case_plan_open(
                actor=actor,
                resident=resident,
                title=data["title"],
                as_case_director=data["as_case_director"],
                wants=form.lines(data["want"]),
                cans=form.lines(data["can"]),
                needs=form.lines(data["need"]),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The plan is opened."))
            return redirect("cases:plan-detail", plan_uuid=plan.uuid)
    return render(
        request, "cases/plan_open.html", {"form": form, "resident": resident}, status=400 if form.errors else 200
    )


# --- the plan page -------------------------------------------------------------------------------


def _resident_area(view: PlanView) -> str:
    """The district (or else municipality) whose schemes and services apply to the resident."""
    neighbourhood = view.plan.resident.neighbourhood
    if neighbourhood is None:
        return ""
    return str(neighbourhood.district.code)


def _plan_forms(view: PlanView, bound: dict[str, Form] | None = None, invite_query: str = "") -> dict[str, Form]:
    instruments = selectors.instruments_with_scales()
    zrm = next((i for i in instruments if i.code == InstrumentCode.SELF_RELIANCE_MATRIX), None)
    built: dict[str, Form] = {
        "entry": forms.EntryForm(),
        "invite": forms.InviteForm(memberships=selectors.invite_candidates(view, query=invite_query)),
        "network": forms.NetworkForm(),
        "director": forms.DirectorForm(participants=view.participants),
        "action": forms.ActionForm(participants=view.participants, needs=view.needs, area=_resident_area(view)),
        "meeting": forms.MeetingForm(participants=view.participants),
        "score": forms.ScoreForm(instruments=instruments),
        "matrix": forms.MatrixForm(instrument=zrm),
        "transition": forms.TransitionForm(next_statuses=view.next_statuses, participants=view.participants),
    }
    built.update(bound or {})
    return built


def _charts(view: PlanView) -> list[dict[str, Any]]:
    result = []
    for series in view.charts:
        title = f"{series.instrument.name}: {series.domain_name}" if series.domain_name else series.instrument.name
        small = bool(series.domain_name)
        result.append(
            {
                "title": title,
                "is_domain": small,
                "points": series.points,
                "svg": charts.line_chart_svg(
                    series.points,
                    scale_min=series.instrument.scale_min,
                    scale_max=series.instrument.scale_max,
                    title=title,
                    width=300 if small else 480,
                    height=140 if small else 180,
                ),
            }
        )
    return result


def _render_plan(
    request: HttpRequest,
    actor: Actor,
    plan: CasePlan,
    bound: dict[str, Form] | None = None,
    status: int = 200,
    view: PlanView | None = None,
) -> HttpResponse:
    # A refused form already loaded the plan to build itself; nothing was written, so reuse it.
    view = view or selectors.case_plan_detail(actor=actor, plan=plan)
    invite_query = request.GET.get("professional", "").strip()[:100]
    context = {
        "view": view,
        "plan": view.plan,
        "resident": view.plan.resident,
        "forms": _plan_forms(view, bound, invite_query),
        "invite_query": invite_query,
        "charts": _charts(view),
        "action_statuses": ActionStatus.choices,
        "watch_outcomes": WatchContactOutcome.choices,
        "may_contribute": "contribute" in view.permissions,
        "may_direct": "direct" in view.permissions,
        "may_name_director": "name_director" in view.permissions,
        # Errors of whichever form was posted, also shown on top so they are never missed.
        "form_errors": [
            message for form in (bound or {}).values() for errors in form.errors.values() for message in errors
        ],
    }
    return render(request, "cases/plan_detail.html", context, status=status)


@actor_view
def plan_detail(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    return _render_plan(request, actor, plan)


@actor_view
def plan_timeline(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    view = selectors.case_plan_detail(actor=actor, plan=plan)
    kinds = request.GET.getlist("soort")
    items = [item for item in view.timeline() if not kinds or item.kind in kinds]
    context = {"view": view, "plan": plan, "items": items, "kinds": kinds, "timeline_kinds": TIMELINE_KINDS}
    return render(request, "cases/plan_timeline.html", context)


def _handle(
    request: HttpRequest,
    actor: Actor,
    plan_uuid: str,
    *,
    key: str,
    make_form: Callable[[PlanView], Form],
    perform: Callable[[CasePlan, Any], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Bind the form, run the service; on refusal show the plan page again with the errors."""
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    view = selectors.case_plan_detail(actor=actor, plan=plan)
    form = make_form(view)
    if form.is_valid():
        try:
            perform(plan, form)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(f"{plan_path(plan)}#{anchor}")
    return _render_plan(request, actor, plan, {key: form}, status=400, view=view)


def plan_path(plan: CasePlan) -> str:
    from django.urls import reverse

    return reverse("cases:plan-detail", kwargs={"plan_uuid": plan.uuid})


@require_POST
@actor_view
def entry_add(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="entry",
        anchor="vragen",
        success=_("Added to the plan."),
        make_form=lambda view: forms.EntryForm(request.POST),
        perform=lambda plan, form: services.plan_entry_add(actor=actor, plan=plan, **form.cleaned_data),
    )


@require_POST
@actor_view
def entry_achieved(request: HttpRequest, actor: Actor, plan_uuid: str, entry_uuid: str) -> HttpResponse:
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    services.plan_entry_mark_achieved(actor=actor, plan=plan, entry_uuid=entry_uuid)
    messages.success(request, _("Marked as achieved."))
    return redirect(f"{plan_path(plan)}#vragen")


@require_POST
@actor_view
def participant_invite(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="invite",
        anchor="team",
        success=_("Invited to the plan."),
        make_form=lambda view: forms.InviteForm(
            request.POST,
            memberships=selectors.invite_candidates(view, membership_uuid=request.POST.get("membership", "")),
        ),
        perform=lambda plan, form: services.case_participant_invite(
            actor=actor,
            plan=plan,
            membership_uuid=form.cleaned_data["membership"],
            as_case_director=form.cleaned_data["as_case_director"],
        ),
    )


@require_POST
@actor_view
def participant_network(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="network",
        anchor="team",
        success=_("Added to the team."),
        make_form=lambda view: forms.NetworkForm(request.POST),
        perform=lambda plan, form: services.case_participant_add_network(actor=actor, plan=plan, **form.cleaned_data),
    )


@require_POST
@actor_view
def participant_remove(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="remove",
        anchor="team",
        success=_("Removed from the plan."),
        make_form=lambda view: forms.RemoveParticipantForm(request.POST),
        perform=lambda plan, form: services.case_participant_remove(
            actor=actor,
            plan=plan,
            participant_uuid=form.cleaned_data["participant"],
            reason=form.cleaned_data["reason"],
        ),
    )


@require_POST
@actor_view
def director_name(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="director",
        anchor="team",
        success=_("Case director named."),
        make_form=lambda view: forms.DirectorForm(request.POST, participants=view.participants),
        perform=lambda plan, form: services.case_plan_name_director(
            actor=actor, plan=plan, participant_uuid=form.cleaned_data["participant"]
        ),
    )


@require_POST
@actor_view
def action_add(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    def perform(plan: CasePlan, form: forms.ActionForm) -> object:
        data = form.cleaned_data
        resource_kind, resource_uuid, resource_label = form.resource_reference()
        return services.case_action_create(
            actor=actor,
            plan=plan,
            description=data["description"],
            owner_uuid=data["owner"],
            due_on=data["due_on"],
            roles=form.roles(),
            need_uuid=data["need"] or None,
            resource_kind=resource_kind,
            resource_uuid=resource_uuid,
            resource_label=resource_label,
        )

    return _handle(
        request,
        actor,
        plan_uuid,
        key="action",
        anchor="afspraken",
        success=_("Agreement added."),
        make_form=lambda view: forms.ActionForm(
            request.POST, participants=view.participants, needs=view.needs, area=_resident_area(view)
        ),
        perform=perform,
    )


@require_POST
@actor_view
def action_update(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="action_status",
        anchor="afspraken",
        success=_("Agreement updated."),
        make_form=lambda view: forms.ActionStatusForm(request.POST),
        perform=lambda plan, form: services.case_action_update(
            actor=actor,
            plan=plan,
            action_uuid=form.cleaned_data["action"],
            status=form.cleaned_data["status"],
            result=form.cleaned_data["result"],
        ),
    )


@require_POST
@actor_view
def meeting_add(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="meeting",
        anchor="gesprekken",
        success=_("Meeting recorded."),
        make_form=lambda view: forms.MeetingForm(request.POST, participants=view.participants),
        perform=lambda plan, form: services.meeting_record(
            actor=actor,
            plan=plan,
            kind=form.cleaned_data["kind"],
            held_on=form.cleaned_data["held_on"],
            attendee_uuids=form.cleaned_data["attendees"],
            notes=form.cleaned_data["notes"],
            is_health_related=form.cleaned_data["is_health_related"],
        ),
    )


@require_POST
@actor_view
def score_add(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="score",
        anchor="metingen",
        success=_("Measurement recorded."),
        make_form=lambda view: forms.ScoreForm(request.POST, instruments=selectors.instruments_with_scales()),
        perform=lambda plan, form: services.measurement_record(
            actor=actor,
            plan=plan,
            instrument_code=form.cleaned_data["instrument"],
            measured_on=form.cleaned_data["measured_on"],
            moment=form.cleaned_data["moment"],
            scores={None: form.cleaned_data["value"]},
            note=form.cleaned_data["note"],
        ),
    )


@require_POST
@actor_view
def matrix_add(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    def make(view: PlanView) -> Form:
        zrm = next(i for i in selectors.instruments_with_scales() if i.code == InstrumentCode.SELF_RELIANCE_MATRIX)
        return forms.MatrixForm(request.POST, instrument=zrm)

    return _handle(
        request,
        actor,
        plan_uuid,
        key="matrix",
        anchor="metingen",
        success=_("Measurement recorded."),
        make_form=make,
        perform=lambda plan, form: services.measurement_record(
            actor=actor,
            plan=plan,
            instrument_code=InstrumentCode.SELF_RELIANCE_MATRIX,
            measured_on=form.cleaned_data["measured_on"],
            moment=form.cleaned_data["moment"],
            scores=form.scores(),
            note=form.cleaned_data["note"],
        ),
    )


@require_POST
@actor_view
def transition(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    def perform(plan: CasePlan, form: Form) -> object:
        data = form.cleaned_data
        watch = None
        if data["watch_contact"]:
            watch = services.WatchPlan(
                contact_uuid=data["watch_contact"],
                interval_weeks=data["interval_weeks"] or 0,
                period_months=data["period_months"] or 0,
            )
        return services.case_plan_transition(
            actor=actor,
            plan=plan,
            to_status=data["to_status"],
            reason=data["reason"],
            escalation_table=data["escalation_table"],
            watch=watch,
        )

    return _handle(
        request,
        actor,
        plan_uuid,
        key="transition",
        anchor="status",
        success=_("Status changed."),
        make_form=lambda view: forms.TransitionForm(
            request.POST, next_statuses=view.next_statuses, participants=view.participants
        ),
        perform=perform,
    )


@require_POST
@actor_view
def watch_contact(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    return _handle(
        request,
        actor,
        plan_uuid,
        key="watch_contact",
        anchor="waakvlam",
        success=_("Contact recorded."),
        make_form=lambda view: forms.WatchContactForm(request.POST),
        perform=lambda plan, form: services.watch_contact_record(
            actor=actor,
            plan=plan,
            contact_uuid=form.cleaned_data["contact"],
            done_on=form.cleaned_data["done_on"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        ),
    )


# --- export for the kitchen table -------------------------------------------------------------


@actor_view
def plan_print(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    view = selectors.case_plan_detail(actor=actor, plan=plan)
    return render(request, "cases/plan_print.html", {"view": view, "plan": plan, "charts": _charts(view)})


@actor_view
def plan_pdf(request: HttpRequest, actor: Actor, plan_uuid: str) -> HttpResponse:
    plan = selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    view = selectors.case_plan_detail(actor=actor, plan=plan)
    response = HttpResponse(exports.plan_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.uuid}.pdf"'
    return response
