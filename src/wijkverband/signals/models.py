"""Signals (signalen) about residents, households, addresses, buildings and neighbourhoods.

Categories, teams, routing rules and the known postcode areas are data, edited in the admin.
A signal's personal data (name, address, contact details, BSN, arrears) is read only through
``selectors`` (team membership decides, see ``access``) and written only through ``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkverband.cases.models import CasePlan
from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.models import Membership, Organisation
from wijkverband.residents.models import Household, Resident

from .constants import (
    ArrearsKind,
    AttemptKind,
    BatchSource,
    OutreachKind,
    OutreachResult,
    OutreachStatus,
    SignalStatus,
    SourceKind,
    SubjectKind,
    TeamKind,
)

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


class SignalCategory(BaseModel):
    """A main category (no parent) or a subcategory, with its response terms in working days."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=TEXT_VALIDATORS)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("main category"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    response_days = models.PositiveSmallIntegerField(_("response term (working days)"), default=10)
    urgent_response_days = models.PositiveSmallIntegerField(_("urgent response term (working days)"), default=3)
    is_arrears = models.BooleanField(_("payment arrears (vroegsignalering)"), default=False)
    is_public = models.BooleanField(_("residents may choose it on the public page"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response_days__gte=1) & models.Q(urgent_response_days__gte=1),
                name="signal_category_terms_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(urgent_response_days__lte=models.F("response_days")),
                name="signal_category_urgent_not_longer",
            ),
        ]
        verbose_name = _("signal category")
        verbose_name_plural = _("signal categories")

    def __str__(self) -> str:
        return f"{self.parent.name} – {self.name}" if self.parent_id and self.parent else self.name

    def clean(self) -> None:
        # Field errors here keep the database constraints from repeating them in technical words.
        errors: dict[str, str] = {}
        terms = (self.response_days, self.urgent_response_days)
        if None not in terms and self.urgent_response_days > self.response_days:
            errors["urgent_response_days"] = gettext("The urgent term cannot be longer than the normal term.")
        if self.response_days is not None and self.response_days < 1:
            errors["response_days"] = gettext("A term is at least 1 working day.")
        if self.urgent_response_days is not None and self.urgent_response_days < 1:
            errors["urgent_response_days"] = gettext("A term is at least 1 working day.")
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = gettext("A category cannot be its own main category.")
            elif self.parent is not None and self.parent.parent_id is not None:
                errors["parent"] = gettext("Choose a main category: subcategories have no subcategories of their own.")
            elif self.pk is not None and self.children.exists():
                errors["parent"] = gettext("This category has subcategories, so it must stay a main category.")
        if errors:
            raise ValidationError(errors)

    def lineage_codes(self) -> frozenset[str]:
        codes = {self.code}
        if self.parent_id and self.parent:
            codes.add(self.parent.code)
        return frozenset(codes)


class Team(BaseModel):
    """A team of one organisation that picks signals up (wijkteam, 1.Hoorn-style front door, …)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signal_teams")
    name = models.CharField(_("name"), max_length=150, validators=TEXT_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=32, choices=TeamKind.choices)
    coordinator = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_signal_teams",
        verbose_name=_("coordinator"),
        help_text=_("Receives the overdue signals of the team."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="signal_team_unique_name")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        coordinator = self.coordinator if self.coordinator_id is not None else None
        if coordinator is not None and coordinator.organisation_id != self.organisation_id:
            raise ValidationError(
                {"coordinator": gettext("The coordinator must be a member of the team's organisation.")}
            )


class TeamMember(BaseModel):
    """Need to know for signals: the members of the team a signal is routed to handle it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="signal_team_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "membership"], name="signal_team_member_once")]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.membership} in {self.team}"


