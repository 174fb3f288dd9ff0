"""The exchange format of the catalogue (JSON and CSV), read and written without the ORM.

Documented in docs/schemes-format.md. One row is one scheme or one service; JSON and CSV use the
same field names. In CSV a list is written with ``|`` between the items, a link as
``url`` or ``url title``, and the eligibility criteria as one column each (``eligibility.age_min`` …).

``row_parse`` checks one row completely and returns every problem at once, in Dutch, so an import
can report per row and write nothing when any row is wrong. Resolving names and codes against the
database (organisation, municipality, district) is left to ``services.catalogue_import``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from .constants import AreaScope, BenefitKind, ServiceKind, TargetGroup, Theme
from .eligibility import CRITERIA_KEYS, CriteriaError, criteria_dump, criteria_parse

FORMAT_NAME = "wijkverband-regelingen"
FORMAT_VERSION = 1
KINDS = ("scheme", "service")
LIST_SEPARATOR = "|"

COMMON_FIELDS = (
    "code",
    "name",
    "summary",
    "provider",
    "organisation",
    "scope",
    "area",
    "themes",
    "target_groups",
    "target_description",
    "url",
    "keywords",
    "is_example",
    "last_checked_on",
    "last_checked_by",
)
SCHEME_FIELDS = (
    *COMMON_FIELDS,
    "benefit_kind",
    "benefit",
    "conditions",
    "how_to_apply",
    "documents",
    "links",
    "valid_from",
    "valid_until",
    "eligibility",
)
SERVICE_FIELDS = (
    *COMMON_FIELDS,
    "kind",
    "neighbourhood",
    "location",
    "opening_hours",
    "contact",
    "is_active",
)
FIELDS = {"scheme": SCHEME_FIELDS, "service": SERVICE_FIELDS}
REQUIRED = {
    "scheme": ("code", "name", "summary", "provider", "scope", "benefit_kind", "benefit", "target_description"),
    "service": ("code", "name", "summary", "provider", "scope", "kind"),
}
LIST_FIELDS = ("themes", "target_groups", "documents", "links")
DATE_FIELDS = ("last_checked_on", "valid_from", "valid_until")
BOOL_FIELDS = ("is_example", "is_active")
MAX_LENGTHS = {
    "code": 80,
    "name": 200,
    "summary": 600,
    "provider": 200,
    "organisation": 200,
    "target_description": 300,
    "url": 500,
    "keywords": 500,
    "last_checked_by": 200,
    "benefit": 300,
    "conditions": 4000,
    "how_to_apply": 4000,
    "location": 300,
    "opening_hours": 300,
    "contact": 300,
}
ELIGIBILITY_PREFIX = "eligibility."


@dataclass
class ParsedRow:
    kind: str
    label: str  # where the row is: "regel 3" or "schemes[2]"
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return str(self.values.get("code") or "")


def is_web_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    if isinstance(value, list):
        return value
    raise ValueError


def _link(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and set(value) <= {"title", "url"}:
        url, title = str(value.get("url", "")).strip(), str(value.get("title", "")).strip()
    elif isinstance(value, str):
        url, _sep, title = value.strip().partition(" ")
        title = title.strip()
    else:
        raise ValueError
    if not is_web_url(url):
        raise ValueError
    return {"title": title or url, "url": url}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"ja", "yes", "true", "1"}:
        return True
    if text in {"nee", "no", "false", "0", ""}:
        return False
    raise ValueError


def row_parse(kind: str, raw: Mapping[str, Any], *, label: str) -> ParsedRow:
    """Check one row of the given kind; unknown fields, missing and bad values become Dutch messages."""
    row = ParsedRow(kind=kind, label=label)
    allowed = set(FIELDS[kind])
    eligibility_raw: dict[str, Any] = {}
    for key, value in raw.items():
        if kind == "scheme" and key.startswith(ELIGIBILITY_PREFIX):
            name = key.removeprefix(ELIGIBILITY_PREFIX)
            if value not in (None, ""):
                eligibility_raw[name] = value
        elif key not in allowed:
            row.errors.append(_("Unknown field: %(field)s.") % {"field": key})
    values = {key: raw.get(key) for key in FIELDS[kind]}
    for key in REQUIRED[kind]:
        if values.get(key) in (None, ""):
            row.errors.append(_("Required field is empty: %(field)s.") % {"field": key})
    for key, limit in MAX_LENGTHS.items():
        value = values.get(key)
        if key in allowed and value is not None and not isinstance(value, str):
            row.errors.append(_("%(field)s must be text.") % {"field": key})
            values[key] = ""
        elif key in allowed and value is not None and len(value) > limit:
            row.errors.append(_("%(field)s is longer than %(limit)s characters.") % {"field": key, "limit": limit})
    cleaned: dict[str, Any] = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in values.items() if key in allowed
    }
    for key in ("name", "summary", "provider"):
        if cleaned.get(key) is None:
            cleaned[key] = ""
    for key in MAX_LENGTHS:
        if key in allowed and cleaned.get(key) is None:
            cleaned[key] = ""

    def choice(key: str, choices: Iterable[str]) -> None:
        value = cleaned.get(key) or ""
        if value and value not in set(choices):
            row.errors.append(
                _("%(field)s has an unknown value: %(value)s (allowed: %(allowed)s).")
                % {"field": key, "value": value, "allowed": ", ".join(choices)}
            )

    choice("scope", AreaScope.values)
    if kind == "scheme":
        choice("benefit_kind", BenefitKind.values)
    else:
        choice("kind", ServiceKind.values)
    for key, vocabulary in (("themes", Theme.values), ("target_groups", TargetGroup.values)):
        try:
            items = [str(v).strip() for v in _as_list(cleaned.get(key))]
        except ValueError:
            row.errors.append(_("%(field)s must be a list.") % {"field": key})
            items = []
        unknown = [item for item in items if item not in vocabulary]
        if unknown:
            row.errors.append(
                _("%(field)s has unknown values: %(values)s.") % {"field": key, "values": ", ".join(unknown)}
            )
        cleaned[key] = [item for item in items if item in vocabulary]
    if kind == "scheme":
        try:
            cleaned["documents"] = [str(v).strip() for v in _as_list(cleaned.get("documents"))]
        except ValueError:
            row.errors.append(_("%(field)s must be a list.") % {"field": "documents"})
            cleaned["documents"] = []
        links: list[dict[str, str]] = []
        try:
            for item in _as_list(cleaned.get("links")):
                try:
                    links.append(_link(item))
                except ValueError:
                    row.errors.append(_("Not a valid web address in links: %(value)s.") % {"value": item})
        except ValueError:
            row.errors.append(_("%(field)s must be a list.") % {"field": "links"})
        cleaned["links"] = links
        stored = cleaned.pop("eligibility", None)
        if stored not in (None, "", {}):
            if isinstance(stored, dict):
                eligibility_raw = {**stored, **eligibility_raw}
            else:
                row.errors.append(_("eligibility must be an object."))
        try:
            cleaned["eligibility"] = criteria_dump(criteria_parse(eligibility_raw))
        except CriteriaError as error:
            row.errors.extend(error.messages)
            cleaned["eligibility"] = {}
    for key in DATE_FIELDS:
        if key not in allowed:
            continue
        value = cleaned.get(key)
        if value in (None, ""):
            cleaned[key] = None
            continue
        try:
            cleaned[key] = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            row.errors.append(_("%(field)s is not a date (YYYY-MM-DD): %(value)s.") % {"field": key, "value": value})
            cleaned[key] = None
    start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
    if kind == "scheme" and start and end and end < start:
        row.errors.append(_("valid_until lies before valid_from."))
    for key in BOOL_FIELDS:
        if key not in allowed:
            continue
        value = cleaned.get(key)
        if value is None:
            cleaned[key] = key == "is_active"
            continue
        try:
            cleaned[key] = _bool(value)
        except ValueError:
            row.errors.append(_("%(field)s must be yes or no.") % {"field": key})
    if cleaned.get("url") and not is_web_url(cleaned["url"]):
        row.errors.append(_("Not a valid web address: %(value)s.") % {"value": cleaned["url"]})
    scope, area = cleaned.get("scope"), cleaned.get("area") or ""
    if scope == AreaScope.NATIONAL and area:
        row.errors.append(_("A national item has no area code."))
    if scope == AreaScope.MUNICIPALITY and not area.startswith("GM"):
        row.errors.append(_("A municipal item needs a municipality code (GM…) in area."))
    if scope == AreaScope.DISTRICT and not area.startswith("WK"):
        row.errors.append(_("A district item needs a district code (WK…) in area."))
    row.values = cleaned
    return row


# --- files ---------------------------------------------------------------------------------------


def json_rows(text: str) -> tuple[list[ParsedRow], list[str]]:
    """Rows of a JSON document; file-level problems come back as the second element."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [_("The file is not valid JSON: %(error)s.") % {"error": error.msg}]
    if not isinstance(document, dict):
        return [], [_("The file must contain one JSON object.")]
    problems: list[str] = []
    unknown = sorted(set(document) - {"format", "version", "schemes", "services"})
    if unknown:
        problems.append(_("Unknown fields in the file: %(fields)s.") % {"fields": ", ".join(unknown)})
    if document.get("format") != FORMAT_NAME or document.get("version") != FORMAT_VERSION:
        problems.append(
            _("The file must say format %(name)s, version %(version)s.")
            % {"name": FORMAT_NAME, "version": FORMAT_VERSION}
        )
    rows: list[ParsedRow] = []
    for kind, key in (("scheme", "schemes"), ("service", "services")):
        items = document.get(key, [])
        if not isinstance(items, list):
            problems.append(_("%(field)s must be a list.") % {"field": key})
            continue
        for index, item in enumerate(items):
            label = f"{key}[{index}]"
            if not isinstance(item, dict):
                rows.append(ParsedRow(kind=kind, label=label, errors=[_("Each item must be a JSON object.")]))
            else:
                rows.append(row_parse(kind, item, label=label))
    return rows, problems


