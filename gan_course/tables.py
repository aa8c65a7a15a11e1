"""Results as tables: a titled table that renders as HTML in a notebook and a slide deck, and as text elsewhere.

A chapter shows a result the reader should compare (a remedy per row, a digit per column) as a ``Table``, not a
printed f-string: JupyterLab and the decks render its ``_repr_html_``, a console or a test reads ``str(table)``.
Numbers are formatted once, by the column's format (``"{:.3f}"``) or, without one, ``format_value``.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Sequence

__all__ = ["Table", "format_value"]


def format_value(value) -> str:
    """Text for one cell: integers with thousands separators, other numbers to 3 significant digits."""
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    return f"{value:.3g}"


class Table:
    """``rows`` under ``columns``, with a ``title`` (a caption) and optional per-column ``formats``.

    >>> print(Table([["R1", 0.0213]], ["remedy", "KS"], title="final KS", formats={"KS": "{:.3f}"}))
    final KS
    remedy  KS
    R1      0.021
    """

    def __init__(self, rows: Sequence[Sequence], columns: Sequence[str], title: str = "",
                 formats: dict[str, str] | None = None):  # fmt: skip
        if isinstance(columns, (str, bytes)) or not isinstance(columns, Sequence) or not columns:
            raise ValueError(f"columns must be a list of column names, e.g. ['remedy', 'KS'], got {columns!r}")
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
            raise ValueError(f"rows must be a list of rows (each a list of values), got {type(rows).__name__}")
        columns = [str(c) for c in columns]
        formats = dict(formats or {})
        unknown = sorted(set(formats) - set(columns))
        if unknown:
            raise ValueError(f"formats name columns the table does not have: {unknown} (columns: {columns})")
        cells = []
        for i, row in enumerate(rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != len(columns):
                raise ValueError(f"row {i} must be a list of {len(columns)} values for the columns {columns}, "
                                 f"got {row!r}")  # fmt: skip
            cells.append([self._cell(c, v, formats) for c, v in zip(columns, row, strict=True)])
        self.title, self.columns, self.cells = str(title), columns, cells

    @staticmethod
    def _cell(column: str, value, formats: dict[str, str]) -> str:
        if column not in formats:
            return format_value(value)
        try:
            return formats[column].format(value)
        except (ValueError, TypeError, IndexError, KeyError) as err:
            raise ValueError(f"column {column!r}: the format {formats[column]!r} does not fit the value {value!r} "
                             f"({err}); give a format such as '{{:.3f}}' for numbers, '{{}}' for anything") from None

    def __str__(self) -> str:
        widths = [max(len(x) for x in col) for col in zip(self.columns, *self.cells, strict=True)]
        lines = [self.title] if self.title else []
        for row in (self.columns, *self.cells):
            lines.append("  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        esc = html.escape
        caption = f"<caption>{esc(self.title)}</caption>" if self.title else ""
        head = "".join(f"<th>{esc(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in row) + "</tr>" for row in self.cells)
        return f'<table class="gan-course-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
