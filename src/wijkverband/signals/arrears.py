"""Reading and checking creditors' arrears deliveries (pure: no ORM; streams, never loads a whole file).

Under the Wet gemeentelijke schuldhulpverlening and its Besluit (§2, gegevensverstrekking
vroegsignalering) a creditor may deliver only identity, address, contact details, the amount owed,
the months in arrears and who the creditor is. So:

- a delivery with any other column (a date of birth, a reason, free text) is refused as a whole;
- every row is checked and every error reported with its row number and column, in Dutch;
- one bad row refuses the whole batch: the creditor corrects and delivers again;
- a reference may appear once per batch (a duplicate row is an error, not silently merged).

CSV: UTF-8 (with or without BOM), ``;`` or ``,`` separated, a header row with the column names below.
JSON: the same fields in camelCase (``houseNumber``), see ``JSON_FIELDS``.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from wijkverband.core.validators import (
    HTML_RE,
    POSTCODE_RE,
    bsn_is_valid,
    normalise_bsn,
    normalise_postcode,
)

from .constants import ArrearsKind

# CSV column → internal field. Only these may be delivered.
CSV_COLUMNS: dict[str, str] = {
    "referentie": "reference",
    "bsn": "bsn",
    "voornaam": "first_name",
    "achternaam": "last_name",
    "straat": "street",
    "huisnummer": "house_number",
    "toevoeging": "house_number_addition",
    "postcode": "postcode",
    "woonplaats": "city",
    "telefoon": "phone",
    "email": "email",
    "soort": "arrears_kind",
    "bedrag": "amount_owed",
    "maanden_achterstand": "months_in_arrears",
    "dreiging": "threat",
}
JSON_FIELDS: dict[str, str] = {
    "reference": "reference",
    "bsn": "bsn",
    "firstName": "first_name",
    "lastName": "last_name",
    "street": "street",
    "houseNumber": "house_number",
    "houseNumberAddition": "house_number_addition",
    "postcode": "postcode",
    "city": "city",
    "phone": "phone",
    "email": "email",
    "arrearsKind": "arrears_kind",
    "amountOwed": "amount_owed",
    "monthsInArrears": "months_in_arrears",
    "threat": "threat",
}
REQUIRED = ("reference", "last_name", "postcode", "house_number", "arrears_kind", "amount_owed", "months_in_arrears")
CSV_NAME = {field: column for column, field in CSV_COLUMNS.items()}
JSON_NAME = {field: name for name, field in JSON_FIELDS.items()}

MAX_AMOUNT = Decimal("1000000")
MAX_MONTHS = 120
REFERENCE_RE = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
YES = {"ja", "j", "yes", "true", "1"}
NO = {"nee", "n", "no", "false", "0", ""}
CHUNK = 64 * 1024


class BatchFileError(Exception):
    """The delivery as a whole cannot be read (empty, not UTF-8, wrong or missing columns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the column name as the creditor wrote it ('' for the whole row)
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row}
        if self.field:
            where += ", " + _("column %(column)s") % {"column": self.field}
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ArrearsRow:
    row: int
    reference: str
    bsn: str
    first_name: str
    last_name: str
    street: str
    house_number: int
    house_number_addition: str
    postcode: str
    city: str
    phone: str
    email: str
    arrears_kind: str
    amount_owed: Decimal
    months_in_arrears: int
    is_urgent: bool

    @property
    def pc4(self) -> str:
        return self.postcode[:4]

    @property
    def household_key(self) -> tuple[str, int, str]:
        return (self.postcode, self.house_number, self.house_number_addition.upper())


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _plain(value: str) -> bool:
    return not HTML_RE.search(value) and not any(ord(c) < 32 for c in value)


