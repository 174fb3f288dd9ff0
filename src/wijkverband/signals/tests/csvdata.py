"""Arrears deliveries for tests: a valid header and rows, as a creditor's system would write them."""

from __future__ import annotations

HEADER = (
    "referentie;bsn;voornaam;achternaam;straat;huisnummer;toevoeging;postcode;woonplaats;telefoon;email;"
    "soort;bedrag;maanden_achterstand;dreiging"
)


def row(
    reference: str = "H-1",
    *,
    bsn: str = "111222333",
    last_name: str = "Jansen",
    house_number: str = "7",
    postcode: str = "5345 AB",
    kind: str = "huur",
    amount: str = "812,50",
    months: str = "2",
    threat: str = "nee",
) -> str:
    return (
        f"{reference};{bsn};Anna;{last_name};Demolaan;{house_number};;{postcode};Oss;0612345678;;"
        f"{kind};{amount};{months};{threat}"
    )


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def json_row(reference: str = "H-1", **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "reference": reference,
        "bsn": "111222333",
        "firstName": "Anna",
        "lastName": "Jansen",
        "street": "Demolaan",
        "houseNumber": 7,
        "postcode": "5345 AB",
        "city": "Oss",
        "arrearsKind": "huur",
        "amountOwed": "812.50",
        "monthsInArrears": 2,
    }
    data.update(overrides)
    return data
