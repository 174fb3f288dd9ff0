"""The form renderer: Django's widget templates through Jinja2, everything else through Django templates.

Jinja2 renders the same widget markup several times faster, which a page with many forms (the plan
page) notices. Widgets whose templates exist only for Django's engine (the admin's related-object
wrapper) fall back to the Django renderer, so the admin keeps working.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class FormRenderer(Jinja2):
    def __init__(self) -> None:
        super().__init__()
        self._django_templates = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_templates.get_template(template_name)
