"""HTML pages of signals: thin — parse with a form, call one service or selector, render.

Pages under /signalen/ are for the members of the receiving teams (404 for anything else), the
overview for any member (aggregates), the upload for signal partners, /melden/ for everyone.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor, client_ip
from wijkverband.cases.models import CasePlan
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.core.web import actor_view, attach_errors

from . import arrears, charts, forms, lifecycle, selectors, services
from .constants import BatchSource, OutreachKind, SignalStatus, SourceKind
from .models import Signal

PROFESSIONAL_SOURCES = [(kind.value, kind.label) for kind in SourceKind if kind != SourceKind.CREDITOR]


def _report_form(data: Any = None) -> forms.SignalReportForm:
    return forms.SignalReportForm(
        data, categories=selectors.reportable_categories(), source_choices=PROFESSIONAL_SOURCES
    )


@actor_view
def signal_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.SignalFilterForm(request.GET or None)
    status, overdue = "open", False
    if form.is_valid():
        status, overdue = form.cleaned_data["status"] or "", form.cleaned_data["te_laat"]
    signals = selectors.signal_list_for_user(actor=actor, status=status, overdue=overdue)
    return render(
        request,
        "signals/signal_list.html",
        {"form": form, "signals": signals, "teams": selectors.my_teams(actor), "today": timezone.localdate()},
    )


@actor_view
def signal_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = _report_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signal = services.signal_create(
                actor=actor,
                category=data["category"],
                subject_kind=data["subject_kind"],
                source_kind=data["source_kind"],
                subject_name=data["subject_name"],
                postcode=data["postcode"],
                house_number=data["house_number"],
                house_number_addition=data["house_number_addition"],
                building=data["building"],
                description=data["description"],
                is_urgent=data["is_urgent"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Signal %(number)s received; it went to %(team)s.")
                % {
                    "number": signal.receipt_number,
                    "team": signal.team.name if signal.team else _("no team yet"),
                },
            )
            return redirect("signals:reported")
    return render(request, "signals/signal_create.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request: HttpRequest, actor: Actor, signal: Signal, **forms_in: Any) -> HttpResponse:
    allowed = [
        (status, SignalStatus(status).label)
        for status in sorted(lifecycle.allowed_next(signal.status))
        if status != SignalStatus.REFERRED_TO_PLAN
    ]
    plans = []
    if signal.resident_id and signal.status not in lifecycle.FINAL_STATUSES:
        plans = [
            (str(plan.uuid), plan.title)
            for plan in CasePlan.objects.visible_to(actor)
            .filter(resident_id=signal.resident_id)
            .exclude(status="closed")
        ]
    context = {
        "signal": signal,
        "history": selectors.signal_history(signal),
        "transition_form": forms_in.get("transition_form") or forms.TransitionForm(allowed=allowed),
        "attach_form": forms_in.get("attach_form") or (forms.AttachPlanForm(plans=plans) if plans else None),
        "today": timezone.localdate(),
    }
    return render(request, "signals/signal_detail.html", context, status=400 if forms_in else 200)


@actor_view
def signal_detail(request: HttpRequest, actor: Actor, signal_uuid: str) -> HttpResponse:
    return _detail(request, actor, selectors.signal_get_for_user(actor=actor, signal_uuid=signal_uuid))


@require_POST
@actor_view
def signal_transition(request: HttpRequest, actor: Actor, signal_uuid: str) -> HttpResponse:
    signal = selectors.signal_get_for_user(actor=actor, signal_uuid=signal_uuid)
    allowed = [(status, SignalStatus(status).label) for status in lifecycle.allowed_next(signal.status)]
    form = forms.TransitionForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            services.signal_transition(
                actor=actor, signal=signal, to_status=form.cleaned_data["to_status"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("signals:detail", signal.uuid)
    return _detail(request, actor, signal, transition_form=form)


@require_POST
@actor_view
def signal_attach(request: HttpRequest, actor: Actor, signal_uuid: str) -> HttpResponse:
    signal = selectors.signal_get_for_user(actor=actor, signal_uuid=signal_uuid)
    form = forms.AttachPlanForm(request.POST, plans=[(request.POST.get("plan", ""), "")])
    if form.is_valid():
        try:
            services.signal_attach_to_plan(
                actor=actor, signal=signal, plan_uuid=form.cleaned_data["plan"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The signal was referred to the plan."))
            return redirect("signals:detail", signal.uuid)
    return _detail(request, actor, signal, attach_form=form)


# --- outreach ---------------------------------------------------------------------------------------


@actor_view
def work_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    tasks = selectors.outreach_work_list(actor=actor, team_uuid=request.GET.get("team", ""))
    return render(
        request,
        "signals/work_list.html",
        {"tasks": tasks, "teams": selectors.my_teams(actor), "today": timezone.localdate()},
    )


def _outreach(request: HttpRequest, actor: Actor, task_uuid: str, **forms_in: Any) -> HttpResponse:
    task = selectors.outreach_get_for_user(actor=actor, task_uuid=task_uuid)
    first = next(iter(task.signals.all()), None)
    name_parts = (first.subject_name.split(" ", 1) if first and first.subject_name else ["", ""]) + [""]
    context = {
        "task": task,
        "attempt_form": forms_in.get("attempt_form")
        or forms.AttemptForm(initial={"made_on": timezone.localdate()}, task_kind=task.kind),
        "plan_form": forms_in.get("plan_form")
        or forms.OutreachPlanForm(
            initial={
                "first_name": name_parts[0],
                "last_name": name_parts[1],
                "consent_given_on": timezone.localdate(),
                "consent_purpose": _("Support after an early signal"),
            }
        ),
        # A plan is for a person: not offered for a building or neighbourhood.
        "may_open_plan": task.kind == OutreachKind.HOUSEHOLD
        and any(signal.status == SignalStatus.CONTACTED for signal in task.signals.all()),
        "today": timezone.localdate(),
    }
    return render(request, "signals/outreach_detail.html", context, status=400 if forms_in else 200)


@actor_view
def outreach_detail(request: HttpRequest, actor: Actor, task_uuid: str) -> HttpResponse:
    return _outreach(request, actor, task_uuid)


@require_POST
@actor_view
def outreach_attempt(request: HttpRequest, actor: Actor, task_uuid: str) -> HttpResponse:
    task = selectors.outreach_get_for_user(actor=actor, task_uuid=task_uuid)
    form = forms.AttemptForm(request.POST, task_kind=task.kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.outreach_attempt_record(
                actor=actor,
                task=task,
                kind=data["kind"],
                made_on=data["made_on"],
                is_reached=data["is_reached"],
                result=data["result"],
                note=data["note"],
                is_final=data["is_final"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Attempt recorded."))
            return redirect("signals:outreach-detail", task.uuid)
    return _outreach(request, actor, task_uuid, attempt_form=form)


@require_POST
@actor_view
def outreach_plan(request: HttpRequest, actor: Actor, task_uuid: str) -> HttpResponse:
    task = selectors.outreach_get_for_user(actor=actor, task_uuid=task_uuid)
    form = forms.OutreachPlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.outreach_case_plan_open(
                actor=actor,
                task=task,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
                consent_given_on=data["consent_given_on"],
                consent_purpose=data["consent_purpose"],
                want=data["want"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Case plan opened; the signals were referred to it."))
            return redirect("cases:plan-detail", plan.uuid)
    return _outreach(request, actor, task_uuid, plan_form=form)


# --- what we reported, the overview, creditor uploads ------------------------------------------------


@actor_view
def reported(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "signals/reported.html", {"signals": selectors.reported_by_my_organisation(actor=actor)})


@actor_view
def overview(request: HttpRequest, actor: Actor) -> HttpResponse:
    figures = selectors.overview(actor=actor, neighbourhood_code=request.GET.get("buurt", "")[:10])
    chart = charts.monthly_lines_svg(
        figures.months, figures.per_category, title=_("Signals per month and main category")
    )
    return render(request, "signals/overview.html", {"figures": figures, "chart": chart})


@actor_view
def routing(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Categories with their response terms and the routing rules in order (reference data, read only)."""
    return render(
        request,
        "signals/routing.html",
        {
            "overview": selectors.routing_overview(),
            "may_edit": request.user.is_superuser,
        },
    )


