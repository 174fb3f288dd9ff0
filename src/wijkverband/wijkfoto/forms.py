"""HTML forms of the wijkfoto pages. They parse input; the services decide and validate the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html

from .constants import AreaLevel, Colour, Direction, ImportKind, TrafficLightLevel

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [validate_no_html, validate_no_control_chars]


class AreaSearchForm(forms.Form):
    q = forms.CharField(label=_("Municipality or district"), max_length=100, required=False, validators=TEXT)


class MapForm(forms.Form):
    kaart = forms.ChoiceField(label=_("Colour the map by"), required=False)

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kaart"].choices = indicators  # type: ignore[attr-defined]


class BaselineForm(forms.Form):
    basisjaar = forms.TypedChoiceField(label=_("Baseline year"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basisjaar"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    orange_threshold = forms.FloatField(label=_("Orange from"), localize=True)
    red_threshold = forms.FloatField(
        localize=True,
        label=_("Red from"),
        help_text=_("Red below orange means: lower is worse (for example a liveability score)."),
    )
    weight = forms.FloatField(label=_("Weight"), initial=1, min_value=0.1, max_value=10)

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    area_code = forms.ChoiceField(label=_("Area"))
    colour = forms.ChoiceField(label=_("Colour"), choices=[c for c in Colour.choices if c[0] != Colour.UNKNOWN])
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, validators=TEXT
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = areas  # type: ignore[attr-defined]


class ConfigForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    orange_from = forms.FloatField(label=_("Orange from score"), localize=True)
    red_from = forms.FloatField(label=_("Red from score"), localize=True)
    green_limit = forms.FloatField(
        label=_("Placements per 1,000 social homes per year when green"), min_value=0, localize=True
    )
    orange_limit = forms.FloatField(
        label=_("Placements per 1,000 social homes per year when orange"), min_value=0, localize=True
    )
    use_district_values = forms.BooleanField(
        label=_("Use the district's figure when a neighbourhood has none"), required=False
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive traffic light is kept with its history but no longer answers the matcher."),
    )


class ConfigCreateForm(forms.Form):
    """A new traffic light: for which coalition and level, and how scores and capacities work."""

    coalition = forms.ChoiceField(label=_("Coalition"))
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=TrafficLightLevel.choices,
        initial=TrafficLightLevel.NEIGHBOURHOOD,
        help_text=_("Complexes and stairwells are judged on the figures the corporation enters for them."),
    )
    orange_from = forms.FloatField(label=_("Orange from score"), initial=1, localize=True)
    red_from = forms.FloatField(label=_("Red from score"), initial=2, localize=True)
    green_limit = forms.FloatField(
        label=_("Placements per 1,000 social homes per year when green"), min_value=0, initial=10, localize=True
    )
    orange_limit = forms.FloatField(
        label=_("Placements per 1,000 social homes per year when orange"), min_value=0, initial=5, localize=True
    )
    use_district_values = forms.BooleanField(
        label=_("Use the district's figure when a neighbourhood has none"), required=False, initial=True
    )

    def __init__(self, *args: Any, coalitions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coalition"].choices = coalitions  # type: ignore[attr-defined]


class OwnIndicatorForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    unit = forms.CharField(label=_("Unit"), max_length=40, validators=TEXT, help_text=_("For example %, number, grade"))
    source = forms.CharField(label=_("Source"), max_length=200, validators=TEXT)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.NEUTRAL)
    decimals = forms.IntegerField(label=_("Decimals shown"), min_value=0, max_value=3, initial=1)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
        validators=TEXT,
    )


class AreaValueForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    level = forms.ChoiceField(
        label=_("Level"), choices=[c for c in AreaLevel.choices if c[0] != AreaLevel.COUNTRY], initial="neighbourhood"
    )
    area_code = forms.CharField(
        label=_("Area code"),
        max_length=40,
        help_text=_(
            "CBS code (BU08280602), postcode (5342), complex (BU08280602:C1040) or stairwell (BU08280602:C1040:P7)"
        ),
    )
    measured_on = forms.DateField(label=_("Date of measurement"), widget=DATE_WIDGET, initial=timezone.localdate)
    value = forms.FloatField(label=_("Value"), localize=True)
    source_note = forms.CharField(label=_("Source note"), max_length=200, required=False, validators=TEXT)

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("As published: CBS csv, xlsx or OData JSON, Leefbaarometer csv, GeoJSON")
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        help_text=_("Only when the file name does not say; for a Leefbaarometer file: the one year to import"),
    )
    strict = forms.BooleanField(label=_("Import nothing when one row has a problem"), required=False)
