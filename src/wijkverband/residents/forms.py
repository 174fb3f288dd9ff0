from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_bsn, validate_no_control_chars, validate_no_html, validate_postcode
from wijkverband.neighbourhoods.models import Neighbourhood

from .constants import InvolvementRole

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResidentForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100, validators=[validate_no_html, validate_no_control_chars]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, validators=[validate_no_html, validate_no_control_chars]
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE_WIDGET)
    street = forms.CharField(label=_("Street"), max_length=150, required=False, validators=[validate_no_html])
    house_number = forms.IntegerField(label=_("House number"), min_value=1, max_value=99999)
    house_number_addition = forms.CharField(
        label=_("Addition"), max_length=10, required=False, validators=[validate_no_html]
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, validators=[validate_postcode])
    city = forms.CharField(label=_("Place"), max_length=100, required=False, validators=[validate_no_html])
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False, to_field_name="code"
    )
    bag_id = forms.RegexField(
        label=_("BAG id (optional)"),
        regex=r"^[0-9]{16}$",
        required=False,
        error_messages={"invalid": _("A BAG id has exactly 16 digits.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[validate_no_html])
    email = forms.EmailField(label=_("E-mail"), max_length=200, required=False)
    bsn = forms.CharField(
        label=_("BSN (optional)"),
        max_length=11,
        required=False,
        validators=[validate_bsn],
        help_text=_("Only where a legal basis exists. Stored encrypted, never shown in full in lists."),
    )

    def __init__(self, *args: object, municipality_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["neighbourhood"]
        if not isinstance(field, forms.ModelChoiceField):  # pragma: no cover - declared above
            raise TypeError("neighbourhood must be a ModelChoiceField")
        queryset = Neighbourhood.objects.select_related("district").order_by("district__code", "name")
        field.queryset = queryset.filter(municipality_id=municipality_id) if municipality_id else queryset.none()
        field.label_from_instance = lambda obj: f"{obj.district.name} – {obj.name}"  # type: ignore[method-assign]


class ResidentRegisterForm(ResidentForm):
    consent_given = forms.BooleanField(
        label=_("The resident consents to our organisation recording and using these basic details"),
        error_messages={"required": _("Without the resident's consent the resident cannot be registered.")},
    )
    consent_purpose = forms.CharField(
        label=_("Purpose of the consent"), max_length=300, validators=[validate_no_html, validate_no_control_chars]
    )
    consent_given_on = forms.DateField(label=_("Consent given on"), widget=DATE_WIDGET, initial=timezone.localdate)


class InvolvementForm(forms.Form):
    membership = forms.ChoiceField(label=_("Professional"))
    role = forms.ChoiceField(label=_("Role in the team"), choices=InvolvementRole.choices)
    reason = forms.CharField(label=_("Why this person is needed"), max_length=300, validators=[validate_no_html])


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, postcode (+ house number) or BSN"), max_length=100, required=False)