def check_row(
    number: int, raw: Mapping[str, Any], *, known_pc4: Iterable[str] | frozenset[str], names: Mapping[str, str]
) -> tuple[ArrearsRow | None, list[RowError]]:
    """Check one row (internal field names → raw values); ``names`` maps fields to the creditor's names."""
    errors: list[RowError] = []

    if "__width__" in raw:
        return None, [RowError(number, "", _("does not have as many values as the header has columns"))]

    def error(field: str, message: str) -> None:
        errors.append(RowError(number, names.get(field, field), message))

    values = {field: _text(raw.get(field)) for field in CSV_COLUMNS.values()}
    for field in REQUIRED:
        if not values[field]:
            error(field, _("this field is required"))
    for field in ("reference", "first_name", "last_name", "street", "house_number_addition", "city"):
        if values[field] and not _plain(values[field]):
            error(field, _("contains code or invalid characters"))
    if values["reference"] and not REFERENCE_RE.match(values["reference"]):
        error("reference", _("use at most 100 letters, digits or . _ / -"))
    for field, limit in (("first_name", 100), ("last_name", 150), ("street", 150), ("city", 100)):
        if len(values[field]) > limit:
            error(field, _("longer than %(limit)d characters") % {"limit": limit})
    bsn = ""
    if values["bsn"]:
        bsn = normalise_bsn(values["bsn"])
        if not bsn_is_valid(bsn):
            error("bsn", _("not a valid BSN (the eleven test fails)"))
    postcode = normalise_postcode(values["postcode"])
    if values["postcode"]:
        if not POSTCODE_RE.match(postcode):
            error("postcode", _("not a Dutch postcode such as 5345 AB"))
        elif postcode[:4] not in known_pc4:
            error(
                "postcode",
                _("postcode %(pc4)s is not in the working area of this municipality") % {"pc4": postcode[:4]},
            )
    house_number = 0
    if values["house_number"]:
        if values["house_number"].isdigit() and 0 < int(values["house_number"]) < 100000:
            house_number = int(values["house_number"])
        else:
            error("house_number", _("a house number is a whole number from 1"))
    if len(values["house_number_addition"]) > 10:
        error("house_number_addition", _("longer than %(limit)d characters") % {"limit": 10})
    if values["phone"] and not PHONE_RE.match(values["phone"]):
        error("phone", _("not a phone number"))
    if values["email"] and (len(values["email"]) > 200 or not EMAIL_RE.match(values["email"])):
        error("email", _("not an e-mail address"))
    kind = values["arrears_kind"].lower()
    if values["arrears_kind"] and kind not in ArrearsKind.values:
        error("arrears_kind", _("choose one of: %(kinds)s") % {"kinds": ", ".join(ArrearsKind.values)})
    amount = Decimal(0)
    if values["amount_owed"]:
        try:
            amount = Decimal(values["amount_owed"].replace("€", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            error("amount_owed", _("not an amount (use 123.45 or 123,45)"))
        else:
            if not amount.is_finite():
                error("amount_owed", _("not an amount (use 123.45 or 123,45)"))
            elif amount < 0:
                error("amount_owed", _("the amount cannot be negative"))
            elif amount == 0:
                error("amount_owed", _("an arrears signal needs an amount owed above zero"))
            elif amount >= MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
                error("amount_owed", _("not a plausible amount (at most 2 decimals, below one million)"))
    months = 0
    if values["months_in_arrears"]:
        if values["months_in_arrears"].isdigit() and 1 <= int(values["months_in_arrears"]) <= MAX_MONTHS:
            months = int(values["months_in_arrears"])
        else:
            error("months_in_arrears", _("a whole number of months from 1 to %(max)d") % {"max": MAX_MONTHS})
    threat = values["threat"].lower()
    if threat not in YES | NO:
        error("threat", _("answer ja or nee"))
    if errors:
        return None, errors
    return (
        ArrearsRow(
            row=number,
            reference=values["reference"],
            bsn=bsn,
            first_name=values["first_name"],
            last_name=values["last_name"],
            street=values["street"],
            house_number=house_number,
            house_number_addition=values["house_number_addition"],
            postcode=postcode,
            city=values["city"],
            phone=values["phone"],
            email=values["email"],
            arrears_kind=kind,
            amount_owed=amount.quantize(Decimal("0.01")),
            months_in_arrears=months,
            is_urgent=threat in YES,
        ),
        [],
    )


def _header_fields(header: list[str]) -> list[str]:
    columns = [column.strip().lower() for column in header]
    unknown = [column for column in columns if column not in CSV_COLUMNS]
    if unknown:
        raise BatchFileError(
            _("Column(s) %(columns)s may not be delivered: a creditor may only deliver %(allowed)s.")
            % {"columns": ", ".join(repr(c) for c in unknown), "allowed": ", ".join(CSV_COLUMNS)}
        )
    if len(set(columns)) != len(columns):
        raise BatchFileError(_("A column appears more than once in the header."))
    missing = [CSV_NAME[field] for field in REQUIRED if CSV_NAME[field] not in columns]
    if missing:
        raise BatchFileError(_("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return [CSV_COLUMNS[column] for column in columns]


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    line = 1
    pending = ""
    while True:
        chunk = stream.read(CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise BatchFileError(
                _("The file is not UTF-8 text (around line %(line)d); save it as CSV UTF-8 and deliver it again.")
                % {"line": line + pending.count("\n")}
            ) from exc
        if not chunk:
            if pending:
                yield pending
            return
        pending += text
        *complete, pending = pending.split("\n")
        for piece in complete:
            line += 1
            yield piece + "\n"


def csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {field: raw value}) per data row; row 1 is the header. Raises BatchFileError."""
    lines = _decoded_lines(stream)
    first = next(lines, None)
    if first is None or not first.strip():
        raise BatchFileError(_("The file is empty."))
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    fields = _header_fields(next(csv.reader([first], delimiter=delimiter)))
    reader = csv.reader(lines, delimiter=delimiter)
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(fields):
            yield number, {"__width__": str(len(values))}
            continue
        yield number, dict(zip(fields, values, strict=True))


def json_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, {field: raw value}) for JSON rows; unknown keys refuse the whole delivery."""
    for number, item in enumerate(rows, start=1):
        unknown = [key for key in item if key not in JSON_FIELDS]
        if unknown:
            raise BatchFileError(
                _("Field(s) %(columns)s may not be delivered: a creditor may only deliver %(allowed)s.")
                % {"columns": ", ".join(repr(c) for c in unknown), "allowed": ", ".join(JSON_FIELDS)}
            )
        yield number, {JSON_FIELDS[key]: value for key, value in item.items()}


MAX_JSON_ROW_CHARS = 64 * 1024  # a row has 15 short fields; anything this long is not a row
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _JsonReader:
    """Reads JSON values one at a time from a byte stream, holding one chunk plus the value at hand.

    ``json.JSONDecoder.raw_decode`` does the parsing (C speed); a value cut off by the end of the
    buffer is retried after reading the next chunk, which is cheap because a value is capped at
    ``MAX_JSON_ROW_CHARS`` (so a hostile body cannot make the retries quadratic)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.json = json.JSONDecoder()
        self.buffer = ""
        self.position = 0
        self.ended = False

    def _fill(self) -> bool:
        if self.ended:
            return False
        chunk = self.stream.read(CHUNK)
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise BatchFileError(_("The delivery is not UTF-8 encoded JSON.")) from exc
        self.ended = not chunk
        self.buffer = self.buffer[self.position :] + text
        self.position = 0
        return True

    def peek(self) -> str:
        while True:
            end = _WHITESPACE.match(self.buffer, self.position)
            self.position = end.end() if end else self.position
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise BatchFileError(_("Send an object with a reference and a list of rows."))
        self.position += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                found, end = self.json.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError:
                found, end = None, -1
            # Complete or not, a value this long is refused before more of it is read.
            if (end if end != -1 else len(self.buffer)) - self.position > MAX_JSON_ROW_CHARS:
                raise BatchFileError(_("A row of the delivery is too long or the JSON is not valid."))
            # A value ending exactly at the end of the buffer may go on (a number): read on first.
            if end != -1 and (end < len(self.buffer) or self.ended):
                self.position = end
                return found
            if not self._fill():
                raise BatchFileError(_("The delivery is not valid JSON."))


def json_batch(stream: IO[bytes]) -> tuple[str, Iterator[Mapping[str, Any]]]:
    """The batch reference and its rows from a JSON body ``{"reference": ..., "rows": [...]}``, streamed.

    Only the row at hand is in memory. When ``rows`` comes before ``reference`` (JSON objects are
    unordered) the rows are parsed and spooled to a temporary file until the reference is known,
    so memory stays flat either way. Errors in the structure raise ``BatchFileError`` (at once, or
    while the rows are read: inside the ingest, which then writes nothing).
    """
    reader = _JsonReader(stream)
    if reader.peek() == "":
        raise BatchFileError(_("The delivery is empty."))
    reader.expect("{")
    reference: str | None = None
    has_rows = False
    spool: IO[str] | None = None

    def rows_of_array() -> Iterator[Mapping[str, Any]]:
        reader.expect("[")
        if reader.peek() == "]":
            reader.position += 1
            return
        while True:
            item = reader.value()
            if not isinstance(item, dict):
                raise BatchFileError(_("Send an object with a reference and a list of rows."))
            yield item
            if reader.peek() == ",":
                reader.position += 1
                continue
            reader.expect("]")
            return

    def rest_of_object() -> Iterator[Mapping[str, Any]]:
        """Key/value pairs up to the closing brace; yields the rows when it meets them."""
        nonlocal reference, has_rows
        if reader.peek() == "}":
            reader.position += 1
            return
        while True:
            key = reader.value()
            if not isinstance(key, str):
                raise BatchFileError(_("Send an object with a reference and a list of rows."))
            reader.expect(":")
            if key == "rows":
                has_rows = True
                if reader.peek() != "[":
                    raise BatchFileError(_("Send an object with a reference and a list of rows."))
                yield from rows_of_array()
            else:
                found = reader.value()
                if key == "reference":
                    reference = "" if found is None else str(found)
            if reader.peek() == ",":
                reader.position += 1
                continue
            reader.expect("}")
            if reader.peek() != "":
                raise BatchFileError(_("The delivery is not valid JSON."))
            return

    pairs = rest_of_object()
    for item in pairs:
        if reference is not None:
            # The reference came first: the rest streams straight into the ingest.
            return reference, itertools.chain([item], pairs)
        if spool is None:
            spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+", encoding="utf-8")  # noqa: SIM115
        spool.write(json.dumps(item) + "\n")
    if reference is None or not has_rows:
        if spool is not None:
            spool.close()
        raise BatchFileError(_("Send an object with a reference and a list of rows."))
    if spool is None:
        return reference, iter(())

    def replay(source: IO[str]) -> Iterator[Mapping[str, Any]]:
        with source:
            source.seek(0)
            for line in source:
                yield json.loads(line)

    return reference, replay(spool)


def checked_rows(
    raw_rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    known_pc4: frozenset[str],
    names: Mapping[str, str],
) -> Iterator[tuple[ArrearsRow | None, list[RowError]]]:
    """Check rows one by one, also across rows: a reference may appear only once in a delivery.

    Keeps only the references seen (a set of short strings), never the rows themselves."""
    seen: dict[str, int] = {}
    for number, raw in raw_rows:
        row, errors = check_row(number, raw, known_pc4=known_pc4, names=names)
        reference = _text(raw.get("reference"))
        if reference:
            if reference in seen:
                errors = [
                    *errors,
                    RowError(
                        number,
                        names.get("reference", "reference"),
                        _("duplicate row: reference %(reference)s is also in row %(first)d")
                        % {"reference": reference, "first": seen[reference]},
                    ),
                ]
                row = None
            else:
                seen[reference] = number
        yield row, errors
