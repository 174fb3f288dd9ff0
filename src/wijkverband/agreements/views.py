"""HTML pages of a coalition's agreements: thin — parse with a form, call one service or selector, render.

A coalition the actor's organisation is not part of is a 404 (``access.coalition_get``); a refused
form is rendered again with its Dutch errors (status 400) and nothing is written.
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
from .models import MicroAnalysis, PriceItem


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("jaar", ""))
    except ValueError:
        return timezone.localdate().year


def _parties(coalition: Coalition) -> list[tuple[str, str]]:
    return [(str(o.uuid), o.name) for o in coalition.organisations.order_by("name")]


def _post(request: HttpRequest, form: Form, perform: Callable[[dict[str, Any]], object], success: str) -> bool:
    """Run the service for a valid form; on a refusal put its messages on the form."""
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


def _item_forms(
    request: HttpRequest, which: str | None, form_name: str, key_field: str, keys: list[str], make: Callable[..., Form]
) -> tuple[dict[str, Form], Form | None]:
    """One form per listed item, each with its own element ids; the posted one is bound to the data."""
    posted_key = request.POST.get(key_field, "") if which == form_name else None
    built = {
        key: make(request.POST if key == posted_key else None, auto_id=f"id_{form_name}_{key[:8]}_%s") for key in keys
    }
    return built, built.get(posted_key) if posted_key is not None else None


@actor_view
def coalition_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "agreements/coalition_list.html", {"coalitions": access.coalitions_for(actor)})


@actor_view
def din_detail(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    view = selectors.din_for_coalition(coalition)
    strategic = [(str(g.uuid), g.title) for g in view.strategic_goals]
    goals = [(str(g.uuid), g.title) for g in view.operational_goals]
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    built: dict[str, Form] = {
        "template": forms.TemplateForm(
            data if which == "template" else None, initial={"year": timezone.localdate().year}
        ),
        "strategic": forms.StrategicGoalForm(data if which == "strategic" else None),
        "operational": forms.OperationalGoalForm(data if which == "operational" else None, strategic=strategic),
        "effort": forms.EffortForm(data if which == "effort" else None, goals=goals, parties=_parties(coalition)),
    }
    actions: dict[str, Callable[[dict[str, Any]], object]] = {
        "template": lambda d: services.din_template_apply(
            actor=actor, coalition=coalition, template_key=d["template"], year=d["year"]
        ),
        "strategic": lambda d: services.strategic_goal_add(
            actor=actor, coalition=coalition, title=d["title"], purpose=d["purpose"]
        ),
        "operational": lambda d: services.operational_goal_add(
            actor=actor,
            coalition=coalition,
            strategic_goal_uuid=d["strategic_goal"],
            title=d["title"],
            indicator=d["indicator"],
        ),
        "effort": lambda d: services.effort_create(
            actor=actor,
            coalition=coalition,
            title=d["title"],
            goal_uuids=d["goals"],
            roles=built["effort"].roles(),  # type: ignore[attr-defined]
        ),
    }
    if which in actions and _post(request, built[which], actions[which], _("Saved.")):
        return redirect("agreements:din", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "view": view,
        "forms": built,
        "may_edit": access.may_edit(actor, coalition),
        "section": "din",
    }
    return render(request, "agreements/din_detail.html", context, status=400 if which else 200)


@actor_view
def performance_list(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    create = forms.PerformanceAgreementForm(data if which == "create" else None)
    commitment = forms.CommitmentForm(data if which == "commitment" else None, parties=_parties(coalition))
    frameworks = selectors.framework_agreements_for(coalition)
    delivery_forms, delivery = _item_forms(
        request,
        which,
        "delivery",
        "agreement",
        [str(f.agreement.uuid) for f in frameworks],
        lambda data, **kw: forms.DeliveryForm(data, parties=_parties(coalition), **kw),
    )
    if which == "create" and _post(
        request,
        create,
        lambda d: services.performance_agreement_create(actor=actor, coalition=coalition, **d),
        _("The performance agreement is added."),
    ):
        return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    if which == "commitment":
        agreement = selectors.performance_agreement_get(coalition, request.POST.get("agreement", ""))
        if _post(
            request,
            commitment,
            lambda d: services.annual_commitment_set(
                actor=actor,
                agreement=agreement,
                organisation_uuid=d["organisation"],
                year=d["year"],
                action=d["action"],
                status=d["status"],
            ),
            _("The action for the year is saved."),
        ):
            return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    if which == "delivery":
        framework = selectors.framework_agreement_get(coalition, request.POST.get("agreement", ""))
        if delivery is not None and _post(
            request,
            delivery,
            lambda d: services.framework_delivery_record(
                actor=actor,
                agreement=framework,
                organisation_uuid=d["organisation"],
                year=d["year"],
                homes=d["homes"],
                note=d["note"],
            ),
            _("The delivery is recorded."),
        ):
            return redirect("agreements:performance", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "agreements": selectors.performance_agreements_for(coalition),
        "frameworks": [(f, delivery_forms[str(f.agreement.uuid)]) for f in frameworks],
        "create_form": create,
        "commitment_form": commitment,
        "may_edit": access.may_edit(actor, coalition),
        "section": "performance",
    }
    return render(request, "agreements/performance_list.html", context, status=400 if which else 200)


@actor_view
def kpi_dashboard(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    year = _year(request)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    define = forms.KpiForm(data if which == "kpi" else None, initial={"target_year": year})
    rows = selectors.kpi_dashboard(coalition, year=year)
    measure = forms.KpiMeasurementForm(
        data if which == "measurement" else None,
        kpis=[(str(r.kpi.uuid), r.kpi.name) for r in rows if r.kpi.method != "automatic"],
        initial={"year": year},
    )
    if which == "kpi" and _post(
        request,
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
        ),
        _("The KPI is added."),
    ):
        return redirect("agreements:kpis", coalition_uuid=coalition.uuid)
    if which == "measurement" and _post(
        request,
        measure,
        lambda d: services.kpi_measurement_record(
            actor=actor,
            kpi=selectors.kpi_get(coalition, d["kpi"]),
            area_code=d["area_code"],
            year=d["year"],
            value=d["value"],
        ),
        _("The value is recorded."),
    ):
        return redirect("agreements:kpis", coalition_uuid=coalition.uuid)
    if which == "refresh":
        services.kpi_automatic_refresh(actor=actor, coalition=coalition, year=year)
        messages.success(request, _("The automatic KPIs are computed again."))
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
    return render(request, "agreements/kpi_dashboard.html", context, status=400 if which else 200)


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
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    sessions = list(coalition.learning_sessions.prefetch_related("attendees")[:50])
    session_choices = [(str(s.uuid), f"{s.held_on:%d-%m-%Y} – {s.themes}") for s in sessions]
    session_form = forms.LearningSessionForm(data if which == "session" else None, parties=_parties(coalition))
    lesson_form = forms.LessonForm(data if which == "lesson" else None, sessions=session_choices)
    if which == "session" and _post(
        request,
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
    ):
        return redirect("agreements:learning", coalition_uuid=coalition.uuid)
    if which == "lesson" and _post(
        request,
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
    ):
        return redirect("agreements:learning", coalition_uuid=coalition.uuid)
    if which == "escalate":
        lesson = selectors.lesson_get(coalition, request.POST.get("lesson", ""))
        try:
            services.lesson_escalate(actor=actor, lesson=lesson)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The theme is on the agenda of: %(level)s.") % {"level": lesson.get_escalated_to_display()}
            )
        return redirect("agreements:learning", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "form": search,
        "query": query,
        "lessons": selectors.lessons_search(coalition, query=query),
        "escalated": selectors.escalated_lessons(coalition),
        "sessions": sessions[:20],
        "session_form": session_form,
        "lesson_form": lesson_form,
        "may_edit": access.may_edit(actor, coalition),
        "section": "learning",
    }
    return render(request, "agreements/learning.html", context, status=400 if which else 200)


@actor_view
def area_budgets(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    create = forms.AreaBudgetForm(data if which == "budget" else None)
    budgets = selectors.area_budgets_for(coalition)
    spending_forms, spending = _item_forms(
        request,
        which,
        "spending",
        "budget",
        [str(b.budget.uuid) for b in budgets],
        lambda data, **kw: forms.BudgetSpendingForm(data, parties=_parties(coalition), **kw),
    )
    if which == "budget" and _post(
        request,
        create,
        lambda d: services.area_budget_create(
            actor=actor,
            coalition=coalition,
            area_code=d["area_code"],
            name=d["name"],
            starts_in=d["starts_in"],
            ends_in=d["ends_in"],
            base_amount=d["base_amount"],
            indexation_percent=d["indexation_percent"],
            efficiency_percent=d["efficiency_percent"],
            baseline_amount=d["baseline_amount"],
            savings_split={
                "residents": d["savings_residents"],
                "municipality": d["savings_municipality"],
                "providers": d["savings_providers"],
            },
        ),
        _("The area budget is added."),
    ):
        return redirect("agreements:budgets", coalition_uuid=coalition.uuid)
    if which == "spending":
        budget = selectors.area_budget_get(coalition, request.POST.get("budget", ""))
        if spending is not None and _post(
            request,
            spending,
            lambda d: services.budget_spending_record(
                actor=actor,
                budget=budget,
                organisation_uuid=d["organisation"],
                year=d["year"],
                category=d["category"],
                amount=d["amount"],
            ),
            _("The spending is recorded."),
        ):
            return redirect("agreements:budgets", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "budgets": [(b, spending_forms[str(b.budget.uuid)]) for b in budgets],
        "create_form": create,
        "may_edit": access.may_edit(actor, coalition),
        "section": "budgets",
    }
    return render(request, "agreements/area_budgets.html", context, status=400 if which else 200)


@actor_view
def toolbox(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    tool_form = forms.ToolForm(data if which == "tool" else None)
    tools = selectors.tools_for(coalition)
    evaluation_forms, evaluation_form = _item_forms(
        request, which, "evaluation", "tool", [str(t.uuid) for t in tools], forms.ToolEvaluationForm
    )
    if which == "tool" and _post(
        request,
        tool_form,
        lambda d: services.tool_create(actor=actor, coalition=coalition, **d),
        _("The instrument is added to the toolbox."),
    ):
        return redirect("agreements:toolbox", coalition_uuid=coalition.uuid)
    if which == "evaluation":
        tool = selectors.tool_get(coalition, request.POST.get("tool", ""))
        if evaluation_form is not None and _post(
            request,
            evaluation_form,
            lambda d: services.tool_evaluation_record(actor=actor, tool=tool, **d),
            _("The evaluation is recorded."),
        ):
            return redirect("agreements:toolbox", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "tools": [(t, evaluation_forms[str(t.uuid)]) for t in tools],
        "tool_form": tool_form,
        "may_edit": access.may_edit(actor, coalition),
        "section": "toolbox",
    }
    return render(request, "agreements/toolbox.html", context, status=400 if which else 200)


@actor_view
def roadmap(request: HttpRequest, actor: Actor, coalition_uuid: str) -> HttpResponse:
    coalition = access.coalition_get(actor, coalition_uuid)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    pilot_form = forms.PilotForm(data if which == "pilot" else None, parties=_parties(coalition), field="owner")
    pilots = selectors.pilots_for(coalition)
    check_forms, check_form = _item_forms(
        request,
        which,
        "check",
        "pilot",
        [str(p.uuid) for p in pilots],
        lambda data, **kw: forms.PilotCheckForm(data, initial={"checked_on": timezone.localdate().isoformat()}, **kw),
    )
    if which == "pilot" and _post(
        request,
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
    ):
        return redirect("agreements:roadmap", coalition_uuid=coalition.uuid)
    if which == "check":
        pilot = selectors.pilot_get(coalition, request.POST.get("pilot", ""))
        if check_form is not None and _post(
            request,
            check_form,
            lambda d: services.pilot_check_record(actor=actor, pilot=pilot, **d),
            _("The progress check is recorded."),
        ):
            return redirect("agreements:roadmap", coalition_uuid=coalition.uuid)
    context = {
        "coalition": coalition,
        "pilots": [(p, check_forms[str(p.uuid)]) for p in pilots],
        "today": timezone.localdate(),
        "pilot_form": pilot_form,
        "may_edit": access.may_edit(actor, coalition),
        "section": "roadmap",
    }
    return render(request, "agreements/roadmap.html", context, status=400 if which else 200)


@actor_view
def price_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    may_add = actor.role in EDITOR_ROLES
    form = forms.PriceItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _post(
        request, form, lambda d: services.price_item_create(actor=actor, **d), _("The price is added.")
    ):
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
        initial={"reference_scenario": existing.reference_scenario, "is_new_case": existing.is_new_case}
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
