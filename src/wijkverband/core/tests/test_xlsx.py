"""The one-sheet XLSX writer shared by the wijkfoto and outflow exports."""

from __future__ import annotations

import io
import zipfile

from wijkverband.core import xlsx


def test_the_core_xlsx_keeps_numbers_as_numbers_and_escapes_text():
    data = xlsx.workbook([["naam", "aantal"], ["A & B", 3], [], [None, 2.5]], sheet_name="Uit/stroom")
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()

    assert '<c r="B2"><v>3</v></c>' in sheet and '<c r="B4"><v>2.5</v></c>' in sheet
    assert "A &amp; B" in sheet and '<row r="3"></row>' in sheet and 'r="A4"' not in sheet
    assert 'name="Uitstroom"' in archive.read("xl/workbook.xml").decode()
    assert [xlsx.column(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
