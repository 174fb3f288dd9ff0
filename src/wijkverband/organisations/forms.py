from django import forms
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_html

from .constants import Role


class MembershipCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        error_messages={"invalid": _("Use 3–150 letters, digits or . @ + - _ only.")},
    )
    display_name = forms.CharField(label=_("Name"), max_length=150, validators=[validate_no_html])
    email = forms.EmailField(label=_("E-mail"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, max_length=128)


class MembershipUpdateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False)
