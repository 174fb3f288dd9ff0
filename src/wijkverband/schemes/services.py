"""Writes to the catalogue of schemes and services. The rules:

- only editors of the organisation that maintains an item may change it or mark it as checked
  (``catalogue_may_edit``); the import and link check run as the system (a command or a job);
- every write keeps the search fields current: the normalised text (SQLite fallback), the tsvector
  (PostgreSQL, 'dutch' config) and the vocabulary used for typo correction;
- an import is all or nothing: every row is checked first, and one bad row means nothing is
  written and the caller gets a report per row, in Dutch;
- a checked item is due for review again after ``REVIEW_INTERVAL_DAYS``; the daily job reminds the
  editors once per due date;
- the link check records broken links on the item; it takes the fetcher as an argument, so tests
  (and air-gapped installations) never need the internet;
- editors create, change and end items of their own organisation (``catalogue_item_create`` refuses a
  code in use; ``catalogue_item_update`` keeps code and organisation; ``catalogue_item_retire`` ends
  without deleting); each of these records who and when as the item's last check;
- a professional makes an item an agreement in a plan through the cases services
  (``catalogue_item_plan_attach``), so the plan's own policy, checks and audit apply.

The catalogue holds no personal data, so its writes are not in the NEN 7513 audit trail.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.cases.constants import ResourceKind
from wijkverband.cases.models import CaseAction
from wijkverband.core.exceptions import NotVisible
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Organisation

from . import formats, textsearch
from .constants import REVIEW_INTERVAL_DAYS, TargetGroup, Theme
from .models import CatalogueEditor, CatalogueItem, Scheme, SearchWord, Service, review_due_after
from .models import TargetGroup as TargetGroupRow
from .models import Theme as ThemeRow

Item = Scheme | Service
Fetch = Callable[[str], bool]


# --- who may edit --------------------------------------------------------------------------------


def catalogue_may_edit(actor: Actor, organisation: Organisation | None) -> bool:
    """Editors of the organisation, acting for it; its functional administrators too."""
    if organisation is None or actor.organisation is None or actor.organisation.pk != organisation.pk:
        return False
    if actor.role == Role.FUNCTIONAL_ADMIN:
        return True
    return CatalogueEditor.objects.filter(user=actor.user, organisation=organisation).exists()


def _require_edit(actor: Actor, organisation: Organisation | None) -> None:
    if not catalogue_may_edit(actor, organisation):
        raise PermissionDenied(_("Only editors of the organisation that maintains this item may change it."))


@transaction.atomic
def catalogue_editor_add(*, actor: Actor, user: User, organisation: Organisation) -> CatalogueEditor:
    """A functional administrator makes a member of their organisation an editor of its catalogue items."""
    if actor.role != Role.FUNCTIONAL_ADMIN or actor.organisation is None or actor.organisation.pk != organisation.pk:
        raise PermissionDenied(_("Only a functional administrator of the organisation may name editors."))
    if not user.memberships.filter(organisation=organisation, is_active=True).exists():
        raise ValidationError({"user": [_("Only members of the organisation can become its editors.")]})
    editor, _created = CatalogueEditor.objects.get_or_create(user=user, organisation=organisation)
    return editor


@transaction.atomic
def catalogue_editor_remove(*, actor: Actor, user: User, organisation: Organisation) -> None:
    """A functional administrator ends someone's editorship of their organisation's catalogue items."""
    if actor.role != Role.FUNCTIONAL_ADMIN or actor.organisation is None or actor.organisation.pk != organisation.pk:
        raise PermissionDenied(_("Only a functional administrator of the organisation may name editors."))
    CatalogueEditor.objects.filter(user=user, organisation=organisation).delete()


# --- search fields -------------------------------------------------------------------------------


def _search_body(item: Item) -> str:
    parts = [item.summary, item.provider, item.keywords, item.target_description]
    if isinstance(item, Scheme):
        parts += [item.benefit, item.conditions]
    else:
        parts += [item.location]
    parts += [str(Theme(t.code).label) for t in item.themes.all() if t.code in Theme.values]
    return " ".join(p for p in parts if p)


def search_fields_refresh(items: Iterable[Item]) -> None:
    """Recompute the stored search text, the PostgreSQL tsvector and the vocabulary for these items."""
    items = list(items)
    words: dict[str, str] = {}
    for item in items:
        item.search_title = textsearch.normalize(item.name)
        item.search_text = textsearch.normalize(_search_body(item))
        for word in textsearch.tokenize(f"{item.name} {item.search_text}"):
            if len(word) >= textsearch.PREFIX_MIN_LENGTH and not word.isdigit():
                words.setdefault(word[:80], textsearch.dutch_stem(word)[:80])
    by_model: dict[type[Scheme] | type[Service], list[Item]] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, rows in by_model.items():
        model.objects.bulk_update(rows, ["search_title", "search_text"], batch_size=500)  # type: ignore[arg-type]
        if connection.vendor == "postgresql":
            # Title words weigh more (A) than the rest (B) in the ranking.
            model.objects.filter(pk__in=[r.pk for r in rows]).update(
                search_vector=SearchVector("search_title", weight="A", config="dutch")
                + SearchVector("search_text", weight="B", config="dutch")
            )
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=s) for w, s in words.items()], ignore_conflicts=True, batch_size=1000
    )


# --- create and update ---------------------------------------------------------------------------


@dataclass
class Resolved:
    organisation: Organisation | None = None
    municipality: Municipality | None = None
    district: District | None = None
    neighbourhood: Neighbourhood | None = None
    errors: list[str] = field(default_factory=list)


def _resolve(values: Mapping[str, Any]) -> Resolved:
    resolved = Resolved()
    name = values.get("organisation") or ""
    if name:
        resolved.organisation = Organisation.objects.filter(name=name).first()
        if resolved.organisation is None:
            resolved.errors.append(_("Unknown organisation: %(name)s.") % {"name": name})
    area = values.get("area") or ""
    if area.startswith("GM"):
        resolved.municipality = Municipality.objects.filter(code=area).first()
        if resolved.municipality is None:
            resolved.errors.append(_("Unknown municipality code: %(code)s.") % {"code": area})
    elif area.startswith("WK"):
        resolved.district = District.objects.select_related("municipality").filter(code=area).first()
        if resolved.district is None:
            resolved.errors.append(_("Unknown district code: %(code)s.") % {"code": area})
        else:
            resolved.municipality = resolved.district.municipality
    elif area:
        resolved.errors.append(_("Unknown area code: %(code)s.") % {"code": area})
    code = values.get("neighbourhood") or ""
    if code:
        resolved.neighbourhood = Neighbourhood.objects.filter(code=code).first()
        if resolved.neighbourhood is None:
            resolved.errors.append(_("Unknown neighbourhood code: %(code)s.") % {"code": code})
        elif resolved.district is not None and resolved.neighbourhood.district_id != resolved.district.pk:
            resolved.errors.append(_("The neighbourhood does not lie in the district of the item."))
    return resolved


_COMMON_ATTRS = ("code", "name", "summary", "provider", "scope", "target_description", "url", "keywords", "is_example")
_SCHEME_ATTRS = ("benefit_kind", "benefit", "conditions", "how_to_apply", "links", "valid_from", "valid_until")
_SERVICE_ATTRS = ("kind", "location", "opening_hours", "contact", "is_active")


def _apply(item: Item, values: Mapping[str, Any], resolved: Resolved, *, today: date) -> Item:
    for attr in _COMMON_ATTRS:
        setattr(item, attr, values.get(attr) or ("" if attr != "is_example" else False))
    if isinstance(item, Scheme):
        for attr in _SCHEME_ATTRS:
            setattr(item, attr, values.get(attr))
        item.links = values.get("links") or []
        item.conditions = values.get("conditions") or ""
        item.how_to_apply = values.get("how_to_apply") or ""
        item.documents = "\n".join(values.get("documents") or [])
        item.eligibility = values.get("eligibility") or {}
    else:
        for attr in _SERVICE_ATTRS:
            setattr(item, attr, values.get(attr) if values.get(attr) is not None else "")
        item.is_active = bool(values.get("is_active", True))
        item.neighbourhood = resolved.neighbourhood
    item.organisation = resolved.organisation
    item.municipality = resolved.municipality
    item.district = resolved.district
    checked_on = values.get("last_checked_on") or today
    if item.pk is None or item.last_checked_on != checked_on:
        item.review_reminded_on = None
    item.last_checked_on = checked_on
    item.last_checked_by = values.get("last_checked_by") or _("unknown")
    item.review_due_on = review_due_after(checked_on, REVIEW_INTERVAL_DAYS)
    return item


def _validate(item: CatalogueItem) -> list[str]:
    try:
        item.full_clean(exclude=["search_vector"], validate_unique=False)
    except ValidationError as error:
        return [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]
    return []


def _vocabulary_rows(model: type[ThemeRow] | type[TargetGroupRow], codes: Iterable[str]) -> list[Any]:
    """Rows of the fixed theme / target group lists. Seeded by a migration; recreated from the constants
    when missing (a flushed test database), so an import never silently drops themes."""
    choices = dict(Theme.choices if model is ThemeRow else TargetGroup.choices)
    wanted = [code for code in dict.fromkeys(codes) if code in choices]
    existing = {row.code: row for row in model.objects.filter(code__in=wanted)}
    for code in wanted:
        if code not in existing:
            with translation.override(None):  # names are stored as the English msgids; pages translate
                existing[code] = model.objects.create(code=code, name=str(choices[code]))
    return [existing[code] for code in wanted]


def _save(item: Item, values: Mapping[str, Any]) -> Item:
    item.save()
    item.themes.set(_vocabulary_rows(ThemeRow, values.get("themes") or []))
    item.target_groups.set(_vocabulary_rows(TargetGroupRow, values.get("target_groups") or []))
    return item


def _model_for(kind: str) -> type[Scheme] | type[Service]:
    return Scheme if kind == "scheme" else Service


@transaction.atomic
def catalogue_item_save(
    *, actor: Actor | None, kind: str, values: Mapping[str, Any], organisation: Organisation | None = None
) -> Scheme | Service:
    """Create or update (by code) one scheme or service from exchange-format values.

    ``actor`` None is the system (import command, demo); otherwise the actor must be an editor of the
    organisation the item is (and stays) maintained by. ``organisation``, when given, is the maintaining
    organisation itself (the edit pages), so it is not looked up by name.
    """
    if actor is not None:
        # An editor's save is a check of the whole item: it starts a new review period.
        values = {**values, "last_checked_on": timezone.localdate(), "last_checked_by": str(actor.user)}
    if organisation is not None:
        values = {**values, "organisation": ""}
    row = formats.row_parse(kind, values, label=str(values.get("code") or ""))
    resolved = _resolve(row.values)
    if organisation is not None:
        resolved.organisation = organisation
    model = _model_for(kind)
    existing = model.objects.filter(code=row.values.get("code")).first()
    if actor is not None:
        _require_edit(actor, existing.organisation if existing else resolved.organisation)
        _require_edit(actor, resolved.organisation)
    item: Scheme | Service = _apply(existing or model(), row.values, resolved, today=timezone.localdate())
    errors = row.errors + resolved.errors + _validate(item)
    if errors:
        raise ValidationError(errors)
    _save(item, row.values)
    search_fields_refresh([item])
    return item


@transaction.atomic
def catalogue_item_mark_checked(*, actor: Actor, item: Scheme | Service) -> Scheme | Service:
    """An editor confirms the item is still right today; the next review is due after the interval."""
    _require_edit(actor, item.organisation)
    today = timezone.localdate()
    item.last_checked_on = today
    item.last_checked_by = str(actor.user)
    item.review_due_on = review_due_after(today, REVIEW_INTERVAL_DAYS)
    item.review_reminded_on = None
    item.save(update_fields=["last_checked_on", "last_checked_by", "review_due_on", "review_reminded_on"])
    return item


@transaction.atomic
def catalogue_item_create(*, actor: Actor, kind: str, values: Mapping[str, Any]) -> Scheme | Service:
    """An editor adds a scheme or service, maintained by the organisation they act for.

    The code is the item's key in import and export, so a code already in use (by any organisation)
    is refused rather than turning the new item into an update of an existing one.
    """
    organisation = actor.organisation
    _require_edit(actor, organisation)
    code = str(values.get("code") or "").strip()
    if code and _model_for(kind).objects.filter(code=code).exists():
        raise ValidationError({"code": [_("This code is already in use. Choose another one.")]})
    return catalogue_item_save(actor=actor, kind=kind, values=values, organisation=organisation)


@transaction.atomic
def catalogue_item_update(*, actor: Actor, item: Scheme | Service, values: Mapping[str, Any]) -> Scheme | Service:
    """An editor changes an item of their organisation. Code and maintaining organisation stay as they are;
    the save counts as a check (who and when are recorded on the item)."""
    _require_edit(actor, item.organisation)
    kind = "scheme" if isinstance(item, Scheme) else "service"
    return catalogue_item_save(
        actor=actor, kind=kind, values={**values, "code": item.code}, organisation=item.organisation
    )


def item_is_retired(item: Scheme | Service, today: date) -> bool:
    return item.is_retired_on(today)


@transaction.atomic
def catalogue_item_retire(*, actor: Actor, item: Scheme | Service, last_day: date | None = None) -> Scheme | Service:
    """End an item without deleting it: plans that refer to it keep their link and the page stays.

    - a scheme gets ``valid_until`` (its last valid day, yesterday unless given), so the wizard, the
      search and the plans' choices no longer offer it;
    - a service becomes inactive.
    Who retired it and when is recorded as the item's last check.
    """
    _require_edit(actor, item.organisation)
    today = timezone.localdate()
    fields = ["last_checked_on", "last_checked_by", "review_due_on", "review_reminded_on"]
    if isinstance(item, Scheme):
        last_day = last_day or review_due_after(today, -1)
        if item.valid_from is not None and last_day < item.valid_from:
            raise ValidationError({"last_day": [_("The last day cannot lie before the scheme starts.")]})
        item.valid_until = last_day
        fields.append("valid_until")
    else:
        item.is_active = False
        fields.append("is_active")
    item.last_checked_on = today
    item.last_checked_by = str(actor.user)
    item.review_due_on = review_due_after(today, REVIEW_INTERVAL_DAYS)
    item.review_reminded_on = None
    item.save(update_fields=fields)
    return item


# --- link to plans -------------------------------------------------------------------------------


@transaction.atomic
def catalogue_item_plan_attach(
    *, actor: Actor, plan_uuid: Any, item: Scheme | Service, description: str, due_on: date
) -> CaseAction:
    """A professional makes a scheme or service (e.g. from the wizard's result) an agreement in a plan.

    The agreement is made by ``cases.services.case_action_create``, so the plan's rules hold: the plan
    must be visible to the actor and open (else 404 / a refusal), the date not in the past. The actor
    is its owner and Accountable; the team can change that in the plan. Only what the catalogue still
    offers can be attached: an expired scheme or an inactive service is refused.
    """
    from wijkverband.cases import selectors as case_selectors
    from wijkverband.cases import services as case_services

    from .selectors import plan_participant_of

    plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    today = timezone.localdate()
    if item_is_retired(item, today) or (isinstance(item, Scheme) and not item.is_current_on(today)):
        raise ValidationError({"item": [_("This scheme or service is no longer offered; choose a current one.")]})
    owner = plan_participant_of(actor=actor, plan=plan)
    if owner is None:
        raise NotVisible()
    return case_services.case_action_create(
        actor=actor,
        plan=plan,
        description=description,
        owner_uuid=owner.uuid,
        due_on=due_on,
        resource_kind=ResourceKind.SCHEME if isinstance(item, Scheme) else ResourceKind.SERVICE,
        resource_uuid=item.uuid,
        resource_label=item.name,
    )


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportChange:
    """What an import does to one item: new, or changed in these fields (exchange-format names)."""

    kind: str
    code: str
    name: str
    is_new: bool
    fields: tuple[str, ...] = ()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)  # file-level, then "<row> (<code>): <message>"
    changes: list[ImportChange] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unchanged(self) -> int:
        return sum(1 for c in self.changes if not c.is_new and not c.fields)


class ImportRejected(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("\n".join(report.problems))
        self.report = report


# Fields an editor's import does not compare: the check date and checker change with every file.
_UNCOMPARED = {"last_checked_on", "last_checked_by"}


def _comparable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value in (None, "", [], {}):
        return None
    return value


def _changed_fields(existing: Item, values: Mapping[str, Any]) -> tuple[str, ...]:
    current = scheme_export(existing) if isinstance(existing, Scheme) else service_export(existing)
    changed = []
    for key in formats.FIELDS["scheme" if isinstance(existing, Scheme) else "service"]:
        if key in _UNCOMPARED:
            continue
        old, new = _comparable(current.get(key)), _comparable(values.get(key))
        if key in ("themes", "target_groups"):
            old, new = sorted(old or []), sorted(new or [])
        if old != new:
            changed.append(key)
    return tuple(changed)


def catalogue_import(
    *,
    rows: list[formats.ParsedRow],
    file_problems: list[str] | None = None,
    actor: Actor | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Write the parsed rows (create or update by code), or nothing at all when any row is wrong.

    ``actor`` None is the system (the command). An editor (the web import) may only import items of
    the organisation they act for: a row of another organisation, or a code maintained by another
    organisation, is a problem of that row. Without an organisation in a row the editor's is used.
    ``dry_run`` checks everything and reports what would change, without writing.
    """
    report = ImportReport(problems=list(file_problems or []), dry_run=dry_run)
    seen: dict[tuple[str, str], str] = {}
    prepared: list[tuple[formats.ParsedRow, Scheme | Service, bool]] = []
    own = actor.organisation if actor is not None else None
    if actor is not None and not catalogue_may_edit(actor, own):
        raise PermissionDenied(_("Only editors of the organisation that maintains this item may change it."))
    for row in rows:
        errors = list(row.errors)
        key = (row.kind, row.code)
        if row.code and key in seen:
            errors.append(_("The code %(code)s also appears in %(other)s.") % {"code": row.code, "other": seen[key]})
        seen.setdefault(key, row.label)
        resolved = _resolve(row.values)
        errors += resolved.errors
        model = _model_for(row.kind)
        existing = model.objects.select_related("organisation").filter(code=row.code).first() if row.code else None
        if own is not None and actor is not None:
            if not row.values.get("last_checked_by"):
                row.values["last_checked_by"] = str(actor.user)
            if not row.values.get("organisation"):
                resolved.organisation = own
                row.values["organisation"] = own.name
            elif resolved.organisation is not None and resolved.organisation.pk != own.pk:
                errors.append(_("You may only import items of your own organisation."))
            if existing is not None and existing.organisation_id != own.pk:
                errors.append(_("This code belongs to an item of another organisation."))
        changed = _changed_fields(existing, row.values) if existing is not None and not errors else ()
        item = _apply(existing or model(), row.values, resolved, today=timezone.localdate())
        if not row.errors:
            errors += _validate(item)
        for message in dict.fromkeys(errors):
            report.problems.append(f"{row.label} ({row.code or '?'}): {message}")
        prepared.append((row, item, existing is None))
        report.changes.append(
            ImportChange(kind=row.kind, code=row.code, name=item.name, is_new=existing is None, fields=changed)
        )
    if report.problems:
        raise ImportRejected(report)
    report.created = sum(1 for _row, _item, is_new in prepared if is_new)
    report.updated = len(prepared) - report.created
    if dry_run:
        return report
    with transaction.atomic():
        for row, item, _is_new in prepared:
            _save(item, row.values)
        search_fields_refresh(item for _row, item, _new in prepared)
    return report


# --- export --------------------------------------------------------------------------------------


def _export_common(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "summary": item.summary,
        "provider": item.provider,
        "organisation": item.organisation.name if item.organisation else "",
        "scope": item.scope,
        "area": item.area_code or "",
        "themes": sorted(t.code for t in item.themes.all()),
        "target_groups": sorted(g.code for g in item.target_groups.all()),
        "target_description": item.target_description,
        "url": item.url,
        "keywords": item.keywords,
        "is_example": item.is_example,
        "last_checked_on": item.last_checked_on.isoformat(),
        "last_checked_by": item.last_checked_by,
    }


def scheme_export(scheme: Scheme) -> dict[str, Any]:
    return {
        **_export_common(scheme),
        "benefit_kind": scheme.benefit_kind,
        "benefit": scheme.benefit,
        "conditions": scheme.conditions,
        "how_to_apply": scheme.how_to_apply,
        "documents": scheme.document_list,
        "links": scheme.links,
        "valid_from": scheme.valid_from.isoformat() if scheme.valid_from else None,
        "valid_until": scheme.valid_until.isoformat() if scheme.valid_until else None,
        "eligibility": scheme.eligibility,
    }


def service_export(service: Service) -> dict[str, Any]:
    return {
        **_export_common(service),
        "kind": service.kind,
        "neighbourhood": service.neighbourhood.code if service.neighbourhood else "",
        "location": service.location,
        "opening_hours": service.opening_hours,
        "contact": service.contact,
        "is_active": service.is_active,
    }


# --- upkeep: review reminders and link check ----------------------------------------------------


@dataclass
class ReviewReport:
    stale: int = 0
    reminded: int = 0
    without_editor: int = 0


def _stale_unreminded(model: type[Scheme] | type[Service], today: date) -> list[Item]:
    qs: models.QuerySet[Any] = model.objects.filter(review_due_on__lte=today).filter(
        models.Q(review_reminded_on__isnull=True) | models.Q(review_reminded_on__lt=models.F("review_due_on"))
    )
    # Ended items stay for reference only: nobody needs to keep them correct.
    qs = qs.exclude(valid_until__lt=today) if model is Scheme else qs.filter(is_active=True)
    return list(qs.select_related("organisation").order_by("organisation_id", "name"))


@transaction.atomic
def catalogue_review_reminders_run(*, today: date | None = None) -> ReviewReport:
    """Once per due date, e-mail the editors of each organisation the items they should check again."""
    today = today or timezone.localdate()
    report = ReviewReport()
    due: dict[int | None, list[Item]] = {}
    for model in (Scheme, Service):
        for item in _stale_unreminded(model, today):
            due.setdefault(item.organisation_id, []).append(item)
    for organisation_id, items in due.items():
        report.stale += len(items)
        editors = (
            list(User.objects.filter(catalogue_editorships__organisation_id=organisation_id).exclude(email=""))
            if organisation_id
            else []
        )
        if not editors:
            # Nobody to remind: the items stay visible as stale on the maintenance page.
            report.without_editor += len(items)
            continue
        lines = "\n".join(f"- {item.name} ({_('due on')} {item.review_due_on:%d-%m-%Y})" for item in items)
        subject = _("Wijkverband: %(n)s catalogue items to check") % {"n": len(items)}
        body = _("Please check whether these schemes and services are still correct:\n\n%(lines)s\n") % {"lines": lines}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email for u in editors], fail_silently=True)
        for item in items:
            type(item).objects.filter(pk=item.pk).update(review_reminded_on=today)
        report.reminded += len(items)
    return report


