"""HTML forms of the agreements pages: parse input only; the rules live in the services."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html

from .automatic import AUTOMATIC_KPIS
from .constants import (
    Aggregation,
    AgreementStatus,
    CostKind,
    Direction,
    KpiMethod,
    LearningLevel,
    LessonKind,
    PerformanceTheme,
    Period,
    Rasci,
    ToolOutcome,
)
from .templates_din import DIN_TEMPLATES

TEXT = [validate_no_html, validate_no_control_chars]


def _year_values(text: str, parse: Any) -> dict[int, Any]:
    """Parse "2026: 40, 2027: 45" (commas, semicolons or new lines between the pairs) into a dict."""
    values: dict[int, Any] = {}
    for pair in (p.strip() for p in re.split(r"[;\n]|,(?=\s*\d{4}\s*[:=])", text or "") if p.strip()):
        year, sep, value = pair.replace("=", ":").partition(":")
        if not sep or not year.strip().isdigit():
            raise forms.ValidationError(_("Write one year and value per pair, for example 2026: 40."))
        try:
            values[int(year.strip())] = parse(value.strip().replace(",", "."))
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(_("Write one year and value per pair, for example 2026: 40.")) from None
    return values


def year_values_text(values: dict[int, Any]) -> str:
    """The inverse of ``_year_values`` for a form's initial value ("2026: 7,5; 2027: 8")."""
    return "; ".join(f"{year}: {format(value, 'f').replace('.', ',')}" for year, value in sorted(values.items()))


class DinForm(forms.Form):
    ambition = forms.CharField(label=_("Ambition"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)
    starts_in = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    ends_in = forms.IntegerField(label=_("Until year"), min_value=2000, max_value=2100)


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Start from a template"), choices=[])
    year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.name) for t in DIN_TEMPLATES.values()]  # type: ignore[attr-defined]


class StrategicGoalForm(forms.Form):
    title = forms.CharField(label=_("Strategic goal"), max_length=200, validators=TEXT)
    purpose = forms.CharField(label=_("So that"), max_length=400, required=False, validators=TEXT)


class OperationalGoalForm(forms.Form):
    strategic_goal = forms.ChoiceField(label=_("Under strategic goal"), choices=[])
    title = forms.CharField(label=_("Operational goal"), max_length=200, validators=TEXT)
    indicator = forms.CharField(label=_("How we know"), max_length=300, required=False, validators=TEXT)

    def __init__(self, *args: Any, strategic: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategic_goal"].choices = strategic  # type: ignore[attr-defined]


class EffortForm(forms.Form):
    title = forms.CharField(label=_("Effort"), max_length=200, validators=TEXT)
    goals = forms.MultipleChoiceField(
        label=_("Serves the operational goals"), choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, goals: list[tuple[str, str]], parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = goals  # type: ignore[attr-defined]
        self.party_fields = []
        for uuid, name in parties:
            key = f"role_{uuid}"
            self.fields[key] = forms.ChoiceField(
                label=_("Role of %(party)s") % {"party": name},
                choices=[("", "–"), *Rasci.choices],
                required=False,
            )
            self.party_fields.append(key)

    def roles(self) -> dict[str, str]:
        return {key[5:]: self.cleaned_data[key] for key in self.party_fields if self.cleaned_data.get(key)}


class PerformanceAgreementForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=PerformanceTheme.choices)
    title = forms.CharField(label=_("Title"), max_length=200, validators=TEXT)
    ambition = forms.CharField(label=_("Ambition"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)
    starts_in = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    ends_in = forms.IntegerField(label=_("Until year"), min_value=2000, max_value=2100)


class PerformanceAgreementEditForm(PerformanceAgreementForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)


class ProgressMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), validators=TEXT)
    status = forms.ChoiceField(
        label=_("New status of the agreement"), choices=[("", "–"), *AgreementStatus.choices], required=False
    )


