"""Empty forms are rendered once and reused; what the user typed and the errors are never cached."""

from django import forms
from django.template import Context, Template

from wijkverband.core.templatetags import wv_forms


class TeamForm(forms.Form):
    owner = forms.ChoiceField(label="Wie")
    note = forms.CharField(label="Notitie", required=True)
    extra = forms.CharField(label="Extra", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(str(i), name) for i, name in enumerate(people)]


def _render(form):
    return Template("{% load wv_forms %}{% form_fields form %}").render(Context({"form": form}))


def test_an_empty_form_renders_the_same_from_the_cache():
    wv_forms._cache.clear()
    first = _render(TeamForm(people=["Anna", "Bram"]))

    again = _render(TeamForm(people=["Anna", "Bram"]))

    assert again == first
    assert len(wv_forms._cache) == 1


def test_other_choices_give_other_markup():
    wv_forms._cache.clear()
    _render(TeamForm(people=["Anna", "Bram"]))

    markup = _render(TeamForm(people=["Anna", "Chris"]))

    assert "Chris" in markup and "Bram" not in markup


def test_a_bound_form_shows_its_own_input_and_errors_and_is_not_cached():
    wv_forms._cache.clear()

    markup = _render(TeamForm({"owner": "1", "note": ""}, people=["Anna", "Bram"]))

    assert "utrecht-form-field-error-message" in markup
    assert 'value="1" selected' in markup
    assert wv_forms._cache == {}


def test_the_language_is_part_of_the_key():
    from django.utils import translation

    wv_forms._cache.clear()
    with translation.override("nl"):
        dutch = _render(TeamForm(people=["Anna"]))
    with translation.override("en"):
        english = _render(TeamForm(people=["Anna"]))

    assert "(niet verplicht)" in dutch
    assert "(optional)" in english
