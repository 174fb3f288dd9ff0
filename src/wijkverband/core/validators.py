"""Validators for Dutch identifiers and free text. Messages are Dutch via gettext."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$")
HTML_RE = re.compile(r"<\s*[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;")
BAG_ID_RE = re.compile(r"^[0-9]{16}$")


def bsn_is_valid(value: str) -> bool:
    """Elfproef: 9 digits, weighted sum 9..2 and -1 divisible by 11, and not all zeros.

    Eight-digit numbers are valid BSNs with a leading zero dropped, so callers normalise first.
    """
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return total > 0 and total % 11 == 0


def normalise_bsn(value: str) -> str:
    cleaned = re.sub(r"[\s.\-]", "", value or "")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def validate_bsn(value: str) -> None:
    if not bsn_is_valid(normalise_bsn(value)):
        raise ValidationError(_("This is not a valid BSN (the eleven test fails)."), code="invalid_bsn")


def normalise_postcode(value: str) -> str:
    cleaned = re.sub(r"\s+", "", (value or "").upper())
    return f"{cleaned[:4]} {cleaned[4:]}" if len(cleaned) == 6 else cleaned


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError(_("Enter a Dutch postcode such as 5345 AB."), code="invalid_postcode")


def validate_bag_id(value: str) -> None:
    if value and not BAG_ID_RE.match(value):
        raise ValidationError(_("A BAG id has exactly 16 digits."), code="invalid_bag_id")


def validate_no_html(value: str) -> None:
    # Stored text is shown in several organisations' screens and exports; markup has no
    # legitimate use here and refusing it is clearer than silently escaping.
    if value and HTML_RE.search(value):
        raise ValidationError(_("HTML or code is not allowed in this field."), code="html_not_allowed")


def validate_no_control_chars(value: str) -> None:
    # PostgreSQL rejects NUL in text while SQLite stores it: refuse it on both.
    if value and any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValidationError(_("This field contains invalid characters."), code="control_chars")


def validate_birth_date(value: date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("A date of birth cannot be in the future."), code="birth_date_future")
    if value.year < 1900:
        raise ValidationError(_("A date of birth before 1900 is not plausible."), code="birth_date_too_old")


def mask_bsn(value: str) -> str:
    """Show only the last three digits, as in lists and search results."""
    return "******" + value[-3:] if value else ""


def parse_uuid(value: object) -> uuid.UUID | None:
    """A UUID from a form, URL or JSON body, or None when it is malformed (a lookup then finds nothing)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def is_uuid(value: object) -> bool:
    return parse_uuid(value) is not None