def upload_too_large(request: HttpRequest) -> bool:
    """Decided from the Content-Length header, before Django reads a byte of the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.SIGNALS_MAX_UPLOAD_MB * 1024 * 1024


@actor_view
def batch_upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    try:
        services.signal_partner_for(actor)
    except PermissionDenied:
        return render(request, "signals/batch_upload.html", {"not_partner": True}, status=403)
    outcome = None
    if request.method == "POST" and upload_too_large(request):
        too_large = _("The file is larger than %(mb)d MB and was not read.") % {"mb": settings.SIGNALS_MAX_UPLOAD_MB}
        context = {"form": forms.BatchUploadForm(), "too_large": too_large}
        return render(request, "signals/batch_upload.html", context, status=413)
    form = forms.BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stream = upload.file if hasattr(upload, "file") else io.BytesIO(upload.read())
        try:
            outcome = services.arrears_batch_ingest(
                actor=actor,
                reference=form.cleaned_data["reference"],
                rows=arrears.csv_rows(stream),
                source=BatchSource.CSV,
            )
        except ValidationError as error:
            attach_errors(form, error)
    status = 400 if form.errors or (outcome and outcome.is_refused) else 200
    return render(request, "signals/batch_upload.html", {"form": form, "outcome": outcome}, status=status)


# --- the public page ---------------------------------------------------------------------------------


def _rate_key(request: HttpRequest) -> str:
    # Hashed: the cache never holds the reporter's address in the clear.
    digest = hashlib.sha256((client_ip(request) or "-").encode()).hexdigest()[:32]
    return f"signals:public:{digest}"


def public_report(request: HttpRequest) -> HttpResponse:
    form = forms.PublicReportForm(request.POST or None, categories=selectors.public_categories())
    if request.method == "POST":
        key = _rate_key(request)
        # The shared (database) cache: a per-process count would allow the limit once per worker.
        cache = caches["shared"]
        if cache.get(key, 0) >= settings.SIGNALS_PUBLIC_REPORTS_PER_HOUR:
            form.add_error(None, _("You have sent several reports in a short time. Please try again in an hour."))
            return render(request, "signals/public_report.html", {"form": form}, status=429)
        if form.is_valid():
            taken = form.seconds_taken()
            if form.cleaned_data["website"] or taken is None or taken < settings.SIGNALS_PUBLIC_MIN_FILL_SECONDS:
                # Same answer for a filled honeypot and a too-fast submission: a bot learns nothing.
                data = request.POST.copy()
                data["started"], data["website"] = forms.form_stamp(), ""
                form = forms.PublicReportForm(data, categories=selectors.public_categories())
                form.is_valid()
                form.add_error(None, _("Your report could not be sent. Please check it and send it again."))
            else:
                try:
                    signal = services.signal_report_public(
                        category=form.cleaned_data["category"],
                        description=form.cleaned_data["description"],
                        postcode=form.cleaned_data["postcode"],
                        house_number=form.cleaned_data["house_number"],
                        contact=form.cleaned_data["contact"],
                    )
                except ValidationError as error:
                    attach_errors(form, error)
                else:
                    cache.add(key, 0, timeout=3600)
                    cache.incr(key)
                    return redirect("signals-public:receipt", signal.receipt_number)
    return render(request, "signals/public_report.html", {"form": form}, status=400 if form.errors else 200)


def public_receipt(request: HttpRequest, receipt_number: str) -> HttpResponse:
    outcome = selectors.public_outcome(receipt_number)
    return render(
        request,
        "signals/public_receipt.html",
        {"receipt_number": receipt_number if outcome else "", "outcome": outcome},
        status=200 if outcome else 404,
    )
