"""Forms of the uitstroom pages: parse and check the shape; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkverband.neighbourhoods.models import Municipality

from .constants import ApplicationKind, TrialStatus
from .models import DwellingOffer, HousingNeedProfile, TripartiteAgreement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of stay"), choices=ApplicationKind.choices)
    wmo_decision_on = forms.DateField(label=_("Wmo decision on"), required=False, widget=DATE)
    omslag_approved_on = forms.DateField(label=_("omslag approval on"), required=False, widget=DATE)
    provisional_urgency_on = forms.DateField(label=_("provisional urgency on"), required=False, widget=DATE)


class DocumentsForm(forms.Form):
    wmo_decision_on = forms.DateField(label=_("Wmo decision on"), required=False, widget=DATE)
    omslag_approved_on = forms.DateField(label=_("omslag approval on"), required=False, widget=DATE)
    provisional_urgency_on = forms.DateField(label=_("provisional urgency on"), required=False, widget=DATE)


def _codes(value: str) -> list[str]:
    return [part.strip().upper() for part in value.replace(";", ",").split(",") if part.strip()]


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    origin_municipality = forms.ModelChoiceField(
        label=_("municipality of origin"), queryset=Municipality.objects.order_by("name"), to_field_name="code"
    )
    wished_areas_text = forms.CharField(
        label=_("wished areas (CBS codes)"), required=False, help_text=_("Comma separated, e.g. BU08280602, WK082806")
    )
    excluded_areas_text = forms.CharField(label=_("excluded areas (CBS codes)"), required=False)
    network_areas_text = forms.CharField(label=_("areas where the network lives (CBS codes)"), required=False)

    class Meta:
        model = HousingNeedProfile
        fields = [
            "household_size",
            "household_composition",
            "rooms_wanted",
            "access_need",
            "yearly_income",
            "max_rent",
            "origin_municipality",
            "origin_deviation_reason",
            "wishes_are_hard",
            "support_intensity",
            "needs_core_nearby",
            "network_notes",
            "neighbourhood_must_carry",
            "health_notes",
        ]
        widgets = {"health_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("wished_areas", "excluded_areas", "network_areas"):
                self.fields[f"{name}_text"].initial = ", ".join(getattr(self.instance, name) or [])

    def _post_clean(self) -> None:
        # The service validates the whole profile (and its cross-field rules) in one place.
        pass

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        values = {
            "wished_areas": _codes(data.pop("wished_areas_text", "")),
            "excluded_areas": _codes(data.pop("excluded_areas_text", "")),
            "network_areas": _codes(data.pop("network_areas_text", "")),
        }
        values.update(data)
        return values


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    neighbourhood_code = forms.CharField(label=_("neighbourhood (CBS buurt code)"), max_length=10)

    class Meta:
        model = DwellingOffer
        fields = [
            "bag_id",
            "street",
            "house_number",
            "postcode",
            "city",
            "complex_code",
            "stairwell_code",
            "rooms",
            "access_level",
            "rent",
            "available_from",
            "offered_until",
            "latitude",
            "longitude",
            "care_team_nearby",
        ]
        widgets = {"available_from": DATE, "offered_until": DATE}

    def _post_clean(self) -> None:
        pass


class RunForm(forms.Form):
    coalition = forms.ChoiceField(label=_("coalition"))
    framework_agreement = forms.ChoiceField(label=_("framework agreement (soft quotas)"), required=False)
    time_limit = forms.IntegerField(label=_("time limit (seconds)"), min_value=1, max_value=600, initial=30)

    def __init__(
        self, *args: Any, coalitions: list[tuple[str, str]], agreements: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coalition"].choices = coalitions  # type: ignore[attr-defined]
        self.fields["framework_agreement"].choices = [("", _("none")), *agreements]  # type: ignore[attr-defined]


class WeeklySettingsForm(forms.Form):
    """Who the weekly match run acts as; the choices are the coordinators in the actor's coalitions."""

    coalition = forms.ChoiceField(label=_("coalition"))
    weekly_coordinator = forms.ChoiceField(label=_("coordinator the weekly match run acts as"), required=False)
    framework_agreement = forms.ChoiceField(label=_("framework agreement for the weekly run"), required=False)
    time_limit_s = forms.IntegerField(label=_("time limit (seconds)"), min_value=1, max_value=600, initial=60)

    def __init__(
        self,
        *args: Any,
        coalitions: list[tuple[str, str]],
        coordinators: list[tuple[str, str]],
        agreements: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coalition"].choices = coalitions  # type: ignore[attr-defined]
        self.fields["weekly_coordinator"].choices = [("", _("nobody (no weekly run)")), *coordinators]  # type: ignore[attr-defined]
        self.fields["framework_agreement"].choices = [("", _("none")), *agreements]  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("reason for overriding"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class IntroductionForm(forms.Form):
    introduction_on = forms.DateField(label=_("introduction meeting (kennismakingsgesprek) on"), widget=DATE)


class AnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("the client's answer"),
        choices=[("1", _("accepts the home")), ("0", _("declines the home"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("reason for declining"), max_length=500, required=False)


class AgreementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TripartiteAgreement
        fields = [
            "pays_rent",
            "opens_door_for_support",
            "no_nuisance",
            "tenancy_agreements",
            "tenancy_shared_with_corporation",
            "personal_goals",
            "support_plan_reference",
            "trial_starts_on",
            "trial_months",
            "evaluation_interval_weeks",
        ]
        widgets = {
            "trial_starts_on": DATE,
            "tenancy_agreements": forms.Textarea(attrs={"rows": 3}),
            "personal_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


class EvaluationForm(forms.Form):
    evaluation = forms.UUIDField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    summary = forms.CharField(label=_("summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    goals_met = forms.BooleanField(label=_("goals met"), required=False)


class MeetingForm(forms.Form):
    """A three-way meeting; ``signals`` offers the early signals the actor sees (``trial_signals_for_user``)."""

    held_on = forms.DateField(label=_("held on"), widget=DATE)
    client_attended = forms.BooleanField(label=_("the client attended"), required=False)
    care_provider_attended = forms.BooleanField(label=_("the care provider attended"), required=False)
    corporation_attended = forms.BooleanField(label=_("the corporation attended"), required=False)
    attendees = forms.CharField(label=_("who attended (names or roles)"), max_length=300, required=False)
    notes = forms.CharField(label=_("notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    agreements_made = forms.CharField(
        label=_("agreements made"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    signals = forms.MultipleChoiceField(
        label=_("prompted by these early signals"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, signals: list[Any] | None = None, **kwargs: Any) -> None:
        # Prefixed: the evaluation form on the same page also has "held on" (ids must be unique).
        kwargs.setdefault("prefix", "meeting")
        super().__init__(*args, **kwargs)
        choices = [(str(s.uuid), f"{s.category.name} ({s.received_at:%d-%m-%Y})") for s in signals or []]
        field = self.fields["signals"]
        field.choices = choices  # type: ignore[attr-defined]
        if not self.is_bound:
            field.initial = [value for value, _label in choices]


class LeaseStepForm(forms.Form):
    target = forms.ChoiceField(
        label=_("step"),
        choices=[
            (TrialStatus.TRANSFERRED, _("Lease transfer (omklap) to the client's own name")),
            (TrialStatus.EXTENDED, _("Extend the trial period")),
            (TrialStatus.ENDED, _("End the trial period: back to care")),
        ],
    )
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)
    client_approved = forms.BooleanField(label=_("approved by the client"), required=False)
    third_party = forms.CharField(label=_("independent third party who approves"), max_length=200, required=False)
    extra_months = forms.IntegerField(label=_("extra months"), min_value=0, max_value=17, required=False, initial=0)
