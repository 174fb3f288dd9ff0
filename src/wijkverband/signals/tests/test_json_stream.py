"""Reading a JSON arrears delivery as a stream: the rows one by one, the structure checked."""

import io
import json

from django.utils.translation import gettext

import pytest

from wijkverband.signals import arrears

from .csvdata import json_row


class CountingStream(io.BytesIO):
    """Remembers how far the body has been read."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.furthest = self.tell()
        return data


def body(data: object) -> io.BytesIO:
    return io.BytesIO(json.dumps(data).encode())


@pytest.fixture
def small_chunks(monkeypatch):
    # Values then cross chunk boundaries all the time, multi-byte characters included.
    monkeypatch.setattr(arrears, "CHUNK", 7)


def test_rows_are_read_one_at_a_time_when_the_reference_comes_first(monkeypatch):
    monkeypatch.setattr(arrears, "CHUNK", 256)
    stream = CountingStream(json.dumps({"reference": "B-1", "rows": [json_row(f"H-{n}") for n in range(200)]}).encode())

    reference, rows = arrears.json_batch(stream)
    first = next(rows)

    assert reference == "B-1" and first["reference"] == "H-0"
    assert stream.furthest < len(stream.getvalue()) / 10  # not the whole body
    assert [row["reference"] for row in rows] == [f"H-{n}" for n in range(1, 200)]


def test_rows_before_the_reference_are_spooled_and_replayed(small_chunks):
    reference, rows = arrears.json_batch(body({"rows": [json_row("H-1"), json_row("H-2")], "reference": "B-2"}))

    assert reference == "B-2"
    assert [row["reference"] for row in rows] == ["H-1", "H-2"]


def test_values_across_chunk_boundaries_and_multibyte_text(small_chunks):
    data = {"reference": "B-3", "extra": {"x": [1, 2]}, "rows": [json_row("H-1", lastName="Çelik-Jansen ëü")]}

    reference, rows = arrears.json_batch(body(data))

    assert reference == "B-3"
    assert [row["lastName"] for row in rows] == ["Çelik-Jansen ëü"]


def test_an_empty_list_of_rows_is_read_as_no_rows():
    reference, rows = arrears.json_batch(body({"reference": "B-4", "rows": []}))
    assert reference == "B-4" and list(rows) == []


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'{"reference": "B-5"}',
        b'{"rows": []}',
        b'{"reference": "B-5", "rows": {"a": 1}}',
        b'{"reference": "B-5", "rows": [1, 2]}',
        b'{"reference": "B-5", "rows": [{"reference": "H-1"}',
        b'{"reference": "B-5", "rows": [{"reference": "H-1"}]} trailing',
        b'{"reference": "B-5" "rows": []}',
        b"\xff\xfe{}",
        b"",
        b"   ",
    ],
)
def test_a_malformed_delivery_is_refused(data):
    with pytest.raises(arrears.BatchFileError):
        reference, rows = arrears.json_batch(io.BytesIO(data))
        list(rows)  # errors after the first row surface while the rows are read


def test_a_row_that_is_far_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(arrears, "MAX_JSON_ROW_CHARS", 1000)
    data = {"reference": "B-6", "rows": [json_row("H-1", lastName="x" * 5000)]}

    with pytest.raises(arrears.BatchFileError) as refused:
        reference, rows = arrears.json_batch(body(data))
        list(rows)
    assert refused.value.message == gettext("A row of the delivery is too long or the JSON is not valid.")