class FrameworkAgreementForm(forms.Form):
    """Target group, period, homes per year and a share per party (blank: no share)."""

    target_group = forms.CharField(label=_("Target group"), max_length=200, validators=TEXT)
    starts_in = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    ends_in = forms.IntegerField(label=_("Until year"), min_value=2000, max_value=2100)
    homes = forms.CharField(
        label=_("Homes needed per year"),
        max_length=400,
        help_text=_("For example: 2026: 40; 2027: 45. One number alone applies to every year of the period."),
    )

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.share_fields: list[str] = []
        for uuid, name in parties:
            key = f"share_{uuid}"
            self.fields[key] = forms.DecimalField(
                label=_("Share of %(party)s (%%)") % {"party": name},
                max_digits=6,
                decimal_places=3,
                localize=True,
                required=False,
            )
            self.share_fields.append(key)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("homes") or "").strip()
        if text.isdigit() and data.get("starts_in") and data.get("ends_in"):
            data["homes_per_year"] = {year: int(text) for year in range(data["starts_in"], data["ends_in"] + 1)}
        elif "homes" in data:
            try:
                data["homes_per_year"] = _year_values(text, int)
            except forms.ValidationError as error:
                self.add_error("homes", error)
        return data

    def shares(self) -> dict[str, Decimal]:
        return {key[6:]: self.cleaned_data[key] for key in self.share_fields if self.cleaned_data.get(key) is not None}


class CommitmentForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Party"), choices=[])
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    action = forms.CharField(label=_("Action this year"), max_length=500, validators=TEXT)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = parties  # type: ignore[attr-defined]


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, validators=TEXT)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    source = forms.CharField(label=_("Source"), max_length=300, validators=TEXT)
    target_year = forms.IntegerField(label=_("Target year"), required=False, min_value=2000, max_value=2100)
    # Localized: a text input that takes Dutch "7,5" as well as "7.5" (a number input refuses the comma).
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=4, localize=True)
    result_area = forms.CharField(label=_("Result area"), max_length=100, required=False, validators=TEXT)
    aggregation = forms.ChoiceField(label=_("Roll-up over areas"), choices=Aggregation.choices, initial="mean")
    method = forms.ChoiceField(label=_("Method"), choices=KpiMethod.choices, initial=KpiMethod.MANUAL)
    formula = forms.CharField(label=_("Formula"), max_length=300, required=False, validators=TEXT)
    automatic_code = forms.ChoiceField(label=_("Automatic source"), choices=[], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sources whose data is not in Wijkverband yet are listed, marked, so the choice is visible.
        self.fields["automatic_code"].choices = [  # type: ignore[attr-defined]
            ("", "–"),
            *[
                (
                    code,
                    source.label
                    if source.is_available
                    else _("%(label)s (not available yet)") % {"label": source.label},
                )
                for code, source in AUTOMATIC_KPIS.items()
            ],
        ]


class KpiEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, validators=TEXT)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    source = forms.CharField(label=_("Source"), max_length=300, validators=TEXT)
    result_area = forms.CharField(label=_("Result area"), max_length=100, required=False, validators=TEXT)
    targets = forms.CharField(
        label=_("Targets per year"),
        max_length=400,
        required=False,
        help_text=_("For example: 2026: 7,5; 2027: 8."),
    )

    def clean_targets(self) -> dict[int, Decimal]:
        return _year_values(self.cleaned_data.get("targets", ""), Decimal)


class KpiMeasurementForm(forms.Form):
    kpi = forms.ChoiceField(label=_("KPI"), choices=[])
    area_code = forms.CharField(label=_("Area (CBS code)"), max_length=12)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.YEAR)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4, localize=True)
    note = forms.CharField(label=_("Source or note"), max_length=300, required=False, validators=TEXT)

    def __init__(self, *args: Any, kpis: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = kpis  # type: ignore[attr-defined]


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the learning history"), max_length=100, required=False)


def _percent(label: Any, **kwargs: Any) -> forms.DecimalField:
    # Localized so "33,5" (Dutch) parses as well as "33.5"; a Decimal, never a float.
    return forms.DecimalField(label=label, max_digits=6, decimal_places=3, localize=True, **kwargs)


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, localize=True, **kwargs)


