"""``{% form_fields form %}``: the shared form markup, with empty forms rendered once and reused.

A plan page carries nine forms (plus their selects of participants, statuses and the 11 x 5 radio
buttons of the self-reliance matrix). Django renders each widget through templates, which cost a
third of the page. An unbound form renders the same markup for the same fields, labels, choices
and language, so that markup is kept in a small per-process cache keyed by exactly those inputs.
Bound forms (with the user's input and errors) are always rendered fresh.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django import template
from django.forms import Form
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CACHE_SIZE = 512
_cache: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def _signature(form: Form) -> str:
    parts: list[Any] = [type(form).__module__, type(form).__qualname__, translation.get_language(), form.prefix]
    parts.append(form.auto_id)
    for name, field in form.fields.items():
        widget = field.widget
        choices = getattr(field, "choices", None)
        parts.append(
            (
                name,
                str(field.label),
                field.required,
                str(field.help_text),
                type(widget).__name__,
                sorted((k, str(v)) for k, v in widget.attrs.items()),
                [(str(value), str(label)) for value, label in choices] if choices is not None else None,
                str(form.get_initial_for_field(field, name)),
                field.disabled,
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _render(form: Form) -> str:
    return get_template("_form_fields.html").render({"form": form})


@register.simple_tag
def form_fields(form: Form) -> SafeString:
    # The markup comes from the autoescaping template engine, so marking it safe adds nothing unsafe.
    if form.is_bound:
        return mark_safe(_render(form))  # noqa: S308
    key = _signature(form)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return mark_safe(cached)  # noqa: S308
    markup = _render(form)
    with _lock:
        _cache[key] = markup
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return mark_safe(markup)  # noqa: S308
