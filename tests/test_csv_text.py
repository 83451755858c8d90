"""csv_text: the one way labsim turns rows into CSV text."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from labsim.files import csv_text


def test_header_then_rows_with_none_as_an_empty_cell() -> None:
    text = csv_text(["a", "b"], [[1, None], ["x,y", 'say "hi"']])
    assert text == 'a,b\n1,\n"x,y","say ""hi"""\n'


def test_crlf_line_ends_for_rfc_4180() -> None:
    assert csv_text(["a"], [[1], [2]], crlf=True) == "a\r\n1\r\n2\r\n"


def test_rows_may_be_any_iterables() -> None:
    assert csv_text(("n",), (iter([i]) for i in range(3))) == "n\n0\n1\n2\n"


# A lone carriage return is not quoted where lines end in a line feed (Python's csv quotes
# only the characters of its line terminator), so it does not read back: labsim writes none.
cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=8)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(cells, min_size=2, max_size=2), max_size=5))
def test_what_it_writes_reads_back(rows: list[list[str]]) -> None:
    text = csv_text(["first", "second"], rows)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["first", "second"], *rows]