class _PartyChoiceForm(forms.Form):
    def __init__(self, *args: Any, parties: list[tuple[str, str]], field: str = "organisation", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[field].choices = parties  # type: ignore[attr-defined]


class AreaBudgetForm(forms.Form):
    area_code = forms.CharField(label=_("Area (CBS code)"), max_length=12)
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    starts_in = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    ends_in = forms.IntegerField(label=_("Until year"), min_value=2000, max_value=2100)
    base_amount = _money(_("Yearly amount in the first year (€)"), min_value=0)
    indexation_percent = _percent(_("Yearly indexation (%)"), initial=0)
    efficiency_percent = _percent(_("Yearly efficiency discount (%)"), initial=0)
    baseline_amount = _money(_("Baseline: yearly spending before (€)"), required=False)
    savings_residents = _percent(_("Savings to residents (%)"))
    savings_municipality = _percent(_("Savings to the municipality (%)"))
    savings_providers = _percent(_("Savings to providers (%)"))


class BudgetSpendingForm(_PartyChoiceForm):
    organisation = forms.ChoiceField(label=_("Party"), choices=[])
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.CharField(label=_("Category"), max_length=100, validators=TEXT)
    amount = _money(_("Amount (€)"))


class DeliveryForm(_PartyChoiceForm):
    organisation = forms.ChoiceField(label=_("Party"), choices=[])
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    homes = forms.IntegerField(label=_("Homes delivered"), min_value=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False, validators=TEXT)


class PriceItemForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    amount = _money(_("Amount (€)"))
    unit = forms.CharField(label=_("Unit"), max_length=60, validators=TEXT)
    # Optional here so the service gives its own Dutch message: a price needs a year and a source.
    year = forms.IntegerField(label=_("Price year"), min_value=2000, max_value=2100, required=False)
    source = forms.CharField(label=_("Source"), max_length=400, required=False, validators=TEXT)
    indexation_percent = _percent(_("Indexation per year (%)"), initial=0)
    note = forms.CharField(label=_("Note"), max_length=400, required=False, validators=TEXT)


class LearningSessionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=LearningLevel.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    themes = forms.CharField(label=_("Themes"), max_length=300, validators=TEXT)
    attendees = forms.MultipleChoiceField(
        label=_("Parties present"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = parties  # type: ignore[attr-defined]


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, v) for k, v in LessonKind.choices if k != "escalation"])
    title = forms.CharField(label=_("Lesson"), max_length=200, validators=TEXT)
    text = forms.CharField(
        label=_("What happened and what we learned"), widget=forms.Textarea(attrs={"rows": 3}), validators=TEXT
    )
    session = forms.ChoiceField(label=_("Learning session"), choices=[], required=False)

    def __init__(self, *args: Any, sessions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "–"), *sessions]  # type: ignore[attr-defined]


class LessonEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonKind.choices)
    title = forms.CharField(label=_("Lesson"), max_length=200, validators=TEXT)
    text = forms.CharField(
        label=_("What happened and what we learned"), widget=forms.Textarea(attrs={"rows": 3}), validators=TEXT
    )


class ToolForm(forms.Form):
    name = forms.CharField(label=_("Instrument"), max_length=200, validators=TEXT)
    description = forms.CharField(
        label=_("What it is and how to use it"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False, validators=TEXT)


class ToolEvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ToolOutcome.choices)
    context = forms.CharField(label=_("Where and with whom"), max_length=300, validators=TEXT)
    text = forms.CharField(label=_("What we saw"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)


class PilotForm(_PartyChoiceForm):
    title = forms.CharField(label=_("Pilot"), max_length=200, validators=TEXT)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)
    owner = forms.ChoiceField(label=_("Owner (party)"), choices=[])
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PilotCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=forms.DateInput(attrs={"type": "date"}))
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}), validators=TEXT)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)


class MicroAnalysisForm(forms.Form):
    reference_scenario = forms.CharField(
        label=_("Likely course without the support"), widget=forms.Textarea(attrs={"rows": 3}), validators=TEXT
    )
    is_new_case = forms.BooleanField(label=_("New case (not existing support)"), required=False)
    programme = forms.CharField(
        label=_("Programme"),
        max_length=100,
        required=False,
        validators=TEXT,
        help_text=_("The programme or approach the support came from, for example Vroegsignalering."),
    )


class CostLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "–"), *CostKind.choices], required=False)
    price_code = forms.ChoiceField(label=_("Price list item"), choices=[], required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2, localize=True, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False, validators=TEXT)

    def __init__(self, *args: Any, prices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["price_code"].choices = [("", "–"), *prices]  # type: ignore[attr-defined]

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("kind") or data.get("price_code") or data.get("quantity") or data.get("description"))
