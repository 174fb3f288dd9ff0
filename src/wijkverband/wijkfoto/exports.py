"""The wijkfoto as CSV, XLSX and PDF: one row per indicator and year, with municipality, country and source.

XLSX is written with the standard library (a minimal SpreadsheetML package): openpyxl and polars are
not installed, and one sheet of numbers and text needs nothing more.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from fpdf import FPDF

from .selectors import Wijkfoto


def rows(wijkfoto: Wijkfoto) -> Iterator[list[object]]:
    """Header then data rows; numbers stay numbers (None for a missing figure)."""
    yield [
        _("Area code"),
        _("Area"),
        _("Group"),
        _("Indicator"),
        _("Unit"),
        _("Year"),
        _("Value"),
        _("Municipality"),
        _("Netherlands"),
        _("Source"),
    ]
    area = wijkfoto.area
    for section in wijkfoto.sections:
        for row in section.rows:
            for index, year in enumerate(row.years):
                yield [
                    area.code,
                    area.name,
                    section.label,
                    row.indicator.label,
                    row.indicator.unit,
                    year,
                    row.own[index].value,
                    row.municipality[index].value,
                    row.country[index].value,
                    row.source_text,
                ]


def wijkfoto_csv(wijkfoto: Wijkfoto) -> str:
    """Semicolon-separated with decimal commas, as Dutch spreadsheet programs expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows(wijkfoto):
        writer.writerow(["" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v for v in row])
    return "\ufeff" + out.getvalue()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def wijkfoto_xlsx(wijkfoto: Wijkfoto) -> bytes:
    sheet_rows = []
    for r, row in enumerate(rows(wijkfoto), start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if value is None:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="Wijkfoto" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            + "".join(sheet_rows)
            + "</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OFFICE = "application/vnd.openxmlformats-officedocument"


def _latin1(text: str) -> str:
    replaced = text.replace("€", "EUR").replace("–", "-").replace("≥", ">=").replace("≤", "<=").replace("²", "2")
    return replaced.encode("latin-1", "replace").decode("latin-1")


def wijkfoto_pdf(wijkfoto: Wijkfoto) -> bytes:
    """The latest figure of each indicator with municipality and country: one or two A4 pages."""
    area = wijkfoto.area
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(width, 8, _latin1(_("Wijkfoto %(name)s (%(code)s)") % {"name": area.name, "code": area.code}))
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(width, 5, _latin1(_("Municipality: %(name)s") % {"name": area.municipality_name}))
    columns = (width * 0.46, width * 0.1, width * 0.15, width * 0.15, width * 0.14)
    for section in wijkfoto.sections:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(width, 7, _latin1(section.label))
        pdf.set_font("Helvetica", "B", 8)
        for text, w in zip(
            (_("Indicator"), _("Year"), area.name[:18], _("Municipality"), _("Netherlands")), columns, strict=True
        ):
            pdf.cell(w, 5, _latin1(text), border="B")
        pdf.ln()
        pdf.set_font("Helvetica", size=8)
        for row in section.rows:
            latest = row.latest
            if latest is None:
                continue
            year, own, municipality, country = latest
            label = f"{row.indicator.label} ({row.indicator.unit})"
            for text, w in zip(
                (label[:60], str(year), own.text, municipality.text, country.text), columns, strict=True
            ):
                pdf.cell(w, 5, _latin1(text))
            pdf.ln()
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 7)
    sources = sorted({row.source_text for section in wijkfoto.sections for row in section.rows})
    pdf.multi_cell(width, 4, _latin1(_("Sources: %(sources)s") % {"sources": "; ".join(sources)}))
    return bytes(pdf.output())
