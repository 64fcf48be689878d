"""A spreadsheet saved in its own format (Excel .xlsx, LibreOffice .ods, Apple Numbers) is a
zip too: the user is told to save it as CSV, not that it is a bad Loop export."""

from __future__ import annotations

import io
import zipfile

import pytest

from habitory.portability import BadImportFile, Limits, read_import

from .conftest import TODAY, upload_body


def zipped(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


WORKBOOKS = {
    "xlsx": {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
             "xl/worksheets/sheet1.xml": "<worksheet/>"},
    "ods": {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": "<office:document-content/>"},
    "numbers": {"Index/Document.iwa": "x", "Metadata/Properties.plist": "x"},
}


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_a_spreadsheet_file_is_told_to_be_saved_as_csv(kind):
    with pytest.raises(BadImportFile) as refused:
        read_import(zipped(WORKBOOKS[kind]), Limits(today=TODAY))
    assert "CSV" in refused.value.message and "Save" in refused.value.message
    assert "Loop" not in refused.value.message


def test_the_import_page_says_so(client, user):
    answer = client.post("/settings/import",
                         **upload_body({}, "habits.xlsx", zipped(WORKBOOKS["xlsx"])))
    assert answer.status_code == 422
    assert "save it as CSV" in answer.get_data(as_text=True)
