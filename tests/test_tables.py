"""Results as tables: rendered as HTML for notebooks and decks, as aligned text elsewhere; bad input said in words."""

import pytest

from gan_course.tables import Table, format_value


def test_a_table_renders_as_html_and_as_aligned_text():
    table = Table([["R1", 0.02134, 5], ["<none>", 0.3, 12000]], ["remedy", "KS", "steps"], title="final KS",
                  formats={"KS": "{:.3f}"})  # fmt: skip
    html = table._repr_html_()
    assert html.startswith('<table class="gan-course-table"><caption>final KS</caption>')
    assert "<th>remedy</th><th>KS</th><th>steps</th>" in html and "<td>0.021</td>" in html
    assert "<td>&lt;none&gt;</td>" in html and "<td>12,000</td>" in html  # escaped; integers with separators
    assert str(table).splitlines() == ["final KS", "remedy  KS     steps", "R1      0.021  5", "<none>  0.300  12,000"]


@pytest.mark.parametrize(("value", "text"), [(0.000123456, "0.000123"), (3, "3"), (1234567, "1,234,567"),
                                             (True, "True"), ("8/8", "8/8"), (2.5, "2.5"), (None, "None")])
def test_values_without_a_format(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize(
    ("rows", "columns", "formats", "expected"),
    [
        ([[1]], "ab", None, "columns must be a list of column names"),
        ([[1]], [], None, "columns must be a list of column names"),
        (5, ["a"], None, "rows must be a list of rows"),
        ("ab", ["a"], None, "rows must be a list of rows"),
        ([[1, 2]], ["a"], None, "row 0 must be a list of 1 values"),
        ([7], ["a"], None, "row 0 must be a list of 1 values"),
        ([[1]], ["a"], {"b": "{}"}, "formats name columns the table does not have: ['b']"),
        ([["text"]], ["a"], {"a": "{:.3f}"}, "column 'a': the format '{:.3f}' does not fit the value 'text'"),
        ([[1]], ["a"], {"a": "{0} {1}"}, "does not fit the value 1"),
    ],
)
def test_bad_input_is_refused_in_words(rows, columns, formats, expected):
    with pytest.raises(ValueError, match=None) as err:
        Table(rows, columns, formats=formats)
    assert expected in str(err.value)
