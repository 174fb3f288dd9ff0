"""HTML pages of the uitstroom route: thin — parse with a form, call one service or selector, render.

Every form posts to its own URL; on bad input the page is rendered again with the Dutch errors
(status 400) and nothing is written. Anything the actor may not see is a 404 (``actor_view``).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.agreements.models import FrameworkAgreement
from wijkverband.core import xlsx
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.organisations.models import Coalition
from wijkverband.residents import selectors as resident_selectors

from . import forms, selectors, services
from .constants import ApplicationStatus, OfferStatus
from .models import HousingNeedProfile, OutflowApplication, TrialEvaluation

# Labels of the matcher's score parts (``matching.score_parts``) on the explanation card.
PART_LABELS = {
    "origin": gettext_lazy("back to the municipality of origin"),
    "size": gettext_lazy("right size for the household"),
    "rent_margin": gettext_lazy("well within the rent limit"),
    "core": gettext_lazy("close to a wooncirkel core"),
    "wish": gettext_lazy("in a wished area"),
    "network": gettext_lazy("close to the own network"),
    "urgency": gettext_lazy("waiting time (urgency)"),
}


def _parts(explanation: dict[str, Any]) -> list[tuple[str, float]]:
    return [(str(PART_LABELS.get(p["part"], p["part"])), p["points"]) for p in explanation.get("breakdown", [])]


def _fail(request: HttpRequest, form: BaseForm, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, error.message)
    else:
        attach_errors(cast(Form, form), error)  # ModelForms carry the same error API


# --- applications ---------------------------------------------------------------------------------


@actor_view
def application_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    applications = selectors.outflow_application_list_for_user(actor=actor, status=status)
    return render(
        request,
        "placements/application_list.html",
        {"applications": applications, "statuses": ApplicationStatus.choices, "status": status},
    )


@actor_view
def application_register(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = resident_selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.outflow_application_register(actor=actor, resident=resident, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, form, error)
        else:
            messages.success(request, _("The client is registered for outflow. Fill in the housing-need profile."))
            return redirect("placements:profile", application_uuid=application.uuid)
    return render(
        request,
        "placements/application_register.html",
        {"form": form, "resident": resident},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, actor: Actor, application_uuid: str, bound: dict[str, BaseForm] | None = None
) -> HttpResponse:
    application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=application_uuid)
    view = selectors.application_view(actor=actor, application=application)
    placement = view.placements[0] if view.placements else None
    built: dict[str, BaseForm] = {
        "documents": forms.DocumentsForm(
            initial={
                "wmo_decision_on": application.wmo_decision_on,
                "omslag_approved_on": application.omslag_approved_on,
                "provisional_urgency_on": application.provisional_urgency_on,
            }
        ),
        "introduction": forms.IntroductionForm(),
        "answer": forms.AnswerForm(),
        "agreement": forms.AgreementForm(instance=view.agreement),
        "evaluation": forms.EvaluationForm(
            initial={"evaluation": view.next_evaluation.uuid if view.next_evaluation else None}
        ),
        "step": forms.LeaseStepForm(),
        "meeting": forms.MeetingForm(signals=view.early_signals, initial={"held_on": timezone.localdate()}),
    }
    built.update(bound or {})
    return render(
        request,
        "placements/application_detail.html",
        {"view": view, "application": application, "placement": placement, "forms": built, "part_labels": PART_LABELS},
        status=400 if bound else 200,
    )


@actor_view
def application_detail(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    return _detail(request, actor, application_uuid)


def _post(
    request: HttpRequest,
    actor: Actor,
    application_uuid: str,
    name: str,
    form: BaseForm,
    call: Any,
    success: str,
) -> HttpResponse:
    """Run ``call(cleaned_data)`` for a valid form; re-render the page with errors otherwise."""
    application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=application_uuid)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, form, error)
        else:
            messages.success(request, success)
            return redirect("placements:application-detail", application_uuid=application.uuid)
    return _detail(request, actor, application_uuid, {name: form})


@require_POST
@actor_view
def documents_update(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    return _post(
        request,
        actor,
        application_uuid,
        "documents",
        forms.DocumentsForm(request.POST),
        lambda app, data: services.outflow_application_update_documents(actor=actor, application=app, **data),
        _("The documents are saved."),
    )


@require_POST
@actor_view
def application_complete(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    def call(app: OutflowApplication, data: dict[str, Any]) -> None:
        # The button sits in the dates form: dates typed just before clicking count too.
        services.outflow_application_update_documents(actor=actor, application=app, **data)
        services.outflow_application_complete(actor=actor, application=app)

    return _post(
        request,
        actor,
        application_uuid,
        "documents",
        forms.DocumentsForm(request.POST),
        call,
        _("The application is complete; the 3-month target counts from today."),
    )


@actor_view
def profile_edit(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=application_uuid)
    if not selectors.application_view(actor=actor, application=application).may_change:
        raise NotVisible()
    instance = HousingNeedProfile.objects.filter(application=application).first()
    form = forms.ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        origin = values.pop("origin_municipality")
        try:
            services.housing_need_profile_save(
                actor=actor, application=application, origin_municipality=origin, **values
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(request, form, error)
        else:
            messages.success(request, _("The housing-need profile is saved."))
            return redirect("placements:application-detail", application_uuid=application.uuid)
    return render(
        request,
        "placements/profile_form.html",
        {"form": form, "application": application},
        status=400 if form.errors else 200,
    )


def _placement(actor: Actor, application_uuid: str) -> Any:
    application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=application_uuid)
    view = selectors.application_view(actor=actor, application=application)
    if not view.placements:
        raise NotVisible()
    return view


@require_POST
@actor_view
def introduction_record(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    return _post(
        request,
        actor,
        application_uuid,
        "introduction",
        forms.IntroductionForm(request.POST),
        lambda app, data: services.placement_introduction_record(actor=actor, placement=view.placements[0], **data),
        _("The introduction meeting is recorded."),
    )


@require_POST
@actor_view
def placement_answer(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    return _post(
        request,
        actor,
        application_uuid,
        "answer",
        forms.AnswerForm(request.POST),
        lambda app, data: services.placement_answer(actor=actor, placement=view.placements[0], **data),
        _("The client's answer is recorded."),
    )


@require_POST
@actor_view
def agreement_save(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    return _post(
        request,
        actor,
        application_uuid,
        "agreement",
        forms.AgreementForm(request.POST, instance=view.agreement),
        lambda app, data: services.tripartite_agreement_save(actor=actor, placement=view.placements[0], **data),
        _("The tripartite agreement is saved."),
    )


@require_POST
@actor_view
def agreement_sign(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    if view.agreement is None:
        raise NotVisible()
    return _post(
        request,
        actor,
        application_uuid,
        "agreement",
        forms.AgreementForm(request.POST or None, instance=view.agreement),
        lambda app, data: services.tripartite_agreement_sign(actor=actor, agreement=view.agreement),
        _("The agreement is signed; the trial period has started."),
    )


@require_POST
@actor_view
def evaluation_record(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)

    def call(app: Any, data: dict[str, Any]) -> None:
        evaluation = TrialEvaluation.objects.filter(agreement=view.agreement, uuid=data.pop("evaluation")).first()
        if evaluation is None:
            raise ValidationError(_("This evaluation does not belong to the trial period."))
        services.trial_evaluation_record(actor=actor, evaluation=evaluation, **data)

    return _post(
        request,
        actor,
        application_uuid,
        "evaluation",
        forms.EvaluationForm(request.POST),
        call,
        _("The evaluation is recorded."),
    )


@require_POST
@actor_view
def meeting_record(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    if view.agreement is None:
        raise NotVisible()

    def call(app: Any, data: dict[str, Any]) -> None:
        services.three_way_meeting_record(
            actor=actor, agreement=view.agreement, signal_uuids=data.pop("signals"), **data
        )

    return _post(
        request,
        actor,
        application_uuid,
        "meeting",
        forms.MeetingForm(request.POST, signals=view.early_signals),
        call,
        _("The three-way meeting is recorded."),
    )


@require_POST
@actor_view
def lease_step(request: HttpRequest, actor: Actor, application_uuid: str) -> HttpResponse:
    view = _placement(actor, application_uuid)
    if view.agreement is None:
        raise NotVisible()

    def call(app: Any, data: dict[str, Any]) -> None:
        data["extra_months"] = data.get("extra_months") or 0
        services.lease_step_record(actor=actor, agreement=view.agreement, **data)

    return _post(
        request, actor, application_uuid, "step", forms.LeaseStepForm(request.POST), call, _("The step is recorded.")
    )


# --- supply ---------------------------------------------------------------------------------------


@actor_view
def offer_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    from wijkverband.consent import policy

    may_offer = policy.may_manage_dwelling_offers(actor)
    form = forms.OfferForm(request.POST or None) if may_offer else None
    if request.method == "POST":
        if form is None:
            raise NotVisible()
        if form.is_valid():
            data = dict(form.cleaned_data)
            code = data.pop("neighbourhood_code")
            try:
                services.dwelling_offer_create(actor=actor, neighbourhood_code=code, **data)
            except (ValidationError, PermissionDenied) as error:
                _fail(request, form, error)
            else:
                messages.success(request, _("The dwelling is offered for the route."))
                return redirect("placements:offer-list")
    offers = selectors.dwelling_offer_list_for_user(actor=actor)
    return render(
        request,
        "placements/offer_list.html",
        {"offers": offers, "form": form, "own": actor.organisation, "available": OfferStatus.AVAILABLE},
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@actor_view
def offer_withdraw(request: HttpRequest, actor: Actor, offer_uuid: str) -> HttpResponse:
    offer = selectors.dwelling_offer_get_for_user(actor=actor, offer_uuid=offer_uuid)
    try:
        services.dwelling_offer_withdraw(actor=actor, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer is withdrawn."))
    return redirect("placements:offer-list")


# --- match runs -----------------------------------------------------------------------------------


def _run_form(actor: Actor, data: Any = None) -> forms.RunForm:
    return forms.RunForm(
        data,
        coalitions=[(str(c.uuid), c.name) for c in selectors.coalitions_for(actor)],
        agreements=[
            (str(a.uuid), f"{a.coalition.name}: {a.target_group}") for a in selectors.framework_agreements_for(actor)
        ],
    )


@actor_view
def run_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = _run_form(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        coalition = Coalition.objects.filter(uuid=data["coalition"]).first()
        agreement = (
            FrameworkAgreement.objects.filter(uuid=data["framework_agreement"]).first()
            if data["framework_agreement"]
            else None
        )
        try:
            if coalition is None:
                raise NotVisible()
            run = services.match_run_start(
                actor=actor, coalition=coalition, framework_agreement=agreement, time_limit=float(data["time_limit"])
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(request, form, error)
        else:
            messages.success(request, _("The match run is done."))
            return redirect("placements:run-detail", run_uuid=run.uuid)
    return _run_list(request, actor, form, _weekly_form(actor))


def _weekly_form(actor: Actor, data: Any = None) -> forms.WeeklySettingsForm:
    return forms.WeeklySettingsForm(
        data,
        coalitions=[(str(c.uuid), c.name) for c in selectors.coalitions_for(actor)],
        coordinators=[
            (str(m.uuid), f"{m.user.get_full_name() or m.user.username} ({m.organisation.name})")
            for m in selectors.weekly_coordinator_choices(actor)
        ],
        agreements=[
            (str(a.uuid), f"{a.coalition.name}: {a.target_group}") for a in selectors.framework_agreements_for(actor)
        ],
    )


def _run_list(
    request: HttpRequest, actor: Actor, form: forms.RunForm, weekly: forms.WeeklySettingsForm
) -> HttpResponse:
    return render(
        request,
        "placements/run_list.html",
        {
            "form": form,
            "weekly_form": weekly,
            "weekly": selectors.matching_settings_for(actor),
            "runs": selectors.match_run_list_for_user(actor=actor),
        },
        status=400 if form.errors or weekly.errors else 200,
    )


@require_POST
@actor_view
def weekly_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = _weekly_form(actor, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        coalition = next((c for c in selectors.coalitions_for(actor) if str(c.uuid) == data["coalition"]), None)
        membership = next(
            (m for m in selectors.weekly_coordinator_choices(actor) if str(m.uuid) == data["weekly_coordinator"]),
            None,
        )
        agreement = next(
            (a for a in selectors.framework_agreements_for(actor) if str(a.uuid) == data["framework_agreement"]),
            None,
        )
        try:
            if coalition is None:
                raise NotVisible()
            services.matching_settings_save(
                actor=actor,
                coalition=coalition,
                weekly_coordinator=membership,
                framework_agreement=agreement,
                time_limit_s=data["time_limit_s"],
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(request, form, error)
        else:
            messages.success(request, _("The weekly match run is set up."))
            return redirect("placements:run-list")
    return _run_list(request, actor, _run_form(actor), form)


@actor_view
def run_detail(request: HttpRequest, actor: Actor, run_uuid: str) -> HttpResponse:
    view = selectors.match_run_get_for_user(actor=actor, run_uuid=run_uuid)
    for proposal in view.proposals:
        proposal.parts = _parts(proposal.explanation)  # type: ignore[attr-defined]
    return render(
        request,
        "placements/run_detail.html",
        {"view": view, "run": view.run, "part_labels": PART_LABELS, "override_form": forms.OverrideForm()},
    )


@require_POST
@actor_view
def proposal_decide(request: HttpRequest, actor: Actor, proposal_uuid: str) -> HttpResponse:
    proposal = selectors.match_proposal_get_for_user(actor=actor, proposal_uuid=proposal_uuid)
    try:
        if request.POST.get("decision") == "accept":
            services.match_proposal_accept(actor=actor, proposal=proposal)
            messages.success(request, _("Accepted: the home is offered to the client."))
        else:
            form = forms.OverrideForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"reason": form.errors["reason"]})
            _overridden, rerun, problems = services.match_proposal_override_and_rerun(
                actor=actor, proposal=proposal, reason=form.cleaned_data["reason"]
            )
            if rerun is not None:
                messages.success(request, _("Overridden. The matcher ran again without this home for this client."))
                return redirect("placements:run-detail", run_uuid=rerun.uuid)
            messages.success(
                request, _("Overridden. The matcher ran again and made no new run:") + " " + " ".join(problems)
            )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.message if isinstance(error, PermissionDenied) else " ".join(error.messages))
    return redirect("placements:run-detail", run_uuid=proposal.run.uuid)


# --- KPIs -----------------------------------------------------------------------------------------


@actor_view
def kpi_overview(request: HttpRequest, actor: Actor) -> HttpResponse:
    report = selectors.kpi_report_for_user(actor=actor)
    if request.GET.get("formaat") == "csv":
        response = HttpResponse(selectors.kpi_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="uitstroom-kpis.csv"'
        return response
    if request.GET.get("formaat") == "xlsx":
        response = HttpResponse(selectors.kpi_xlsx(report), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="uitstroom-kpis.xlsx"'
        return response
    return render(request, "placements/kpis.html", {"report": report, "charts": selectors.kpi_charts(report)})
