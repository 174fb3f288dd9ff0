"""HTML forms of the Regelingenwijzer: the wizard, the catalogue search. They parse; selectors decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import District

from . import eligibility
from .constants import TargetGroup, Theme
from .models import Scheme, Service

YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("", _("I'd rather not say / I don't know"))]
HOUSEHOLD_CHOICES = [
    (eligibility.Household.SINGLE.value, _("I live alone (or only with my children)")),
    (eligibility.Household.COUPLE.value, _("I live together with a partner or am married")),
    ("", _("I'd rather not say / I don't know")),
]
HOUSING_CHOICES = [
    (eligibility.Housing.SOCIAL_RENT.value, _("I rent from a housing corporation")),
    (eligibility.Housing.PRIVATE_RENT.value, _("I rent from a private landlord")),
    (eligibility.Housing.OWNER.value, _("I own my home")),
    (eligibility.Housing.WITH_OTHERS.value, _("I live in with others (family, friends)")),
    (eligibility.Housing.HOMELESS.value, _("I have no home")),
    ("", _("I'd rather not say / I don't know")),
]
INCOME_CHOICES = [
    ("100", _("At most the social minimum (about the level of bijstand)")),
    # xgettext:no-python-format
    ("110", _("A little more: up to 110% of the social minimum")),
    # xgettext:no-python-format
    ("120", _("Up to 120% of the social minimum")),
    # xgettext:no-python-format
    ("130", _("Up to 130% of the social minimum")),
    # xgettext:no-python-format
    ("150", _("Up to 150% of the social minimum")),
    (str(eligibility.INCOME_ABOVE_BANDS), _("More than that")),
    ("", _("I'd rather not say / I don't know")),
]
TEXT = [validate_no_html, validate_no_control_chars]


def area_choices() -> list[tuple[str, Any]]:
    """Municipalities that have their own schemes or services, each with its districts."""
    codes = {
        code
        for model in (Scheme, Service)
        for code in model.objects.exclude(municipality=None)
        .order_by()
        .values_list("municipality__code", flat=True)
        .distinct()
    }
    groups: list[tuple[str, Any]] = [("", _("I'd rather not say / somewhere else"))]
    districts = District.objects.filter(municipality__code__in=codes).select_related("municipality")
    by_municipality: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for district in districts.order_by("municipality__name", "name"):
        key = (district.municipality.code, district.municipality.name)
        by_municipality.setdefault(key, []).append((district.code, district.name))
    for (code, name), items in by_municipality.items():
        groups.append((name, [(code, _("%(name)s, whole municipality") % {"name": name}), *items]))
    return groups


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class WizardForm(forms.Form):
    """A few questions; every one may stay unanswered. Nothing is stored: the form is sent with GET."""

    age = forms.IntegerField(label=_("How old are you?"), min_value=0, max_value=120, required=False)
    area = forms.ChoiceField(label=_("Where do you live?"), required=False)
    household = forms.ChoiceField(
        label=_("Do you live alone or together?"), choices=HOUSEHOLD_CHOICES, widget=forms.RadioSelect, required=False
    )
    has_children = forms.ChoiceField(
        label=_("Do children under 18 live with you?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, required=False
    )
    income = forms.ChoiceField(
        label=_("How high is the income of your household?"),
        choices=INCOME_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The social minimum is about the amount of a bijstand benefit. A guess is fine."),
    )
    housing = forms.ChoiceField(
        label=_("How do you live?"), choices=HOUSING_CHOICES, widget=forms.RadioSelect, required=False
    )
    has_debts = forms.ChoiceField(
        label=_("Do you have debts or bills you cannot pay?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        required=False,
    )
    has_care_need = forms.ChoiceField(
        label=_("Do you need care or support because of illness, a disability or old age?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()  # type: ignore[attr-defined]

    @property
    def area_blank_label(self) -> str:
        return str(self.fields["area"].choices[0][1])  # type: ignore[attr-defined]

    @property
    def area_groups(self) -> list[tuple[str, Any]]:
        return list(self.fields["area"].choices[1:])  # type: ignore[attr-defined]

    @property
    def radio_fields(self) -> list[Any]:
        return [self[name] for name in ("household", "has_children", "income", "housing", "has_debts", "has_care_need")]

    def answers(self, *, area_codes: frozenset[str]) -> eligibility.Answers:
        data = self.cleaned_data
        return eligibility.Answers(
            age=data.get("age"),
            household=data.get("household") or None,
            has_children=_yes_no(data.get("has_children", "")),
            income_pct=int(data["income"]) if data.get("income") else None,
            housing=data.get("housing") or None,
            has_debts=_yes_no(data.get("has_debts", "")),
            has_care_need=_yes_no(data.get("has_care_need", "")),
            area_codes=area_codes,
        )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), max_length=200, required=False, validators=TEXT)
    kind = forms.ChoiceField(
        label=_("Search in"),
        choices=[("scheme", _("Schemes")), ("service", _("Services and initiatives"))],
        required=False,
    )
    theme = forms.MultipleChoiceField(
        label=_("Theme"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    target_group = forms.MultipleChoiceField(
        label=_("Target group"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    area = forms.CharField(label=_("Area"), max_length=10, required=False)
    include_expired = forms.BooleanField(label=_("Also show expired schemes"), required=False)

    def clean_area(self) -> str:
        area: str = self.cleaned_data.get("area") or ""
        return area if area in {"", "national"} or area[:2] in {"GM", "WK"} else ""