class PostcodeArea(models.Model):
    """A four-digit postcode area of the working area, with the neighbourhood its signals count for.

    Arrears signals with a postcode outside these areas are refused: the municipality can only
    offer help to its own residents, and the creditor must deliver to the right municipality."""

    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signal_postcode_areas")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="signal_postcode_areas"
    )

    class Meta:
        ordering = ["pc4"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return self.pc4


class RoutingRule(BaseModel):
    """Ordered routing: the first active rule whose conditions all hold decides the team."""

    order = models.PositiveIntegerField(_("order"), default=100)
    name = models.CharField(_("name"), max_length=150, validators=TEXT_VALIDATORS)
    categories = models.ManyToManyField(SignalCategory, blank=True, verbose_name=_("categories"))
    area_codes = models.CharField(
        _("area codes"),
        max_length=500,
        blank=True,
        help_text=_("CBS codes of neighbourhoods, districts or municipalities, separated by commas; empty is any."),
    )
    source_kinds = models.CharField(
        _("sources"), max_length=200, blank=True, help_text=_("Source kinds separated by commas; empty is any.")
    )
    has_open_case = models.BooleanField(
        _("resident has an open case plan"), null=True, blank=True, help_text=_("Empty: either.")
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="routing_rules")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def source_kind_labels(self) -> list[str]:
        kinds = [kind.strip() for kind in self.source_kinds.split(",") if kind.strip()]
        return [str(SourceKind(kind).label) if kind in SourceKind.values else kind for kind in kinds]

    def clean(self) -> None:
        """Codes as the routing reads them (``services``): known CBS codes and source kinds, comma separated.

        A typo would make a rule silently match nothing, so unknown codes are refused and named.
        """
        errors: dict[str, str] = {}
        areas = [code.strip().upper() for code in self.area_codes.split(",") if code.strip()]
        known = (
            set(Neighbourhood.objects.filter(code__in=areas).values_list("code", flat=True))
            | set(District.objects.filter(code__in=areas).values_list("code", flat=True))
            | set(Municipality.objects.filter(code__in=areas).values_list("code", flat=True))
        )
        unknown = [code for code in areas if code not in known]
        if unknown:
            errors["area_codes"] = gettext(
                "Unknown area codes: %(codes)s. Use CBS codes such as BU08280602, WK082806 or GM0828."
            ) % {"codes": ", ".join(unknown)}
        sources = [kind.strip() for kind in self.source_kinds.split(",") if kind.strip()]
        wrong = [kind for kind in sources if kind not in SourceKind.values]
        if wrong:
            errors["source_kinds"] = gettext("Unknown sources: %(kinds)s. Choose from: %(allowed)s.") % {
                "kinds": ", ".join(wrong),
                "allowed": ", ".join(SourceKind.values),
            }
        if errors:
            raise ValidationError(errors)
        self.area_codes = ", ".join(dict.fromkeys(areas))
        self.source_kinds = ", ".join(dict.fromkeys(sources))


class SignalPartner(BaseModel):
    """An organisation that may deliver arrears signals (Besluit gemeentelijke schuldhulpverlening)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="signal_partner")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signal_partners")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("signal partner")
        verbose_name_plural = _("signal partners")

    def __str__(self) -> str:
        return str(self.organisation)


class ArrearsBatch(BaseModel):
    """One delivery of arrears signals by a creditor; the creditor's reference makes it idempotent."""

    creditor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="arrears_batches")
    reference = models.CharField(_("reference"), max_length=100, validators=TEXT_VALIDATORS)
    source = models.CharField(_("delivered as"), max_length=8, choices=BatchSource.choices)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new signals"), default=0)
    known_count = models.PositiveIntegerField(_("signals already delivered"), default=0)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="arrears_batches"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["creditor", "reference"], name="arrears_batch_once")]
        verbose_name = _("arrears batch")
        verbose_name_plural = _("arrears batches")

    def __str__(self) -> str:
        return f"{self.creditor} {self.reference}"


