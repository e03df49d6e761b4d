"""CSV that spreadsheets open safely, streamed row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = frozenset("=+-@\t\r")


def escape_cell(value) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading '."""
    if value.__class__ is str:
        return "'" + value if value[:1] in FORMULA_STARTS else value
    if value is None:
        return ""
    return escape_cell(str(value))


def stream_csv(header: list[str], rows: Iterable[Iterable], bom: bool = False,
               batch: int = 200, escaped: bool = False) -> Iterator[str]:
    """Yield the CSV text ``batch`` rows at a time (constant memory), cells escaped
    (``escaped=True``: the caller already escaped every cell that needs it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(cell) for cell in header])
    pending = 0
    for cells in rows:
        writer.writerow(cells if escaped else [escape_cell(cell) for cell in cells])
        pending += 1
        if pending == batch:
            yield ("\ufeff" if bom else "") + buffer.getvalue()
            bom, pending = False, 0
            buffer.seek(0)
            buffer.truncate()
    yield ("\ufeff" if bom else "") + buffer.getvalue()
