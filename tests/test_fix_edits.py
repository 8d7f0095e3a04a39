"""apply_edits: the edits a fix is made of, applied at the positions diagnostics use."""
from __future__ import annotations

from typing import List

import pytest

from lstm_lint.fixes import Edit, apply_edits


def test_an_edit_replaces_the_span_between_its_positions() -> None:
    text = "a = f(x, return_sequence=True)\n"
    assert apply_edits(text, [Edit(1, 9, 1, 24, "return_sequences")]) == "a = f(x, return_sequences=True)\n"


def test_edits_are_applied_from_the_original_positions_whatever_their_order() -> None:
    text = "one\ntwo\nthree\n"
    edits = [Edit(3, 0, 3, 5, "3"), Edit(1, 0, 1, 3, "1"), Edit(2, 1, 2, 1, "-")]
    assert apply_edits(text, edits) == "1\nt-wo\n3\n"


def test_an_edit_may_span_lines_and_delete() -> None:
    assert apply_edits("a(\n  b,\n  c)\n", [Edit(1, 2, 2, 4, "")]) == "a(\n  c)\n"


def test_columns_count_code_points_and_lines_count_only_python_line_ends() -> None:
    # A form feed or U+2028 is no line end for Python's tokenizer, hence not for the positions.
    text = "s = 'é\u2028'\r\nx\x0c = 1\rkey=2\n"
    assert apply_edits(text, [Edit(3, 0, 3, 3, "name")]) == "s = 'é\u2028'\r\nx\x0c = 1\rname=2\n"
    assert apply_edits(text, [Edit(1, 5, 1, 6, "e")]) == "s = 'e\u2028'\r\nx\x0c = 1\rkey=2\n"


def test_an_edit_can_append_at_the_end_of_the_text() -> None:
    assert apply_edits("x = 1\n", [Edit(2, 0, 2, 0, "y = 2\n")]) == "x = 1\ny = 2\n"


@pytest.mark.parametrize("edits", [
    [Edit(1, 0, 1, 3, "a"), Edit(1, 2, 1, 4, "b")],
    [Edit(1, 2, 1, 1, "")],
    [Edit(4, 0, 4, 0, "")],
    [Edit(1, 0, 1, 9, "")],
])
def test_overlapping_or_out_of_range_edits_are_refused(edits: List[Edit]) -> None:
    with pytest.raises(ValueError):
        apply_edits("abcd\nef\n", edits)