class OutreachTask(BaseModel):
    """Reaching out to one household, building or neighbourhood: all its signals within the combining period.

    - household: identified by the address (postcode, house number, addition);
    - building: by its name or street as reported (``building``) and postcode, when given;
    - neighbourhood: by the neighbourhood.
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="outreach_tasks")
    kind = models.CharField(_("about"), max_length=16, choices=OutreachKind.choices, default=OutreachKind.HOUSEHOLD)
    # The address identifies the household; the name is the one the signals gave (personal data).
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    building = models.CharField(_("building or place"), max_length=200, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    display_name = models.CharField(_("name"), max_length=250, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach_tasks"
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach_tasks"
    )
    status = models.CharField(_("status"), max_length=8, choices=OutreachStatus.choices, default=OutreachStatus.OPEN)
    result = models.CharField(_("result"), max_length=20, choices=OutreachResult.choices, blank=True)
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("respond by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "postcode", "house_number"]
        indexes = [
            models.Index(fields=["team", "postcode", "house_number", "status"], name="outreach_household"),
        ]
        verbose_name = _("outreach task")
        verbose_name_plural = _("outreach tasks")

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        """Where to go: the household's address, the building, or the neighbourhood's name."""
        if self.kind == OutreachKind.NEIGHBOURHOOD:
            return self.neighbourhood.name if self.neighbourhood_id and self.neighbourhood else ""
        if self.house_number is None:
            place = f"{self.postcode} {self.city}".strip()
            return ", ".join(part for part in (self.building or self.street, place) if part)
        number = f"{self.house_number}{self.house_number_addition}"
        street = f"{self.street} {number}" if self.street else number
        if self.kind == OutreachKind.BUILDING and self.building:
            street = f"{self.building} ({street})"
        return ", ".join(part for part in (street, f"{self.postcode} {self.city}".strip()) if part)


class Signal(BaseModel):
    """A worry about someone or somewhere, routed to a team that must respond within the term."""

    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True)
    category = models.ForeignKey(SignalCategory, on_delete=models.PROTECT, related_name="signals")
    subject_kind = models.CharField(_("about"), max_length=16, choices=SubjectKind.choices)
    # The audit trail names the person a signal is about by this id (the resident's uuid once linked).
    subject_uuid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    resident = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    # Personal data as the source gave it (removed by the retention job for arrears without contact).
    subject_name = models.CharField(_("name"), max_length=250, blank=True, validators=TEXT_VALIDATORS)
    street = models.CharField(_("street"), max_length=150, blank=True, validators=TEXT_VALIDATORS)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True, validators=TEXT_VALIDATORS)
    city = models.CharField(_("place"), max_length=100, blank=True, validators=TEXT_VALIDATORS)
    building = models.CharField(_("building or place"), max_length=200, blank=True, validators=TEXT_VALIDATORS)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=TEXT_VALIDATORS)
    email = models.EmailField(_("e-mail"), max_length=200, blank=True)
    bsn_encrypted = models.TextField(blank=True, editable=False)
    bsn_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    description = models.TextField(_("description"), blank=True, max_length=4000, validators=TEXT_VALIDATORS)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    # Who reported it.
    source_kind = models.CharField(_("source"), max_length=24, choices=SourceKind.choices)
    reporter_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_signals"
    )
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_signals"
    )
    reporter_contact = models.CharField(
        _("reporter's contact details"), max_length=200, blank=True, validators=TEXT_VALIDATORS
    )
    # Arrears (vroegsignalering): only what the law allows the creditor to deliver.
    batch = models.ForeignKey(ArrearsBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="signals")
    creditor_reference = models.CharField(_("creditor's reference"), max_length=100, blank=True)
    arrears_kind = models.CharField(_("arrears"), max_length=20, choices=ArrearsKind.choices, blank=True)
    amount_owed = models.DecimalField(_("amount owed"), max_digits=10, decimal_places=2, null=True, blank=True)
    months_in_arrears = models.PositiveSmallIntegerField(_("months in arrears"), null=True, blank=True)
    # Handling.
    is_urgent = models.BooleanField(_("urgent (eviction or cut-off threatens)"), default=False)
    status = models.CharField(_("status"), max_length=24, choices=SignalStatus.choices, default=SignalStatus.NEW)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    routing_rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    received_at = models.DateTimeField(_("received at"))
    due_on = models.DateField(_("respond by"))
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    outreach = models.ForeignKey(OutreachTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    case_plan = models.ForeignKey(CasePlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "received_at"]
        indexes = [
            models.Index(fields=["team", "status", "due_on"], name="signal_team_queue"),
            models.Index(fields=["received_at"], name="signal_received"),
        ]
        constraints = [
            # Re-delivery by a creditor never doubles a signal.
            models.UniqueConstraint(
                fields=["reporter_organisation", "creditor_reference"],
                condition=~models.Q(creditor_reference=""),
                name="signal_creditor_reference_once",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_owed__isnull=True) | models.Q(amount_owed__gte=0),
                name="signal_amount_not_negative",
            ),
        ]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def address(self) -> str:
        if self.house_number is None:
            return self.building or self.street
        number = f"{self.house_number}{self.house_number_addition}"
        street = f"{self.street} {number}" if self.street else number
        return ", ".join(part for part in (street, f"{self.postcode} {self.city}".strip()) if part)


class SignalStatusChange(BaseModel):
    """Append-only history of a signal: every step with who, for which organisation, and why."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=SignalStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_by_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class OutreachAttempt(BaseModel):
    """One attempt to reach a household: a home visit, a call, a letter; reached or not."""

    task = models.ForeignKey(OutreachTask, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("kind"), max_length=16, choices=AttemptKind.choices)
    made_on = models.DateField(_("date"))
    is_reached = models.BooleanField(_("reached"))
    result = models.CharField(_("result"), max_length=20, choices=OutreachResult.choices, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True, validators=TEXT_VALIDATORS)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    made_by_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["made_on", "created_at"]
        verbose_name = _("outreach attempt")
        verbose_name_plural = _("outreach attempts")
