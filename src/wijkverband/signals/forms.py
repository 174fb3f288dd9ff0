from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html, validate_postcode

from .constants import (
    ATTEMPTS_BY_KIND,
    RESULTS_BY_KIND,
    AttemptKind,
    OutreachKind,
    OutreachResult,
    SignalStatus,
    SubjectKind,
)
from .models import SignalCategory

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [validate_no_html, validate_no_control_chars]
FORM_STARTED_SALT = "wijkverband.signals.public-form"


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: SignalCategory) -> str:
        return str(obj)


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("open", _("Open")), *SignalStatus.choices]
    )
    te_laat = forms.BooleanField(label=_("Only past their term"), required=False)


class SignalReportForm(forms.Form):
    """A professional reports a worry (arrears come from creditors, not from this form)."""

    category = CategoryChoiceField(label=_("Category"), queryset=SignalCategory.objects.none(), to_field_name="code")
    subject_kind = forms.ChoiceField(label=_("About"), choices=SubjectKind.choices)
    source_kind = forms.ChoiceField(label=_("Reported by"), choices=[])
    subject_name = forms.CharField(label=_("Name"), max_length=250, required=False, validators=TEXT)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False, validators=[validate_postcode])
    house_number = forms.IntegerField(label=_("House number"), min_value=1, max_value=99999, required=False)
    house_number_addition = forms.CharField(label=_("Addition"), max_length=10, required=False, validators=TEXT)
    building = forms.CharField(label=_("Building or place"), max_length=200, required=False, validators=TEXT)
    description = forms.CharField(
        label=_("What worries you?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), validators=TEXT
    )
    is_urgent = forms.BooleanField(label=_("Urgent: eviction or cut-off threatens"), required=False)

    def __init__(
        self, *args: Any, categories: list[SignalCategory], source_choices: list[tuple[str, Any]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SignalCategory.objects.filter(pk__in=[c.pk for c in categories])  # type: ignore[attr-defined]
        self.fields["source_kind"].choices = source_choices  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=[])
    reason = forms.CharField(label=_("Why"), max_length=500, required=False, validators=TEXT)

    def __init__(self, *args: Any, allowed: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed  # type: ignore[attr-defined]


class AttachPlanForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"), choices=[])
    reason = forms.CharField(label=_("Why"), max_length=500, required=False, validators=TEXT)

    def __init__(self, *args: Any, plans: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = plans  # type: ignore[attr-defined]


class AttemptForm(forms.Form):
    kind = forms.ChoiceField(label=_("How"), choices=AttemptKind.choices)
    made_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    is_reached = forms.BooleanField(label=_("Reached the household"), required=False)
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", _("No result yet")), *OutreachResult.choices[:-1]], required=False
    )
    is_final = forms.BooleanField(label=_("Last attempt: stop trying"), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=TEXT
    )

    def __init__(self, *args: Any, task_kind: str = OutreachKind.HOUSEHOLD, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Only the ways and results that fit a household, or a building or neighbourhood.
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (value, AttemptKind(value).label) for value in ATTEMPTS_BY_KIND[task_kind]
        ]
        self.fields["result"].choices = [  # type: ignore[attr-defined]
            ("", _("No result yet")),
            *((value, OutreachResult(value).label) for value in RESULTS_BY_KIND[task_kind]),
        ]
        if task_kind != OutreachKind.HOUSEHOLD:
            self.fields["is_reached"].label = _("Spoke with residents or partners")


class OutreachPlanForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, validators=TEXT)
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=TEXT)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE_WIDGET)
    consent_given_on = forms.DateField(label=_("Consent given on"), widget=DATE_WIDGET)
    consent_purpose = forms.CharField(label=_("Purpose of the consent"), max_length=300, validators=TEXT)
    consent_confirmed = forms.BooleanField(
        label=_("The resident consented to our organisation seeing their details and working on a case plan")
    )
    want = forms.CharField(
        label=_("What does the resident want? (own words)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=TEXT,
    )


class BatchUploadForm(forms.Form):
    reference = forms.CharField(
        label=_("Batch reference"),
        max_length=100,
        help_text=_("Your own reference for this delivery; delivering the same reference again changes nothing."),
    )
    file = forms.FileField(label=_("CSV file (UTF-8)"))


def form_stamp() -> str:
    """A signed "shown at" time for the public form (checked on submit, so it cannot be forged)."""
    return signing.dumps(time.time(), salt=FORM_STARTED_SALT)


class PublicReportForm(forms.Form):
    """The public page: no login; a honeypot and a minimum fill time keep simple bots out."""

    category = CategoryChoiceField(
        label=_("What is it about?"), queryset=SignalCategory.objects.none(), to_field_name="code"
    )
    description = forms.CharField(
        label=_("Describe your worry"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=TEXT,
        help_text=_("Do not write down anyone's medical details."),
    )
    postcode = forms.CharField(
        label=_("Postcode of the place"),
        max_length=7,
        validators=[validate_postcode],
        help_text=_("For example 5345 AB."),
    )
    house_number = forms.IntegerField(
        label=_("House number"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_("Leave empty when your worry is about the street or the neighbourhood."),
    )
    contact = forms.CharField(
        label=_("Your phone number or e-mail address"),
        max_length=200,
        required=False,
        validators=TEXT,
        help_text=_("Only if you want us to be able to contact you. You may also report anonymously."),
    )
    # Honeypot: people never see or fill it (hidden with CSS, skipped by keyboard and screen readers).
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[SignalCategory], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SignalCategory.objects.filter(pk__in=[c.pk for c in categories])  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = form_stamp()

    def seconds_taken(self) -> float | None:
        """Seconds since the form was shown; None when the stamp is missing, forged or older than a day."""
        try:
            shown_at = signing.loads(self.cleaned_data.get("started", ""), salt=FORM_STARTED_SALT, max_age=86400)
        except signing.BadSignature:
            return None
        return time.time() - float(shown_at)
