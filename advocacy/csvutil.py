"""CSV that spreadsheets open safely, streamed a batch of rows at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

FORMULA_STARTS = frozenset("=+-@\t\r")


def escape_cell(value) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading '."""
    if value.__class__ is str:
        return "'" + value if value[:1] in FORMULA_STARTS else value
    if value is None:
        return ""
    return escape_cell(str(value))


def _writer(buffer: io.StringIO):
    return csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")


def csv_line(cells: Iterable) -> str:
    """One CSV record, every cell quoted (``csv.writer`` with QUOTE_ALL)."""
    buffer = io.StringIO()
    _writer(buffer).writerow(cells)
    return buffer.getvalue()


def csv_record_streaming_last(cells: list, last: Iterable[str]) -> Iterator[str]:
    """One CSV record like ``csv_line``'s whose last cell comes in ``last``'s pieces and
    is written as they come (a cell too large to hold), quoted and escaped the same way."""
    yield csv_line([*map(escape_cell, cells), ""])[: -len('""\r\n')] + '"'
    first = True
    for piece in last:
        if first and piece:
            piece, first = escape_cell(piece), False
        yield piece.replace('"', '""')
    yield '"\r\n'


def stream_csv(header: list[str], rows: Iterable[Iterable], bom: bool = False,
               batch: int = 200, escaped: bool = False) -> Iterator[str]:
    """Yield the CSV text ``batch`` rows at a time (constant memory), every cell quoted
    and escaped (``escaped=True``: the caller already escaped every cell that needs it)."""
    buffer = io.StringIO()
    writer = _writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow(map(escape_cell, header))
    rows = iter(rows)
    while chunk := list(islice(rows, batch)):
        writer.writerows(chunk if escaped else (map(escape_cell, cells) for cells in chunk))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
