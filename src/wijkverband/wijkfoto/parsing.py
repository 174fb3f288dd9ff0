"""Reading source files without the ORM: CBS values, xlsx sheets (stdlib only), years and area codes.

CBS marks unknown or secret figures with ``.`` (and in older tables ``x``, ``-`` or ``?``); those are
missing values, never zero. An unreadable figure is a row problem, not a silent gap.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import iterparse  # noqa: S405 - CBS's own xlsx files, parsed for values only

MISSING_MARKERS = frozenset({"", ".", "x", "X", "-", "?", "nan", "NaN", "None"})
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class BadValue(ValueError):
    pass


def cbs_number(raw: object) -> float | None:
    """A CBS figure as a float; ``None`` for CBS's missing-value markers; ``BadValue`` for anything else."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise BadValue(str(raw))
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip()
    if text in MISSING_MARKERS:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma from a Dutch spreadsheet export
    try:
        return float(text)
    except ValueError:
        raise BadValue(text) from None


def year_from_name(name: str) -> int | None:
    found = _YEAR.findall(Path(name).name)
    return int(found[0]) if found else None


def level_of(code: str) -> str | None:
    """The level of a CBS code (GM0828, WK082806, BU08280602, NL00; Amsterdam uses letters: WK0363AA) or a PC4."""
    if code == "NL00" or code == "NL01":
        return "country"
    if re.fullmatch(r"GM\d{4}", code):
        return "municipality"
    if re.fullmatch(r"WK\d{4}[0-9A-Z]{2}", code):
        return "district"
    if re.fullmatch(r"BU\d{4}[0-9A-Z]{4}", code):
        return "neighbourhood"
    if re.fullmatch(r"[1-9]\d{3}", code):
        return "postcode"
    return None


# A corporation's own code for a complex or a stairwell (portiek): letters, digits, '.', '-' or '_'.
HOUSING_PART = re.compile(r"[0-9A-Z][0-9A-Z._-]{0,11}")


def housing_area_code(neighbourhood_code: str, complex_code: str, stairwell_code: str = "") -> str:
    """The area code of a complex (``BU08280602:C1040``) or stairwell (``BU08280602:C1040:P7``).

    Corporations number complexes and stairwells in their own way, so the code keeps their own ids and
    places them in the CBS neighbourhood they stand in; that makes them unique within the coalition and
    lets the traffic light and the concentration monitor roll up to the neighbourhood.
    """
    parts = [neighbourhood_code.strip().upper(), complex_code.strip().upper()]
    if stairwell_code.strip():
        parts.append(stairwell_code.strip().upper())
    return ":".join(parts)


def housing_area_parts(code: str) -> tuple[str, str, str] | None:
    """(neighbourhood code, complex id, stairwell id or "") of a complex or stairwell code; None if malformed."""
    parts = code.split(":")
    if len(parts) not in (2, 3) or level_of(parts[0]) != "neighbourhood":
        return None
    if not all(HOUSING_PART.fullmatch(p) for p in parts[1:]):
        return None
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    """Rows of the first sheet as lists of strings, streamed (shared strings are read first)."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        strings: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with archive.open("xl/sharedStrings.xml") as handle:
                for _event, element in iterparse(handle):  # noqa: S314
                    if element.tag == f"{_NS}si":
                        strings.append("".join(t.text or "" for t in element.iter(f"{_NS}t")))
                        element.clear()
        sheet = "xl/worksheets/sheet1.xml"
        if sheet not in names:
            raise BadValue("geen werkblad gevonden")
        with archive.open(sheet) as handle:
            for _event, element in iterparse(handle):  # noqa: S314
                if element.tag != f"{_NS}row":
                    continue
                cells: dict[int, str] = {}
                for cell in element.iter(f"{_NS}c"):
                    column = _column_index(cell.get("r", ""))
                    kind = cell.get("t")
                    if kind == "inlineStr":
                        text = "".join(t.text or "" for t in cell.iter(f"{_NS}t"))
                    else:
                        value = cell.find(f"{_NS}v")
                        text = value.text or "" if value is not None else ""
                        if kind == "s" and text:
                            text = strings[int(text)]
                    cells[column] = text
                element.clear()
                if cells:
                    yield [cells.get(i, "") for i in range(max(cells) + 1)]


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def format_number(value: float | None, decimals: int = 0) -> str:
    """Dutch notation: 13.595 and 1,9; a dash for a missing figure."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
