"""The wijkfoto as CSV, XLSX and PDF: one row per indicator and year, with municipality, country and source.

XLSX through ``core.xlsx`` (standard library only; shared with the outflow KPIs).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from fpdf import FPDF

from wijkverband.core import xlsx

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


def wijkfoto_xlsx(wijkfoto: Wijkfoto) -> bytes:
    return xlsx.workbook(rows(wijkfoto), sheet_name="Wijkfoto")


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
