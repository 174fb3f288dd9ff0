"""HTML forms of the plan page. They parse input; the services decide and validate the rules."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.validators import validate_no_control_chars, validate_no_html

from .constants import (
    ActionStatus,
    CasePlanStatus,
    EntryKind,
    MeasurementMoment,
    MeetingKind,
    Rasci,
    WatchContactOutcome,
)
from .models import CaseParticipant, Instrument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [validate_no_html, validate_no_control_chars]


def _participant_choices(
    participants: list[CaseParticipant], *, professionals_only: bool = False
) -> list[tuple[str, str]]:
    return [
        (
            str(p.uuid),
            f"{p.name} – {p.organisation.name}" if p.organisation else f"{p.name} ({p.relation or _('network')})",
        )
        for p in participants
        if not professionals_only or p.user_id is not None
    ]


class PlanOpenForm(forms.Form):
    title = forms.CharField(label=_("Title of the plan"), max_length=200, required=False, validators=TEXT)
    want = forms.CharField(
        label=_("What do I want?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        validators=TEXT,
        help_text=_("In the resident's own words. One item per line."),
    )
    can = forms.CharField(
        label=_("What can I do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        validators=TEXT,
        help_text=_("Own strengths, also what the resident can do for others. One item per line."),
    )
    need = forms.CharField(
        label=_("What do I need?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        validators=TEXT,
        help_text=_("One item per line."),
    )
    as_case_director = forms.BooleanField(label=_("I am the case director of this plan"), required=False)

    @staticmethod
    def lines(value: str) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Question"), choices=EntryKind.choices)
    text = forms.CharField(
        label=_("In the resident's own words"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        validators=TEXT,
    )
    for_others = forms.BooleanField(label=_("Something the resident can do for others"), required=False)


class InviteForm(forms.Form):
    membership = forms.ChoiceField(label=_("Professional"))
    as_case_director = forms.BooleanField(label=_("Make case director"), required=False)

    def __init__(self, *args: Any, memberships: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [("", "—"), *memberships]  # type: ignore[attr-defined]


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    relation = forms.CharField(
        label=_("Relation to the resident"),
        max_length=100,
        required=False,
        validators=TEXT,
        help_text=_("For example: sister, neighbour, volunteer."),
    )
    contact = forms.CharField(label=_("How to reach"), max_length=200, required=False, validators=TEXT)


class RemoveParticipantForm(forms.Form):
    participant = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, validators=TEXT)


class DirectorForm(forms.Form):
    participant = forms.ChoiceField(label=_("Case director"))

    def __init__(self, *args: Any, participants: list[CaseParticipant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = _participant_choices(participants, professionals_only=True)  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What is agreed"), max_length=500, validators=TEXT)
    owner = forms.ChoiceField(label=_("Who (owner)"))
    due_on = forms.DateField(label=_("When (date)"), widget=DATE_WIDGET)
    need = forms.ChoiceField(label=_("Answers the need"), required=False)
    resource = forms.ChoiceField(
        label=_("Scheme or service from the catalogue"),
        required=False,
        help_text=_("From the Regelingenwijzer. Not in it? Type the name below."),
    )
    resource_label = forms.CharField(
        label=_("Scheme or service"),
        max_length=200,
        required=False,
        validators=TEXT,
        help_text=_("For example: bijzondere bijstand, schuldhulpverlening."),
    )

    def __init__(
        self, *args: Any, participants: list[CaseParticipant], needs: list[Any], area: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.fields["owner"].choices = [("", "—"), *_participant_choices(participants)]  # type: ignore[attr-defined]
        self.fields["need"].choices = [("", "—"), *((str(n.uuid), n.text[:80]) for n in needs)]  # type: ignore[attr-defined]
        # The catalogue is a later app (schemes); imported here so cases does not depend on it at import time.
        from wijkverband.schemes.selectors import catalogue_choices

        # Only what applies where the resident lives (national, municipal, district): a region's whole
        # catalogue would be thousands of options on every plan page.
        self.fields["resource"].choices = [("", "—"), *catalogue_choices(area=area)]  # type: ignore[attr-defined]
        for participant in participants:
            self.fields[f"role_{participant.uuid}"] = forms.ChoiceField(
                label=participant.name, choices=[("", "—"), *Rasci.choices], required=False
            )
        if not self.is_bound:
            self.initial.setdefault("due_on", timezone.localdate())

    def role_fields(self) -> list[Any]:
        return [self[f"role_{p.uuid}"] for p in self.participants]

    def resource_reference(self) -> tuple[str, uuid.UUID | None, str]:
        """(kind, uuid, label): the chosen catalogue item, or else the typed name as a scheme without a link."""
        from wijkverband.schemes.selectors import catalogue_item_by_reference

        kind, _sep, reference = (self.cleaned_data.get("resource") or "").partition(":")
        item = catalogue_item_by_reference(kind=kind, item_uuid=reference) if reference else None
        if item is not None:
            return kind, item.uuid, item.name
        label = self.cleaned_data.get("resource_label") or ""
        return ("scheme" if label else ""), None, label

    def roles(self) -> dict[str, str]:
        return {
            str(p.uuid): self.cleaned_data[f"role_{p.uuid}"]
            for p in self.participants
            if self.cleaned_data.get(f"role_{p.uuid}")
        }


class ActionStatusForm(forms.Form):
    action = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    result = forms.CharField(label=_("Result"), max_length=2000, required=False, validators=TEXT)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    attendees = forms.MultipleChoiceField(label=_("Who attended"), widget=forms.CheckboxSelectMultiple, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False, validators=TEXT
    )
    is_health_related = forms.BooleanField(
        label=_("The notes are health-related (only visible with the health consent)"), required=False
    )

    def __init__(self, *args: Any, participants: list[CaseParticipant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = _participant_choices(participants)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


class ScoreForm(forms.Form):
    """Wellbeing (1–10) or participation ladder (1–6): one score."""

    instrument = forms.ChoiceField(label=_("Instrument"))
    measured_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    moment = forms.ChoiceField(label=_("Moment"), choices=MeasurementMoment.choices)
    value = forms.IntegerField(label=_("Score"), help_text=_("Wellbeing 1–10 as the resident rates it; ladder 1–6."))
    note = forms.CharField(label=_("Explanation"), max_length=500, required=False, validators=TEXT)

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.code, i.name) for i in instruments if not i.domains.all()]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())


class MatrixForm(forms.Form):
    """The self-reliance matrix: one level per domain, every domain scored."""

    measured_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    moment = forms.ChoiceField(label=_("Moment"), choices=MeasurementMoment.choices)
    note = forms.CharField(label=_("Explanation"), max_length=500, required=False, validators=TEXT)

    def __init__(self, *args: Any, instrument: Instrument | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument is None:
            return
        levels = [(str(level.value), f"{level.value} – {level.label}") for level in instrument.levels.all()]
        for domain in instrument.domains.all():
            self.fields[f"domain_{domain.code}"] = forms.TypedChoiceField(
                label=domain.name, choices=[("", "—"), *levels], coerce=int
            )
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())

    def domain_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("domain_")]

    def scores(self) -> dict[str | None, int]:
        return {
            name.removeprefix("domain_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("domain_")
        }


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Why"), max_length=500, validators=TEXT)
    escalation_table = forms.CharField(
        label=_("Multi-agency table (when escalating)"),
        max_length=200,
        required=False,
        validators=TEXT,
        help_text=_("For example: Zorg- en Veiligheidshuis."),
    )
    watch_contact = forms.ChoiceField(label=_("Waakvlam contact person"), required=False)
    interval_weeks = forms.IntegerField(label=_("Contact every (weeks)"), initial=6, required=False)
    period_months = forms.IntegerField(label=_("For how many months"), initial=6, required=False)

    def __init__(
        self, *args: Any, next_statuses: list[str], participants: list[CaseParticipant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, CasePlanStatus(s).label) for s in next_statuses]  # type: ignore[attr-defined]
        self.fields["watch_contact"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *_participant_choices(participants, professionals_only=True),
        ]


class WatchContactForm(forms.Form):
    contact = forms.UUIDField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date of contact"), widget=DATE_WIDGET)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=WatchContactOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, validators=TEXT)


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *CasePlanStatus.choices], required=False)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)

    def __init__(self, *args: Any, neighbourhoods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = [("", _("All")), *neighbourhoods]  # type: ignore[attr-defined]