def http_fetch(url: str) -> bool:
    """Whether a web address answers with a non-error status (HEAD, 10 s). Only used outside tests."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "Wijkverband-linkcheck"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (http/https only, see formats)
            return int(response.status) < 400
    except Exception:  # any network or HTTP failure means: flag the link for a human to look at
        return False


@dataclass
class LinkReport:
    checked: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)  # (item code, url)


def item_urls(item: CatalogueItem) -> list[str]:
    urls = [item.url] if item.url else []
    if isinstance(item, Scheme):
        urls += [link["url"] for link in item.links if isinstance(link, dict) and link.get("url")]
    return list(dict.fromkeys(urls))


def catalogue_links_check(*, fetch: Fetch = http_fetch, items: Iterable[Item] | None = None) -> LinkReport:
    """Check every link once; broken ones are stored on their items (shown to editors), fixed ones cleared."""
    report = LinkReport()
    targets: list[Item] = list(items) if items is not None else [*Scheme.objects.all(), *Service.objects.all()]
    cache: dict[str, bool] = {}
    now = timezone.now()
    for item in targets:
        broken = []
        for url in item_urls(item):
            if url not in cache:
                cache[url] = fetch(url)
                report.checked += 1
            if not cache[url]:
                broken.append(url)
                report.broken.append((item.code, url))
        type(item).objects.filter(pk=item.pk).update(broken_links=broken, links_checked_at=now)
        item.broken_links = broken
        item.links_checked_at = now
    return report
