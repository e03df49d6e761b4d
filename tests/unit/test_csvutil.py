"""The CSV export against the standard library's reader and writer."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy.csvutil import FORMULA_STARTS, csv_line, escape_cell, stream_csv

cell = st.one_of(st.text(), st.integers(), st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=6), max_size=30))
def test_output_is_what_csv_writer_writes_and_reads_back(rows):
    text = "".join(stream_csv(["a"], rows, batch=7))
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(
        [["a"], *[[escape_cell(c) for c in row] for row in rows]])
    assert text == expected.getvalue()
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[1:] == [[escape_cell(c) for c in row] for row in rows]


def test_formula_starters_are_neutralised_and_bom_only_once():
    chunks = list(stream_csv(["x"], [[start + "SUM(A1)"] for start in FORMULA_STARTS]
                             + [["plain"]] * 5, bom=True, batch=2))
    text = "".join(chunks)
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    values = [row[0] for row in csv.reader(io.StringIO(text[1:], newline=""))][1:]
    assert all(value.startswith("'") for value in values[:len(FORMULA_STARTS)])
    assert values[-1] == "plain"


def test_quotes_commas_and_newlines_survive():
    line = csv_line(['say "hi", then\r\nleave', 3, None])
    assert next(csv.reader(io.StringIO(line, newline=""))) == ['say "hi", then\r\nleave', "3", ""]
