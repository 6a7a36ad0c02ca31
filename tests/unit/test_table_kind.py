"""Data files are told apart by their first bytes, not their names."""

import pytest

from tracker.domain.files import OLE_SIGNATURE, sniff_table_kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"urn,name,phase\n100001,Hill,primary\n", "csv"),
        ("\ufeffurn,name\n".encode(), "csv"),
        (b"PK\x03\x04\x14\x00\x06\x00", "xlsx"),
        (b"", "csv"),  # empty: the CSV reader says it has no header
    ],
)
def test_tables_are_recognised(head, kind):
    assert sniff_table_kind(head) == (kind, "")


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"%PDF-1.7\n", "is a PDF"),
        (b"\x89PNG\r\n\x1a\n", "is an image"),
        (b"\xff\xd8\xff\xe0", "is an image"),
        (b"GIF89a", "is an image"),
        (OLE_SIGNATURE + b"\x00" * 8, "is an Excel 97-2003 (.xls) or other old Office file"),
        (b"urn,name\x00\x00\x01", "is not text"),
    ],
)
def test_other_files_are_named_for_what_they_are(head, said):
    assert sniff_table_kind(head) == (None, said)
