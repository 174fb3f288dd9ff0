from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Organisation

from .constants import ConsentScope

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentRecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation that may see the data"),
        queryset=Organisation.objects.filter(is_active=True),
        to_field_name="uuid",
    )
    scope = forms.ChoiceField(label=_("Which data"), choices=ConsentScope.choices)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=300, validators=[validate_no_html, validate_no_control_chars]
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE_WIDGET, initial=timezone.localdate)
    valid_until = forms.DateField(label=_("Valid until (optional)"), widget=DATE_WIDGET, required=False)


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (as the resident said it)"),
        max_length=300,
        required=False,
        validators=[validate_no_html, validate_no_control_chars],
    )
