"""HTML forms of the Regelingenwijzer: the wizard, the catalogue search. They parse; selectors decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wijkverband.core.process_cache import ProcessCache
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import District

from . import eligibility, formats
from .constants import AreaScope, BenefitKind, ServiceKind, TargetGroup, Theme
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


# Which municipalities have their own schemes changes when an editor adds the first one, not per
# request; the public wizard builds this list (several hundred options) on every answer, so each
# process keeps it, with its <optgroup> markup, for a minute per language.
AREA_CHOICES_TTL_SECONDS = 60.0
_area_lists: ProcessCache[str, tuple[list[tuple[str, Any]], str]] = ProcessCache(AREA_CHOICES_TTL_SECONDS)


def _area_list() -> tuple[list[tuple[str, Any]], str]:
    # A list with only the "rather not say" entry is an empty catalogue: not kept.
    return _area_lists.get(translation.get_language() or "", _area_list_build, keep=lambda built: len(built[0]) > 1)


def _area_list_build() -> tuple[list[tuple[str, Any]], str]:
    groups = _area_choices_build()
    markup = "".join(
        f'<optgroup label="{escape(group)}">'
        + "".join(f'<option value="{escape(code)}">{escape(name)}</option>' for code, name in options)
        + "</optgroup>"
        for group, options in groups[1:]
    )
    return groups, markup


def area_choices() -> list[tuple[str, Any]]:
    """Municipalities that have their own schemes or services, each with its districts."""
    return _area_list()[0]


def area_options_markup() -> str:
    """The area list as <optgroup> markup, built with the list it shows."""
    return _area_list()[1]


def area_choices_forget() -> None:
    _area_lists.clear()


def _area_choices_build() -> list[tuple[str, Any]]:
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
    def area_options(self) -> SafeString:
        """The <optgroup>s of the area list with the chosen area selected: several hundred options,
        built once per area list (the templating engine spends milliseconds on them otherwise)."""
        markup = area_options_markup()
        chosen = str(self["area"].value() or "")
        if chosen:
            option = f'<option value="{escape(chosen)}">'
            markup = markup.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(markup)  # noqa: S308 - every name and code in it is escaped

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


# --- editors: create and change an item ----------------------------------------------------------

YES_NO_ANY = [("", _("No condition")), ("yes", _("Yes")), ("no", _("No"))]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA_SCOPE_PREFIX = {"municipality": "GM", "district": "WK"}


def edit_area_choices(*, municipality_id: int | None, current: str = "") -> list[tuple[str, Any]]:
    """The areas an editor can choose: their organisation's municipality and its districts (and the
    item's current area, when it lies elsewhere)."""
    from wijkverband.neighbourhoods.models import Municipality

    choices: list[tuple[str, Any]] = [("", _("None (national)"))]
    municipality = Municipality.objects.filter(pk=municipality_id).first() if municipality_id else None
    if municipality is not None:
        choices.append((municipality.code, _("%(name)s, whole municipality") % {"name": municipality.name}))
        choices += [
            (code, _("District %(name)s") % {"name": name})
            for code, name in District.objects.filter(municipality=municipality)
            .order_by("name")
            .values_list("code", "name")
        ]
    if current and current not in {code for code, _label in choices}:
        choices.append((current, current))
    return choices


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CatalogueItemForm(forms.Form):
    """What schemes and services share. ``values()`` gives the exchange format (docs/schemes-format.md),
    so the pages, the import and the API are checked by the same service."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("A short, unique key of lowercase letters, digits and hyphens, e.g. oss-meedoenregeling."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    summary = forms.CharField(
        label=_("Short description"),
        max_length=600,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In plain Dutch (B1 level): what it is and for whom."),
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, validators=TEXT)
    scope = forms.ChoiceField(label=_("Area of validity"), choices=AreaScope.choices)
    area = forms.ChoiceField(label=_("Municipality or district"), required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    url = forms.URLField(label=_("Website"), max_length=500, required=False, assume_scheme="https")
    keywords = forms.CharField(
        label=_("Search words"),
        max_length=500,
        required=False,
        validators=TEXT,
        help_text=_("Other words people use for it, separated by spaces."),
    )
    is_example = forms.BooleanField(label=_("Fictitious example (demo)"), required=False)

    kind = ""

    def __init__(self, *args: Any, municipality_id: int | None, is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = str(self.initial.get("area") or "")
        self.fields["area"].choices = edit_area_choices(  # type: ignore[attr-defined]
            municipality_id=municipality_id, current=current
        )
        if not is_new:
            # The code is the key in import and export: it does not change once the item exists.
            self.fields["code"].disabled = True
            self.fields["code"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope, area = data.get("scope"), data.get("area") or ""
        if scope == AreaScope.NATIONAL and area:
            self.add_error("area", _("A national item has no municipality or district."))
        elif scope in AREA_SCOPE_PREFIX and not area.startswith(AREA_SCOPE_PREFIX[scope]):
            message = (
                _("Choose the municipality.") if scope == AreaScope.MUNICIPALITY else _("Choose one of the districts.")
            )
            self.add_error("area", message)
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data.get("code") or self.initial.get("code") or "",
            "name": data["name"],
            "summary": data["summary"],
            "provider": data["provider"],
            "scope": data["scope"],
            "area": data.get("area") or "",
            "themes": list(data.get("themes") or []),
            "target_groups": list(data.get("target_groups") or []),
            "target_description": data.get("target_description") or "",
            "url": data.get("url") or "",
            "keywords": data.get("keywords") or "",
            "is_example": bool(data.get("is_example")),
        }

    @classmethod
    def initial_from(cls, exported: dict[str, Any]) -> dict[str, Any]:
        """Form values from an item in the exchange format (``services.scheme_export`` / ``service_export``)."""
        return dict(exported)

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(str(title), [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS]

    SECTIONS: list[tuple[Any, tuple[str, ...]]] = []


class SchemeEditForm(CatalogueItemForm):
    target_description = forms.CharField(label=_("For whom"), max_length=300, validators=TEXT)
    benefit_kind = forms.ChoiceField(label=_("What it gives"), choices=BenefitKind.choices)
    benefit = forms.CharField(label=_("What you get"), max_length=300, validators=TEXT)
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=4000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    how_to_apply = forms.CharField(
        label=_("How to apply"),
        max_length=4000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    documents = forms.CharField(
        label=_("Documents needed"),
        max_length=2000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    links = forms.CharField(
        label=_("More links"),
        max_length=4000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the web address, a space, then the title."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)
    age_min = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=120, required=False)
    households = forms.MultipleChoiceField(
        label=_("Household"),
        choices=[
            (eligibility.Household.SINGLE.value, _("single")),
            (eligibility.Household.COUPLE.value, _("living together or married")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty when the household does not matter."),
    )
    has_children = forms.ChoiceField(label=_("Children under 18 at home"), choices=YES_NO_ANY, required=False)
    income_max_pct = forms.IntegerField(
        label=_("Highest income, as a percentage of the social minimum"),
        min_value=50,
        max_value=500,
        required=False,
        help_text=_("For example 120. Leave empty when income does not matter."),
    )
    housing = forms.MultipleChoiceField(
        label=_("Housing situation"),
        choices=[
            (eligibility.Housing.SOCIAL_RENT.value, _("rent from a housing corporation")),
            (eligibility.Housing.PRIVATE_RENT.value, _("rent from a private landlord")),
            (eligibility.Housing.OWNER.value, _("own home")),
            (eligibility.Housing.WITH_OTHERS.value, _("living in with others")),
            (eligibility.Housing.HOMELESS.value, _("no home of your own")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty when the housing situation does not matter."),
    )
    has_debts = forms.ChoiceField(label=_("Has debts"), choices=YES_NO_ANY, required=False)
    has_care_need = forms.ChoiceField(label=_("Needs care or support"), choices=YES_NO_ANY, required=False)

    kind = "scheme"
    SECTIONS = [
        (_("The scheme"), ("code", "name", "summary", "target_description", "benefit_kind", "benefit", "provider")),
        (_("Where and when"), ("scope", "area", "valid_from", "valid_until")),
        (_("Conditions and applying"), ("conditions", "how_to_apply", "documents", "url", "links")),
        (
            _("Who it is for (used by the scheme finder)"),
            (
                "age_min",
                "age_max",
                "households",
                "has_children",
                "income_max_pct",
                "housing",
                "has_debts",
                "has_care_need",
            ),
        ),
        (_("Finding it"), ("themes", "target_groups", "keywords", "is_example")),
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date lies before the start date."))
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The maximum age is lower than the minimum age."))
        for line in _lines(data.get("links") or ""):
            address = line.partition(" ")[0]
            if not formats.is_web_url(address):
                self.add_error("links", _("Not a valid web address: %(value)s.") % {"value": address})
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        criteria: dict[str, Any] = {
            "age_min": data.get("age_min"),
            "age_max": data.get("age_max"),
            "households": list(data.get("households") or []),
            "has_children": _yes_no(data.get("has_children") or ""),
            "income_max_pct": data.get("income_max_pct"),
            "housing": list(data.get("housing") or []),
            "has_debts": _yes_no(data.get("has_debts") or ""),
            "has_care_need": _yes_no(data.get("has_care_need") or ""),
        }
        return {
            **super().values(),
            "benefit_kind": data["benefit_kind"],
            "benefit": data["benefit"],
            "conditions": data.get("conditions") or "",
            "how_to_apply": data.get("how_to_apply") or "",
            "documents": _lines(data.get("documents") or ""),
            "links": _lines(data.get("links") or ""),
            "valid_from": data.get("valid_from"),
            "valid_until": data.get("valid_until"),
            "eligibility": {key: value for key, value in criteria.items() if value not in (None, [])},
        }

    @classmethod
    def initial_from(cls, exported: dict[str, Any]) -> dict[str, Any]:
        initial = dict(exported)
        initial["documents"] = "\n".join(exported.get("documents") or [])
        initial["links"] = "\n".join(
            f"{link['url']} {link['title']}".strip() if link.get("title") != link.get("url") else link["url"]
            for link in exported.get("links") or []
        )
        criteria = exported.get("eligibility") or {}
        for key in ("age_min", "age_max", "income_max_pct", "households", "housing"):
            initial[key] = criteria.get(key)
        for key in ("has_children", "has_debts", "has_care_need"):
            flag = criteria.get(key)
            initial[key] = "" if flag is None else ("yes" if flag else "no")
        return initial


class ServiceEditForm(CatalogueItemForm):
    kind_choice = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    target_description = forms.CharField(label=_("For whom"), max_length=300, required=False, validators=TEXT)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    location = forms.CharField(label=_("Location"), max_length=300, required=False, validators=TEXT)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=300, required=False, validators=TEXT)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False, validators=TEXT)
    is_active = forms.BooleanField(label=_("Active (offered now)"), required=False, initial=True)

    kind = "service"
    SECTIONS = [
        (_("The service or initiative"), ("code", "name", "kind_choice", "summary", "target_description", "provider")),
        (_("Where and when"), ("scope", "area", "neighbourhood", "location", "opening_hours", "contact", "url")),
        (_("Finding it"), ("themes", "target_groups", "keywords", "is_active", "is_example")),
    ]

    def __init__(self, *args: Any, municipality_id: int | None, is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, municipality_id=municipality_id, is_new=is_new, **kwargs)
        from wijkverband.neighbourhoods.models import Neighbourhood

        current = str(self.initial.get("neighbourhood") or "")
        choices = [("", "—")]
        if municipality_id:
            choices += list(
                Neighbourhood.objects.filter(municipality_id=municipality_id)
                .order_by("name")
                .values_list("code", "name")
            )
        if current and current not in {code for code, _label in choices}:
            choices.append((current, current))
        self.fields["neighbourhood"].choices = choices  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().values(),
            "kind": data["kind_choice"],
            "neighbourhood": data.get("neighbourhood") or "",
            "location": data.get("location") or "",
            "opening_hours": data.get("opening_hours") or "",
            "contact": data.get("contact") or "",
            "is_active": bool(data.get("is_active")),
        }

    @classmethod
    def initial_from(cls, exported: dict[str, Any]) -> dict[str, Any]:
        return {**exported, "kind_choice": exported.get("kind")}


class RetireForm(forms.Form):
    last_day = forms.DateField(
        label=_("Last valid day"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to end it as of today. The item stays in the catalogue for reference."),
    )


# --- professionals: a scheme from the wizard into a plan ------------------------------------------


class PlanAttachForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"))
    description = forms.CharField(label=_("What is agreed"), max_length=500, validators=TEXT)
    due_on = forms.DateField(label=_("When (date)"), widget=DATE_INPUT)

    def __init__(self, *args: Any, plans: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(p.uuid), f"{p.resident.full_name} – {p.title}" if p.title else p.resident.full_name) for p in plans),
        ]


# --- editors: import a file --------------------------------------------------------------------------

# Below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): after the dry run the text is posted back as a field.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (JSON or CSV)"), required=False)
    kind = forms.ChoiceField(
        label=_("For a CSV file: what is in it"),
        choices=[("scheme", _("Schemes")), ("service", _("Services and initiatives"))],
        required=False,
    )
    # After the dry run the checked file travels back with the form; it is checked again when applied.
    content = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_IMPORT_BYTES)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            raw = upload.read()
            try:
                data["content"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
            data["file_name"] = upload.name or ""
        if not data.get("content"):
            raise forms.ValidationError(_("Choose a file to import."))
        name = (data.get("file_name") or "").lower()
        data["is_csv"] = name.endswith(".csv") or not data["content"].lstrip().startswith("{")
        if data["is_csv"] and not data.get("kind"):
            self.add_error("kind", _("Say whether the CSV file holds schemes or services."))
        return data