def csv_rows(text: str, *, kind: str) -> tuple[list[ParsedRow], list[str]]:
    """Rows of a CSV file with one kind of item (header row with the field names, comma-separated)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        return [], [_("The CSV file has no header row.")]
    rows = []
    for number, record in enumerate(reader, start=2):
        if None in record:
            rows.append(ParsedRow(kind=kind, label=_("line %(n)s") % {"n": number}, errors=[_("Too many columns.")]))
            continue
        rows.append(row_parse(kind, record, label=_("line %(n)s") % {"n": number}))
    return rows, []


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(
            f"{item['url']} {item['title']}".strip() if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)


def csv_write(kind: str, items: Iterable[Mapping[str, Any]]) -> str:
    """Items (in the exchange form of ``row_parse``) as CSV text with a header row."""
    columns = [c for c in FIELDS[kind] if c != "eligibility"]
    if kind == "scheme":
        columns += [f"{ELIGIBILITY_PREFIX}{key}" for key in CRITERIA_KEYS]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in items:
        record = {column: _csv_value(item.get(column)) for column in columns if column in item}
        for key, value in (item.get("eligibility") or {}).items():
            record[f"{ELIGIBILITY_PREFIX}{key}"] = _csv_value(value)
        writer.writerow(record)
    return out.getvalue()


def json_write(*, schemes: list[dict[str, Any]], services: list[dict[str, Any]]) -> str:
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "schemes": schemes, "services": services}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
