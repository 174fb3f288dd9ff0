"""Writes of the wijkfoto: own indicators and their figures, traffic-light settings and overrides.

- Only aggregates are written here (no personal data), so there is no consent check; who may write is
  decided by role: members of the owning organisation record own figures; coordinators and managers
  of an organisation in the coalition configure its traffic light and set overrides.
- Every traffic-light change records the resulting colours in the history (``TrafficLightResult``)
  with its cause, so "why was this neighbourhood orange in March" can be answered.
- Anything refused raises ValidationError (a Dutch message per field) before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from django_q.tasks import async_task

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition

from . import selectors
from .constants import AreaLevel, Colour, ImportKind, IndicatorGroup, UploadStatus
from .models import (
    AreaValue,
    ImportUpload,
    Indicator,
    TrafficLightConfig,
    TrafficLightOverride,
    TrafficLightResult,
    TrafficLightRule,
)
from .parsing import housing_area_parts, level_of

STEERING_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
OVERRIDE_MAX_DAYS = 366
RECORDING_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.MANAGER})


def may_steer(actor: Actor, coalition: Coalition) -> bool:
    """Coordinators and managers of an organisation in the coalition configure and override its traffic light."""
    return (
        actor.organisation is not None
        and actor.role in STEERING_ROLES
        and coalition.organisations.filter(pk=actor.organisation.pk).exists()
    )


def _require_steer(actor: Actor, coalition: Coalition) -> None:
    if not may_steer(actor, coalition):
        raise PermissionDenied(_("Only a coordinator or manager of an organisation in the coalition may do this."))


def _area_exists(level: str, code: str) -> bool:
    if level == AreaLevel.MUNICIPALITY:
        return Municipality.objects.filter(code=code).exists()
    if level == AreaLevel.DISTRICT:
        return District.objects.filter(code=code).exists()
    if level == AreaLevel.NEIGHBOURHOOD:
        return Neighbourhood.objects.filter(code=code).exists()
    if level in (AreaLevel.COMPLEX, AreaLevel.STAIRWELL):
        parts = housing_area_parts(code)
        return (
            parts is not None
            and bool(parts[2]) == (level == AreaLevel.STAIRWELL)
            and Neighbourhood.objects.filter(code=parts[0]).exists()
        )
    return level_of(code) == level


# --- own indicators --------------------------------------------------------------------------------


@transaction.atomic
def indicator_create_own(
    *,
    actor: Actor,
    label: str,
    unit: str,
    source: str,
    description: str = "",
    direction: str = "neutral",
    decimals: int = 1,
) -> Indicator:
    """An organisation's own indicator (e.g. a resident survey, a complex's mutation rate)."""
    if actor.organisation is None or actor.role not in RECORDING_ROLES:
        raise PermissionDenied(_("Only members of an organisation may add indicators."))
    base = slugify(f"{actor.organisation.name}-{label}")[:56] or "eigen"
    code, n = base, 1
    while Indicator.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    indicator = Indicator(
        code=code,
        label=label.strip(),
        unit=unit.strip(),
        source=source.strip(),
        description=description.strip(),
        direction=direction,
        decimals=decimals,
        group=IndicatorGroup.OWN,
        owner=actor.organisation,
        licence="",
        position=500,
    )
    indicator.full_clean()
    if decimals > 3:
        raise ValidationError({"decimals": _("At most 3 decimals.")})
    indicator.save()
    return indicator


def _may_record(actor: Actor, indicator: Indicator) -> bool:
    if actor.organisation is None or actor.role not in RECORDING_ROLES:
        return False
    if indicator.owner_id is not None:
        return indicator.owner_id == actor.organisation.pk
    # The network indicators (placements, signals, social homes) are entered by coordinators and managers
    # until the apps that supply them exist.
    return indicator.group in {IndicatorGroup.NETWORK, IndicatorGroup.HOUSING} and actor.role in STEERING_ROLES


@transaction.atomic
def area_value_record(
    *,
    actor: Actor,
    indicator: Indicator,
    level: str,
    area_code: str,
    measured_on: date,
    value: float,
    source_note: str = "",
) -> AreaValue:
    """Record one own measurement; a second figure for the same area and year replaces the first."""
    if indicator.source_table or not _may_record(actor, indicator):
        raise PermissionDenied(_("You may not record figures for this indicator."))
    errors: dict[str, str] = {}
    area_code = area_code.strip().upper()
    if level not in AreaLevel.values or level == AreaLevel.COUNTRY:
        errors["level"] = _("Choose a municipality, district, neighbourhood, postcode area, complex or stairwell.")
    elif not _area_exists(level, area_code):
        if level in (AreaLevel.COMPLEX, AreaLevel.STAIRWELL):
            errors["area_code"] = _(
                "Unknown complex or stairwell code %(code)s: use the neighbourhood code, the complex id and for a "
                "stairwell its id, separated by colons (BU08280602:C1040:P7)."
            ) % {"code": area_code}
        else:
            errors["area_code"] = _("Unknown area code %(code)s for this level.") % {"code": area_code}
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("The date of measurement cannot be in the future.")
    if value != value or value in (float("inf"), float("-inf")):
        errors["value"] = _("Enter a number.")
    if errors:
        raise ValidationError(errors)
    row, _created = AreaValue.objects.update_or_create(
        indicator=indicator,
        level=level,
        area_code=area_code,
        year=measured_on.year,
        defaults={
            "value": value,
            "measured_on": measured_on,
            "source_note": source_note.strip()[:200],
            "recorded_by": actor.user,
        },
    )
    return row


# --- traffic light ---------------------------------------------------------------------------------


def coalitions_to_steer(actor: Actor) -> list[Coalition]:
    """The coalitions whose traffic lights this person may create and change (see ``may_steer``)."""
    if actor.organisation is None or actor.role not in STEERING_ROLES:
        return []
    return list(Coalition.objects.filter(organisations=actor.organisation).order_by("name"))


@transaction.atomic
def traffic_light_config_create(
    *,
    actor: Actor,
    coalition: Coalition,
    name: str,
    level: str = "neighbourhood",
    orange_from: float = 1,
    red_from: float = 2,
    green_limit: float = 10,
    orange_limit: float = 5,
    use_district_values: bool = True,
) -> TrafficLightConfig:
    """A new traffic light for one level (district, neighbourhood, postcode, complex or stairwell).

    A coalition judges each level with at most one active traffic light: the placement matcher asks
    per level (``selectors.capacity_for``), and two answers for the same complex would contradict.
    """
    _require_steer(actor, coalition)
    config = TrafficLightConfig(
        coalition=coalition,
        name=name.strip(),
        level=level,
        orange_from=orange_from,
        red_from=red_from,
        green_limit=green_limit,
        orange_limit=orange_limit,
        use_district_values=use_district_values,
    )
    _validate_config(config)
    config.save()
    return config


def _validate_config(config: TrafficLightConfig) -> None:
    errors: dict[str, str] = {}
    for field in ("orange_from", "red_from", "green_limit", "orange_limit"):
        value = getattr(config, field)
        if not isinstance(value, int | float) or not math.isfinite(value):
            errors[field] = _("Enter a number.")
    if errors:
        raise ValidationError(errors)
    config.full_clean(exclude=["coalition"])
    if config.red_from < config.orange_from:
        errors["red_from"] = _("Red must start at a score at least as high as orange.")
    if config.orange_from <= 0:
        errors["orange_from"] = _("Orange must start above 0, or every area would be orange.")
    if config.orange_limit > config.green_limit:
        errors["orange_limit"] = _("An orange area cannot take in more than a green one.")
    if min(config.green_limit, config.orange_limit) < 0:
        errors["green_limit"] = _("Capacities cannot be negative.")
    if config.is_active:
        others = TrafficLightConfig.objects.filter(coalition=config.coalition, level=config.level, is_active=True)
        other = others.exclude(pk=config.pk).first()
        if other is not None:
            errors["level"] = _(
                "The coalition already judges this level with the active traffic light %(name)s: "
                "change that one, or make it inactive first."
            ) % {"name": other.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def traffic_light_config_update(*, actor: Actor, config: TrafficLightConfig, **changes: float | str | bool) -> None:
    """Change name, score limits, capacities, district fallback or active state; the new colours go into history.

    The level stays: areas, overrides and history belong to it. Judging at another level is a new traffic light.
    """
    _require_steer(actor, config.coalition)
    allowed = {"name", "orange_from", "red_from", "green_limit", "orange_limit", "use_district_values", "is_active"}
    for key, value in changes.items():
        if key not in allowed:
            raise ValueError(key)
        setattr(config, key, value.strip() if isinstance(value, str) else value)
    _validate_config(config)
    config.save()
    if config.is_active:
        traffic_lights_record(config=config, cause=_("settings changed by %(user)s") % {"user": actor.user})


@transaction.atomic
def traffic_light_rule_set(
    *,
    actor: Actor,
    config: TrafficLightConfig,
    indicator: Indicator,
    orange_threshold: float,
    red_threshold: float,
    weight: float = 1,
) -> TrafficLightRule:
    """Add a rule or change its thresholds; the new colours go into the history at once."""
    _require_steer(actor, config.coalition)
    errors = {}
    for field, value in (("orange_threshold", orange_threshold), ("red_threshold", red_threshold)):
        if not math.isfinite(value):
            errors[field] = _("Enter a number.")
    if not math.isfinite(weight) or weight <= 0:
        errors["weight"] = _("The weight must be above 0.")
    if indicator.owner_id is not None and not config.coalition.organisations.filter(pk=indicator.owner_id).exists():
        errors["indicator"] = _("Use public indicators or those of organisations in the coalition.")
    if errors:
        raise ValidationError(errors)
    rule, _created = TrafficLightRule.objects.update_or_create(
        config=config,
        indicator=indicator,
        defaults={"orange_threshold": orange_threshold, "red_threshold": red_threshold, "weight": weight},
    )
    traffic_lights_record(
        config=config,
        cause=_("rule %(indicator)s set by %(user)s") % {"indicator": indicator.label, "user": actor.user},
    )
    return rule


@transaction.atomic
def traffic_light_rule_remove(*, actor: Actor, rule: TrafficLightRule) -> None:
    config = rule.config
    _require_steer(actor, config.coalition)
    label = rule.indicator.label
    rule.delete()
    traffic_lights_record(
        config=config, cause=_("rule %(indicator)s removed by %(user)s") % {"indicator": label, "user": actor.user}
    )


@transaction.atomic
def traffic_light_override_set(
    *,
    actor: Actor,
    config: TrafficLightConfig,
    area_code: str,
    colour: str,
    reason: str,
    valid_until: date,
) -> TrafficLightOverride:
    """A person's judgement wins over the figures until ``valid_until`` (at most a year ahead)."""
    _require_steer(actor, config.coalition)
    organisation = actor.organisation
    if organisation is None:  # _require_steer already refused; narrows the type
        raise PermissionDenied(_("Only a coordinator or manager of an organisation in the coalition may do this."))
    today = timezone.localdate()
    errors = {}
    if area_code not in {code for code, _name, _district in selectors.config_areas(config)}:
        errors["area_code"] = _("This area is not judged by this traffic light.")
    if colour not in {Colour.GREEN, Colour.ORANGE, Colour.RED}:
        errors["colour"] = _("Choose green, orange or red.")
    if len(reason.strip()) < 10:
        errors["reason"] = _("Explain the reason (at least 10 characters).")
    if valid_until <= today:
        errors["valid_until"] = _("The end date must be after today.")
    elif valid_until > today + timedelta(days=OVERRIDE_MAX_DAYS):
        errors["valid_until"] = _("An override lasts at most a year.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    TrafficLightOverride.objects.filter(config=config, area_code=area_code, ended_at__isnull=True).update(ended_at=now)
    override = TrafficLightOverride(
        config=config,
        area_code=area_code,
        colour=colour,
        reason=reason.strip(),
        valid_until=valid_until,
        set_by=actor.user,
        set_by_organisation=organisation,
    )
    override.full_clean()
    override.save()
    traffic_lights_record(
        config=config, cause=_("override by %(user)s") % {"user": actor.user}, only=[area_code], force=True
    )
    return override


@transaction.atomic
def traffic_light_override_end(*, actor: Actor, override: TrafficLightOverride) -> None:
    _require_steer(actor, override.config.coalition)
    if override.ended_at is None:
        override.ended_at = timezone.now()
        override.save(update_fields=["ended_at", "updated_at"])
        traffic_lights_record(
            config=override.config,
            cause=_("override ended by %(user)s") % {"user": actor.user},
            only=[override.area_code],
            force=True,
        )


def traffic_lights_record(
    *, config: TrafficLightConfig, cause: str, only: list[str] | None = None, force: bool = False
) -> int:
    """Append a history row for every area whose colour or reasons changed since its last row."""
    lights = selectors.traffic_lights(config, only=only)
    return _record({config.pk: lights}, cause=cause, force=force, only=only)


@transaction.atomic
def traffic_lights_record_all(*, cause: str, configs: list[TrafficLightConfig] | None = None) -> int:
    """Recompute every active traffic light (or ``configs``) in one batch and record what changed.

    For the nightly run and after a national import: a few queries in all, history rows in bulk.
    """
    if configs is None:
        configs = list(TrafficLightConfig.objects.filter(is_active=True).select_related("coalition"))
    return _record(selectors.traffic_lights_many(configs), cause=cause, force=False, only=None)


def _record(lights: dict[int, list[selectors.AreaLight]], *, cause: str, force: bool, only: list[str] | None) -> int:
    last: dict[tuple[int, str], tuple[str, list[str]]] = {}
    previous_rows = TrafficLightResult.objects.filter(config_id__in=list(lights))
    if only is not None:
        previous_rows = previous_rows.filter(area_code__in=only)
    # Newest first: the first row seen per area is its last recorded state.
    for config_id, area_code, colour, reasons in previous_rows.order_by("-recorded_at", "-id").values_list(
        "config_id", "area_code", "colour", "reasons"
    ):
        last.setdefault((config_id, area_code), (colour, reasons))
    new = []
    for config_id, area_lights in lights.items():
        for light in area_lights:
            evaluation = light.evaluation
            reasons = [r.text for r in evaluation.reasons]
            if not force and last.get((config_id, light.code)) == (evaluation.colour, reasons):
                continue
            new.append(
                TrafficLightResult(
                    config_id=config_id,
                    area_code=light.code,
                    colour=evaluation.colour,
                    computed_colour=evaluation.computed_colour,
                    score=evaluation.score,
                    reasons=reasons,
                    overridden=evaluation.override is not None,
                    cause=cause[:200],
                )
            )
    TrafficLightResult.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def traffic_light_overrides_expire(*, today: date | None = None) -> int:
    """End every override whose end date has passed and record the colour the area falls back to.

    The colour itself already ignores an expired override when it is read; this puts the moment of
    expiry into the history ("override expired"), once per override. Run daily (django-q2) or with
    ``wijkverband expire_traffic_light_overrides``. Returns the number of overrides ended.
    """
    today = today or timezone.localdate()
    expired = list(
        TrafficLightOverride.objects.select_for_update()
        .filter(ended_at__isnull=True, valid_until__lt=today)
        .select_related("config")
    )
    if not expired:
        return 0
    now = timezone.now()
    TrafficLightOverride.objects.filter(pk__in=[o.pk for o in expired]).update(ended_at=now, updated_at=now)
    for override in expired:
        lights = selectors.traffic_lights(override.config, on=today, only=[override.area_code])
        cause = _("override expired (was %(colour)s up to and including %(date)s)") % {
            "colour": Colour(override.colour).label,
            "date": override.valid_until.strftime("%d-%m-%Y"),
        }
        _record({override.config_id: lights}, cause=cause, force=True, only=[override.area_code])
    return len(expired)


# --- web uploads of source files --------------------------------------------------------------------

UPLOAD_ROLES = frozenset({Role.COORDINATOR, Role.FUNCTIONAL_ADMIN})
UPLOAD_SUFFIXES = {
    ImportKind.CBS: {".csv", ".xlsx", ".json"},
    ImportKind.LEEFBAAROMETER: {".csv"},
    ImportKind.GEO: {".geojson", ".json"},
}
UPLOAD_MAX_BYTES = 200 * 1024 * 1024  # the national PC4 and GeoJSON files are tens of megabytes
IMPORT_TASK = "wijkverband.wijkfoto.tasks.import_upload_run"


def may_upload(actor: Actor) -> bool:
    """Coordinators and functional administrators load source files for everyone (figures are public)."""
    return actor.organisation is not None and actor.role in UPLOAD_ROLES


def upload_folder(upload: ImportUpload) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / "wijkfoto" / str(upload.uuid)


def upload_path(upload: ImportUpload) -> Path:
    return upload_folder(upload) / upload.file_name


def upload_progress(upload: ImportUpload) -> int:
    """Rows done: from the progress file while the import runs (its transaction hides the row's updates)."""
    if upload.status != UploadStatus.RUNNING:
        return upload.rows_done
    try:
        return int((upload_folder(upload) / "progress").read_text() or 0)
    except (OSError, ValueError):
        return 0


@transaction.atomic
def import_upload_create(
    *, actor: Actor, kind: str, file: UploadedFile, year: int | None = None, strict: bool = False
) -> ImportUpload:
    """Store an uploaded source file and queue its import (django-q2); the page follows its progress."""
    organisation = actor.organisation
    if organisation is None or not may_upload(actor):
        raise PermissionDenied(_("Only coordinators and functional administrators may import source files."))
    name = get_valid_filename(Path(file.name or "").name)
    errors: dict[str, str] = {}
    if kind not in UPLOAD_SUFFIXES:
        errors["kind"] = _("Choose CBS key figures, Leefbaarometer or area boundaries.")
    elif Path(name).suffix.lower() not in UPLOAD_SUFFIXES[ImportKind(kind)]:
        allowed = ", ".join(sorted(UPLOAD_SUFFIXES[ImportKind(kind)]))
        errors["file"] = _("This kind of file is read from %(suffixes)s files.") % {"suffixes": allowed}
    if not file.size:
        errors["file"] = _("The file is empty.")
    elif file.size > UPLOAD_MAX_BYTES:
        errors["file"] = _("The file is larger than 200 MB.")
    if year is not None and not 1990 <= year <= timezone.localdate().year:
        errors["year"] = _("Enter a year between 1990 and this year.")
    if errors:
        raise ValidationError(errors)
    upload = ImportUpload.objects.create(
        kind=kind, file_name=name, year=year, strict=strict, uploaded_by=actor.user, organisation=organisation
    )
    folder = upload_folder(upload)
    folder.mkdir(parents=True, exist_ok=True)
    with upload_path(upload).open("wb") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
    upload.rows_total = _rows_in(upload_path(upload))
    upload.save(update_fields=["rows_total", "updated_at"])
    # Queued once the row is committed, so the worker finds it.
    transaction.on_commit(lambda: async_task(IMPORT_TASK, upload.pk, task_name=f"import {name}"[:100]))
    return upload


def _rows_in(path: Path) -> int:
    """Data rows of a csv (for the progress bar); 0 for other layouts, shown as rows done only."""
    if path.suffix.lower() != ".csv":
        return 0
    with path.open("rb") as handle:
        return max(sum(1 for _line in handle) - 1, 0)


def import_upload_run(*, upload: ImportUpload) -> ImportUpload:
    """Run a queued upload's import; the importer's own transaction makes a refused file write nothing."""
    from .importers import ImportRefused, ImportReport, cbs_import, geo_import, leefbaarometer_import

    if upload.status != UploadStatus.QUEUED:
        return upload
    importer: dict[str, Callable[..., ImportReport]] = {
        ImportKind.CBS: cbs_import,
        ImportKind.LEEFBAAROMETER: leefbaarometer_import,
        ImportKind.GEO: geo_import,
    }
    progress_file = upload_folder(upload) / "progress"
    upload.status = UploadStatus.RUNNING
    upload.save(update_fields=["status", "updated_at"])

    def progress(rows: int) -> None:
        progress_file.write_text(str(rows))

    try:
        report = importer[ImportKind(upload.kind)](
            path=upload_path(upload),
            year=upload.year,
            started_by=upload.uploaded_by,
            strict=upload.strict,
            progress=progress,
        )
    except ImportRefused as refused:
        upload.status = UploadStatus.FAILED
        upload.message = refused.message[:500]
        upload.run = refused.report.run if refused.report else None
        upload.rows_done = refused.report.rows_read if refused.report else 0
    except (OSError, UnicodeError, ValueError, KeyError) as error:
        # A file the importer could not even read: its transaction rolled back, so nothing was written.
        upload.status = UploadStatus.FAILED
        upload.message = (_("The file could not be read: %(error)s") % {"error": error})[:500]
    else:
        upload.status = UploadStatus.DONE
        upload.run = report.run
        upload.rows_done = report.rows_read
    upload.finished_at = timezone.now()
    upload.save()
    progress_file.unlink(missing_ok=True)
    return upload
