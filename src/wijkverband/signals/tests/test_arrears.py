"""The pure reading and checking of arrears deliveries: every error class with its own message."""

import io

import pytest

from wijkverband.signals import arrears

from .csvdata import HEADER, csv_bytes, row

KNOWN = frozenset({"5344", "5345"})


def check(data: bytes) -> list:
    return list(arrears.checked_rows(arrears.csv_rows(io.BytesIO(data)), known_pc4=KNOWN, names=arrears.CSV_NAME))


def errors_of(data: bytes) -> list[str]:
    return [str(error) for _row, errors in check(data) for error in errors]


def test_a_valid_row_is_read_with_its_values():
    [(parsed, errors)] = check(csv_bytes(row(amount="1.234,5".replace(".", ""), threat="ja")))
    assert errors == []
    assert parsed.reference == "H-1"
    assert str(parsed.amount_owed) == "1234.50"
    assert parsed.postcode == "5345 AB"
    assert parsed.is_urgent


def test_a_bom_and_comma_separated_file_is_fine():
    data = b"\xef\xbb\xbf" + csv_bytes(row()).decode().replace(";", ",").encode()
    [(parsed, errors)] = check(data.replace(b"812,50", b"812.50"))
    assert errors == [] and parsed is not None


def test_empty_file_is_refused():
    with pytest.raises(arrears.BatchFileError, match="leeg"):
        check(b"")


def test_wrong_encoding_is_refused():
    data = csv_bytes(row(last_name="Müller")).decode().encode("latin-1")
    with pytest.raises(arrears.BatchFileError, match="UTF-8"):
        check(data)


def test_missing_required_columns_are_named():
    header = HEADER.replace(";bedrag", "")
    with pytest.raises(arrears.BatchFileError, match="bedrag"):
        check(csv_bytes("x", header=header))


def test_columns_the_law_does_not_allow_are_refused():
    with pytest.raises(arrears.BatchFileError, match="geboortedatum"):
        check(csv_bytes(row() + ";01-01-1970", header=HEADER + ";geboortedatum"))


@pytest.mark.parametrize(
    ("bad_row", "column", "fragment"),
    [
        (row(bsn="123456789"), "bsn", "elfproef"),
        (row(postcode="1011 AB"), "postcode", "niet in het werkgebied"),
        (row(postcode="ABCD"), "postcode", "Nederlandse postcode"),
        (row(amount="-10,00"), "bedrag", "negatief"),
        (row(amount="tien"), "bedrag", "geen bedrag"),
        (row(amount="0"), "bedrag", "boven nul"),
        (row(months="0"), "maanden_achterstand", "maanden"),
        (row(kind="telefoon"), "soort", "kies een van"),
        (row(house_number="7a"), "huisnummer", "huisnummer"),
        (row(last_name=""), "achternaam", "verplicht"),
        (row(last_name="<script>"), "achternaam", "code"),
        (row(threat="misschien"), "dreiging", "ja of nee"),
    ],
)
def test_each_bad_value_has_its_own_message(bad_row, column, fragment):
    [message] = errors_of(csv_bytes(bad_row))
    assert message.startswith(f"regel 2, kolom {column}: ")
    assert fragment in message


def test_duplicate_references_are_reported_with_the_first_row():
    messages = errors_of(csv_bytes(row("H-1"), row("H-2"), row("H-1")))
    assert messages == ["regel 4, kolom referentie: dubbele regel: kenmerk H-1 staat ook in regel 2"]


def test_a_row_with_too_few_values_is_reported():
    assert errors_of(csv_bytes("H-1;111222333")) == [
        "regel 2: heeft niet evenveel waarden als de kopregel kolommen heeft"
    ]


def test_json_rows_refuse_unknown_fields():
    with pytest.raises(arrears.BatchFileError, match="dateOfBirth"):
        list(arrears.json_rows([{"reference": "x", "dateOfBirth": "1970-01-01"}]))


def test_rows_are_read_lazily():
    # The reader takes the stream chunk by chunk: after the first row only the first chunk was read.
    data = csv_bytes(*(row(f"H-{n}") for n in range(5000)))
    stream = io.BytesIO(data)
    rows = arrears.csv_rows(stream)
    next(rows)
    assert stream.tell() <= arrears.CHUNK < len(data)
